/**
 * The all-ops module (bench/workloads/all-ops.mjs): one wasm module, generated from the
 * instruction table, whose run reaches the dispatch cases of run() that real code reaches, in
 * every operand form the translator fuses (register, constant, compare-and-branch, loop
 * branch, address forms, constant stores), plus references, tables, typed function references,
 * exceptions and GC. bench/all-ops.mjs runs it; the warmup suite (bench/suites/warmup.mjs) runs it
 * before a workload to measure a process whose run() has type feedback for every case, as a
 * long-lived node's has after many contracts (docs/RATIONALE.md "Warm-up").
 * test/bench-all-ops.test.ts checks which IR ops it reaches.
 *
 * The module (exports `run`, `runFar`, `runRefs`):
 *   import w.h (i32) -> i32                                  func 0, a host call
 *   leaf (i32 i32) -> i32 = a + b                            func 1
 *   tail (i32) -> i32 = return_call leaf(a, 1)               func 2
 *   run (a b: i32, x y: i64, p q: f32, r s: f64, k: i32) -> i32   func 3
 *   runFar (a: i32) -> i32: values on the stack across blocks func 4
 *   runRefs (a: i32) -> i32: references, tables, exceptions, GC func 5
 *   tailIndirect, tailRef (i32) -> i32                        funcs 6, 7
 * with memory 1 (max 2), a passive data segment, a funcref table [leaf, leaf, tail], a passive
 * element segment, a tag and one mutable global per number type and funcref. Argument rules
 * the caller keeps (no trap anywhere): b and y are non-zero and a, x are not the minimum integer
 * (division), p and r are in [0, 2^30) (truncation), q and s are anything, k is in [0, 4]; a
 * fresh instance per run (runRefs drops the segments run uses).
 */
import type { Instr } from './gen.js';

const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;
const FUNCREF = 0x70;

// Locals of `run`.
const A = 0, B = 1, X = 2, Y = 3, P = 4, Q = 5, R = 6, S = 7, K = 8;
const RI = 9, RI64 = 10, RF = 11, RF64 = 12, M1 = 13, M2 = 14, CNT = 15;
/** Operand locals per type letter: the first is safe for traps, the second anything. */
const OPERANDS: Record<string, readonly [number, number]> = { i: [A, B], I: [X, Y], f: [P, Q], F: [R, S] };
const RESULT: Record<string, number> = { i: RI, I: RI64, f: RF, F: RF64 };

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(n & 0x7fn);
    n >>= 7n;
    if ((n === 0n && (b & 0x40) === 0) || (n === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** The bytes of an instruction's opcode (dense opcode → prefix + LEB sub-opcode). */
function opcode(op: number): number[] {
  if (op < 0x100) return [op];
  if (op < 0x200) return [0xfc, ...uleb(op - 0x100)];
  if (op >= 0x400) return [0xfb, ...uleb(op - 0x400)];
  return [0xfd, ...uleb(op < 0x300 ? op - 0x200 : op - 0x300 + 0x100)];
}

const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];

/** A function body under construction: instruction bytes by mnemonic. */
class Body {
  readonly bytes: number[] = [];
  private readonly byName: ReadonlyMap<string, Instr>;

  constructor(byName: ReadonlyMap<string, Instr>) {
    this.byName = byName;
  }

  op(mnemonic: string, ...imm: number[]): this {
    const i = this.byName.get(mnemonic);
    if (i === undefined) throw new Error(`all-ops: no instruction ${mnemonic}`);
    this.bytes.push(...opcode(i.op), ...imm);
    return this;
  }

  get(l: number): this {
    return this.op('local.get', ...uleb(l));
  }

  set(l: number): this {
    return this.op('local.set', ...uleb(l));
  }

  const(t: string, v: number): this {
    if (t === 'i') return this.op('i32.const', ...sleb(BigInt(v)));
    if (t === 'I') return this.op('i64.const', ...sleb(BigInt(v)));
    const buf = new DataView(new ArrayBuffer(8));
    if (t === 'f') {
      buf.setFloat32(0, v, true);
      return this.op('f32.const', ...new Uint8Array(buf.buffer, 0, 4));
    }
    buf.setFloat64(0, v, true);
    return this.op('f64.const', ...new Uint8Array(buf.buffer, 0, 8));
  }
}

/** Value letters of a numeric signature `XY:Z` (params, result), or null if it is not one. */
function numericSig(i: Instr): { params: string; result: string } | null {
  const m = /^([iIfF]{1,2}):([iIfF])$/.exec(i.sig);
  return m === null || i.imm !== 'none' ? null : { params: m[1]!, result: m[2]! };
}

/** A small constant for a fused `_c` operand: in shift range, non-zero, not -1. */
const FORM_CONSTANT = 3;

function numeric(b: Body, i: Instr, params: string, result: string): void {
  const traps = i.traps.length > 0;
  const [x0, x1] = OPERANDS[params[0]!]!;
  if (params.length === 1) {
    b.get(x0).op(i.name).set(RESULT[result]!);
    if (!traps) b.get(x1).op(i.name).set(RESULT[result]!);
    if (i.forms.has('br')) branchForms(b, i, () => b.get(A), null);
    return;
  }
  const [, y1] = OPERANDS[params[1]!]!;
  // Register form, both operand orders where that cannot trap.
  b.get(x0).get(y1).op(i.name).set(RESULT[result]!);
  if (!traps) b.get(y1).get(x0).op(i.name).set(RESULT[result]!);
  if (i.forms.has('c')) b.get(x0).const(params[1]!, FORM_CONSTANT).op(i.name).set(RESULT[result]!);
  if (i.forms.has('br')) {
    branchForms(b, i, () => b.get(A).get(B), () => b.get(A).const('i', FORM_CONSTANT));
  }
}

/**
 * A compare folded into br_if / if, forward and to a loop header, with register and constant
 * operands. The loops run at most 3 times whatever the compare says (a guard leaves first).
 */
function branchForms(b: Body, i: Instr, operands: () => void, constOperands: (() => void) | null): void {
  for (const push of constOperands === null ? [operands] : [operands, constOperands]) {
    b.op('block', 0x40);
    push();
    b.op(i.name).op('br_if', 0).op('end');
    push();
    b.op(i.name).op('if', 0x40).get(A).set(RI).op('end');
    push();
    b.op(i.name).op('if', 0x40).get(A).set(RI).op('else').get(B).set(RI).op('end');
  }
  // Loop forms: the counter against k (register) and against a constant.
  for (const isConst of constOperands === null ? [false] : [false, true]) {
    b.const('i', 0).set(CNT);
    b.op('block', 0x40).op('loop', 0x40);
    b.get(CNT).const('i', 1).op('i32.add').set(CNT);
    b.get(CNT).const('i', 3).op('i32.gt_s').op('br_if', 1);
    b.get(CNT);
    if (constOperands !== null) {
      if (isConst) b.const('i', 2);
      else b.get(K);
    }
    b.op(i.name).op('br_if', 0).op('end').op('end');
  }
}

function loadsAndStores(b: Body, i: Instr): void {
  const align = uleb(i.align);
  const load = /^i:([iIfF])$/.exec(i.sig);
  if (load !== null) {
    const r = RESULT[load[1]!]!;
    b.get(M1).op(i.name, ...align, ...uleb(8)).set(r);
    if (i.forms.has('addr')) {
      // The register form before the constant one: f64.load_c · f64.load_rr is a superinstruction.
      b.get(M1).get(M2).op('i32.add').op(i.name, ...align, ...uleb(0)).set(r);
      b.get(M1).const('i', 16).op('i32.add').op(i.name, ...align, ...uleb(4)).set(r);
    }
    return;
  }
  const store = /^i([iIfF]):$/.exec(i.sig);
  if (store === null) throw new Error(`all-ops: ${i.name} is neither a load nor a store`);
  const t = store[1]!;
  const [v0, v1] = OPERANDS[t]!;
  b.get(M1).get(v0).op(i.name, ...align, ...uleb(24));
  b.get(M1).get(v1).op(i.name, ...align, ...uleb(32));
  if (i.forms.has('ck')) b.get(M1).const(t, 7).op(i.name, ...align, ...uleb(40));
  if (i.forms.has('addr')) {
    b.get(M1).const('i', 48).op('i32.add').get(v0).op(i.name, ...align, ...uleb(0));
    b.get(M1).get(M2).op('i32.add').get(v1).op(i.name, ...align, ...uleb(0));
  }
  // A value computed just before the store (on the stack, not in a local).
  b.get(M1).get(v0).get(v0).op(`${t === 'i' ? 'i32' : t === 'I' ? 'i64' : t === 'f' ? 'f32' : 'f64'}.${t === 'i' || t === 'I' ? 'xor' : 'add'}`);
  b.op(i.name, ...align, ...uleb(56));
}

/** Control, calls, variables, memory-size ops and moves: what the table's rows do not spell out. */
function control(b: Body): void {
  // Plain br_if / if / eqz forms and br_table.
  b.op('block', 0x40).get(A).op('br_if', 0).op('end');
  b.op('block', 0x40).get(A).op('i32.eqz').op('br_if', 0).op('end');
  b.get(A).op('if', 0x40).get(B).set(RI).op('end');
  b.get(A).op('i32.eqz').op('if', 0x40).get(B).set(RI).op('else').get(A).set(RI).op('end');
  b.op('block', 0x40).op('block', 0x40).op('block', 0x40).get(K).op('br_table', ...uleb(2), 0, 1, 2).op('end').op('end').op('end');
  // Branches that carry values (adjust forms), block results, select, drop.
  b.op('block', I32).get(A).get(B).op('br_if', 0).op('drop').get(B).op('end').set(RI);
  b.op('block', I32).const('i', 1).get(A).get(B).op('br_if', 0).op('i32.add').op('end').set(RI);
  b.op('block', I32).const('i', 1).get(A).op('br', 0).op('end').set(RI);
  b.const('I', 0x123456789).op('global.set', 1);
  b.op('block', I32).get(A).get(K).op('br_table', ...uleb(1), 0, 0).op('end').set(RI);
  b.op('block', I64).get(X).op('br', 0).op('end').set(RI64);
  b.get(A).get(B).get(K).op('select').set(RI);
  b.get(X).get(Y).get(K).op('select').set(RI64);
  b.get(R).get(S).get(K).op('select').set(RF64);
  b.get(P).get(Q).get(K).op('select_t', 1, F32).set(RF);
  b.get(A).get(B).op('i32.add').op('drop');
  b.get(A).op('local.tee', ...uleb(RI)).get(B).op('i32.add').set(RI);
  b.get(RI).set(CNT);
  // Loops: br_if, eqz + br_if and br back to the header.
  for (const shape of ['br_if', 'eqz', 'br'] as const) {
    b.const('i', 0).set(CNT);
    b.op('block', 0x40).op('loop', 0x40);
    b.get(CNT).const('i', 1).op('i32.add').set(CNT);
    b.get(CNT).const('i', 3).op('i32.gt_s').op('br_if', 1);
    if (shape === 'br_if') b.get(CNT).const('i', 2).op('i32.lt_s').get(A).op('i32.and').op('br_if', 0);
    else if (shape === 'eqz') b.get(CNT).const('i', 2).op('i32.ge_s').op('i32.eqz').op('br_if', 0);
    else b.op('br', 0);
    b.op('end').op('end');
  }
  // Globals of every type.
  for (const [g, l] of [[0, A], [1, X], [2, Q], [3, S]] as const) {
    b.op('global.get', g).set(RESULT['iIfF'[g]!]!);
    b.get(l).op('global.set', g);
  }
  // Calls: a wasm call, an indirect one, a tail-calling callee, the host import.
  b.get(A).get(B).op('call', 1).set(RI);
  b.get(A).get(B).const('i', 0).op('call_indirect', 1, 0).set(RI);
  b.get(A).const('i', 2).op('call_indirect', 0, 0).set(RI);
  b.get(A).op('call', 2).set(RI);
  b.get(A).op('call', 0).set(RI);
  // Memory: size, grow by 0, bulk ops on a few bytes.
  b.op('memory.size', 0).set(RI);
  b.const('i', 0).op('memory.grow', 0).set(RI);
  b.get(M1).const('i', 0).const('i', 8).op('memory.init', 0, 0);
  b.get(M2).get(M1).const('i', 8).op('memory.copy', 0, 0);
  b.get(M2).get(A).const('i', 8).op('memory.fill', 0);
  // f64 multiply-add, fused.
  b.get(R).get(S).op('f64.mul').get(R).op('f64.add').set(RF64);
}

/**
 * runRefs (a: i32) -> i32: references, tables, typed function references, exceptions, GC.
 * Locals: 1 funcref, 2 (ref null $leaf), 3 i32, 4 (ref null $array).
 */
function references(b: Body): Body {
  const LF = 1, LT = 2, LI = 3, LA = 4;
  b.op('ref.func', 1).set(LF);
  b.get(LF).op('ref.is_null').set(LI);
  b.op('ref.null', FUNCREF).get(LF).get(0).op('select_t', 1, FUNCREF).set(LF);
  b.get(LF).op('local.tee', LF).op('drop');
  b.op('global.get', 4).op('drop').get(LF).op('global.set', 4);
  b.const('i', 0).op('table.get', 0).op('drop').const('i', 1).op('ref.func', 1).op('table.set', 0);
  b.op('table.size', 0).set(LI).op('ref.null', FUNCREF).const('i', 0).op('table.grow', 0).set(LI);
  b.const('i', 0).op('ref.func', 1).const('i', 1).op('table.fill', 0);
  b.const('i', 0).const('i', 1).const('i', 1).op('table.copy', 0, 0);
  b.const('i', 0).const('i', 0).const('i', 1).op('table.init', 1, 0).op('elem.drop', 1).op('data.drop', 0);
  // Typed function references.
  b.op('ref.func', 1).set(LT);
  b.get(0).get(0).get(LT).op('call_ref', 1).set(LI);
  b.op('block', 0x40).get(LT).op('br_on_null', 0).op('drop').op('end');
  b.op('block', 0x64, 1).get(LT).op('br_on_non_null', 0).op('unreachable').op('end').op('drop');
  b.get(LT).op('ref.as_non_null').op('drop');
  b.get(0).op('call', 6).get(0).op('call', 7).op('i32.add').set(LI);
  // Exceptions: a catch with a payload, then catch_all_ref + throw_ref caught by a catch.
  b.op('block', I32).op('try_table', 0x40, ...vec([[0x00, 0, 0]])).get(0).op('throw', 0).op('end').const('i', 0).op('end').set(LI);
  b.op('block', I32).op('try_table', 0x40, ...vec([[0x00, 0, 0]]));
  b.op('block', 0x69).op('try_table', 0x40, ...vec([[0x03, 0]])).get(0).op('throw', 0).op('end').op('unreachable').op('end');
  b.op('throw_ref').op('end').const('i', 0).op('end').set(LI);
  // GC: structs, arrays, i31, casts.
  b.get(0).op('struct.new', 4).op('struct.get', 4, 0).set(LI);
  b.get(0).const('i', 4).op('array.new', 5).set(LA);
  b.get(LA).const('i', 1).get(0).op('array.set', 5);
  b.get(LA).const('i', 1).op('array.get', 5).get(LA).op('array.len').op('i32.add').set(LI);
  b.get(0).op('ref.i31').op('i31.get_s').set(LI);
  b.get(0).op('struct.new', 4).op('ref.test', 4).set(LI);
  b.get(0).op('struct.new', 4).op('ref.cast', 4).op('struct.get', 4, 0).set(LI);
  b.op('block', 0x63, 4).get(0).op('struct.new', 4).op('br_on_cast', 0x00, 0, 4, 4).op('end').op('drop');
  return b.get(LI);
}

/** The module's bytes. `byName` maps mnemonics to the table's rows. */
export function buildAllOpsModule(instrs: readonly Instr[]): Uint8Array {
  const byName = new Map(instrs.map((i) => [i.name, i]));
  const run = new Body(byName);
  run.const('i', 64).set(M1).const('i', 8).set(M2);
  const skip = /^(v128|i8x16|i16x8|i32x4|i64x2|f32x4|f64x2)\./;
  for (const i of instrs) {
    if (skip.test(i.name) || i.feature === 'simd' || i.feature === 'relaxed-simd') continue;
    const sig = numericSig(i);
    if (sig !== null) numeric(run, i, sig.params, sig.result);
    else if (i.imm === 'memarg') loadsAndStores(run, i);
  }
  control(run);
  run.get(RI).get(A).op('i32.add').op('return');


  // runFar: values that stay on the stack across a block (materialized slots, moves).
  const far = new Body(byName);
  far.get(0).op('block', I32).get(0).const('i', 1).op('i32.add').op('end').op('i32.mul');
  far.op('loop', I32).get(0).op('end').op('i32.add');

  const types = [
    [0x60, ...vec([[I32]]), ...vec([[I32]])], // 0: (i32) -> i32
    [0x60, ...vec([[I32], [I32]]), ...vec([[I32]])], // 1: (i32 i32) -> i32
    [0x60, ...vec([[I32], [I32], [I64], [I64], [F32], [F32], [F64], [F64], [I32]]), ...vec([[I32]])], // 2: run
    [0x60, ...vec([[I32]]), ...vec([])], // 3: the tag's (i32) -> ()
    [0x5f, ...vec([[I32, 0x01]])], // 4: struct (mut i32)
    [0x5e, I32, 0x01], // 5: array (mut i32)
  ];
  const locals = (groups: number[][]): number[] => vec(groups.map(([n, ...t]) => [...uleb(n!), ...t]));
  const code = (localDecls: number[], body: number[]): number[] => {
    const f = [...localDecls, ...body, 0x0b];
    return [...uleb(f.length), ...f];
  };
  const leaf = new Body(byName).get(0).get(1).op('i32.add').bytes;
  const tail = new Body(byName).get(0).const('i', 1).op('return_call', 1).bytes;
  const tailIndirect = new Body(byName).get(0).const('i', 2).op('return_call_indirect', 0, 0).bytes;
  const tailRef = new Body(byName).get(0).get(0).op('ref.func', 1).op('return_call_ref', 1).bytes;
  const expr = (b: Body): number[] => [...b.bytes, 0x0b];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('w'), ...name('h'), 0x00, 0]])),
    ...section(3, vec([[1], [0], [2], [0], [0], [0], [0]])),
    ...section(4, vec([[FUNCREF, 0x00, 3]])),
    ...section(5, vec([[0x01, 1, 2]])),
    ...section(13, vec([[0x00, 3]])),
    ...section(6, vec([
      [I32, 1, ...expr(new Body(byName).const('i', 0))],
      [I64, 1, ...expr(new Body(byName).const('I', 0))],
      [F32, 1, ...expr(new Body(byName).const('f', 0))],
      [F64, 1, ...expr(new Body(byName).const('F', 0))],
      [FUNCREF, 1, ...expr(new Body(byName).op('ref.null', FUNCREF))],
    ])),
    ...section(7, vec([[...name('run'), 0x00, 3], [...name('runFar'), 0x00, 4], [...name('runRefs'), 0x00, 5]])),
    ...section(9, vec([
      [0x00, ...expr(new Body(byName).const('i', 0)), ...vec([[1], [1], [2]])],
      [0x01, 0x00, ...vec([[1]])],
    ])),
    ...section(12, uleb(1)),
    ...section(10, vec([
      code(locals([]), leaf),
      code(locals([]), tail),
      code(locals([[1, I32], [1, I64], [1, F32], [1, F64], [3, I32]]), run.bytes),
      code(locals([]), far.bytes),
      code(locals([[1, FUNCREF], [1, 0x63, 1], [1, I32], [1, 0x63, 5]]), references(new Body(byName)).bytes),
      code(locals([]), tailIndirect),
      code(locals([]), tailRef),
    ])),
    ...section(11, vec([[0x01, ...name('all-ops!')]])),
  ];
  return new Uint8Array(bytes);
}
