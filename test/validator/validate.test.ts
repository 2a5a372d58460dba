/**
 * Unit tests of validateModule (spec §3): one table row per error path (class and exact message)
 * and a table of valid edge cases. Modules are assembled with wabt's wat2wasm (which does not
 * validate, so it writes invalid modules as asked); the few shapes wabt cannot write are built
 * byte by byte in func-validator.test.ts.
 */
import wabtInit from 'wabt';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/decoder/decode.js';
import type { Module } from '../../src/decoder/module.js';
import { InvalidError } from '../../src/errors.js';
import { validateModule } from '../../src/validator/validate.js';
import { WASM_2_0 } from '../../src/validator/features.js';
import type { Features } from '../../src/validator/features.js';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Wabt;
beforeAll(async () => {
  wabt = await wabtInit();
});

const FEATURES = { multi_value: true, bulk_memory: true, reference_types: true, simd: true, sign_extension: true, sat_float_to_int: true };

function decodeWat(text: string): Module {
  const m = wabt.parseWat('test.wat', text, FEATURES);
  try {
    return decodeModule(new Uint8Array(m.toBinary({}).buffer));
  } finally {
    m.destroy();
  }
}

function invalidError(text: string, features?: Features): InvalidError {
  const module = decodeWat(text);
  try {
    validateModule(module, features);
  } catch (e) {
    if (e instanceof InvalidError) return e;
    throw e;
  }
  throw new Error('module validated');
}

interface InvalidCase {
  readonly name: string;
  readonly wat: string;
  readonly message: string;
  /** Expected funcIdx of the error (-1 outside bodies). */
  readonly funcIdx?: number;
  /** Features validated against (default: validateModule's). */
  readonly features?: Features;
}

const INVALID: readonly InvalidCase[] = [
  // ---- operand typing
  { name: 'result of wrong type', wat: '(func (result i32) (i64.const 0))', message: 'type mismatch', funcIdx: 0 },
  { name: 'operand missing', wat: '(func (drop (i32.eqz)))', message: 'type mismatch', funcIdx: 0 },
  { name: 'value left at end', wat: '(func (i32.const 1))', message: 'type mismatch', funcIdx: 0 },
  { name: 'block result missing', wat: '(func (block (result i32)) drop)', message: 'type mismatch' },
  { name: 'block cannot see outer operands', wat: '(func (i32.const 1) (block (drop)) drop)', message: 'type mismatch' },
  { name: 'binary op on mixed types', wat: '(func (drop (i32.add (i32.const 1) (f32.const 1))))', message: 'type mismatch' },
  { name: 'SIMD op on i32', wat: '(func (drop (i8x16.add (i32.const 1) (i32.const 2))))', message: 'type mismatch' },
  { name: 'shift count must be i32', wat: '(func (drop (i8x16.shl (v128.const i64x2 0 0) (i64.const 1))))', message: 'type mismatch' },
  { name: 'return value of wrong type', wat: '(func (result i32) (return (i64.const 1)))', message: 'type mismatch' },
  { name: 'if without else must have params = results', wat: '(func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1))))', message: 'type mismatch' },
  { name: 'if condition missing', wat: '(func (if (then)))', message: 'type mismatch' },
  { name: 'else branch result wrong', wat: '(func (result i32) (if (result i32) (i32.const 1) (then (i32.const 1)) (else (i64.const 1))))', message: 'type mismatch' },
  { name: 'block param missing', wat: '(type (func (param i32))) (func (block (type 0) (param i32) (drop)))', message: 'type mismatch' },
  { name: 'loop label carries params', wat: '(type (func (param i32))) (func (i32.const 0) (loop (type 0) (param i32) (drop) (br 0)))', message: 'type mismatch' },
  { name: 'br value missing', wat: '(func (block (result i32) (br 0)) drop)', message: 'type mismatch' },
  { name: 'br_if condition missing', wat: '(func (block (br_if 0)))', message: 'type mismatch' },
  { name: 'br_if value of wrong type', wat: '(func (block (result i32) (br_if 0 (i64.const 1) (i32.const 1))) drop)', message: 'type mismatch' },
  { name: 'br_table arity mismatch', wat: '(func (block (result i32) (block (br_table 0 1 (i32.const 1) (i32.const 0)))) drop)', message: 'type mismatch' },
  { name: 'br_table target types differ', wat: '(func (block (result i32) (drop (block (result i64) (br_table 0 1 (i64.const 1) (i32.const 0))))) drop)', message: 'type mismatch' },
  { name: 'br_table target with same arity, other types', wat: '(type (func (result i32 i64))) (type (func (result i64 i32))) (func block (type 0) (result i32 i64) block (type 1) (result i64 i32) i64.const 0 i32.const 0 i32.const 0 br_table 0 0 1 0 end drop drop unreachable end drop drop)', message: 'type mismatch' },
  { name: 'br_table default with other types', wat: '(type (func (result i32 i64))) (type (func (result i64 i32))) (func block (type 0) (result i32 i64) block (type 1) (result i64 i32) i64.const 0 i32.const 0 i32.const 0 br_table 0 0 1 end drop drop unreachable end drop drop)', message: 'type mismatch' },
  { name: 'untyped select on funcref', wat: '(func (drop (select (ref.null func) (ref.null func) (i32.const 1))))', message: 'type mismatch' },
  { name: 'untyped select on mixed types', wat: '(func (drop (select (i32.const 1) (i64.const 1) (i32.const 1))))', message: 'type mismatch' },
  { name: 'typed select with two types', wat: '(func (select (result i32 i32) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 1)) drop drop)', message: 'invalid result arity' },
  { name: 'typed select operand mismatch', wat: '(func (drop (select (result externref) (ref.null func) (ref.null extern) (i32.const 1))))', message: 'type mismatch' },
  { name: 'ref.is_null on i32', wat: '(func (drop (ref.is_null (i32.const 1))))', message: 'type mismatch' },
  { name: 'local.set of wrong type', wat: '(func (local i32) (local.set 0 (f32.const 0)))', message: 'type mismatch' },
  { name: 'call argument of wrong type', wat: '(func (param i64)) (func (call 0 (i32.const 1)))', message: 'type mismatch', funcIdx: 1 },
  { name: 'call_indirect on externref table', wat: '(table 1 externref) (func (call_indirect (i32.const 0)))', message: 'type mismatch' },
  { name: 'table.set value of wrong type', wat: '(table 1 externref) (func (table.set 0 (i32.const 0) (ref.null func)))', message: 'type mismatch' },
  { name: 'table.grow value of wrong type', wat: '(table 1 funcref) (func (drop (table.grow 0 (ref.null extern) (i32.const 1))))', message: 'type mismatch' },
  { name: 'table.copy between element types', wat: '(table 1 funcref) (table 1 externref) (func (table.copy 0 1 (i32.const 0) (i32.const 0) (i32.const 0)))', message: 'type mismatch' },
  { name: 'table.init element type differs', wat: '(table 1 externref) (elem funcref) (func (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 0)))', message: 'type mismatch' },
  { name: 'store value of wrong type', wat: '(memory 1) (func (i32.store (i32.const 0) (i64.const 0)))', message: 'type mismatch' },
  { name: 'unreachable code still types instructions', wat: '(func unreachable (i32.add (i64.const 0)) drop)', message: 'type mismatch' },
  { name: 'unreachable block end with extra value', wat: '(func (block unreachable (i32.const 1)))', message: 'type mismatch' },
  // ---- index spaces
  { name: 'unknown local', wat: '(func (param i32) (local i64) (drop (local.get 2)))', message: 'unknown local 2' },
  { name: 'unknown local (tee)', wat: '(func (drop (local.tee 0 (i32.const 0))))', message: 'unknown local 0' },
  { name: 'unknown global (get)', wat: '(func (drop (global.get 0)))', message: 'unknown global 0' },
  { name: 'unknown global (set)', wat: '(global (mut i32) (i32.const 0)) (func (global.set 1 (i32.const 0)))', message: 'unknown global 1' },
  { name: 'immutable global', wat: '(global i32 (i32.const 0)) (func (global.set 0 (i32.const 1)))', message: 'global is immutable' },
  { name: 'unknown function (call)', wat: '(func (call 5))', message: 'unknown function 5' },
  { name: 'unknown function (ref.func)', wat: '(func (drop (ref.func 7)))', message: 'unknown function 7' },
  { name: 'undeclared function reference', wat: '(func (drop (ref.func 0)))', message: 'undeclared function reference' },
  { name: 'unknown table (call_indirect)', wat: '(func (call_indirect (i32.const 0)))', message: 'unknown table 0' },
  { name: 'unknown table (table.get)', wat: '(func (drop (table.get 0 (i32.const 0))))', message: 'unknown table 0' },
  { name: 'unknown table (table.size)', wat: '(table 1 funcref) (func (drop (table.size 1)))', message: 'unknown table 1' },
  { name: 'unknown table (table.fill)', wat: '(func (table.fill 0 (i32.const 0) (ref.null func) (i32.const 0)))', message: 'unknown table 0' },
  { name: 'unknown table (table.init)', wat: '(elem funcref) (func (table.init 0 0 (i32.const 0) (i32.const 0) (i32.const 0)))', message: 'unknown table 0' },
  { name: 'unknown type (call_indirect)', wat: '(table 1 funcref) (func (call_indirect (type 9) (i32.const 0)))', message: 'unknown type 9' },
  { name: 'unknown label (br)', wat: '(func (block (br 2)))', message: 'unknown label 2' },
  { name: 'unknown label (br_if)', wat: '(func (br_if 1 (i32.const 1)))', message: 'unknown label 1' },
  { name: 'unknown label (br_table target)', wat: '(func (block (br_table 0 3 0 (i32.const 1))))', message: 'unknown label 3' },
  { name: 'unknown label (br_table default)', wat: '(func (block (br_table 0 0 4 (i32.const 1))))', message: 'unknown label 4' },
  { name: 'unknown elem segment (elem.drop)', wat: '(func (elem.drop 0))', message: 'unknown elem segment 0' },
  { name: 'unknown elem segment (table.init)', wat: '(table 1 funcref) (elem funcref) (func (table.init 0 4 (i32.const 0) (i32.const 0) (i32.const 0)))', message: 'unknown elem segment 4' },
  { name: 'unknown data segment (data.drop)', wat: '(memory 1) (func (data.drop 0))', message: 'unknown data segment 0' },
  { name: 'unknown data segment (memory.init)', wat: '(memory 1) (data "") (func (memory.init 1 (i32.const 0) (i32.const 0) (i32.const 0)))', message: 'unknown data segment 1' },
  // ---- memory
  { name: 'unknown memory (load)', wat: '(func (drop (i32.load (i32.const 0))))', message: 'unknown memory 0' },
  { name: 'unknown memory (store)', wat: '(func (f64.store (i32.const 0) (f64.const 0)))', message: 'unknown memory 0' },
  { name: 'unknown memory (v128.load)', wat: '(func (drop (v128.load (i32.const 0))))', message: 'unknown memory 0' },
  { name: 'unknown memory (load lane)', wat: '(func (drop (v128.load8_lane 0 (i32.const 0) (v128.const i64x2 0 0))))', message: 'unknown memory 0' },
  { name: 'unknown memory (memory.size)', wat: '(func (drop (memory.size)))', message: 'unknown memory 0' },
  { name: 'unknown memory (memory.grow)', wat: '(func (drop (memory.grow (i32.const 0))))', message: 'unknown memory 0' },
  { name: 'unknown memory (memory.fill)', wat: '(func (memory.fill (i32.const 0) (i32.const 0) (i32.const 0)))', message: 'unknown memory 0' },
  { name: 'unknown memory (memory.copy)', wat: '(func (memory.copy (i32.const 0) (i32.const 0) (i32.const 0)))', message: 'unknown memory 0' },
  { name: 'unknown memory (memory.init)', wat: '(data "") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 0)))', message: 'unknown memory 0' },
  { name: 'alignment (i32.load)', wat: '(memory 1) (func (drop (i32.load align=8 (i32.const 0))))', message: 'alignment must not be larger than natural' },
  { name: 'alignment (i64.store8)', wat: '(memory 1) (func (i64.store8 align=2 (i32.const 0) (i64.const 0)))', message: 'alignment must not be larger than natural' },
  { name: 'alignment (v128.load8_splat)', wat: '(memory 1) (func (drop (v128.load8_splat align=2 (i32.const 0))))', message: 'alignment must not be larger than natural' },
  { name: 'alignment (v128.store16_lane)', wat: '(memory 1) (func (v128.store16_lane align=4 0 (i32.const 0) (v128.const i64x2 0 0)))', message: 'alignment must not be larger than natural' },
  // ---- lanes
  { name: 'lane (i8x16.extract_lane_s 16)', wat: '(func (drop (i8x16.extract_lane_s 16 (v128.const i64x2 0 0))))', message: 'invalid lane index' },
  { name: 'lane (i16x8.replace_lane 8)', wat: '(func (drop (i16x8.replace_lane 8 (v128.const i64x2 0 0) (i32.const 0))))', message: 'invalid lane index' },
  { name: 'lane (i32x4.extract_lane 4)', wat: '(func (drop (i32x4.extract_lane 4 (v128.const i64x2 0 0))))', message: 'invalid lane index' },
  { name: 'lane (f64x2.replace_lane 2)', wat: '(func (drop (f64x2.replace_lane 2 (v128.const i64x2 0 0) (f64.const 0))))', message: 'invalid lane index' },
  { name: 'lane (i64x2.extract_lane 2)', wat: '(func (drop (i64x2.extract_lane 2 (v128.const i64x2 0 0))))', message: 'invalid lane index' },
  { name: 'lane (f32x4.extract_lane 4)', wat: '(func (drop (f32x4.extract_lane 4 (v128.const i64x2 0 0))))', message: 'invalid lane index' },
  { name: 'lane (v128.load64_lane 2)', wat: '(memory 1) (func (drop (v128.load64_lane 2 (i32.const 0) (v128.const i64x2 0 0))))', message: 'invalid lane index' },
  { name: 'lane (v128.store8_lane 16)', wat: '(memory 1) (func (v128.store8_lane 16 (i32.const 0) (v128.const i64x2 0 0)))', message: 'invalid lane index' },
  { name: 'lane (i8x16.shuffle 32)', wat: '(func (drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 32 (v128.const i64x2 0 0) (v128.const i64x2 0 0))))', message: 'invalid lane index' },
  // ---- module level
  { name: 'duplicate export name', wat: '(func (export "a")) (global (export "a") i32 (i32.const 0))', message: 'duplicate export name', funcIdx: -1 },
  { name: 'export of unknown function', wat: '(export "a" (func 3))', message: 'unknown function 3', funcIdx: -1 },
  { name: 'export of unknown table', wat: '(export "a" (table 0))', message: 'unknown table 0' },
  { name: 'export of unknown memory', wat: '(export "a" (memory 1))', message: 'unknown memory 1' },
  { name: 'export of unknown global', wat: '(export "a" (global 0))', message: 'unknown global 0' },
  { name: 'multiple memories (defined; 2.0)', wat: '(memory 1) (memory 1)', message: "multiple memories requires feature 'multi-memory'", features: WASM_2_0 },
  { name: 'multiple memories (import + defined; 2.0)', wat: '(import "a" "m" (memory 1)) (memory 1)', message: "multiple memories requires feature 'multi-memory'", features: WASM_2_0 },
  { name: 'start function with params', wat: '(func (param i32)) (start 0)', message: 'start function' },
  { name: 'start function with results', wat: '(func (result i32) (i32.const 0)) (start 0)', message: 'start function' },
  { name: 'unknown start function', wat: '(start 3)', message: 'unknown function 3' },
  { name: 'table min > max', wat: '(table 2 1 funcref)', message: 'size minimum must not be greater than maximum' },
  { name: 'imported table min > max', wat: '(import "a" "t" (table 2 1 funcref))', message: 'size minimum must not be greater than maximum' },
  { name: 'memory min > max', wat: '(memory 2 1)', message: 'size minimum must not be greater than maximum' },
  { name: 'memory min too large', wat: '(memory 65537)', message: 'memory size must be at most 65536 pages (4GiB)' },
  { name: 'memory max too large', wat: '(memory 0 65537)', message: 'memory size must be at most 65536 pages (4GiB)' },
  { name: 'imported memory too large', wat: '(import "a" "m" (memory 0 4294967295))', message: 'memory size must be at most 65536 pages (4GiB)' },
  { name: 'import of unknown type', wat: '(import "a" "b" (func (type 4)))', message: 'unknown type 4' },
  { name: 'function of unknown type', wat: '(func (type 3))', message: 'unknown type 3' },
  // ---- constant expressions
  { name: 'global init not constant', wat: '(global i32 (i32.ctz (i32.const 0)))', message: 'constant expression required' },
  { name: 'global init with nop', wat: '(global i32 (i32.const 0) (nop))', message: 'constant expression required' },
  { name: 'global init local.get', wat: '(global f32 (local.get 0))', message: 'constant expression required' },
  { name: 'global init of mutable import', wat: '(import "a" "g" (global (mut i32))) (global i32 (global.get 0))', message: 'constant expression required' },
  { name: 'global init of defined global (2.0)', wat: '(global i32 (i32.const 0)) (global i32 (global.get 0))', message: "global.get of a defined global in a constant expression requires feature 'gc'", features: WASM_2_0 },
  { name: 'global init of a later global (3.0)', wat: '(global i32 (global.get 1)) (global i32 (i32.const 0))', message: 'unknown global 1' },
  { name: 'global init of a mutable defined global (3.0)', wat: '(global (mut i32) (i32.const 0)) (global i32 (global.get 0))', message: 'constant expression required' },
  { name: 'global init type mismatch', wat: '(global i32 (f32.const 0))', message: 'type mismatch' },
  { name: 'global init two values', wat: '(global i32 (i32.const 0) (i32.const 0))', message: 'type mismatch' },
  { name: 'global init empty', wat: '(global i32)', message: 'type mismatch' },
  { name: 'global init ref type mismatch', wat: '(import "a" "g" (global externref)) (global funcref (global.get 0))', message: 'type mismatch' },
  { name: 'global init ref.func unknown', wat: '(global funcref (ref.func 2))', message: 'unknown function 2' },
  { name: 'elem offset not i32', wat: '(table 1 funcref) (elem (i64.const 0))', message: 'type mismatch' },
  { name: 'elem offset not constant', wat: '(table 1 funcref) (elem (offset (i32.const 0) (nop)))', message: 'constant expression required' },
  { name: 'elem offset of defined global (2.0)', wat: '(table 1 funcref) (global i32 (i32.const 0)) (elem (global.get 0))', message: "global.get of a defined global in a constant expression requires feature 'gc'", features: WASM_2_0 },
  { name: 'elem of unknown table', wat: '(elem (i32.const 0) func)', message: 'unknown table 0' },
  { name: 'elem type differs from table', wat: '(table 1 externref) (func) (elem (i32.const 0) func 0)', message: 'type mismatch' },
  { name: 'elem of unknown function', wat: '(table 1 funcref) (elem (i32.const 0) func 4)', message: 'unknown function 4' },
  { name: 'elem expr of wrong type', wat: '(table 1 funcref) (elem (i32.const 0) funcref (ref.null extern))', message: 'type mismatch' },
  { name: 'elem expr not constant', wat: '(elem funcref (item (i32.const 0)))', message: 'type mismatch' },
  { name: 'elem expr instruction not constant', wat: '(elem funcref (item (nop)))', message: 'constant expression required' },
  { name: 'data of unknown memory', wat: '(data (i32.const 0) "")', message: 'unknown memory 0' },
  { name: 'data offset not i32', wat: '(memory 1) (data (i64.const 0) "")', message: 'type mismatch' },
  { name: 'data offset not constant', wat: '(memory 1) (data (offset (i32.div_u (i32.const 0) (i32.const 1))) "")', message: 'constant expression required' },
];

const VALID: readonly { readonly name: string; readonly wat: string }[] = [
  { name: 'empty module', wat: '' },
  { name: 'polymorphic stack after unreachable', wat: '(func (result i32) unreachable i32.add)' },
  { name: 'polymorphic stack after br', wat: '(func (result i32) (block (result i32) (br 0 (i32.const 1)) i64.add drop i32.const 1))' },
  { name: 'polymorphic stack after return', wat: '(func (result f64) (return (f64.const 1)) select)' },
  { name: 'polymorphic operand in untyped select', wat: '(func (result v128) unreachable (v128.const i64x2 0 0) (i32.const 1) select)' },
  { name: 'polymorphic select result is usable', wat: '(func (result i32) unreachable select i32.eqz)' },
  { name: 'polymorphic ref.is_null', wat: '(func (result i32) unreachable ref.is_null)' },
  { name: 'polymorphic br_table with differing label types', wat: '(func (block (result i32) (drop (block (result f32) unreachable (br_table 0 1 0))) (i32.const 0)) drop)' },
  { name: 'br_table same arity', wat: '(func (result i32) (block (result i32) (block (result i32) (br_table 0 1 0 (i32.const 7) (i32.const 0)))))' },
  { name: 'br_table to labels of one type index and of an equal one', wat: '(type (func (result i64 i32))) (type (func (result i64 i32))) (func block (type 0) (result i64 i32) block (type 1) (result i64 i32) block (type 0) (result i64 i32) i64.const 0 i32.const 0 i32.const 0 br_table 0 1 2 2 1 0 2 end end end drop drop)' },
  { name: 'br_table to loop with params', wat: '(type (func (param i32))) (func (i32.const 0) (loop (type 0) (param i32) (br_table 0 0 (i32.const 1)) ))' },
  { name: 'br_if passes values through', wat: '(func (result i32) (block (result i32) (br_if 0 (i32.const 1) (i32.const 0))))' },
  { name: 'multi-value block via type index', wat: '(type (func (param i32 i64) (result i64 i32))) (func (result i64 i32) (i32.const 1) (i64.const 2) (block (type 0) (param i32 i64) (result i64 i32) (drop) (drop) (i64.const 3) (i32.const 4)))' },
  { name: 'if with params and else', wat: '(type (func (param i32) (result i32))) (func (result i32) (i32.const 1) (i32.const 0) (if (type 0) (param i32) (result i32) (then) (else (i32.eqz))))' },
  { name: 'if without else, params = results', wat: '(type (func (param i32) (result i32))) (func (result i32) (i32.const 1) (i32.const 0) (if (type 0) (param i32) (result i32) (then (i32.eqz))))' },
  { name: 'loop label takes params', wat: '(type (func (param i32))) (func (i32.const 0) (loop (type 0) (param i32) (br_if 0 (i32.const 1)) (drop)))' },
  { name: 'typed select of v128 and funcref', wat: '(func (result v128 funcref) (select (result v128) (v128.const i64x2 0 0) (v128.const i64x2 1 1) (i32.const 1)) (select (result funcref) (ref.null func) (ref.null func) (i32.const 0)))' },
  { name: 'untyped select of v128', wat: '(func (result v128) (select (v128.const i64x2 0 0) (v128.const i64x2 1 1) (i32.const 1)))' },
  { name: 'ref.func declared by elem declare', wat: '(func $f) (elem declare func $f) (func (drop (ref.func $f)))' },
  { name: 'ref.func declared by export', wat: '(func $f (export "f")) (func (drop (ref.func $f)))' },
  { name: 'ref.func declared by global', wat: '(func $f) (global funcref (ref.func $f)) (func (drop (ref.func $f)))' },
  { name: 'ref.func declared by elem expr', wat: '(func $f) (elem funcref (item (ref.func $f))) (func (drop (ref.func $f)))' },
  { name: 'global init of imported immutable global', wat: '(import "a" "g" (global i64)) (global i64 (global.get 0))' },
  { name: 'global init of all constant kinds', wat: '(import "a" "f" (func)) (global f32 (f32.const 1)) (global f64 (f64.const 1)) (global v128 (v128.const i32x4 1 2 3 4)) (global externref (ref.null extern)) (global funcref (ref.func 0))' },
  { name: 'bulk memory with data count', wat: '(memory 1) (data "ab") (func (memory.init 0 (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop 0))' },
  { name: 'table ops', wat: '(table $t 1 funcref) (table $e 1 externref) (elem funcref (ref.null func)) (func (result i32) (table.init $t 0 (i32.const 0) (i32.const 0) (i32.const 0)) (elem.drop 0) (table.copy $t $t (i32.const 0) (i32.const 0) (i32.const 0)) (table.fill $e (i32.const 0) (ref.null extern) (i32.const 0)) (table.set $e (i32.const 0) (table.get $e (i32.const 0))) (drop (table.grow $t (ref.null func) (i32.const 1))) (table.size $e))' },
  { name: 'call_indirect with multi-value', wat: '(type (func (param i32) (result i32 i32))) (table 1 funcref) (func (result i32 i32) (call_indirect (type 0) (i32.const 1) (i32.const 0)))' },
  { name: 'max natural alignment and lanes', wat: '(memory 1) (func (result v128) (drop (i64.load align=8 (i32.const 0))) (drop (i8x16.extract_lane_u 15 (v128.const i64x2 0 0))) (drop (f64x2.extract_lane 1 (v128.const i64x2 0 0))) (v128.store64_lane align=8 1 (i32.const 0) (v128.const i64x2 0 0)) (i8x16.shuffle 31 30 29 28 27 26 25 24 23 22 21 20 19 18 17 16 (v128.const i64x2 0 0) (v128.load16_lane 7 (i32.const 0) (v128.const i64x2 0 0))))' },
  { name: 'memory of 65536 pages', wat: '(memory 65536 65536)' },
  { name: 'table with max u32', wat: '(table 0 4294967295 funcref)' },
  { name: 'start function [] -> []', wat: '(func) (start 0)' },
  { name: 'mutable global set', wat: '(global (mut i32) (i32.const 0)) (func (global.set 0 (i32.const 1)))' },
  { name: 'locals: params then declared', wat: '(func (param i32 f32) (local i64 v128 externref) (local.set 2 (i64.const 0)) (drop (local.get 1)) (local.set 4 (ref.null extern)) (drop (local.tee 3 (v128.const i64x2 0 0))))' },
  { name: 'function end after unreachable else', wat: '(func (result i32) (if (result i32) (i32.const 0) (then unreachable) (else (i32.const 1))))' },
];

describe('validateModule: invalid modules', () => {
  it.each(INVALID)('$name', ({ wat, message, funcIdx, features }) => {
    const e = invalidError(`(module ${wat})`, features);
    expect(e).toBeInstanceOf(InvalidError);
    expect(e.kind).toBe('invalid');
    expect(e.message).toBe(message);
    if (funcIdx !== undefined) expect(e.funcIdx).toBe(funcIdx);
  });
});

describe('validateModule: valid modules', () => {
  it.each(VALID)('$name', ({ wat }) => {
    expect(() => validateModule(decodeWat(`(module ${wat})`))).not.toThrow();
  });
});

describe('InvalidError location', () => {
  it('reports the function index (imports first) and the offending instruction offset', () => {
    const text = '(module (import "a" "f" (func)) (func) (func (result i32) (i32.const 1) (i64.const 2) (i32.add)))';
    const module = decodeWat(text);
    const e = invalidError(text);
    expect(e.funcIdx).toBe(2);
    const body = module.codes[1]!;
    // i32.const 1 (2 bytes), i64.const 2 (2 bytes), then i32.add.
    expect(e.offset).toBe(body.codeStart + 4);
    expect(module.bytes[e.offset]).toBe(0x6a);
  });

  it('reports -1 and the entry offset outside bodies', () => {
    const text = '(module (func (export "x")) (func (export "x")))';
    const module = decodeWat(text);
    const e = invalidError(text);
    expect(e.funcIdx).toBe(-1);
    expect(e.offset).toBe(module.exports[1]!.offset);
  });
});
