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
import type { InstanceState, TableInst } from './runtime.js';

function charge(m: Machine, units: number, cost: number): boolean {
  if (cost === 0 || units === 0) return true;
  m.gas -= units * cost;
  if (m.gas < 0) return false;
  return true;
}

/** memory.init seg: [d s n]. */
export function memoryInit(m: Machine, inst: InstanceState, seg: number, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const d = i32[base]! >>> 0;
  const s = i32[base + 2]! >>> 0;
  const n = i32[base + 4]! >>> 0;
  if (!charge(m, n, m.byteCost)) return TrapCode.OUT_OF_GAS;
  const data = inst.module.datas[seg]!;
  const len = inst.droppedData[seg] ? 0 : data.dataEnd - data.dataStart;
  const mem = inst.memory;
  if (s + n > len || d + n > mem.view.byteLength) return TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS;
  if (n > 0) mem.bytes.set(inst.module.bytes.subarray(data.dataStart + s, data.dataStart + s + n), d);
  return 0;
}

/** data.drop seg. */
export function dataDrop(inst: InstanceState, seg: number): void {
  inst.droppedData[seg] = 1;
}

/** memory.copy: [d s n] (overlapping ranges copy as if through a buffer). */
export function memoryCopy(m: Machine, inst: InstanceState, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const d = i32[base]! >>> 0;
  const s = i32[base + 2]! >>> 0;
  const n = i32[base + 4]! >>> 0;
  if (!charge(m, n, m.byteCost)) return TrapCode.OUT_OF_GAS;
  const mem = inst.memory;
  const size = mem.view.byteLength;
  if (s + n > size || d + n > size) return TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS;
  if (n > 0) mem.bytes.copyWithin(d, s, s + n);
  return 0;
}

/** memory.fill: [d val n]. */
export function memoryFill(m: Machine, inst: InstanceState, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const d = i32[base]! >>> 0;
  const v = i32[base + 2]! & 0xff;
  const n = i32[base + 4]! >>> 0;
  if (!charge(m, n, m.byteCost)) return TrapCode.OUT_OF_GAS;
  const mem = inst.memory;
  if (d + n > mem.view.byteLength) return TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS;
  if (n > 0) mem.bytes.fill(v, d, d + n);
  return 0;
}

/** table.init seg table: [d s n]. */
export function tableInit(m: Machine, inst: InstanceState, seg: number, tableIdx: number, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const d = i32[base]! >>> 0;
  const s = i32[base + 2]! >>> 0;
  const n = i32[base + 4]! >>> 0;
  if (!charge(m, n, m.elementCost)) return TrapCode.OUT_OF_GAS;
  const elems = inst.elems[seg] ?? null;
  const len = elems === null ? 0 : elems.length;
  const table = inst.tables[tableIdx]!;
  if (s + n > len || d + n > table.elements.length) return TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS;
  for (let k = 0; k < n; k++) table.elements[d + k] = elems![s + k];
  return 0;
}

/** elem.drop seg. */
export function elemDrop(inst: InstanceState, seg: number): void {
  inst.elems[seg] = null;
}

/** table.copy dst src: [d s n]. */
export function tableCopy(m: Machine, inst: InstanceState, dstIdx: number, srcIdx: number, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const d = i32[base]! >>> 0;
  const s = i32[base + 2]! >>> 0;
  const n = i32[base + 4]! >>> 0;
  if (!charge(m, n, m.elementCost)) return TrapCode.OUT_OF_GAS;
  const dst = inst.tables[dstIdx]!.elements;
  const src = inst.tables[srcIdx]!.elements;
  if (s + n > src.length || d + n > dst.length) return TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS;
  if (d <= s) {
    for (let k = 0; k < n; k++) dst[d + k] = src[s + k];
  } else {
    for (let k = n - 1; k >= 0; k--) dst[d + k] = src[s + k];
  }
  return 0;
}

/** table.grow: [ref n] at base -> [old size or -1] at base. */
export function tableGrow(m: Machine, table: TableInst, base: number): TrapCode | 0 {
  const n = m.i32[base + 2]! >>> 0;
  const slot = base >> 1;
  const init = m.refs[slot];
  if (!charge(m, n, m.elementCost)) return TrapCode.OUT_OF_GAS;
  m.refs[slot] = null;
  m.i32[base] = table.grow(n, init);
  return 0;
}

/** table.fill: [i ref n]. */
export function tableFill(m: Machine, table: TableInst, base: number): TrapCode | 0 {
  const i32 = m.i32;
  const d = i32[base]! >>> 0;
  const slot = (base + 2) >> 1;
  const v = m.refs[slot];
  m.refs[slot] = null;
  const n = i32[base + 4]! >>> 0;
  if (!charge(m, n, m.elementCost)) return TrapCode.OUT_OF_GAS;
  if (d + n > table.elements.length) return TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS;
  table.elements.fill(v, d, d + n);
  return 0;
}
