/**
 * `WebAssembly.Memory` (JS API §"Memories"): wraps detwasm's Memory. `buffer` is the same
 * ArrayBuffer until the memory grows, from JS or from wasm; then the old one is detached
 * (byteLength 0), also for a grow by 0 pages. detwasm replaces (never detaches) its buffer on
 * growth, so this wrapper detaches the one it handed out: at once for a grow from JS, and for a grow from wasm when the
 * exported function that ran it returns, or when `buffer` is next read (a host import reading it
 * mid-call). Detaching uses `structuredClone(buffer, { transfer })` (moves the backing store, no
 * copy): `ArrayBuffer.prototype.transfer` is missing on Node 20.
 */
import { Memory as EngineMemory, memoryInstOf } from '../interpreter/externs.js';
import type { MemoryInst } from '../interpreter/runtime.js';
import { dictionary, fromAddress, initialOf, isAddress64, maximumOf, toAddress } from './descriptors.js';
import { Pairing } from './identity.js';
import { memoryType } from './type-reflection.js';
import type { MemoryType } from './type-reflection.js';

// Node's global (lib ES2022 has no DOM or Node typings).
declare function structuredClone(value: unknown, options: { transfer: ArrayBuffer[] }): unknown;

const MAX_PAGES = 65536;
const byInst = new WeakMap<MemoryInst, Memory>();
const handedOut = new WeakMap<Memory, ArrayBuffer>();
/** The memory's growCount when its buffer was handed out. */
const handedOutAt = new WeakMap<Memory, number>();

/**
 * Memory descriptor: sizes in 64 KiB pages. The initial size is `initial`, or `minimum` (type
 * reflection: a {@link MemoryType} from `type()` is a descriptor too); giving both is a TypeError.
 * `address: 'i64'` (memory64) takes the sizes as BigInts, and `grow` of such a memory takes and
 * returns BigInts. `shared: true` is a TypeError (threads are not supported).
 */
export type MemoryDescriptor =
  | ({ readonly maximum?: number; readonly shared?: false; readonly address?: 'i32' } & (
    | { readonly initial: number; readonly minimum?: undefined }
    | { readonly minimum: number; readonly initial?: undefined }))
  | ({ readonly maximum?: bigint; readonly shared?: false; readonly address: 'i64' } & (
    | { readonly initial: bigint; readonly minimum?: undefined }
    | { readonly minimum: bigint; readonly initial?: undefined }));

/** A linear memory. */
export class Memory {
  constructor(descriptor: MemoryDescriptor | MemoryType) {
    const d = dictionary(descriptor, 'descriptor');
    // The members in the JS API's order: address (it decides how sizes convert), initial, maximum, shared.
    const is64 = isAddress64(d);
    const initial = initialOf(d, is64);
    const maximum = maximumOf(d, is64);
    // A shared memory (threads: a SharedArrayBuffer) is not supported: refused, never made unshared.
    if (Boolean(d['shared'])) throw new TypeError('shared memories (threads) are not supported by detwasm/js-api');
    if (initial > MAX_PAGES) throw new RangeError('initial must be at most 65536 pages');
    if (maximum !== undefined && (maximum > MAX_PAGES || maximum < initial)) {
      throw new RangeError('maximum must be at least initial and at most 65536 pages');
    }
    const address = is64 ? 'i64' : 'i32';
    memories.bind(this, new EngineMemory(maximum === undefined ? { initial, address } : { initial, maximum, address }));
  }

  /** The memory's bytes (the same object until the memory grows). */
  get buffer(): ArrayBuffer {
    return refreshBuffer(this);
  }

  /** Grows by `delta` pages; returns the old size in pages (BigInts for memory64); RangeError when it cannot. */
  grow(delta: number): number;
  grow(delta: bigint): bigint;
  grow(delta: number | bigint): number | bigint {
    const engine = memories.engineOf(this);
    const is64 = memoryInstOf(engine)!.is64;
    const d = toAddress(delta, is64, 'delta');
    if (d > MAX_PAGES) throw new RangeError('memory cannot grow that much');
    const old = engine.grow(d);
    // JS API: a grow detaches the buffer, grow(0) too (refreshBuffer moves detwasm's storage then).
    refreshBuffer(this);
    return fromAddress(old, is64);
  }

  /** Type reflection: `{ minimum, maximum?, shared }`, the current size in pages as `minimum`. */
  type(): MemoryType {
    const m = memoryInstOf(memories.engineOf(this))!;
    return memoryType(m.pages, m.declaredMax, m.is64);
  }
}
// JS API: each interface's prototype has its Symbol.toStringTag ('[object WebAssembly.Memory]').
Object.defineProperty(Memory.prototype, Symbol.toStringTag, { value: 'WebAssembly.Memory', configurable: true });

const memories = new Pairing<Memory, EngineMemory>(Memory.prototype, 'WebAssembly.Memory', (m, e) => byInst.set(memoryInstOf(e)!, m));

/**
 * The current buffer; detaches the one handed out before when the memory grew since, by any
 * number of pages (a wasm `memory.grow 0` too: detwasm kept its storage then, so the storage is
 * moved to a new ArrayBuffer first, without a copy, and the old one is left detached).
 */
function refreshBuffer(m: Memory): ArrayBuffer {
  const engine = memories.engineOf(m);
  const inst = memoryInstOf(engine)!;
  let now = engine.buffer;
  const old = handedOut.get(m);
  if (old !== undefined && old.byteLength !== 0 && (old !== now || inst.growCount !== handedOutAt.get(m))) {
    if (old === now) {
      inst.adoptStorage(structuredClone(now, { transfer: [now] }) as ArrayBuffer);
      now = engine.buffer;
    } else structuredClone(old, { transfer: [old] });
  }
  handedOut.set(m, now);
  handedOutAt.set(m, inst.growCount);
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
