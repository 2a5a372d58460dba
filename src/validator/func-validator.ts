/**
 * Function-body validation (spec §3.3 "Instructions", §3.4.1 "Functions") by the one-pass
 * algorithm of the spec appendix (§7.3 "Validation Algorithm"): an operand stack of value types
 * and a control stack of frames, with the polymorphic ("unknown") stack after `unreachable`,
 * `br`, `br_table` and `return`.
 *
 * The class is driven one instruction at a time (`begin(funcIdx)`, then `reader.next();
 * validator.step(reader)` until {@link FuncValidator.isDone}) so that the interpreter's translator
 * can ride on the same pass and read the typing state before and after each step. Both stacks live
 * in typed arrays that only grow, so validation allocates nothing per instruction, and nothing
 * recurses (blocks may nest 100k deep).
 *
 * Instructions with a fixed `[params] -> [results]` typing are checked from the SIGNATURES table
 * in opcodes.ts; the switch handles only the special cases. Error messages are those of the spec
 * reference interpreter (the `text` of `assert_invalid` in the spec tests, which are prefixes).
 */
import { InternalError, InvalidError, MalformedError } from '../errors.js';
import { BLOCK_EMPTY, CATCH_ALL_REF, CATCH_TAG, CATCH_TAG_REF, InstrReader } from '../decoder/instr.js';
import type { ConstExpr, Module } from '../decoder/module.js';
import { MNEMONICS, NATURAL_ALIGN, OPCODE_FEATURES, OPCODE_SPACE, PREFIX_FB, SIGNATURES } from '../decoder/opcodes.js';
import { ALL_FEATURES, checkValType, featureError, refusedOpcodes } from './features.js';
import type { FeatureName, Features } from './features.js';
import type { DefType, FieldType, FuncType, Limits, ValType } from '../types.js';
import {
  EXNREF, EXTERN_FUNC, F32, F64, FUNCREF, HEAP_ANY, HEAP_ARRAY, HEAP_CONCRETE, HEAP_EQ, HEAP_EXN, HEAP_EXTERN, HEAP_I31, heapTop,
  heapTypeOf, I32, I64, isDefaultable, isNullable, isRefType, isSubtype, KIND_ARRAY, KIND_FUNC, KIND_STRUCT, PACKED_I16, PACKED_I8,
  refType, UNKNOWN_TYPE_REF, V128,
} from '../types.js';

/** Control frame kinds (spec appendix: the `opcode` of a frame). */
export const CTRL_BLOCK = 0;
export const CTRL_LOOP = 1;
export const CTRL_IF = 2;
export const CTRL_ELSE = 3;
export const CTRL_FUNCTION = 4;
/** A legacy `try` body, and its `catch` / `catch_all` handlers (legacy exceptions). */
export const CTRL_TRY = 5;
export const CTRL_CATCH = 6;
export const CTRL_CATCH_ALL = 7;

/** The "unknown" operand type of the polymorphic stack (matches every type). */
export const UNKNOWN_TYPE = 0;

/** Block type with no params and no results, as InstrReader encodes it in `a`. */
const EMPTY_BLOCK_TYPE = -BLOCK_EMPTY;

// Fixed signatures of opcodes.ts unpacked once into flat tables: up to 3 params, 0 or 1 result.
const NO_SIG = 0xff;
const SIG_PARAM_COUNT: Uint8Array = new Uint8Array(OPCODE_SPACE).fill(NO_SIG);
const SIG_PARAMS: Uint8Array = new Uint8Array(OPCODE_SPACE * 3);
const SIG_RESULT: Uint8Array = new Uint8Array(OPCODE_SPACE);

function sigLetterType(c: string): ValType {
  switch (c) {
    case 'i': return I32;
    case 'I': return I64;
    case 'f': return F32;
    case 'F': return F64;
    case 'v': return V128;
    default: throw new InternalError(`bad signature letter ${c}`);
  }
}

for (let op = 0; op < OPCODE_SPACE; op++) {
  const sig = SIGNATURES[op]!;
  if (sig === '') continue;
  const colon = sig.indexOf(':');
  const params = sig.slice(0, colon);
  const results = sig.slice(colon + 1);
  if (params.length > 3 || results.length > 1) throw new InternalError(`bad signature ${sig}`);
  SIG_PARAM_COUNT[op] = params.length;
  for (let i = 0; i < params.length; i++) SIG_PARAMS[op * 3 + i] = sigLetterType(params[i]!);
  if (results.length === 1) SIG_RESULT[op] = sigLetterType(results);
}

/** Lane counts of extract_lane / replace_lane, indexed by `op - 0x215` (i8x16.extract_lane_s). */
const EXTRACT_REPLACE_LANES: Uint8Array = new Uint8Array([16, 16, 16, 8, 8, 8, 4, 4, 2, 2, 4, 4, 2, 2]);

/** The value type of a storage type on the stack (packed i8 / i16 are i32). */
function unpacked(t: number): ValType {
  return t === PACKED_I8 || t === PACKED_I16 ? I32 : t;
}

function isPacked(t: number): boolean {
  return t === PACKED_I8 || t === PACKED_I16;
}

/** Storage-type subtyping: packed types only match themselves. */
export function isStorageSubtype(a: number, b: number): boolean {
  return a === b || (!isPacked(a) && !isPacked(b) && isSubtype(a, b));
}

function isNumOrVec(t: ValType): boolean {
  return t === I32 || t === I64 || t === F32 || t === F64 || t === V128;
}

/**
 * Validates one function body at a time, one instruction per {@link step}. Reusable: create one
 * per module and call {@link begin} for each function.
 *
 * State for the translator (read it before and/or after each step):
 *   - operand stack: {@link opdHeight} values, {@link opdType}(depth) (depth 0 = top);
 *   - control stack: {@link ctrlDepth} frames; per frame (depth 0 = innermost = label 0):
 *     {@link ctrlKind}, {@link ctrlBlockType}, {@link ctrlHeight} (operand height at entry, after
 *     the params were popped), {@link isCtrlUnreachable}, param / result counts and types, and the
 *     label arity and types that a branch to it carries.
 * Heights count values (not slots). A translator keeps its own per-frame data (labels, fixups) in
 * arrays indexed by control depth.
 */
export class FuncValidator {
  private readonly module: Module;
  private readonly types: readonly DefType[];
  /** C.refs: 1 for each function index that may appear in `ref.func` in a body. */
  private readonly refs: Uint8Array;
  readonly features: Features;
  /** Per opcode: 1 when a disabled feature refuses it; null when every feature is enabled. */
  private readonly refused: Uint8Array | null;
  private readonly funcCount: number;

  private curFuncIdx = -1;
  /** Byte offset of the instruction being validated (for errors). */
  private instrOffset = 0;

  private opds: Int32Array = new Int32Array(64);
  /** Words (of 4 bytes) below each operand position: opdWords[i] = sum of the sizes of 0..i-1. */
  private opdWords: Int32Array = new Int32Array(65);
  private opdTop = 0;

  private ctrlKinds: Uint8Array = new Uint8Array(16);
  private ctrlTypes: Int32Array = new Int32Array(16);
  private ctrlHeights: Int32Array = new Int32Array(16);
  private ctrlUnreach: Uint8Array = new Uint8Array(16);
  private ctrlTop = 0;

  /** br_table dedup: per (type index, is loop), the stamp of the last br_table that checked it. */
  private labelStamps: Int32Array = new Int32Array(0);
  private brTableStamp = 0;

  private locals: Int32Array = new Int32Array(16);
  private localTotal = 0;
  /**
   * Local initialization (function references: a non-defaultable local may not be read before
   * it is set): 1 per initialized local; the locals set since each frame began, to reset at its
   * `end` (and `else`, `catch`); the frame's height in that list.
   */
  private localInit: Uint8Array = new Uint8Array(16);
  private initStack: Int32Array = new Int32Array(16);
  private initTop = 0;
  private ctrlInits: Int32Array = new Int32Array(16);

  /**
   * @param module the decoded module; its types, imports and index spaces must already be valid
   *   (validateModule checks them before any body).
   * @param refs C.refs as computed by {@link declaredFuncRefs}; computed here when omitted.
   * @param features the enabled features (default: all; a disabled feature's instructions,
   *   block types and typed selects are rejected with the feature named).
   */
  constructor(module: Module, refs?: Uint8Array, features: Features = ALL_FEATURES) {
    this.module = module;
    this.types = module.types;
    this.funcCount = module.funcTypeIdxs.length;
    this.refs = refs ?? declaredFuncRefs(module);
    this.features = features;
    this.refused = refusedOpcodes(features);
  }

  // ---------------------------------------------------------------- public state (read only)

  /** Function index (imports first) of the body being validated, or -1 before {@link begin}. */
  get funcIdx(): number {
    return this.curFuncIdx;
  }

  /** Current operand-stack height, in values. */
  get opdHeight(): number {
    return this.opdTop;
  }

  /**
   * Type of the operand `depth` values below the top (0 = top), or {@link UNKNOWN_TYPE} when the
   * stack is shorter (polymorphic). Values below `ctrlHeight(0)` belong to enclosing frames.
   */
  opdType(depth: number): ValType {
    const pos = this.opdTop - 1 - depth;
    return pos >= 0 ? this.opds[pos]! : UNKNOWN_TYPE;
  }

  /**
   * Words (4 bytes each) that the operands below position `pos` (0 = the bottom of the function's
   * operand stack) take: 4 for a v128, 2 for any other value. Valid for `pos` up to the current
   * height; the translator places each operand at this offset, so v128 values are packed.
   */
  opdWordOffset(pos: number): number {
    return this.opdWords[pos]!;
  }

  /** Number of open control frames, the function frame included (0 once the body's final `end` is done). */
  get ctrlDepth(): number {
    return this.ctrlTop;
  }

  /** True once the final `end` of the body has been validated. */
  get isDone(): boolean {
    return this.ctrlTop === 0;
  }

  /** Kind (CTRL_BLOCK / LOOP / IF / ELSE / FUNCTION) of the frame `depth` levels out (0 = innermost). */
  ctrlKind(depth: number): number {
    return this.ctrlKinds[this.ctrlTop - 1 - depth]!;
  }

  /**
   * Block type of a frame, encoded as InstrReader's `a`: >= 0 a type index, < 0 the negated
   * value-type byte (`-0x40` for no result). For the function frame, the function's type index.
   */
  ctrlBlockType(depth: number): number {
    return this.ctrlTypes[this.ctrlTop - 1 - depth]!;
  }

  /** Operand-stack height at frame entry (after its params were popped, before they were pushed back). */
  ctrlHeight(depth: number): number {
    return this.ctrlHeights[this.ctrlTop - 1 - depth]!;
  }

  /** True when the rest of the frame is unreachable (after unreachable, br, br_table, return). */
  isCtrlUnreachable(depth: number): boolean {
    return this.ctrlUnreach[this.ctrlTop - 1 - depth] === 1;
  }

  ctrlParamCount(depth: number): number {
    return this.blockParamCount(this.ctrlBlockType(depth));
  }

  ctrlResultCount(depth: number): number {
    return this.blockResultCount(this.ctrlBlockType(depth));
  }

  ctrlParamType(depth: number, i: number): ValType {
    return this.types[this.ctrlBlockType(depth)]!.params[i]!;
  }

  ctrlResultType(depth: number, i: number): ValType {
    return this.blockResultType(this.ctrlBlockType(depth), i);
  }

  /** Number of values a branch to label `depth` carries (loop: params; others: results). */
  labelArity(depth: number): number {
    const bt = this.ctrlBlockType(depth);
    return this.ctrlKind(depth) === CTRL_LOOP ? this.blockParamCount(bt) : this.blockResultCount(bt);
  }

  /** Type of the `i`-th value (0 = first, deepest) carried by a branch to label `depth`. */
  labelType(depth: number, i: number): ValType {
    const bt = this.ctrlBlockType(depth);
    return this.ctrlKind(depth) === CTRL_LOOP ? this.types[bt]!.params[i]! : this.blockResultType(bt, i);
  }

  /** Number of locals of the current function, params included. */
  get localCount(): number {
    return this.localTotal;
  }

  /** Type of local `i` (params first). */
  localType(i: number): ValType {
    return this.locals[i]!;
  }

  /** Params of a block type (InstrReader encoding). */
  blockParamCount(bt: number): number {
    return bt >= 0 ? this.types[bt]!.params.length : 0;
  }

  /** Results of a block type (InstrReader encoding). */
  blockResultCount(bt: number): number {
    if (bt >= 0) return this.types[bt]!.results.length;
    return bt === EMPTY_BLOCK_TYPE ? 0 : 1;
  }

  /** Type of result `i` of a block type (InstrReader encoding). */
  blockResultType(bt: number, i: number): ValType {
    return bt >= 0 ? this.types[bt]!.results[i]! : -bt;
  }

  // ---------------------------------------------------------------- driving

  /**
   * Starts validating the body of function `funcIdx` (imports first; must be a defined function):
   * sets up its locals and pushes the function frame.
   */
  begin(funcIdx: number): void {
    const m = this.module;
    const bodyIdx = funcIdx - m.importedFuncCount;
    const body = m.codes[bodyIdx];
    if (body === undefined) throw new InternalError(`function ${funcIdx} has no body`);
    const typeIdx = m.funcTypeIdxs[funcIdx]!;
    const type = this.types[typeIdx];
    if (type === undefined) throw new InvalidError(`unknown type ${typeIdx}`, body.offset, funcIdx);
    this.curFuncIdx = funcIdx;
    this.instrOffset = body.codeStart;

    const total = type.params.length + body.localCount;
    if (total > this.locals.length) {
      this.locals = new Int32Array(Math.max(total, this.locals.length * 2));
      this.localInit = new Uint8Array(this.locals.length);
    }
    const locals = this.locals;
    let n = 0;
    for (let i = 0; i < type.params.length; i++) locals[n++] = type.params[i]!;
    for (let run = 0; run < body.localCounts.length; run++) {
      const t = body.localTypes[run]!;
      const count = body.localCounts[run]!;
      locals.fill(t, n, n + count);
      n += count;
    }
    this.localTotal = n;
    for (let i = 0; i < n; i++) this.localInit[i] = i < type.params.length || isDefaultable(locals[i]!) ? 1 : 0;
    this.initTop = 0;

    this.opdTop = 0;
    this.ctrlTop = 0;
    // The function frame starts with an empty stack: params are locals, not operands.
    this.pushCtrl(CTRL_FUNCTION, typeIdx);
  }

  /** Validates the instruction `r` just read (`r.next()`). Throws InvalidError on a violation. */
  step(r: InstrReader): void {
    const op = r.op;
    this.instrOffset = r.offset;
    if (this.ctrlTop === 0) this.malformed('unexpected instruction after function end');
    if (this.refused !== null && this.refused[op] !== 0) this.refuse(op);
    switch (op) {
      case 0x00: // unreachable
        this.setUnreachable();
        return;
      case 0x01: // nop
        return;
      case 0x02: // block bt
      case 0x03: // loop bt
      case 0x04: { // if bt
        const bt = r.a;
        this.checkBlockTypeOf(bt);
        if (op === 0x04) this.popExpect(I32);
        this.enterBlock(op === 0x02 ? CTRL_BLOCK : op === 0x03 ? CTRL_LOOP : CTRL_IF, bt);
        return;
      }
      case 0x1f: { // try_table bt catch* (3.0 exception handling): a block with handlers
        this.checkBlockTypeOf(r.a);
        // Catch labels are those around the try_table (its own label is not pushed yet).
        const c = r.catches;
        for (let i = 0; i < r.b; i++) this.checkCatch(c[i * 3]!, c[i * 3 + 1]!, c[i * 3 + 2]!);
        this.enterBlock(CTRL_BLOCK, r.a);
        return;
      }
      case 0x08: // throw x: [t*] -> [] (stack-polymorphic)
        this.popTypes(this.tagType(r.a).params);
        this.setUnreachable();
        return;
      case 0x0a: // throw_ref: [exnref] -> [] (stack-polymorphic)
        this.popExpect(EXNREF);
        this.setUnreachable();
        return;
      case 0x06: // try bt (legacy)
        this.checkBlockTypeOf(r.a);
        this.enterBlock(CTRL_TRY, r.a);
        return;
      case 0x07: // catch x (legacy): ends the try body or the previous catch; pushes the payload
      case 0x19: { // catch_all (legacy)
        const kind = this.ctrlKinds[this.ctrlTop - 1];
        if (kind !== CTRL_TRY && kind !== CTRL_CATCH) this.malformed(op === 0x07 ? 'catch without try' : 'catch_all without try');
        const payload = op === 0x07 ? this.tagType(r.a).params : null;
        const bt = this.ctrlTypes[this.ctrlTop - 1]!;
        this.popCtrl();
        this.pushCtrl(op === 0x07 ? CTRL_CATCH : CTRL_CATCH_ALL, bt);
        if (payload !== null) this.pushTypes(payload);
        return;
      }
      case 0x18: { // delegate l (legacy): ends a try without handlers
        if (this.ctrlKinds[this.ctrlTop - 1] !== CTRL_TRY) this.malformed('delegate without try');
        const bt = this.ctrlTypes[this.ctrlTop - 1]!;
        this.popCtrl();
        this.checkLabel(r.a);
        this.pushResults(bt);
        return;
      }
      case 0x09: { // rethrow l (legacy): l must be a catch or catch_all block
        const d = this.checkLabel(r.a);
        const kind = this.ctrlKind(d);
        if (kind !== CTRL_CATCH && kind !== CTRL_CATCH_ALL) this.fail('invalid rethrow label');
        this.setUnreachable();
        return;
      }
      case 0x05: { // else
        if (this.ctrlKinds[this.ctrlTop - 1] !== CTRL_IF) this.malformed('else without if');
        const bt = this.ctrlTypes[this.ctrlTop - 1]!;
        this.popCtrl();
        this.pushCtrl(CTRL_ELSE, bt);
        if (bt >= 0) this.pushTypes(this.types[bt]!.params);
        return;
      }
      case 0x0b: { // end
        const kind = this.ctrlKinds[this.ctrlTop - 1]!;
        const bt = this.ctrlTypes[this.ctrlTop - 1]!;
        this.popCtrl();
        // `if` without `else` has an implicit empty else: its params must equal its results.
        if (kind === CTRL_IF && !this.blockParamsEqualResults(bt)) this.fail('type mismatch');
        this.pushResults(bt);
        return;
      }
      case 0x0c: { // br l
        const d = this.checkLabel(r.a);
        this.popLabel(d);
        this.setUnreachable();
        return;
      }
      case 0x0d: { // br_if l
        const d = this.checkLabel(r.a);
        this.popExpect(I32);
        this.popLabel(d);
        this.pushLabel(d);
        return;
      }
      case 0x0e: { // br_table l* l_default  [t* i32] -> [t2*] (stack-polymorphic)
        this.popExpect(I32);
        const dm = this.checkLabel(r.b);
        const arity = this.labelArity(dm);
        // Labels of one block type and kind carry the same types: check each such type once per
        // br_table (the default's is checked by popLabel below), so 65k targets to one 1000-value
        // label cost 65k steps, not 65M.
        const stamp = this.nextBrTableStamp();
        this.isFirstLabelVisit(dm, stamp);
        const targets = r.targets;
        for (let i = 0; i < r.a; i++) {
          const d = this.checkLabel(targets[i]!);
          if (this.labelArity(d) !== arity) this.fail('type mismatch');
          if (this.isFirstLabelVisit(d, stamp)) this.peekLabel(d);
        }
        this.popLabel(dm);
        this.setUnreachable();
        return;
      }
      case 0x0f: // return
        this.popLabel(this.ctrlTop - 1);
        this.setUnreachable();
        return;
      case 0x10: { // call x
        const x = r.a;
        if (x >= this.funcCount) this.fail(`unknown function ${x}`);
        const type = this.types[this.module.funcTypeIdxs[x]!]!;
        this.popTypes(type.params);
        this.pushTypes(type.results);
        return;
      }
      case 0x11: { // call_indirect typeidx tableidx
        const table = this.module.tables[r.b];
        if (table === undefined) this.fail(`unknown table ${r.b}`);
        if (r.b !== 0 && !this.features['reference-types']) throw featureError('call_indirect through table 1 or above', 'reference-types', this.instrOffset, this.curFuncIdx);
        this.funcTypeAt(r.a);
        if (!isSubtype(table.elemType, FUNCREF)) this.fail('type mismatch');
        const type = this.types[r.a]!;
        this.popExpect(addrTypeOf(table.limits));
        this.popTypes(type.params);
        this.pushTypes(type.results);
        return;
      }
      case 0x12: { // return_call x
        const x = r.a;
        if (x >= this.funcCount) this.fail(`unknown function ${x}`);
        this.returnCall(this.types[this.module.funcTypeIdxs[x]!]!);
        return;
      }
      case 0x13: { // return_call_indirect typeidx tableidx
        const table = this.module.tables[r.b];
        if (table === undefined) this.fail(`unknown table ${r.b}`);
        this.funcTypeAt(r.a);
        if (!isSubtype(table.elemType, FUNCREF)) this.fail('type mismatch');
        this.popExpect(addrTypeOf(table.limits));
        this.returnCall(this.types[r.a]!);
        return;
      }
      case 0x1a: // drop
        this.popAny();
        return;
      case 0x1b: { // select (untyped: numeric or vector operands only)
        this.popExpect(I32);
        const t1 = this.popAny();
        const t2 = this.popAny();
        if (t1 !== UNKNOWN_TYPE && !isNumOrVec(t1)) this.fail('type mismatch');
        if (t2 !== UNKNOWN_TYPE && !isNumOrVec(t2)) this.fail('type mismatch');
        if (t1 !== t2 && t1 !== UNKNOWN_TYPE && t2 !== UNKNOWN_TYPE) this.fail('type mismatch');
        this.pushVal(t1 === UNKNOWN_TYPE ? t2 : t1);
        return;
      }
      case 0x1c: { // select t*
        if (r.a !== 1) this.fail('invalid result arity');
        const t = r.b;
        if (this.refused !== null) checkValType(this.features, t, this.instrOffset, this.curFuncIdx);
        this.popExpect(I32);
        this.popExpect(t);
        this.popExpect(t);
        this.pushVal(t);
        return;
      }
      case 0x20: // local.get x
        this.checkLocal(r.a);
        if (this.localInit[r.a] === 0) this.fail('uninitialized local');
        this.pushVal(this.locals[r.a]!);
        return;
      case 0x21: // local.set x
        this.checkLocal(r.a);
        this.popExpect(this.locals[r.a]!);
        if (this.localInit[r.a] === 0) this.initLocal(r.a);
        return;
      case 0x22: { // local.tee x
        this.checkLocal(r.a);
        const t = this.locals[r.a]!;
        this.popExpect(t);
        if (this.localInit[r.a] === 0) this.initLocal(r.a);
        this.pushVal(t);
        return;
      }
      case 0x23: { // global.get x
        const g = this.module.globals[r.a];
        if (g === undefined) this.fail(`unknown global ${r.a}`);
        this.pushVal(g.valType);
        return;
      }
      case 0x24: { // global.set x
        const g = this.module.globals[r.a];
        if (g === undefined) this.fail(`unknown global ${r.a}`);
        if (!g.isMutable) this.fail('global is immutable');
        this.popExpect(g.valType);
        return;
      }
      case 0x25: { // table.get x  [at] -> [t]
        const t = this.tableElemType(r.a);
        this.popExpect(this.tableAddrType(r.a));
        this.pushVal(t);
        return;
      }
      case 0x26: { // table.set x  [at t] -> []
        const t = this.tableElemType(r.a);
        this.popExpect(t);
        this.popExpect(this.tableAddrType(r.a));
        return;
      }
      case 0x3f: // memory.size  [] -> [at]
        this.pushVal(this.memAddrType(r.mem));
        return;
      case 0x40: { // memory.grow  [at] -> [at]
        const at = this.memAddrType(r.mem);
        this.popExpect(at);
        this.pushVal(at);
        return;
      }
      case 0xd0: // ref.null t
        if (this.refused !== null) checkValType(this.features, r.a, this.instrOffset, this.curFuncIdx);
        this.pushVal(r.a);
        return;
      case 0xd1: { // ref.is_null  [t] -> [i32]
        const t = this.popAny();
        if (t !== UNKNOWN_TYPE && !isRefType(t)) this.fail('type mismatch');
        this.pushVal(I32);
        return;
      }
      case 0xd2: { // ref.func x
        const x = r.a;
        if (x >= this.funcCount) this.fail(`unknown function ${x}`);
        if (this.refs[x] !== 1) this.fail('undeclared function reference');
        // (ref $t) of the function's type (3.0); a subtype of funcref.
        this.pushVal(refType(HEAP_CONCRETE + this.module.typeIds[this.module.funcTypeIdxs[x]!]!, false));
        return;
      }
      case 0x14: // call_ref $t  [t1* (ref null $t)] -> [t2*]
      case 0x15: { // return_call_ref $t (with tail calls)
        if (op === 0x15 && !this.features['tail-call']) throw featureError('instruction return_call_ref', 'tail-call', this.instrOffset, this.curFuncIdx);
        const type = this.funcTypeAt(r.a);
        this.popExpect(refType(HEAP_CONCRETE + this.module.typeIds[r.a]!, true));
        if (op === 0x15) {
          this.returnCall(type);
        } else {
          this.popTypes(type.params);
          this.pushTypes(type.results);
        }
        return;
      }
      case 0xd4: { // ref.as_non_null  [(ref null ht)] -> [(ref ht)]
        const t = this.popAny();
        if (t !== UNKNOWN_TYPE && !isRefType(t)) this.fail('type mismatch');
        this.pushVal(t === UNKNOWN_TYPE ? t : refType(heapTypeOf(t), false));
        return;
      }
      case 0xd5: { // br_on_null l  [t* (ref null ht)] -> [t* (ref ht)]
        const d = this.checkLabel(r.a);
        const t = this.popAny();
        if (t !== UNKNOWN_TYPE && !isRefType(t)) this.fail('type mismatch');
        this.popLabel(d);
        this.pushLabel(d);
        this.pushVal(t === UNKNOWN_TYPE ? t : refType(heapTypeOf(t), false));
        return;
      }
      case 0xd6: { // br_on_non_null l  [t* (ref null ht)] -> [t*], label l: [t* t'] with (ref ht) <: t'
        const d = this.checkLabel(r.a);
        const n = this.labelArity(d);
        if (n === 0) this.fail('type mismatch');
        const t = this.popAny();
        if (t !== UNKNOWN_TYPE && !isRefType(t)) this.fail('type mismatch');
        if (t !== UNKNOWN_TYPE && !isSubtype(refType(heapTypeOf(t), false), this.labelType(d, n - 1))) this.fail('type mismatch');
        for (let i = n - 2; i >= 0; i--) this.popExpect(this.labelType(d, i));
        for (let i = 0; i < n - 1; i++) this.pushVal(this.labelType(d, i));
        return;
      }
      case 0x108: { // memory.init x  [at i32 i32] -> []
        const at = this.memAddrType(r.mem);
        this.checkDataSegment(r.a);
        this.popExpect(I32);
        this.popExpect(I32);
        this.popExpect(at);
        return;
      }
      case 0x109: // data.drop x
        this.checkDataSegment(r.a);
        return;
      case 0x10a: { // memory.copy  [at_d at_s at_min] -> []
        const ad = this.memAddrType(r.mem);
        const as = this.memAddrType(r.mem2);
        this.popExpect(ad === I64 && as === I64 ? I64 : I32);
        this.popExpect(as);
        this.popExpect(ad);
        return;
      }
      case 0x10b: { // memory.fill  [at i32 at] -> []
        const at = this.memAddrType(r.mem);
        this.popExpect(at);
        this.popExpect(I32);
        this.popExpect(at);
        return;
      }
      case 0x10c: { // table.init elemidx tableidx  [at i32 i32] -> []
        const t = this.tableElemType(r.b);
        const seg = this.module.elements[r.a];
        if (seg === undefined) this.fail(`unknown elem segment ${r.a}`);
        if (!isSubtype(seg.elemType, t)) this.fail('type mismatch');
        this.popExpect(I32);
        this.popExpect(I32);
        this.popExpect(this.tableAddrType(r.b));
        return;
      }
      case 0x10d: // elem.drop x
        if (r.a >= this.module.elements.length) this.fail(`unknown elem segment ${r.a}`);
        return;
      case 0x10e: { // table.copy dst src  [at_d at_s at_min] -> []
        const td = this.tableElemType(r.a);
        const ts = this.tableElemType(r.b);
        if (!isSubtype(ts, td)) this.fail('type mismatch');
        const ad = this.tableAddrType(r.a);
        const as = this.tableAddrType(r.b);
        this.popExpect(ad === I64 && as === I64 ? I64 : I32);
        this.popExpect(as);
        this.popExpect(ad);
        return;
      }
      case 0x10f: { // table.grow x  [t at] -> [at]
        const t = this.tableElemType(r.a);
        const at = this.tableAddrType(r.a);
        this.popExpect(at);
        this.popExpect(t);
        this.pushVal(at);
        return;
      }
      case 0x110: // table.size x  [] -> [at]
        this.tableElemType(r.a);
        this.pushVal(this.tableAddrType(r.a));
        return;
      case 0x111: { // table.fill x  [at t at] -> []
        const t = this.tableElemType(r.a);
        const at = this.tableAddrType(r.a);
        this.popExpect(at);
        this.popExpect(t);
        this.popExpect(at);
        return;
      }
      case 0x20d: { // i8x16.shuffle l*16  [v128 v128] -> [v128]
        const bytes = r.bytes;
        for (let i = 0; i < 16; i++) if (bytes[r.a + i]! >= 32) this.fail('invalid lane index');
        this.applySignature(op);
        return;
      }
      case 0x215: // i8x16.extract_lane_s
      case 0x216: // i8x16.extract_lane_u
      case 0x217: // i8x16.replace_lane
      case 0x218: // i16x8.extract_lane_s
      case 0x219: // i16x8.extract_lane_u
      case 0x21a: // i16x8.replace_lane
      case 0x21b: // i32x4.extract_lane
      case 0x21c: // i32x4.replace_lane
      case 0x21d: // i64x2.extract_lane
      case 0x21e: // i64x2.replace_lane
      case 0x21f: // f32x4.extract_lane
      case 0x220: // f32x4.replace_lane
      case 0x221: // f64x2.extract_lane
      case 0x222: // f64x2.replace_lane
        if (r.a >= EXTRACT_REPLACE_LANES[op - 0x215]!) this.fail('invalid lane index');
        this.applySignature(op);
        return;
      case 0x254: // v128.load8_lane
      case 0x255: // v128.load16_lane
      case 0x256: // v128.load32_lane
      case 0x257: // v128.load64_lane
      case 0x258: // v128.store8_lane
      case 0x259: // v128.store16_lane
      case 0x25a: // v128.store32_lane
      case 0x25b: // v128.store64_lane
        if (r.c >= 16 >> NATURAL_ALIGN[op]!) {
          this.checkMemarg(op, r);
          this.fail('invalid lane index');
        }
        this.applyMemSignature(op, this.checkMemarg(op, r));
        return;
      case 0xd3: // ref.eq  [eqref eqref] -> [i32]
        this.popExpect(refType(HEAP_EQ, true));
        this.popExpect(refType(HEAP_EQ, true));
        this.pushVal(I32);
        return;
      default:
        if (op >= PREFIX_FB) {
          this.stepGc(op, r);
          return;
        }
        // Loads and stores (memarg), numeric, conversion and SIMD ops with a fixed signature.
        if (NATURAL_ALIGN[op]! >= 0) this.applyMemSignature(op, this.checkMemarg(op, r));
        else this.applySignature(op);
        return;
    }
  }

  /** The GC instructions (0xFB prefix, 3.0 §3.4.x "Aggregate reference instructions"). */
  private stepGc(op: number, r: InstrReader): void {
    switch (op) {
      case 0x400: // struct.new x  [t*] -> [(ref x)]
      case 0x401: { // struct.new_default x  [] -> [(ref x)]
        const st = this.defType(r.a, KIND_STRUCT);
        if (op === 0x400) {
          for (let i = st.fields.length - 1; i >= 0; i--) this.popExpect(unpacked(st.fields[i]!.type));
        } else {
          for (const f of st.fields) if (!isDefaultable(unpacked(f.type))) this.fail('field type is not defaultable');
        }
        this.pushVal(this.concreteRef(r.a, false));
        return;
      }
      case 0x402: // struct.get x y  [(ref null x)] -> [t]
      case 0x403: // struct.get_s x y
      case 0x404: { // struct.get_u x y
        const f = this.structField(r.a, r.b);
        if ((op === 0x402) !== !isPacked(f.type)) this.fail(op === 0x402 ? 'type mismatch: packed field needs struct.get_s / get_u' : 'type mismatch: field is not packed');
        this.popExpect(this.concreteRef(r.a, true));
        this.pushVal(unpacked(f.type));
        return;
      }
      case 0x405: { // struct.set x y  [(ref null x) t] -> []
        const f = this.structField(r.a, r.b);
        if (!f.mutable) this.fail('field is immutable');
        this.popExpect(unpacked(f.type));
        this.popExpect(this.concreteRef(r.a, true));
        return;
      }
      case 0x406: // array.new x  [t i32] -> [(ref x)]
      case 0x407: { // array.new_default x  [i32] -> [(ref x)]
        const elem = this.defType(r.a, KIND_ARRAY).fields[0]!;
        this.popExpect(I32);
        if (op === 0x406) this.popExpect(unpacked(elem.type));
        else if (!isDefaultable(unpacked(elem.type))) this.fail('array type is not defaultable');
        this.pushVal(this.concreteRef(r.a, false));
        return;
      }
      case 0x408: { // array.new_fixed x n  [t^n] -> [(ref x)]
        const elem = unpacked(this.defType(r.a, KIND_ARRAY).fields[0]!.type);
        // Below an unreachable frame's base every value is "unknown": pop only what is there, so
        // a huge n costs no more steps than the stack has values.
        const f = this.ctrlTop - 1;
        const avail = this.opdTop - this.ctrlHeights[f]!;
        if (r.b > avail && this.ctrlUnreach[f] !== 1) this.fail('type mismatch');
        const n = Math.min(r.b, avail);
        for (let i = 0; i < n; i++) this.popExpect(elem);
        this.pushVal(this.concreteRef(r.a, false));
        return;
      }
      case 0x409: // array.new_data x d  [i32 i32] -> [(ref x)]
      case 0x40a: { // array.new_elem x e  [i32 i32] -> [(ref x)]
        const elem = this.defType(r.a, KIND_ARRAY).fields[0]!;
        this.checkArraySource(op === 0x409, elem, r.b);
        this.popExpect(I32);
        this.popExpect(I32);
        this.pushVal(this.concreteRef(r.a, false));
        return;
      }
      case 0x40b: // array.get x  [(ref null x) i32] -> [t]
      case 0x40c: // array.get_s x
      case 0x40d: { // array.get_u x
        const elem = this.defType(r.a, KIND_ARRAY).fields[0]!;
        if ((op === 0x40b) !== !isPacked(elem.type)) this.fail(op === 0x40b ? 'type mismatch: packed array needs array.get_s / get_u' : 'type mismatch: array is not packed');
        this.popExpect(I32);
        this.popExpect(this.concreteRef(r.a, true));
        this.pushVal(unpacked(elem.type));
        return;
      }
      case 0x40e: { // array.set x  [(ref null x) i32 t] -> []
        const elem = this.mutableArrayElem(r.a);
        this.popExpect(unpacked(elem.type));
        this.popExpect(I32);
        this.popExpect(this.concreteRef(r.a, true));
        return;
      }
      case 0x40f: // array.len  [(ref null array)] -> [i32]
        this.popExpect(refType(HEAP_ARRAY, true));
        this.pushVal(I32);
        return;
      case 0x410: { // array.fill x  [(ref null x) i32 t i32] -> []
        const elem = this.mutableArrayElem(r.a);
        this.popExpect(I32);
        this.popExpect(unpacked(elem.type));
        this.popExpect(I32);
        this.popExpect(this.concreteRef(r.a, true));
        return;
      }
      case 0x411: { // array.copy x y  [(ref null x) i32 (ref null y) i32 i32] -> []
        const dst = this.mutableArrayElem(r.a);
        const src = this.defType(r.b, KIND_ARRAY).fields[0]!;
        if (!isStorageSubtype(src.type, dst.type)) this.fail('array types do not match');
        this.popExpect(I32);
        this.popExpect(I32);
        this.popExpect(this.concreteRef(r.b, true));
        this.popExpect(I32);
        this.popExpect(this.concreteRef(r.a, true));
        return;
      }
      case 0x412: // array.init_data x d  [(ref null x) i32 i32 i32] -> []
      case 0x413: { // array.init_elem x e
        const elem = this.mutableArrayElem(r.a);
        this.checkArraySource(op === 0x412, elem, r.b);
        this.popExpect(I32);
        this.popExpect(I32);
        this.popExpect(I32);
        this.popExpect(this.concreteRef(r.a, true));
        return;
      }
      case 0x414: // ref.test (ref ht)  [rt'] -> [i32]
      case 0x415: // ref.test (ref null ht)
      case 0x416: // ref.cast (ref ht)  [rt'] -> [rt]
      case 0x417: { // ref.cast (ref null ht)
        if (r.a < 0) this.fail('unknown type');
        const rt = refType(r.a, op === 0x415 || op === 0x417);
        if (this.refused !== null) checkValType(this.features, rt, this.instrOffset, this.curFuncIdx);
        this.popExpect(refType(heapTop(r.a), true));
        this.pushVal(op <= 0x415 ? I32 : rt);
        return;
      }
      case 0x418: // br_on_cast l rt1 rt2  [t* rt1] -> [t* (rt1 \ rt2)], label l: [t* rt2]
      case 0x419: { // br_on_cast_fail l rt1 rt2  [t* rt1] -> [t* rt2], label l: [t* (rt1 \ rt2)]
        const d = this.checkLabel(r.a);
        const rt1 = r.b;
        const rt2 = r.c;
        if (rt1 === UNKNOWN_TYPE_REF || rt2 === UNKNOWN_TYPE_REF) this.fail('unknown type');
        if (this.refused !== null) {
          checkValType(this.features, rt1, this.instrOffset, this.curFuncIdx);
          checkValType(this.features, rt2, this.instrOffset, this.curFuncIdx);
        }
        if (!isSubtype(rt2, rt1)) this.fail('type mismatch');
        // rt1 minus rt2: non-null when the cast takes null along.
        const diff = isNullable(rt2) ? refType(heapTypeOf(rt1), false) : rt1;
        const toLabel = op === 0x418 ? rt2 : diff;
        const n = this.labelArity(d);
        if (n === 0) this.fail('type mismatch');
        if (!isSubtype(toLabel, this.labelType(d, n - 1))) this.fail('type mismatch');
        this.popExpect(rt1);
        for (let i = n - 2; i >= 0; i--) this.popExpect(this.labelType(d, i));
        for (let i = 0; i < n - 1; i++) this.pushVal(this.labelType(d, i));
        this.pushVal(op === 0x418 ? diff : rt2);
        return;
      }
      case 0x41a: // any.convert_extern  [(ref null? extern)] -> [(ref null? any)]
      case 0x41b: { // extern.convert_any  [(ref null? any)] -> [(ref null? extern)]
        const from = op === 0x41a ? HEAP_EXTERN : HEAP_ANY;
        const t = this.popAny();
        if (t !== UNKNOWN_TYPE && !isSubtype(t, refType(from, true))) this.fail('type mismatch');
        this.pushVal(refType(op === 0x41a ? HEAP_ANY : HEAP_EXTERN, t === UNKNOWN_TYPE || isNullable(t)));
        return;
      }
      case 0x41c: // ref.i31  [i32] -> [(ref i31)]
        this.popExpect(I32);
        this.pushVal(refType(HEAP_I31, false));
        return;
      case 0x41d: // i31.get_s  [i31ref] -> [i32]
      case 0x41e: // i31.get_u
        this.popExpect(refType(HEAP_I31, true));
        this.pushVal(I32);
        return;
      default:
        throw new InternalError(`no validation for opcode 0x${op.toString(16)}`);
    }
  }

  /** Type index `x` as a function type: "unknown type" or a mismatch otherwise. */
  private funcTypeAt(x: number): DefType {
    const t = this.types[x];
    if (t === undefined) this.fail(`unknown type ${x}`);
    if (t.kind !== KIND_FUNC) this.fail('type mismatch: not a function type');
    return t;
  }

  /** Type index `x` as a defined type of `kind` (struct / array): "unknown type" or a mismatch otherwise. */
  private defType(x: number, kind: number): DefType {
    const t = this.types[x];
    if (t === undefined) this.fail(`unknown type ${x}`);
    if (t.kind !== kind) this.fail(kind === KIND_STRUCT ? 'type mismatch: not a struct type' : 'type mismatch: not an array type');
    return t;
  }

  /** `(ref null? x)` of type index `x`. */
  private concreteRef(x: number, nullable: boolean): ValType {
    return refType(HEAP_CONCRETE + this.module.typeIds[x]!, nullable);
  }

  private structField(x: number, y: number): FieldType {
    const f = this.defType(x, KIND_STRUCT).fields[y];
    if (f === undefined) this.fail(`unknown field ${y}`);
    return f;
  }

  private mutableArrayElem(x: number): FieldType {
    const elem = this.defType(x, KIND_ARRAY).fields[0]!;
    if (!elem.mutable) this.fail('array is immutable');
    return elem;
  }

  /** array.new_data / init_data: a numeric or vector element type and a data segment; _elem: a segment of a subtype. */
  private checkArraySource(isData: boolean, elem: FieldType, seg: number): void {
    if (isData) {
      if (isRefType(elem.type)) this.fail('array type is not numeric or vector');
      this.checkDataSegment(seg);
      return;
    }
    const s = this.module.elements[seg];
    if (s === undefined) this.fail(`unknown elem segment ${seg}`);
    if (!isSubtype(s.elemType, elem.type)) this.fail('type mismatch');
  }

  // ---------------------------------------------------------------- errors

  private fail(message: string): never {
    throw new InvalidError(message, this.instrOffset, this.curFuncIdx);
  }

  /** Throws the error of instruction `op`, which a disabled feature refuses. */
  private refuse(op: number): never {
    const f = this.features;
    const needed = OPCODE_FEATURES[op] as FeatureName | '';
    const feature: FeatureName = needed !== '' && !f[needed] ? needed : 'floats';
    throw featureError(`instruction ${MNEMONICS[op]}`, feature, this.instrOffset, this.curFuncIdx);
  }

  /** A block type is an MVP one (empty or one enabled value type) unless multi-value is enabled. */
  /** A block type's index names a type, and (with features off) the type is enabled. */
  private checkBlockTypeOf(bt: number): void {
    if (bt >= 0) this.funcTypeAt(bt);
    if (this.refused !== null) this.checkBlockType(bt);
  }

  /** Enters a block of `kind` with block type `bt` (checked): pops its params, pushes the frame and them again. */
  private enterBlock(kind: number, bt: number): void {
    if (bt >= 0) this.popTypes(this.types[bt]!.params);
    this.pushCtrl(kind, bt);
    if (bt >= 0) this.pushTypes(this.types[bt]!.params);
  }

  private checkBlockType(bt: number): void {
    if (bt >= 0) {
      if (!this.features['multi-value']) throw featureError('a block type index', 'multi-value', this.instrOffset, this.curFuncIdx);
    } else if (bt !== EMPTY_BLOCK_TYPE) {
      checkValType(this.features, -bt, this.instrOffset, this.curFuncIdx);
    }
  }

  /** Structural errors the decoder's syntax scan should already have rejected. */
  private malformed(message: string): never {
    throw new MalformedError(message, this.instrOffset);
  }

  // ---------------------------------------------------------------- operand stack

  private pushVal(t: ValType): void {
    const top = this.opdTop;
    if (top === this.opds.length) {
      const grown = new Int32Array(this.opds.length * 2);
      grown.set(this.opds);
      this.opds = grown;
      const words = new Int32Array(this.opds.length + 1);
      words.set(this.opdWords);
      this.opdWords = words;
    }
    this.opds[top] = t;
    this.opdWords[top + 1] = this.opdWords[top]! + (t === V128 ? 4 : 2);
    this.opdTop = top + 1;
  }

  /** pop_val(): the popped type, or UNKNOWN_TYPE on the polymorphic stack. */
  private popAny(): ValType {
    const f = this.ctrlTop - 1;
    if (this.opdTop === this.ctrlHeights[f]) {
      if (this.ctrlUnreach[f] === 1) return UNKNOWN_TYPE;
      this.fail('type mismatch');
    }
    return this.opds[--this.opdTop]!;
  }

  /** pop_val(expect). */
  private popExpect(expect: ValType): void {
    const f = this.ctrlTop - 1;
    if (this.opdTop === this.ctrlHeights[f]) {
      if (this.ctrlUnreach[f] === 1) return;
      this.fail('type mismatch');
    }
    const actual = this.opds[--this.opdTop]!;
    if (actual !== expect && actual !== UNKNOWN_TYPE && expect !== UNKNOWN_TYPE && !isSubtype(actual, expect)) this.fail('type mismatch');
  }

  /**
   * A tail call to a function of type `type`: its results must be the current function's results
   * (spec 3.0 `return_call`); pops the arguments; the rest of the block is unreachable.
   */
  private returnCall(type: FuncType): void {
    const own = this.types[this.ctrlTypes[0]!]!.results;
    if (type.results.length !== own.length) this.fail('type mismatch');
    for (let i = 0; i < own.length; i++) if (!isSubtype(type.results[i]!, own[i]!)) this.fail('type mismatch');
    this.popTypes(type.params);
    this.setUnreachable();
  }

  private popTypes(ts: readonly ValType[]): void {
    for (let i = ts.length - 1; i >= 0; i--) this.popExpect(ts[i]!);
  }

  private pushTypes(ts: readonly ValType[]): void {
    for (let i = 0; i < ts.length; i++) this.pushVal(ts[i]!);
  }

  private applySignature(op: number): void {
    const n = SIG_PARAM_COUNT[op]!;
    if (n === NO_SIG) throw new InternalError(`no typing rule for opcode 0x${op.toString(16)}`);
    const base = op * 3;
    for (let i = n - 1; i >= 0; i--) this.popExpect(SIG_PARAMS[base + i]!);
    const res = SIG_RESULT[op]!;
    if (res !== 0) this.pushVal(res);
  }

  // ---------------------------------------------------------------- control stack

  /** push_ctrl() without pushing the params (the callers do, except for the function frame). */
  private pushCtrl(kind: number, bt: number): void {
    const top = this.ctrlTop;
    if (top === this.ctrlKinds.length) this.growCtrl();
    this.ctrlKinds[top] = kind;
    this.ctrlTypes[top] = bt;
    this.ctrlHeights[top] = this.opdTop;
    this.ctrlUnreach[top] = 0;
    this.ctrlInits[top] = this.initTop;
    this.ctrlTop = top + 1;
  }

  /** Marks local `x` initialized until the end of the current frame. */
  private initLocal(x: number): void {
    this.localInit[x] = 1;
    if (this.initTop === this.initStack.length) {
      const grown = new Int32Array(this.initStack.length * 2);
      grown.set(this.initStack);
      this.initStack = grown;
    }
    this.initStack[this.initTop++] = x;
  }

  /** Forgets the locals initialized since frame `f` began (at its end, else, or catch). */
  private resetInits(f: number): void {
    const base = this.ctrlInits[f]!;
    while (this.initTop > base) this.localInit[this.initStack[--this.initTop]!] = 0;
  }

  private growCtrl(): void {
    const n = this.ctrlKinds.length * 2;
    const kinds = new Uint8Array(n);
    kinds.set(this.ctrlKinds);
    this.ctrlKinds = kinds;
    const types = new Int32Array(n);
    types.set(this.ctrlTypes);
    this.ctrlTypes = types;
    const heights = new Int32Array(n);
    heights.set(this.ctrlHeights);
    this.ctrlHeights = heights;
    const unreach = new Uint8Array(n);
    unreach.set(this.ctrlUnreach);
    this.ctrlUnreach = unreach;
    const inits = new Int32Array(n);
    inits.set(this.ctrlInits);
    this.ctrlInits = inits;
  }

  /** pop_ctrl(): checks the frame's results and that nothing else is left, then pops it. */
  private popCtrl(): void {
    const f = this.ctrlTop - 1;
    const bt = this.ctrlTypes[f]!;
    const n = this.blockResultCount(bt);
    for (let i = n - 1; i >= 0; i--) this.popExpect(this.blockResultType(bt, i));
    if (this.opdTop !== this.ctrlHeights[f]) this.fail('type mismatch');
    this.resetInits(f);
    this.ctrlTop = f;
  }

  private pushResults(bt: number): void {
    const n = this.blockResultCount(bt);
    for (let i = 0; i < n; i++) this.pushVal(this.blockResultType(bt, i));
  }

  private blockParamsEqualResults(bt: number): boolean {
    if (bt < 0) return bt === EMPTY_BLOCK_TYPE;
    const t = this.types[bt]!;
    if (t.params.length !== t.results.length) return false;
    for (let i = 0; i < t.params.length; i++) if (t.params[i] !== t.results[i]) return false;
    return true;
  }

  /** unreachable(): drops the frame's operands and makes its stack polymorphic. */
  private setUnreachable(): void {
    const f = this.ctrlTop - 1;
    this.opdTop = this.ctrlHeights[f]!;
    this.ctrlUnreach[f] = 1;
  }

  private nextBrTableStamp(): number {
    if (this.brTableStamp === 0x7fffffff) {
      this.brTableStamp = 0;
      this.labelStamps.fill(0);
    }
    return ++this.brTableStamp;
  }

  /**
   * False when a label with the same types (same block type index and loop-ness) was already
   * checked by this br_table. Labels of inline block types (arity <= 1) are always "first".
   */
  private isFirstLabelVisit(d: number, stamp: number): boolean {
    const bt = this.ctrlBlockType(d);
    if (bt < 0) return true;
    if (this.labelStamps.length === 0) this.labelStamps = new Int32Array(this.types.length * 2);
    const key = bt * 2 + (this.ctrlKind(d) === CTRL_LOOP ? 1 : 0);
    if (this.labelStamps[key] === stamp) return false;
    this.labelStamps[key] = stamp;
    return true;
  }

  /** The type of tag `x` (a function type with no results; validate.ts checked it). */
  private tagType(x: number): FuncType {
    const typeIdx = this.module.tags[x];
    if (typeIdx === undefined) this.fail(`unknown tag ${x}`);
    return this.types[typeIdx]!;
  }

  /**
   * A try_table catch clause (3.0): what it delivers to label `l` (the tag's params, then an
   * exnref for the _ref kinds) must be the label's types.
   */
  private checkCatch(kind: number, tag: number, l: number): void {
    const payload = kind === CATCH_TAG || kind === CATCH_TAG_REF ? this.tagType(tag).params : [];
    const d = this.checkLabel(l);
    const withRef = kind === CATCH_TAG_REF || kind === CATCH_ALL_REF;
    const n = payload.length + (withRef ? 1 : 0);
    if (this.labelArity(d) !== n) this.fail('type mismatch');
    for (let i = 0; i < payload.length; i++) if (!isSubtype(payload[i]!, this.labelType(d, i))) this.fail('type mismatch');
    if (withRef && !isSubtype(refType(HEAP_EXN, false), this.labelType(d, n - 1))) this.fail('type mismatch');
  }

  /** Checks a label index; returns it as a depth (0 = innermost). */
  private checkLabel(l: number): number {
    if (l >= this.ctrlTop) this.fail(`unknown label ${l}`);
    return l;
  }

  /** pop_vals(label_types(ctrls[d])). */
  private popLabel(d: number): void {
    const n = this.labelArity(d);
    for (let i = n - 1; i >= 0; i--) this.popExpect(this.labelType(d, i));
  }

  /** push_vals(label_types(ctrls[d])). */
  private pushLabel(d: number): void {
    const n = this.labelArity(d);
    for (let i = 0; i < n; i++) this.pushVal(this.labelType(d, i));
  }

  /**
   * push_vals(pop_vals(label_types(ctrls[d]))) of br_table, done in place: checks the top values
   * against the label types without moving them (values missing below an unreachable frame's
   * base are "unknown" and match anything, as the popped-and-repushed unknowns would).
   */
  private peekLabel(d: number): void {
    const n = this.labelArity(d);
    const f = this.ctrlTop - 1;
    const base = this.ctrlHeights[f]!;
    for (let i = 0; i < n; i++) {
      const pos = this.opdTop - 1 - i;
      if (pos < base) {
        if (this.ctrlUnreach[f] === 1) return;
        this.fail('type mismatch');
      }
      const actual = this.opds[pos]!;
      const expect = this.labelType(d, n - 1 - i);
      if (actual !== expect && actual !== UNKNOWN_TYPE && !isSubtype(actual, expect)) this.fail('type mismatch');
    }
  }

  // ---------------------------------------------------------------- index-space checks

  private checkLocal(x: number): void {
    if (x >= this.localTotal) this.fail(`unknown local ${x}`);
  }

  private tableElemType(x: number): ValType {
    const t = this.module.tables[x];
    if (t === undefined) this.fail(`unknown table ${x}`);
    return t.elemType;
  }

  /** The address type of table `x` (which exists: tableElemType checked it). */
  private tableAddrType(x: number): ValType {
    return addrTypeOf(this.module.tables[x]!.limits);
  }

  /** The address type (I32 / I64) of memory `x`; "unknown memory x" when there is none. */
  private memAddrType(x: number): ValType {
    const mem = this.module.memories[x];
    if (mem === undefined) this.fail(`unknown memory ${x}`);
    return mem.limits.is64 === true ? I64 : I32;
  }

  /** Checks a memarg (memory, alignment, offset range); returns the memory's address type. */
  private checkMemarg(op: number, r: InstrReader): ValType {
    const at = this.memAddrType(r.mem);
    if (r.a > NATURAL_ALIGN[op]!) this.fail('alignment must not be larger than natural');
    if (at === I32 && r.b > 0xffffffff) this.fail('offset out of range');
    return at;
  }

  /** A load's or store's signature, its address (the first parameter) of type `at`. */
  private applyMemSignature(op: number, at: ValType): void {
    if (at === I32) {
      this.applySignature(op);
      return;
    }
    const n = SIG_PARAM_COUNT[op]!;
    const base = op * 3;
    for (let i = n - 1; i >= 1; i--) this.popExpect(SIG_PARAMS[base + i]!);
    this.popExpect(at);
    const res = SIG_RESULT[op]!;
    if (res !== 0) this.pushVal(res);
  }

  private checkDataSegment(x: number): void {
    // dataCount is -1 without a data count section (the decoder rejects that use as malformed).
    if (x >= this.module.dataCount) this.fail(`unknown data segment ${x}`);
  }
}

/** The address type of a table or memory with these limits: I64 (memory64 / table64) or I32. */
export function addrTypeOf(limits: Limits): ValType {
  return limits.is64 === true ? I64 : I32;
}

/**
 * C.refs (spec §3.4.10): the function indices that occur in the module outside function bodies and
 * the start section — element segments, exports and global initializers. Only those may be used
 * by `ref.func` inside a body. Returns 1 / 0 per function index (imports first).
 */
export function declaredFuncRefs(module: Module): Uint8Array {
  const funcCount = module.funcTypeIdxs.length;
  const refs = new Uint8Array(funcCount);
  for (const seg of module.elements) {
    if (seg.funcIdxs !== null) for (const x of seg.funcIdxs) if (x < funcCount) refs[x] = 1;
    if (seg.exprs !== null) for (const e of seg.exprs) markRefFuncs(refs, e);
  }
  for (const e of module.exports) if (e.kind === EXTERN_FUNC && e.index < funcCount) refs[e.index] = 1;
  for (const g of module.globalInits) markRefFuncs(refs, g);
  return refs;
}

function markRefFuncs(refs: Uint8Array, expr: ConstExpr): void {
  for (const ins of expr.instrs) if (ins.op === 0xd2 /* ref.func */ && ins.a < refs.length) refs[ins.a] = 1;
}

/**
 * Validates the body of defined function `funcIdx` (imports first) in one pass. Pass a reusable
 * validator and C.refs when validating many bodies of one module.
 */
export function validateFunction(
  module: Module,
  funcIdx: number,
  validator: FuncValidator = new FuncValidator(module),
): void {
  const body = module.codes[funcIdx - module.importedFuncCount];
  if (body === undefined) throw new InternalError(`function ${funcIdx} has no body`);
  const r = InstrReader.forBody(module, body.codeStart, body.codeEnd);
  r.setFeatures(validator.features);
  validator.begin(funcIdx);
  do {
    r.next();
    validator.step(r);
  } while (!validator.isDone);
  if (r.pos !== body.codeEnd) throw new MalformedError('section size mismatch', r.pos);
}
