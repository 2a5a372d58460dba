/**
 * Bulk memory and table instructions (spec §4.4.7 memory.init/copy/fill, §4.4.6 table.*) and
 * segment drops: rare or bulky, so they live outside the dispatch loop (STYLE.md: keeps run()
 * small enough for V8 to optimise). Operands are read from the machine's value stack at `base`
 * (three 2-word slots: base, base+2, base+4). Each returns 0 or a TrapCode.
 *
 * Gas is charged per byte or element *before* any work (so a 4 GiB fill with too little gas does
 * nothing); bounds are checked before any write, as the 2.0 semantics require.
 */
import { TrapCode } from '../errors.js';
import type { Machine } from './machine.js';
import { addrAt } from './memory-ops.js';
import type { InstanceState, TableInst } from './runtime.js';

function charge(m: Machine, units: number, cost: number): boolean {
  if (cost === 0 || units === 0) return true;
  m.gas -= units * cost;
  if (m.gas < 0) return false;
  return true;
}

/**
 * memory.init seg mem: [d s n] (d of the memory's address type; s, n i32). Memories are at most
 * 4 GiB, so a 64-bit operand with a non-zero high word is out of bounds like any too-large one.
 */
export function memoryInit(m: Machine, inst: InstanceState, seg: number, memIdx: number, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const mem = inst.memories[memIdx]!;
  const d = addrAt(i32, base, mem.is64);
  const s = i32[base + 2]! >>> 0;
  const n = i32[base + 4]! >>> 0;
  if (!charge(m, n, m.byteCost)) return TrapCode.OUT_OF_GAS;
  const data = inst.module.datas[seg]!;
  const len = inst.droppedData[seg] ? 0 : data.dataEnd - data.dataStart;
  if (s + n > len || d + n > mem.view.byteLength) return TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS;
  if (n > 0) mem.bytes.set(inst.module.bytes.subarray(data.dataStart + s, data.dataStart + s + n), d);
  return 0;
}

/** data.drop seg. */
export function dataDrop(inst: InstanceState, seg: number): void {
  inst.droppedData[seg] = 1;
}

/**
 * memory.copy dst src: [d s n] (overlapping ranges copy as if through a buffer; n is i64 only
 * when both memories are 64-bit).
 */
export function memoryCopy(m: Machine, inst: InstanceState, dstIdx: number, srcIdx: number, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const dst = inst.memories[dstIdx]!;
  const src = inst.memories[srcIdx]!;
  const d = addrAt(i32, base, dst.is64);
  const s = addrAt(i32, base + 2, src.is64);
  const n = addrAt(i32, base + 4, dst.is64 && src.is64);
  if (!charge(m, n, m.byteCost)) return TrapCode.OUT_OF_GAS;
  if (s + n > src.view.byteLength || d + n > dst.view.byteLength) return TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS;
  if (n === 0) return 0;
  if (dst === src) dst.bytes.copyWithin(d, s, s + n);
  else dst.bytes.set(src.bytes.subarray(s, s + n), d);
  return 0;
}

/** memory.fill mem: [d val n] (d and n of the memory's address type). */
export function memoryFill(m: Machine, inst: InstanceState, memIdx: number, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const mem = inst.memories[memIdx]!;
  const d = addrAt(i32, base, mem.is64);
  const v = i32[base + 2]! & 0xff;
  const n = addrAt(i32, base + 4, mem.is64);
  if (!charge(m, n, m.byteCost)) return TrapCode.OUT_OF_GAS;
  if (d + n > mem.view.byteLength) return TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS;
  if (n > 0) mem.bytes.fill(v, d, d + n);
  return 0;
}

/** table.init seg table: [d s n] (d of the table's address type; s, n i32). */
export function tableInit(m: Machine, inst: InstanceState, seg: number, tableIdx: number, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const table = inst.tables[tableIdx]!;
  const d = addrAt(i32, base, table.is64);
  const s = i32[base + 2]! >>> 0;
  const n = i32[base + 4]! >>> 0;
  if (!charge(m, n, m.elementCost)) return TrapCode.OUT_OF_GAS;
  const elems = inst.elems[seg] ?? null;
  const len = elems === null ? 0 : elems.length;
  if (s + n > len || d + n > table.elements.length) return TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS;
  for (let k = 0; k < n; k++) table.elements[d + k] = elems![s + k];
  return 0;
}

/** elem.drop seg. */
export function elemDrop(inst: InstanceState, seg: number): void {
  inst.elems[seg] = null;
}

/** table.copy dst src: [d s n] (n is i64 only when both tables are 64-bit). */
export function tableCopy(m: Machine, inst: InstanceState, dstIdx: number, srcIdx: number, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const dt = inst.tables[dstIdx]!;
  const st = inst.tables[srcIdx]!;
  const d = addrAt(i32, base, dt.is64);
  const s = addrAt(i32, base + 2, st.is64);
  const n = addrAt(i32, base + 4, dt.is64 && st.is64);
  if (!charge(m, n, m.elementCost)) return TrapCode.OUT_OF_GAS;
  const dst = dt.elements;
  const src = st.elements;
  if (s + n > src.length || d + n > dst.length) return TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS;
  if (d <= s) {
    for (let k = 0; k < n; k++) dst[d + k] = src[s + k];
  } else {
    for (let k = n - 1; k >= 0; k--) dst[d + k] = src[s + k];
  }
  return 0;
}

/** table.grow: [ref n] at base -> [old size or -1] at base (an i64 for a 64-bit table). */
export function tableGrow(m: Machine, table: TableInst, base: number): TrapCode | 0 {
  const n = addrAt(m.i32, base + 2, table.is64);
  const slot = base >> 1;
  const init = m.refs[slot];
  if (!charge(m, n, m.elementCost)) return TrapCode.OUT_OF_GAS;
  m.refs[slot] = null;
  const old = n > table.maxSize ? -1 : table.grow(n, init);
  m.i32[base] = old;
  m.i32[base + 1] = old < 0 ? -1 : 0;
  return 0;
}

/** table.fill: [i ref n] (i and n of the table's address type). */
export function tableFill(m: Machine, table: TableInst, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const d = addrAt(i32, base, table.is64);
  const slot = (base + 2) >> 1;
  const v = m.refs[slot];
  m.refs[slot] = null;
  const n = addrAt(i32, base + 4, table.is64);
  if (!charge(m, n, m.elementCost)) return TrapCode.OUT_OF_GAS;
  if (d + n > table.elements.length) return TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS;
  table.elements.fill(v, d, d + n);
  return 0;
}
