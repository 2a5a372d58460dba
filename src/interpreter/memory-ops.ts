/**
 * Memory instructions on a memory other than memory 0 of an i32 address type (multi-memory,
 * memory64): loads, stores, memory.size and memory.grow through the value stack, out of the
 * dispatch loop. Memory 0 with i32 addresses keeps the dispatch loop's own ops (run.ts), so code
 * that uses only it runs exactly as before; these paths cost a helper call per access.
 *
 * Addresses of a 64-bit memory are the two words of an i64 slot. Every memory is at most
 * SPEC_MAX_PAGES (4 GiB, runtime.ts MemoryInst), so an effective address is computed as a
 * number (exact below 2^53, and out of bounds above) and compared with the byte length.
 *
 * Stack layout (words from sp): an address or a scalar value takes 2 words, a v128 4.
 * `memAccess` returns the new sp, or a negated TrapCode.
 */
import { OPCODE_SPACE } from '../decoder/opcodes.js';
import { TrapCode } from '../errors.js';
import type { Machine } from './machine.js';
import type { MemoryInst } from './runtime.js';

/** The u64 of the two words at `w` (low first), as a number (exact below 2^53). */
export function u64At(i32: Int32Array, w: number): number {
  return (i32[w + 1]! >>> 0) * 0x100000000 + (i32[w]! >>> 0);
}

/** The address operand at word `w` of a memory of the given address type. */
export function addrAt(i32: Int32Array, w: number, is64: boolean): number {
  return is64 ? u64At(i32, w) : i32[w]! >>> 0;
}

/** Bytes moved by each memory instruction (dense opcode), 0 for others. */
const ACCESS_BYTES = new Uint8Array(OPCODE_SPACE);
for (const [op, n] of [
  [0x28, 4], [0x29, 8], [0x2a, 4], [0x2b, 8], [0x2c, 1], [0x2d, 1], [0x2e, 2], [0x2f, 2], [0x30, 1], [0x31, 1], [0x32, 2],
  [0x33, 2], [0x34, 4], [0x35, 4], [0x36, 4], [0x37, 8], [0x38, 4], [0x39, 8], [0x3a, 1], [0x3b, 2], [0x3c, 1], [0x3d, 2],
  [0x3e, 4], [0x200, 16], [0x201, 8], [0x202, 8], [0x203, 8], [0x204, 8], [0x205, 8], [0x206, 8], [0x207, 1], [0x208, 2],
  [0x209, 4], [0x20a, 8], [0x20b, 16], [0x254, 1], [0x255, 2], [0x256, 4], [0x257, 8], [0x258, 1], [0x259, 2], [0x25a, 4],
  [0x25b, 8], [0x25c, 4], [0x25d, 8],
] as const) ACCESS_BYTES[op] = n;

/** True for the memory instructions memAccess implements (lower.ts routes exactly these). */
export function isMemAccess(op: number): boolean {
  return ACCESS_BYTES[op] !== 0;
}

/** Scratch for v128 lane work (16 bytes and their words). */
const scratch = new Uint8Array(16);
const scratchView = new DataView(scratch.buffer);

/** Copies the v128 at stack word `w` into `scratch`. */
function readV128(i32: Int32Array, w: number): void {
  for (let k = 0; k < 4; k++) scratchView.setInt32(4 * k, i32[w + k]!, true);
}

/** Writes `scratch` as the v128 at stack word `w`. */
function writeV128(i32: Int32Array, w: number): void {
  for (let k = 0; k < 4; k++) i32[w + k] = scratchView.getInt32(4 * k, true);
}

/**
 * A load or store `op` (dense opcode) on `mem` with a constant `offset` and lane `lane` (lane
 * ops), its operands ending at stack word `sp`. Returns the new sp, or -TrapCode.
 */
export function memAccess(m: Machine, mem: MemoryInst, op: number, offset: number, lane: number, sp: number): number {
  const i32 = m.i32;
  const n = ACCESS_BYTES[op]!;
  // Where the address is: below a stored scalar (2 words) or v128 (4 words).
  const isStore = (op >= 0x36 && op <= 0x3e) || op === 0x20b || (op >= 0x258 && op <= 0x25b);
  const hasV128Operand = op === 0x20b || (op >= 0x254 && op <= 0x25b);
  const at = sp - 2 - (hasV128Operand ? 4 : isStore ? 2 : 0);
  const ea = addrAt(i32, at, mem.is64) + offset;
  if (ea + n > mem.view.byteLength) return -TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS;
  const view = mem.view;
  const a = ea; // in bounds: below 2^32
  switch (op) {
    case 0x28: case 0x2a: // i32.load, f32.load (bits)
      i32[at] = view.getInt32(a, true);
      return sp;
    case 0x29: case 0x2b: // i64.load, f64.load (bits)
      i32[at] = view.getInt32(a, true);
      i32[at + 1] = view.getInt32(a + 4, true);
      return sp;
    case 0x2c: i32[at] = view.getInt8(a); return sp;
    case 0x2d: i32[at] = view.getUint8(a); return sp;
    case 0x2e: i32[at] = view.getInt16(a, true); return sp;
    case 0x2f: i32[at] = view.getUint16(a, true); return sp;
    case 0x30: case 0x32: case 0x34: { // i64.load8_s / 16_s / 32_s
      const v = op === 0x30 ? view.getInt8(a) : op === 0x32 ? view.getInt16(a, true) : view.getInt32(a, true);
      i32[at] = v;
      i32[at + 1] = v >> 31;
      return sp;
    }
    case 0x31: case 0x33: case 0x35: // i64.load8_u / 16_u / 32_u
      i32[at] = op === 0x31 ? view.getUint8(a) : op === 0x33 ? view.getUint16(a, true) : view.getInt32(a, true);
      i32[at + 1] = 0;
      return sp;
    case 0x36: case 0x38: view.setInt32(a, i32[at + 2]!, true); return at;
    case 0x37: case 0x39:
      view.setInt32(a, i32[at + 2]!, true);
      view.setInt32(a + 4, i32[at + 3]!, true);
      return at;
    case 0x3a: case 0x3c: view.setInt8(a, i32[at + 2]!); return at;
    case 0x3b: case 0x3d: view.setInt16(a, i32[at + 2]!, true); return at;
    case 0x3e: view.setInt32(a, i32[at + 2]!, true); return at;
    case 0x200: // v128.load
      for (let k = 0; k < 4; k++) i32[at + k] = view.getInt32(a + 4 * k, true);
      return at + 4;
    case 0x201: case 0x202: // v128.load8x8_s / _u: 8 bytes to 8 i16 lanes
      for (let k = 0; k < 8; k++) scratchView.setInt16(2 * k, op === 0x201 ? view.getInt8(a + k) : view.getUint8(a + k), true);
      writeV128(i32, at);
      return at + 4;
    case 0x203: case 0x204: // v128.load16x4_s / _u
      for (let k = 0; k < 4; k++) scratchView.setInt32(4 * k, op === 0x203 ? view.getInt16(a + 2 * k, true) : view.getUint16(a + 2 * k, true), true);
      writeV128(i32, at);
      return at + 4;
    case 0x205: case 0x206: // v128.load32x2_s / _u
      for (let k = 0; k < 2; k++) {
        const v = view.getInt32(a + 4 * k, true);
        scratchView.setInt32(8 * k, v, true);
        scratchView.setInt32(8 * k + 4, op === 0x205 ? v >> 31 : 0, true);
      }
      writeV128(i32, at);
      return at + 4;
    case 0x207: case 0x208: case 0x209: case 0x20a: // v128.load8/16/32/64_splat
      for (let k = 0; k < 16; k += n) for (let j = 0; j < n; j++) scratch[k + j] = mem.bytes[a + j]!;
      writeV128(i32, at);
      return at + 4;
    case 0x25c: case 0x25d: // v128.load32_zero / load64_zero
      scratch.fill(0);
      for (let j = 0; j < n; j++) scratch[j] = mem.bytes[a + j]!;
      writeV128(i32, at);
      return at + 4;
    case 0x20b: // v128.store
      for (let k = 0; k < 4; k++) view.setInt32(a + 4 * k, i32[at + 2 + k]!, true);
      return at;
    case 0x254: case 0x255: case 0x256: case 0x257: // v128.loadN_lane: [addr v] -> [v]
      readV128(i32, at + 2);
      for (let j = 0; j < n; j++) scratch[lane * n + j] = mem.bytes[a + j]!;
      writeV128(i32, at);
      return at + 4;
    case 0x258: case 0x259: case 0x25a: case 0x25b: // v128.storeN_lane
      readV128(i32, at + 2);
      for (let j = 0; j < n; j++) mem.bytes[a + j] = scratch[lane * n + j]!;
      return at;
    default:
      return -TrapCode.UNREACHABLE; // not a memory access (lower.ts routes only those)
  }
}

/** memory.size of `mem`: pushes its page count (an i64 for a 64-bit memory, high word 0). */
export function memorySizeOf(m: Machine, mem: MemoryInst, sp: number): number {
  m.i32[sp] = mem.pages;
  m.i32[sp + 1] = 0;
  return sp + 2;
}

/**
 * memory.grow of `mem`: [delta] -> [old pages or -1] at word `w` (i64 for a 64-bit memory),
 * charging the page cost first (success or not; m.gas synced by the caller). Returns 0 or
 * TrapCode.OUT_OF_GAS.
 */
export function memoryGrowOf(m: Machine, mem: MemoryInst, w: number): TrapCode | 0 {
  const i32 = m.i32;
  const delta = addrAt(i32, w, mem.is64);
  m.gas -= delta * m.pageCost;
  if (m.gas < 0) return TrapCode.OUT_OF_GAS;
  const old = delta > mem.maxPages ? -1 : mem.grow(delta);
  i32[w] = old;
  i32[w + 1] = old < 0 ? -1 : 0;
  return 0;
}
