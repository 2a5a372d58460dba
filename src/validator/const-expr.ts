/**
 * Constant expressions (spec §3.3.10 "Constant Expressions", WebAssembly 2.0): the initializers of
 * globals and the offsets and elements of segments.
 *
 * In 2.0 a constant expression is a sequence of `t.const`, `ref.null`, `ref.func` and `global.get`
 * of an immutable *imported* global (defined globals are not in scope: "unknown global"). As in the
 * reference interpreter, constness is checked before typing, so `(global f32 (local.get 0))` is
 * "constant expression required", not "unknown local"; the typing is then just "the expression
 * pushes exactly one value, of type t" ("type mismatch" otherwise). WebAssembly 3.0's extended
 * constant expressions (feature 'extended-const') add `i32/i64.add`, `sub` and `mul`.
 */
import { InvalidError } from '../errors.js';
import type { ConstExpr, Module } from '../decoder/module.js';
import {
  F32, F64, HEAP_ANY, HEAP_CONCRETE, HEAP_EXTERN, HEAP_I31, I32, I64, isDefaultable, isNullable, isSubtype, KIND_ARRAY, KIND_STRUCT,
  PACKED_I16, PACKED_I8, refType, V128,
} from '../types.js';
import type { DefType, ValType } from '../types.js';
import { ALL_FEATURES, checkValType, featureError, refusedOpcodes } from './features.js';
import type { FeatureName, Features } from './features.js';
import { MNEMONICS, OPCODE_FEATURES } from '../decoder/opcodes.js';


/**
 * Validates `expr` as a constant expression of type `expected`. Throws {@link InvalidError}
 * (funcIdx -1) at the offending instruction, or at the expression for a type mismatch.
 */
export function validateConstExpr(module: Module, expr: ConstExpr, expected: ValType, features: Features = ALL_FEATURES, globalCount: number = module.importedGlobalCount): void {
  const instrs = expr.instrs;
  const refused = refusedOpcodes(features);
  if (refused !== null) {
    for (const ins of instrs) {
      if (refused[ins.op] === 1) {
        const needed = OPCODE_FEATURES[ins.op] as FeatureName | '';
        throw featureError(`instruction ${MNEMONICS[ins.op]}`, needed !== '' && !features[needed] ? needed : 'floats', ins.offset);
      }
      if (ins.op === 0xd0) checkValType(features, ins.a, ins.offset); // ref.null t
    }
  }
  // The expression is typed as a stack: 2.0 allows single constants, 3.0's extended constant
  // expressions i32 / i64 add, sub and mul over them.
  const stack: ValType[] = [];
  for (let i = 0; i < instrs.length; i++) {
    const ins = instrs[i]!;
    let t: ValType;
    switch (ins.op) {
      case 0x41: // i32.const
        t = I32;
        break;
      case 0x42: // i64.const
        t = I64;
        break;
      case 0x43: // f32.const
        t = F32;
        break;
      case 0x44: // f64.const
        t = F64;
        break;
      case 0x20c: // v128.const
        t = V128;
        break;
      case 0xd0: // ref.null t
        t = ins.a;
        break;
      case 0xd2: // ref.func x: (ref $t) of the function's type (3.0)
        if (ins.a >= module.funcTypeIdxs.length) throw new InvalidError(`unknown function ${ins.a}`, ins.offset);
        t = refType(HEAP_CONCRETE + module.typeIds[module.funcTypeIdxs[ins.a]!]!, false);
        break;
      case 0x23: { // global.get x (imported globals only in 2.0; with GC, any earlier one)
        if (ins.a >= globalCount) throw new InvalidError(`unknown global ${ins.a}`, ins.offset);
        if (ins.a >= module.importedGlobalCount && !features.gc) throw featureError('global.get of a defined global in a constant expression', 'gc', ins.offset);
        const g = module.globals[ins.a]!;
        if (g.isMutable) throw new InvalidError('constant expression required', ins.offset);
        t = g.valType;
        break;
      }
      case 0x6a: case 0x6b: case 0x6c: // i32.add, i32.sub, i32.mul
      case 0x7c: case 0x7d: case 0x7e: { // i64.add, i64.sub, i64.mul
        if (!features['extended-const']) throw featureError(`instruction ${MNEMONICS[ins.op]} in a constant expression`, 'extended-const', ins.offset);
        t = ins.op <= 0x6c ? I32 : I64;
        const b = stack.pop();
        const a = stack.pop();
        if (a !== t || b !== t) throw new InvalidError('type mismatch', ins.offset);
        break;
      }
      case 0x400: // struct.new x  [t*] -> [(ref x)]
      case 0x401: { // struct.new_default x
        const st = defTypeAt(module, ins.a, KIND_STRUCT, ins.offset);
        if (ins.op === 0x400) {
          for (let k = st.fields.length - 1; k >= 0; k--) popConst(stack, unpack(st.fields[k]!.type), ins.offset);
        } else if (st.fields.some((f) => !isDefaultable(unpack(f.type)))) {
          throw new InvalidError('field type is not defaultable', ins.offset);
        }
        t = refType(HEAP_CONCRETE + module.typeIds[ins.a]!, false);
        break;
      }
      case 0x406: // array.new x  [t i32] -> [(ref x)]
      case 0x407: // array.new_default x  [i32]
      case 0x408: { // array.new_fixed x n  [t^n]
        const elem = unpack(defTypeAt(module, ins.a, KIND_ARRAY, ins.offset).fields[0]!.type);
        if (ins.op === 0x408) {
          if (ins.b > stack.length) throw new InvalidError('type mismatch', ins.offset);
          for (let k = 0; k < ins.b; k++) popConst(stack, elem, ins.offset);
        } else {
          popConst(stack, I32, ins.offset);
          if (ins.op === 0x406) popConst(stack, elem, ins.offset);
          else if (!isDefaultable(elem)) throw new InvalidError('array type is not defaultable', ins.offset);
        }
        t = refType(HEAP_CONCRETE + module.typeIds[ins.a]!, false);
        break;
      }
      case 0x41c: // ref.i31  [i32] -> [(ref i31)]
        popConst(stack, I32, ins.offset);
        t = refType(HEAP_I31, false);
        break;
      case 0x41a: // any.convert_extern
      case 0x41b: { // extern.convert_any
        const from = stack.pop();
        const fromHeap = ins.op === 0x41a ? HEAP_EXTERN : HEAP_ANY;
        if (from === undefined || !isSubtype(from, refType(fromHeap, true))) throw new InvalidError('type mismatch', ins.offset);
        t = refType(ins.op === 0x41a ? HEAP_ANY : HEAP_EXTERN, isNullable(from));
        break;
      }
      default:
        throw new InvalidError('constant expression required', ins.offset);
    }
    stack.push(t);
  }
  if (stack.length !== 1 || !isSubtype(stack[0]!, expected)) throw new InvalidError('type mismatch', expr.offset);
}

function unpack(t: number): ValType {
  return t === PACKED_I8 || t === PACKED_I16 ? I32 : t;
}

/** Pops one value of (a subtype of) `expect` from a constant expression's stack. */
function popConst(stack: ValType[], expect: ValType, offset: number): void {
  const t = stack.pop();
  if (t === undefined || !isSubtype(t, expect)) throw new InvalidError('type mismatch', offset);
}

/** Type index `x` as a struct / array type (GC constant expressions). */
function defTypeAt(module: Module, x: number, kind: number, offset: number): DefType {
  const t = module.types[x];
  if (t === undefined) throw new InvalidError(`unknown type ${x}`, offset);
  if (t.kind !== kind) throw new InvalidError('type mismatch', offset);
  return t;
}
