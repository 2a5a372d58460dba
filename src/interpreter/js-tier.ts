/**
 * The JS tier (InstantiateOptions `tier: 'js'`): a wasm function translated to one JavaScript
 * function, which V8 compiles on its own, instead of internal code that run() interprets. Results,
 * traps and gas are the interpreter's exactly; only the time differs.
 *
 * What it takes (this release): a function whose parameters, results (at most one) and locals
 * are i32 or i64, whose blocks have no parameters and at most one such result, whose
 * instructions are control (block, loop, if, br, br_if, br_table, return, unreachable, nop, drop,
 * select), locals, integer globals and constants, the integer numeric instructions, the integer
 * loads and stores of a 32-bit memory 0, and direct calls of functions the tier takes, to a call
 * depth of at most MAX_CALL_HEIGHT with no cycle (callHeights). So no wasm call ever recurses in
 * JS without a bound: a chain of JS-tier functions is entered from run()'s call path or the entry
 * driver, and a call in it passes the interpreter's checks (frame depth, stack words, call cost)
 * in their order (callFromJs), with the callee's frame where the interpreter puts it. Any other
 * function (floats, SIMD, references, bulk memory, memory.grow, host or indirect calls, ...) runs
 * on the interpreter. The op bodies come from scripts/isa/semantics.ts, as run()'s cases do
 * (js-ops.ts is generated from it).
 *
 * Translation: wasm's structured control is JavaScript's: a block is a labelled block, a loop a
 * labelled `for (;;)`, an `if` a labelled `if`; `br` to a block or if is `break L`, to a loop
 * `continue L`, to the function `return`. Operand-stack positions are `let` variables (`s0`,
 * `s1`, ...; an i64's high word `t0`, `t1`, ...), locals are `l0`, `l1`, ... (`k0`, `k1`, ...);
 * `local.get` and constants are not copied until a local they name is written or control flow
 * merges. Gas is charged where the interpreter's code
 * charges it (lower.ts): the loop cost on each branch back ('backedge') or at the header
 * ('header'), and with instruction costs one sum at the start of each straight-line run, with
 * runs split where lower.ts splits them; `gas` counts down a window of the machine's gas as
 * run() does (Machine.fuel), and the cold path of an exhausted window is run()'s.
 *
 * The function is made with `new Function` from text that holds only numbers and the names here
 * (never a name or string from the module). Where eval is refused (a Content-Security-Policy
 * without 'unsafe-eval'), the function stays on the interpreter: the tier never changes a result.
 */
import { BLOCK_EMPTY, InstrReader } from '../decoder/instr.js';
import type { Module } from '../decoder/module.js';
import * as W from '../decoder/opcodes.js';
import { TrapCode } from '../errors.js';
import { MAX_EVENT_COST } from '../gas/schedule.js';
import type { CodeCosts } from '../gas/schedule.js';
import { F32, F64, I32, I64 } from '../types.js';
import { JS_HELPER_NAMES, JS_HELPERS, JS_I64_SHIFT_BY_CONSTANT, JS_LOADS, JS_NUMERIC, JS_STORES } from './js-ops.js';
import { chargeCall, gasCheckpoint } from './machine.js';
import { CANONICAL_NAN_F32_BITS, CANONICAL_NAN_F64_HI } from './numeric.js';
import type { Machine } from './machine.js';
import type { FuncInst, InstanceState, JsFunction } from './runtime.js';

/**
 * Limits on what is translated. JavaScript parsers recurse on nesting. V8's optimising compiler
 * takes no function of more than 60 KB of bytecode (STYLE.md), and the unoptimised code of a
 * translated function is slower than the interpreter (sha256's compression function with 77 KB:
 * 3.3x slower): the text is at most MAX_TEXT characters, as bytecode 0.59-0.76 byte per
 * character of text (sha256, blake3, keccak-256: 60.7 K characters gave 38 KB). A JS-tier function calls only JS-tier functions, at most MAX_CALL_HEIGHT deep (no
 * cycles), each with at most MAX_VARIABLES variables (locals, i64 halves, operand positions: V8
 * gives each a register of the frame, 8 bytes): a chain uses at most ~4 x 16 KB of the JS stack
 * on top of run()'s, so it never meets the host's stack limit (which would make the outcome
 * depend on the host).
 */
const MAX_NESTING = 64;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_TEXT = 70_000;
const MAX_CALL_HEIGHT = 4;
const MAX_VARIABLES = 2048;

/** A translation: the function's text and its call height (0: it calls nothing). */
export interface JsTranslation {
  readonly text: string;
  readonly height: number;
}

/** Control frame of the translation. */
interface Ctrl {
  readonly kind: number;
  /** Label of the statement (`L<n>`). */
  readonly label: string;
  /** Operand height at entry. */
  readonly height: number;
  /** Result type (I32, I64, F32, F64) or 0 for none. */
  readonly result: number;
  /** Entered in dead code: nothing of it is emitted. */
  readonly isDead: boolean;
  /** The rest of the frame is unreachable (after br, br_table, return, unreachable). */
  isUnreachable: boolean;
}

const K_FUNC = 0;
const K_BLOCK = 1;
const K_LOOP = 2;
const K_IF = 3;

/**
 * An operand-stack position's value, by type `t`: JS expressions of an i32 (`lo`), an i64's low
 * and high words (`lo`, `hi`), or a float's number (`lo`) with, read only when that number is
 * NaN, its words: f32 `hi` (the bits), f64 `hi` and `w` (low and high word). The expressions are
 * the position's variables (`s<i>`, `t<i>`; floats `d<i>`, `e<i>`, `h<i>`), a local's (`l<x>`,
 * `k<x>`, `j<x>`), or literals; unused parts are ''.
 */
interface Val {
  lo: string;
  hi: string;
  w: string;
  t: number;
}

const NONE: Val = { lo: '', hi: '', w: '', t: 0 };
const isFloat = (t: number): boolean => t === F32 || t === F64;
/** A value type of the operand letters of js-ops.ts. */
const TYPE_OF_LETTER: Readonly<Record<string, number>> = { i: I32, I: I64, f: F32, F: F64 };

/** A block type of no parameters and at most one scalar result: that result (0: none), or -1. */
function resultOf(blockType: number): number {
  if (blockType === -BLOCK_EMPTY) return 0;
  if (blockType === -I32 || blockType === -I64 || blockType === -F32 || blockType === -F64) return -blockType;
  return -1;
}

/**
 * A body of js-ops.ts with its operands replaced by the positions' expressions (variables or
 * literals, so evaluating one twice is free): `x`, `y` (an i32, a float's number or, in a bits
 * body, an f32's bits) or `xl`, `xh`, `yl`, `yh` (i64 or f64-bits halves). Not `const`
 * temporaries in a block: V8 gives each block's constants registers of their own (sha256's
 * compression function: a 37 KB frame and 77 KB of bytecode, past what TurboFan compiles, 3.3x
 * slower than the interpreter).
 */
function operands(body: string, x: Val, y: Val): string {
  return body.replace(/\b(x|y)(l|h)?\b/g, (_m, v: string, half: string | undefined) => {
    const o = v === 'x' ? x : y;
    return half === 'h' ? o.hi : o.lo;
  });
}

/** A JS literal for an int32. */
const lit = (n: number): string => (n < 0 ? `(${n})` : `${n}`);

/** A JS literal for a double (exact: String gives the shortest text that reads back the same). */
function numberLit(v: number): string {
  if (v !== v) return 'NaN';
  if (Object.is(v, -0)) return '(-0)';
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '(-Infinity)';
  return v < 0 ? `(${String(v)})` : String(v);
}

/**
 * Float words and numbers, little-endian whatever the host (a DataView over 8 scratch bytes):
 * B32 / BL / BH give an f32's bits or an f64's low / high word (the words held beside a NaN,
 * else those of the number), N32 / N64 the number of words.
 */
const FLOAT_SCRATCH = new DataView(new ArrayBuffer(8));
function floatBits32(d: number, e: number): number {
  if (d !== d) return e;
  FLOAT_SCRATCH.setFloat32(0, d, true);
  return FLOAT_SCRATCH.getInt32(0, true);
}
function floatBits64Lo(d: number, e: number): number {
  if (d !== d) return e;
  FLOAT_SCRATCH.setFloat64(0, d, true);
  return FLOAT_SCRATCH.getInt32(0, true);
}
function floatBits64Hi(d: number, h: number): number {
  if (d !== d) return h;
  FLOAT_SCRATCH.setFloat64(0, d, true);
  return FLOAT_SCRATCH.getInt32(4, true);
}
function floatOf32(e: number): number {
  FLOAT_SCRATCH.setInt32(0, e, true);
  return FLOAT_SCRATCH.getFloat32(0, true);
}
function floatOf64(e: number, h: number): number {
  FLOAT_SCRATCH.setInt32(0, e, true);
  FLOAT_SCRATCH.setInt32(4, h, true);
  return FLOAT_SCRATCH.getFloat64(0, true);
}

/** The words of value `v` (any type) as statements writing frame words `at` (and `at + 1`) at `fp`. */
function frameWrite(v: Val, at: number): string {
  switch (v.t) {
    case I32: return `i32[fp + ${at}] = ${v.lo};`;
    case I64: return `i32[fp + ${at}] = ${v.lo}; i32[fp + ${at + 1}] = ${v.hi};`;
    case F32: return `i32[fp + ${at}] = B32(${v.lo}, ${v.hi});`;
    default: return `i32[fp + ${at}] = BL(${v.lo}, ${v.hi}); i32[fp + ${at + 1}] = BH(${v.lo}, ${v.w});`;
  }
}

/** Statements reading frame words `at` (and `at + 1`) at `fp` into `v`'s variables (type `v.t`). */
function frameRead(v: Val, at: number): string {
  switch (v.t) {
    case I32: return `${v.lo} = i32[fp + ${at}];`;
    case I64: return `${v.lo} = i32[fp + ${at}]; ${v.hi} = i32[fp + ${at + 1}];`;
    case F32: return `${v.hi} = i32[fp + ${at}]; ${v.lo} = N32(${v.hi});`;
    default: return `${v.hi} = i32[fp + ${at}]; ${v.w} = i32[fp + ${at + 1}]; ${v.lo} = N64(${v.hi}, ${v.w});`;
  }
}

/** Assignments of `v` to the variables of `to` (the same type), the parts that differ. */
function assignTo(to: Val, v: Val): string {
  let s = '';
  if (to.lo !== v.lo) s += `${to.lo} = ${v.lo}; `;
  if (to.hi !== '' && to.hi !== v.hi) s += `${to.hi} = ${v.hi}; `;
  if (to.w !== '' && to.w !== v.w) s += `${to.w} = ${v.w}; `;
  return s.trimEnd();
}

/**
 * The JavaScript text of function `funcIdx` (imports first) under `costs` (instruction costs by
 * dense opcode in `instrCosts`, or null), or null when the tier does not take it. `calleeHeight`
 * gives the call height of a function it calls, or -1 when the tier does not take that one.
 */
export function translateToJs(
  module: Module, funcIdx: number, costs: CodeCosts, instrCosts: Int32Array | null, calleeHeight: (funcIdx: number) => number,
): JsTranslation | null {
  const defined = funcIdx - module.importedFuncCount;
  const body = module.codes[defined];
  if (body === undefined || body.codeEnd - body.codeStart > MAX_BODY_BYTES) return null;
  const type = module.types[module.funcTypeIdxs[funcIdx]!]!;
  if (type.results.length > 1) return null;
  const localTypes: number[] = [...type.params];
  for (let i = 0; i < body.localCounts.length; i++) for (let k = 0; k < body.localCounts[i]!; k++) localTypes.push(body.localTypes[i]!);
  for (const t of [...localTypes, ...type.results]) if (t !== I32 && t !== I64 && t !== F32 && t !== F64) return null;
  const paramCount = type.params.length;
  const memory = module.memories[0];
  const isMemory32 = memory !== undefined && memory.limits.is64 !== true;

  const out: string[] = [];
  /** The operand stack. */
  const stack: Val[] = [];
  let maxHeight = 0;
  const ctrls: Ctrl[] = [{ kind: K_FUNC, label: 'L0', height: 0, result: type.results[0] ?? 0, isDead: false, isUnreachable: false }];
  let labels = 1;
  const usedGlobals = new Set<number>();
  const usedFuncs = new Set<number>([funcIdx]);
  let height = 0;
  let hasFloats = localTypes.some(isFloat) || type.results.some(isFloat);
  let hasBitsTemps = false;
  /** Words of the locals: the operand positions start above them (lower.ts Translator.slot). */
  const localWords = 2 * localTypes.length;

  const slot = (i: number, t: number): Val => {
    switch (t) {
      case I32: return { lo: `s${i}`, hi: '', w: '', t };
      case I64: return { lo: `s${i}`, hi: `t${i}`, w: '', t };
      case F32: return { lo: `d${i}`, hi: `e${i}`, w: '', t };
      default: return { lo: `d${i}`, hi: `e${i}`, w: `h${i}`, t };
    }
  };
  const local = (x: number): Val => {
    const t = localTypes[x]!;
    return { lo: `l${x}`, hi: t === I32 ? '' : `k${x}`, w: t === F64 ? `j${x}` : '', t };
  };
  /** Writes every deferred position (a local's value, a literal) into its variables. */
  const materialize = (): void => {
    for (let i = 0; i < stack.length; i++) {
      const v = stack[i]!;
      const s = slot(i, v.t);
      const text = assignTo(s, v);
      if (text !== '') {
        out.push(text);
        stack[i] = s;
      }
    }
  };
  const push = (v: Val): void => {
    stack.push(v);
    if (stack.length > maxHeight) maxHeight = stack.length;
  };
  /** Pushes an integer result computed now into its position's variables (`hi` '' for an i32). */
  const pushResult = (lo: string, hi: string): void => {
    const i = stack.length;
    // (lo goes through `r` when hi is computed too: hi may read the operand lo overwrites.)
    out.push(hi === '' ? `s${i} = ${lo};` : `r = ${lo}; t${i} = ${hi}; s${i} = r;`);
    push(slot(i, hi === '' ? I32 : I64));
  };
  /** Pushes a float number computed now; a NaN result is canonical (its words are literals). */
  const pushNumber = (lo: string, t: number): void => {
    const i = stack.length;
    out.push(`d${i} = ${lo};`);
    push(t === F32 ? { lo: `d${i}`, hi: lit(CANONICAL_NAN_F32_BITS), w: '', t } : { lo: `d${i}`, hi: '0', w: lit(CANONICAL_NAN_F64_HI), t });
  };
  /** Pushes a float given by its words (a bits body's result), with its number. */
  const pushFloatBits = (lo: string, hi: string, t: number): void => {
    const i = stack.length;
    out.push(t === F32 ? `e${i} = ${lo}; d${i} = N32(e${i});` : `r = ${lo}; h${i} = ${hi}; e${i} = r; d${i} = N64(e${i}, h${i});`);
    push(slot(i, t));
  };
  /** A float operand of a bits body as its words in temporaries `p` (x) or `q` (y); other types as they are. */
  const bitsOf = (v: Val, name: string): Val => {
    if (!isFloat(v.t)) return v;
    hasBitsTemps = true;
    if (v.t === F32) {
      out.push(`${name}0 = B32(${v.lo}, ${v.hi});`);
      return { lo: `${name}0`, hi: '', w: '', t: I32 };
    }
    out.push(`${name}0 = BL(${v.lo}, ${v.hi}); ${name}1 = BH(${v.lo}, ${v.w});`);
    return { lo: `${name}0`, hi: `${name}1`, w: '', t: I64 };
  };
  const pop = (): Val => stack.pop()!;
  /** Assigns `v` to the variables of position `i` (a label's result). */
  const assign = (i: number, v: Val): string => assignTo(slot(i, v.t), v);

  // Gas. `run` is the text index of the current straight-line run's charge (-1: none), `runCost`
  // what it charges; lower.ts startRun / countInstr do the same for internal code.
  const charge = (cost: number): string => (cost === 0 ? '' : `gas -= ${cost}; if (gas < 0) { const t = G(m, gas); if (t !== 0) return t; gas = m.fuel() | 0; }`);
  let run = -1;
  let runCost = 0;
  let isTooCostly = false;
  const startRun = (base: number): void => {
    if (instrCosts === null && base === 0) {
      run = -1;
      return;
    }
    run = out.length;
    runCost = base;
    out.push(charge(runCost));
  };
  const countInstr = (op: number): void => {
    if (instrCosts === null || run < 0) return;
    const c = instrCosts[op]!;
    if (c === 0) return;
    runCost += c;
    if (runCost > MAX_EVENT_COST) isTooCostly = true;
    out[run] = charge(runCost);
  };
  const loopCost = costs.loop > 0 && costs.loopCharge === 'backedge' ? costs.loop : 0;

  /** The result assignment and jump of a branch to label depth `l` (deferred values written first). */
  const branch = (l: number): string => {
    const f = ctrls[ctrls.length - 1 - l]!;
    if (f.kind === K_LOOP) return `${charge(loopCost)} continue ${f.label};`;
    const v = stack[stack.length - 1]!;
    if (f.kind === K_FUNC) return `${f.result === 0 ? '' : `${frameWrite(v, 0)} `}m.gas = m.checkpoint + gas; return 0;`;
    return f.result === 0 ? `break ${f.label};` : `${assign(f.height, v)} break ${f.label};`;
  };
  /** The memory access of a load or store at address `addr` (its position's expression): `a` computed and checked. */
  const address = (addr: Val, offset: number, width: number): string => {
    const bounds = width === 1 ? 'a >= memSize' : `a > memSize - ${width}`;
    return `a = (${addr.lo} >>> 0) + ${offset}; if (${bounds}) { m.gas = m.checkpoint + gas; return ${TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS}; }`;
  };

  const r = InstrReader.forBody(module, body.codeStart, body.codeEnd);
  startRun(0);
  while (ctrls.length > 0) {
    r.next();
    const op = r.op;
    const top = ctrls[ctrls.length - 1]!;
    const isLive = !top.isDead && !top.isUnreachable;
    if (isLive) countInstr(op);
    if (!isLive && op !== W.BLOCK && op !== W.LOOP && op !== W.IF && op !== W.ELSE && op !== W.END) continue;
    switch (op) {
      case W.BLOCK:
      case W.LOOP:
      case W.IF: {
        const result = resultOf(r.a);
        if (result < 0 || ctrls.length > MAX_NESTING) return null;
        if (isFloat(result)) hasFloats = true;
        const label = `L${labels++}`;
        if (!isLive) {
          ctrls.push({ kind: K_BLOCK, label, height: 0, result, isDead: true, isUnreachable: false });
          break;
        }
        const cond = op === W.IF ? pop().lo : '';
        materialize();
        const kind = op === W.BLOCK ? K_BLOCK : op === W.LOOP ? K_LOOP : K_IF;
        ctrls.push({ kind, label, height: stack.length, result, isDead: false, isUnreachable: false });
        if (kind === K_BLOCK) out.push(`${label}: {`);
        else if (kind === K_IF) out.push(`${label}: if (${cond} !== 0) {`);
        else out.push(`${label}: for (;;) {`);
        if (kind === K_LOOP) startRun(costs.loop > 0 && costs.loopCharge === 'header' ? costs.loop : 0);
        else startRun(0);
        break;
      }
      case W.ELSE: {
        if (top.isDead) break;
        if (!top.isUnreachable && top.result !== 0) out.push(assign(top.height, pop()));
        stack.length = top.height;
        out.push('} else {');
        top.isUnreachable = false;
        startRun(0);
        break;
      }
      case W.END: {
        if (top.kind === K_FUNC && !top.isUnreachable) {
          materialize();
          out.push(branch(0));
        }
        ctrls.pop();
        if (top.isDead || top.kind === K_FUNC) break;
        if (!top.isUnreachable && top.result !== 0) out.push(assign(top.height, pop()));
        stack.length = top.height;
        if (top.kind === K_LOOP) out.push(`break ${top.label};`);
        out.push('}');
        if (top.result !== 0) push(slot(top.height, top.result));
        startRun(0);
        break;
      }
      case W.BR:
        materialize();
        out.push(branch(r.a));
        top.isUnreachable = true;
        break;
      case W.BR_IF: {
        const cond = pop().lo;
        materialize();
        out.push(`if (${cond} !== 0) { ${branch(r.a)} }`);
        startRun(0);
        break;
      }
      case W.BR_TABLE: {
        const index = pop().lo;
        materialize();
        out.push(`switch (${index}) {`);
        for (let i = 0; i < r.a; i++) out.push(`case ${i}: { ${branch(r.targets[i]!)} }`);
        out.push(`default: { ${branch(r.b)} }`, '}');
        top.isUnreachable = true;
        break;
      }
      case W.RETURN:
        materialize();
        out.push(branch(ctrls.length - 1));
        top.isUnreachable = true;
        break;
      case W.UNREACHABLE:
        out.push(`m.gas = m.checkpoint + gas; return ${TrapCode.UNREACHABLE};`);
        top.isUnreachable = true;
        break;
      case W.NOP:
        break;
      case W.DROP:
        pop();
        break;
      case W.SELECT:
      case W.SELECT_T: {
        if (op === W.SELECT_T && (r.a !== 1 || resultOf(-r.b) <= 0)) return null;
        const c = pop().lo;
        const y = pop();
        const x = pop();
        const i = stack.length;
        const to = slot(i, x.t);
        // (Each part reads only the same part of the operands, so one assignment per part is safe.)
        const parts = [[to.lo, x.lo, y.lo], [to.hi, x.hi, y.hi], [to.w, x.w, y.w]].filter((p) => p[0] !== '');
        out.push(parts.map(([t, a, b]) => `${t} = ${c} !== 0 ? ${a} : ${b};`).join(' '));
        push(to);
        break;
      }
      case W.LOCAL_GET:
        push(local(r.a));
        break;
      case W.LOCAL_SET:
      case W.LOCAL_TEE: {
        const l = local(r.a);
        const v = pop();
        for (let i = 0; i < stack.length; i++) {
          const d = stack[i]!;
          if (d.lo === l.lo) {
            out.push(assign(i, d));
            stack[i] = slot(i, d.t);
          }
        }
        const text = assignTo(l, v);
        if (text !== '') out.push(text);
        if (op === W.LOCAL_TEE) push(l);
        break;
      }
      case W.GLOBAL_GET:
      case W.GLOBAL_SET: {
        const g = module.globals[r.a]!;
        if (g.valType !== I32 && g.valType !== I64) return null;
        usedGlobals.add(r.a);
        const isI64 = g.valType === I64;
        if (op === W.GLOBAL_GET) {
          pushResult(`g${r.a}.lo | 0`, isI64 ? `g${r.a}.hi | 0` : '');
        } else {
          const v = pop();
          out.push(isI64 ? `g${r.a}.lo = ${v.lo}; g${r.a}.hi = ${v.hi};` : `g${r.a}.lo = ${v.lo};`);
        }
        break;
      }
      case W.CALL: {
        // As run()'s call path: the arguments in the frame's slots, the callee's frame above
        // them (its fp is the interpreter's, so stack limits bind at the same call).
        const h = r.a < module.importedFuncCount ? -1 : calleeHeight(r.a);
        if (h < 0) return null;
        if (h + 1 > height) height = h + 1;
        if (height > MAX_CALL_HEIGHT) return null;
        const callee = module.types[module.funcTypeIdxs[r.a]!]!;
        materialize();
        const base = stack.length - callee.params.length;
        const at = localWords + 2 * base;
        for (let i = base; i < stack.length; i++) out.push(frameWrite(stack[i]!, at + 2 * (i - base)));
        stack.length = base;
        usedFuncs.add(r.a);
        out.push(`if (F${r.a}.code === null) E(F${r.a});`, 'm.gas = m.checkpoint + gas;', `r = C(m, F${r.a}, fp + ${at}, F${funcIdx});`,
          'i32 = m.i32;', 'if (r !== 0) return r;', 'gas = (m.gas - m.checkpoint) | 0;');
        const rt = callee.results[0];
        if (rt !== undefined) {
          if (isFloat(rt)) hasFloats = true;
          const v = slot(base, rt);
          out.push(frameRead(v, at));
          push(v);
        }
        break;
      }
      case W.I32_CONST:
        push({ lo: lit(r.a | 0), hi: '', w: '', t: I32 });
        break;
      case W.I64_CONST:
        push({ lo: lit(r.a | 0), hi: lit(r.b | 0), w: '', t: I64 });
        break;
      case W.F32_CONST:
        hasFloats = true;
        push({ lo: numberLit(floatOf32(r.a | 0)), hi: lit(r.a | 0), w: '', t: F32 });
        break;
      case W.F64_CONST:
        hasFloats = true;
        push({ lo: numberLit(floatOf64(r.a | 0, r.b | 0)), hi: lit(r.a | 0), w: lit(r.b | 0), t: F64 });
        break;
      default: {
        const n = JS_NUMERIC[op];
        if (n !== undefined) {
          const y = n.params.length === 2 ? pop() : NONE;
          const x = pop();
          const resultType = TYPE_OF_LETTER[n.result]!;
          if (isFloat(resultType)) hasFloats = true;
          const byConstant = JS_I64_SHIFT_BY_CONSTANT[op];
          if (byConstant !== undefined && /^\(?-?\d+\)?$/.test(y.lo)) {
            // A shift or rotate by a literal count: its halves as expressions, no helper call.
            const k = Number(y.lo.replace(/[()]/g, '')) & 63;
            if (k === 0) {
              push(x);
              break;
            }
            const form = k < 32 ? byConstant.below : k === 32 ? byConstant.at32 : byConstant.above;
            const counts = (body: string): string => body.replace(/\b[KRJQ]\b/g, (c) => String(c === 'K' ? k : c === 'R' ? 32 - k : c === 'J' ? k - 32 : 64 - k));
            pushResult(operands(counts(form.lo), x, y), operands(counts(form.hi), x, y));
            break;
          }
          if (n.number !== undefined && n.pre === '') {
            // A sign move: the number moved as a number, the words a NaN keeps by the bits body.
            const words = { lo: x.hi, hi: x.w, w: '', t: I64 };
            const i = stack.length;
            const to = slot(i, resultType);
            const num = operands(n.number, x, y);
            out.push(resultType === F32
              ? `${to.hi} = ${operands(n.lo, words, NONE)}; ${to.lo} = ${num};`
              : `r = ${operands(n.lo, words, NONE)}; ${to.w} = ${operands(n.hi, words, NONE)}; ${to.hi} = r; ${to.lo} = ${num};`);
            push(to);
            break;
          }
          const isBits = n.bits === true;
          const bx = isBits ? bitsOf(x, 'p') : x;
          const by = isBits && y !== NONE ? bitsOf(y, 'q') : y;
          const pre = operands(n.pre, bx, by);
          const lo = operands(n.lo, bx, by);
          const hi = operands(n.hi, bx, by);
          // (A body that declares temporaries gets a block of its own.)
          const isBlock = /\bconst\b/.test(pre);
          if (isBlock) out.push(`{ ${pre}`);
          else if (pre !== '') out.push(pre);
          if (!isFloat(resultType)) pushResult(lo, hi);
          else if (isBits) pushFloatBits(lo, hi, resultType);
          else pushNumber(lo, resultType);
          if (isBlock) out.push('}');
          break;
        }
        const load = JS_LOADS[op];
        const store = JS_STORES[op];
        if ((load === undefined && store === undefined) || !isMemory32 || r.mem !== 0) return null;
        if (load !== undefined) {
          const at = address(pop(), r.b, load.width);
          const t = TYPE_OF_LETTER[load.result]!;
          if (isFloat(t)) {
            // (The body writes the number `d` and, if NaN, the words `e`, `h` of the position.)
            hasFloats = true;
            const v = slot(stack.length, t);
            out.push(`${at} ${load.pre.replace(/\b[deh]\b/g, (p) => (p === 'd' ? v.lo : p === 'e' ? v.hi : v.w))}`);
            push(v);
            break;
          }
          const isBlock = /\bconst\b/.test(load.pre);
          out.push(isBlock ? `${at} { ${load.pre}` : `${at} ${load.pre}`);
          pushResult(load.lo, load.hi);
          if (isBlock) out.push('}');
        } else {
          const v = pop();
          const at = address(pop(), r.b, store!.width);
          const stmt = isFloat(v.t)
            ? store!.stmt.replace(/\b[deh]\b/g, (p) => (p === 'd' ? v.lo : p === 'e' ? v.hi : v.w))
            : store!.stmt.replace(/\b(lo|hi)\b/g, (half) => (half === 'lo' ? v.lo : v.hi));
          out.push(`${at} ${stmt}`);
        }
        break;
      }
    }
  }
  if (isTooCostly) return null;
  let variables = (hasFloats ? 5 : 2) * maxHeight + (hasBitsTemps ? 4 : 0);
  for (const t of localTypes) variables += t === I32 ? 1 : t === F64 ? 3 : 2;
  if (variables > MAX_VARIABLES) return null;

  // (The gas window of the caller goes on, as in run(): polls fall at the same gas.)
  const head: string[] = ['let gas = (m.gas - m.checkpoint) | 0;', 'let a = 0;', 'let r = 0;'];
  if (hasBitsTemps) head.push('let p0 = 0, p1 = 0, q0 = 0, q1 = 0;');
  for (let i = 0; i < localTypes.length; i++) {
    const v = local(i);
    if (i < paramCount) {
      head.push(`let ${[v.lo, v.hi, v.w].filter((p) => p !== '').join(', ')};`, frameRead(v, 2 * i));
    } else {
      head.push(`let ${[v.lo, v.hi, v.w].filter((p) => p !== '').map((p) => `${p} = 0`).join(', ')};`);
    }
  }
  for (let i = 0; i < maxHeight; i++) head.push(hasFloats ? `let s${i} = 0, t${i} = 0, d${i} = 0, e${i} = 0, h${i} = 0;` : `let s${i} = 0, t${i} = 0;`);
  for (const g of [...usedGlobals].sort((a, b) => a - b)) head.push(`const g${g} = globals[${g}];`);
  for (const f of [...usedFuncs].sort((a, b) => a - b)) head.push(`const F${f} = funcs[${f}];`);
  const text = [...head, ...out].join('\n');
  return text.length > MAX_TEXT ? null : { text, height };
}

/** Call heights of each module's functions (callHeights), computed once. */
const heightsOf = new WeakMap<Module, Int8Array>();

/**
 * The call height of every function of `module` (index = funcIdx, imports first) in its direct
 * call graph: 0 for a defined function without `call`, 1 + the largest of its callees', or -1
 * past MAX_CALL_HEIGHT, for a call cycle, or for one that calls an import (host functions are
 * not JS-tier functions). Whether the tier takes a function also depends on its instructions
 * (translateToJs); this bounds the search, without recursion, whatever the module.
 */
export function callHeights(module: Module): Int8Array {
  let heights = heightsOf.get(module);
  if (heights !== undefined) return heights;
  const count = module.funcTypeIdxs.length;
  const imported = module.importedFuncCount;
  const callees: number[][] = [];
  for (let f = imported; f < count; f++) {
    const body = module.codes[f - imported]!;
    const r = InstrReader.forBody(module, body.codeStart, body.codeEnd);
    const list: number[] = [];
    while (r.pos < body.codeEnd) {
      r.next();
      if (r.op === W.CALL) list.push(r.a);
    }
    callees.push(list);
  }
  heights = new Int8Array(count).fill(-1);
  // Heights 0, 1, ... in turn: a function gets height k once all its callees have one below k.
  for (let k = 0; k <= MAX_CALL_HEIGHT; k++) {
    for (let f = imported; f < count; f++) {
      if (heights[f]! >= 0) continue;
      let isReady = true;
      for (const c of callees[f - imported]!) {
        const h = heights[c]!;
        if (h < 0 || h >= k) {
          isReady = false;
          break;
        }
      }
      if (isReady) heights[f] = k;
    }
  }
  heightsOf.set(module, heights);
  return heights;
}

/**
 * A call made by JS-tier function `caller` (its frame counted in `m.depth`, `m.gas` exact) of
 * JS-tier function `f` with its arguments at `fp` (and `f` translated): the checks and charges of
 * run()'s call path in its order (frame depth, stack words, the profiler, the frame, the call
 * cost), then `f`. Returns 0 or the TrapCode (`m.trapFunc` set to the function it was raised in).
 */
function callFromJs(m: Machine, f: FuncInst, fp: number, caller: FuncInst): number {
  const depth = m.depth;
  if (depth >= m.frameFuncs.length && !m.ensureFrame()) return trapIn(m, f, TrapCode.CALL_STACK_EXHAUSTED);
  const top = fp + f.localWords;
  if (top + f.maxStackWords > m.capacityWords && !m.ensureStack(top + f.maxStackWords)) return trapIn(m, f, TrapCode.CALL_STACK_EXHAUSTED);
  if (m.profiler !== null) m.profiler.enter(f, m.gas, false);
  m.frameFuncs[depth] = caller;
  m.depth = depth + 1;
  const charged = chargeCall(m, f);
  if (charged !== 0) return trapIn(m, f, charged);
  const inst = f.instance as InstanceState;
  const view = inst.memory.view;
  const t = (f.js as JsFunction)(m, m.i32, fp, view, inst.memory.bytes, view.byteLength, inst.globals, inst.funcs);
  if (t !== 0) return m.trapFunc === null ? trapIn(m, f, t) : t;
  if (m.profiler !== null) m.profiler.exit(m.gas);
  m.depth = depth;
  return 0;
}

function trapIn(m: Machine, f: FuncInst, code: number): number {
  m.trapFunc = f;
  return code;
}

/** The parameters of a translated function's text, and the names its factory binds. */
const PARAMS = ['m', 'i32', 'fp', 'view', 'bytes', 'memSize', 'globals', 'funcs'];
const BOUND = ['G', 'T', 'C', 'E', 'B32', 'BL', 'BH', 'N32', 'N64', ...JS_HELPER_NAMES];
/** Two scratch words: the result of an op body that writes its result through an array (js-ops.ts). */
const SCRATCH = new Int32Array(2);

/** A JS-tier function and its call height. */
export interface JsCode {
  readonly fn: JsFunction;
  readonly height: number;
}

/**
 * Function `funcIdx` of `module` on the JS tier, or null when the tier does not take it (or the
 * host refuses `new Function`). `calleeHeight` as for translateToJs; `ensureLowered` gives a
 * callee its code (lower.ts) before its first call.
 */
export function makeJsCode(
  module: Module, funcIdx: number, costs: CodeCosts, instrCosts: Int32Array | null, calleeHeight: (funcIdx: number) => number,
  ensureLowered: (f: FuncInst) => boolean,
): JsCode | null {
  const t = translateToJs(module, funcIdx, costs, instrCosts, calleeHeight);
  if (t === null) return null;
  try {
    const factory = new Function(...BOUND, `return function wasm${funcIdx}(${PARAMS.join(', ')}) {\n${t.text}\n};`) as (...a: unknown[]) => JsFunction;
    return { fn: factory(gasCheckpoint, SCRATCH, callFromJs, ensureLowered, floatBits32, floatBits64Lo, floatBits64Hi, floatOf32, floatOf64, ...JS_HELPERS), height: t.height };
  } catch {
    return null; // eval refused (CSP) or a parser limit: the interpreter runs it
  }
}
