/**
 * Test generator: the SIMD instructions of WebAssembly 2.0 (spec §5.4.8 "Vector Instructions",
 * §3.3.3 typing) that the module generator draws from with `simd: true` (simd-gen.ts), read from
 * detwasm's opcode table (src/decoder/opcodes.ts: mnemonic, immediate kind, signature, natural
 * alignment of each `0xFD n`) rather than written out a second time. A mistake there cannot hide
 * in the oracle: V8 validates every generated module and executes the bytes, and the generator's
 * coverage test names what it emitted with wabt's wasm2wat (test/gen/gen.test.ts).
 */
import { IMM_KINDS, Imm, IS_DEFINED, MNEMONICS, NATURAL_ALIGN, OPCODE_SPACE, PREFIX_FD, SIGNATURES } from '../../src/decoder/opcodes.js';
import { F32, F64, I32, I64, V128 } from './ops.js';
import type { ValType } from './ops.js';

/** One SIMD instruction (opcode 0x200 + n for `0xFD n`). */
export interface SimdOp {
  readonly op: number;
  readonly name: string;
  /** Its immediates (opcodes.ts `Imm`: NONE, MEMARG, MEMARG_LANE, LANE, SHUFFLE or V128). */
  readonly imm: number;
  readonly params: readonly ValType[];
  /** Result type, or null (stores). */
  readonly result: ValType | null;
  /** Whether its first operand is a memory address (loads and stores). */
  readonly isMemory: boolean;
  /** Memory accesses: bytes read or written (2^natural alignment); else 0. */
  readonly bytes: number;
  /** Lane immediates (LANE, MEMARG_LANE): the lane count of the shape; else 0. */
  readonly lanes: number;
  /**
   * The lane type (F32 / F64) of a float op whose result lanes may be arithmetic NaNs, with
   * nondeterministic bits (spec §4.3.3): the generator canonicalises them right after. Null for
   * every other op (bit operations such as abs, neg, pmin, pmax move NaN bits exactly).
   */
  readonly nanLanes: ValType | null;
}

const LETTER_TYPES: Readonly<Record<string, ValType>> = { i: I32, I: I64, f: F32, F: F64, v: V128 };

/** Lanes of a shape prefix (`i8x16.` ...). */
const SHAPE_LANES: Readonly<Record<string, number>> = { i8x16: 16, i16x8: 8, i32x4: 4, f32x4: 4, i64x2: 2, f64x2: 2 };

const F32_NAN_OPS = /^f32x4\.(add|sub|mul|div|min|max|sqrt|ceil|floor|trunc|nearest|demote_f64x2_zero)$/;
const F64_NAN_OPS = /^f64x2\.(add|sub|mul|div|min|max|sqrt|ceil|floor|trunc|nearest|promote_low_f32x4)$/;

function simdOp(op: number): SimdOp {
  const name = MNEMONICS[op]!;
  const imm = IMM_KINDS[op]!;
  const [ps, rs] = SIGNATURES[op]!.split(':') as [string, string];
  const isMemory = imm === Imm.MEMARG || imm === Imm.MEMARG_LANE;
  const lanes = imm === Imm.LANE ? SHAPE_LANES[name.slice(0, name.indexOf('.'))]! : imm === Imm.MEMARG_LANE ? 16 >> NATURAL_ALIGN[op]! : 0;
  return {
    op, name, imm, isMemory, lanes,
    params: [...ps].map((l) => LETTER_TYPES[l]!),
    result: rs === '' ? null : LETTER_TYPES[rs]!,
    bytes: isMemory ? 1 << NATURAL_ALIGN[op]! : 0,
    nanLanes: F32_NAN_OPS.test(name) ? F32 : F64_NAN_OPS.test(name) ? F64 : null,
  };
}

/**
 * Every SIMD instruction of WebAssembly 2.0 (236), by opcode: `0xFD n` for n < 0x100. Relaxed SIMD
 * (`0xFD 0x100..`) is left out: V8's results for it depend on the CPU (the non-determinism the
 * proposal allows), so V8 cannot be the oracle; the relaxed-simd spec folder and
 * test/interpreter/relaxed-simd.test.ts check detwasm's deterministic-profile results instead.
 */
export const SIMD_OPS: readonly SimdOp[] = (() => {
  const out: SimdOp[] = [];
  for (let op = PREFIX_FD; op < Math.min(OPCODE_SPACE, PREFIX_FD + 0x100); op++) if (IS_DEFINED[op] === 1) out.push(simdOp(op));
  return out;
})();

/** SIMD ops by opcode. */
export const SIMD_OP_BY_CODE: ReadonlyMap<number, SimdOp> = new Map(SIMD_OPS.map((o) => [o.op, o]));
