/**
 * `WebAssembly.Memory` (JS API §"Memories"): wraps detwasm's Memory. `buffer` is the same
 * ArrayBuffer until the memory grows, from JS or from wasm; then the old one is detached
 * (byteLength 0), also for `grow(0)` from JS. detwasm replaces (never detaches) its buffer on
 * growth, so this wrapper detaches the one it handed out: at once for a grow from JS, and for a grow from wasm when the
 * exported function that ran it returns, or when `buffer` is next read (a host import reading it
 * mid-call). Detaching uses `structuredClone(buffer, { transfer })` (moves the backing store, no
 * copy): `ArrayBuffer.prototype.transfer` is missing on Node 20.
 */
import { Memory as EngineMemory, memoryInstOf } from '../interpreter/externs.js';
import type { MemoryInst } from '../interpreter/runtime.js';
import { dictionary, enforceU32 } from './descriptors.js';
import { Pairing } from './identity.js';

// Node's global (lib ES2022 has no DOM or Node typings).
declare function structuredClone(value: unknown, options: { transfer: ArrayBuffer[] }): unknown;

const MAX_PAGES = 65536;
const byInst = new WeakMap<MemoryInst, Memory>();
const handedOut = new WeakMap<Memory, ArrayBuffer>();

/** Memory descriptor: sizes in 64 KiB pages. */
export interface MemoryDescriptor {
  readonly initial: number;
  readonly maximum?: number;
}

/** A linear memory. */
export class Memory {
  constructor(descriptor: MemoryDescriptor) {
    const d = dictionary(descriptor, 'descriptor');
    if (d['initial'] === undefined) throw new TypeError("the descriptor's initial size is required");
    const initial = enforceU32(d['initial'], 'initial');
    const maximum = d['maximum'] === undefined ? undefined : enforceU32(d['maximum'], 'maximum');
    if (initial > MAX_PAGES) throw new RangeError('initial must be at most 65536 pages');
    if (maximum !== undefined && (maximum > MAX_PAGES || maximum < initial)) {
      throw new RangeError('maximum must be at least initial and at most 65536 pages');
    }
    memories.bind(this, new EngineMemory(maximum === undefined ? { initial } : { initial, maximum }));
  }

  /** The memory's bytes (the same object until the memory grows). */
  get buffer(): ArrayBuffer {
    return refreshBuffer(this);
  }

  /** Grows by `delta` pages; returns the old size in pages; RangeError when it cannot. */
  grow(delta: number): number {
    const engine = memories.engineOf(this);
    const d = enforceU32(delta, 'delta');
    const old = engine.grow(d);
    if (d === 0) {
      // JS API: grow(0) from JS detaches the buffer too; detwasm keeps its storage, so move it.
      const current = engine.buffer;
      memoryInstOf(engine)!.adoptStorage(structuredClone(current, { transfer: [current] }) as ArrayBuffer);
    }
    refreshBuffer(this);
    return old;
  }
}
// JS API: each interface's prototype has its Symbol.toStringTag ('[object WebAssembly.Memory]').
Object.defineProperty(Memory.prototype, Symbol.toStringTag, { value: 'WebAssembly.Memory', configurable: true });

const memories = new Pairing<Memory, EngineMemory>(Memory.prototype, 'WebAssembly.Memory', (m, e) => byInst.set(memoryInstOf(e)!, m));

/** The current buffer; detaches the one handed out before when the memory moved on. */
function refreshBuffer(m: Memory): ArrayBuffer {
  const now = memories.engineOf(m).buffer;
  const old = handedOut.get(m);
  if (old !== undefined && old !== now && old.byteLength !== 0) structuredClone(old, { transfer: [old] });
  handedOut.set(m, now);
  return now;
}

/** After wasm ran: detaches the handed-out buffer of the JS API Memory of memory `inst`, if it grew. */
export function syncMemory(inst: MemoryInst): void {
  const m = byInst.get(inst);
  if (m !== undefined && handedOut.has(m)) refreshBuffer(m);
}

/** The JS API Memory of a detwasm Memory (created once). */
export function memoryFromEngine(engine: EngineMemory): Memory {
  return memories.wrap(engine);
}

/** The detwasm Memory behind a JS API Memory (undefined for anything else). */
export function engineMemoryOf(v: unknown): EngineMemory | undefined {
  return memories.find(v);
}
