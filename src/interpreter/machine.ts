/**
 * The machine: the value stack and the frame stack that wasm code runs on (spec §4.2.12
 * "Stack"), as preallocated typed arrays. wasm→wasm calls push a frame here; the interpreter never
 * recurses in JS, so "call stack exhausted" happens at the same depth on every machine: when the
 * frame count would pass `maxFrames` or the value stack would pass `maxStackWords`.
 *
 * The value stack grows by doubling (copying) up to its limit, so a small call does not pay for a
 * large stack. Gas lives here between runs; run.ts keeps it in a local while running.
 */
import { TrapCode } from '../errors.js';
import type { ExnInst, FuncInst, MemoryInst } from './runtime.js';
import type { Profiler } from './profiler.js';

/** The machine's HostContext, seen from here: pointed at the caller's memory before each call. */
export interface HostContextSlot {
  memory: MemoryInst | null;
}

// The frame layout (an f64 over two int32 words, v128 lanes over four) assumes a little-endian host,
// as every JS engine on x86, ARM and RISC-V is; memory accesses are little-endian on any host.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('detwasm requires a little-endian host');

/** Interrupt flag used when the embedder gives none (never set). */
const NO_INTERRUPT = new Int32Array(1);

/** Default limit on nested wasm calls (frames), the same on every host. */
export const DEFAULT_MAX_CALL_DEPTH = 10_000;
/** Default limit on value-stack words (4 bytes each): 4 Mi words = 16 MiB. */
export const DEFAULT_MAX_STACK_WORDS: number = 4 * 1024 * 1024;
/**
 * Default limit on the GC heap bytes one call may allocate (gc-exec.ts counts fields, elements and
 * a header per object): 64 MiB.
 */
export const DEFAULT_MAX_GC_HEAP_BYTES: number = 64 * 1024 * 1024;
/** Initial value-stack size in words. */
const INITIAL_STACK_WORDS = 16 * 1024;

/** Gas value that means "unmetered": large, and still a safe integer after any subtraction. */
export const UNMETERED_GAS: number = Number.MAX_SAFE_INTEGER;

/** Largest gas window of the dispatch loop's counter (Machine.fuel): a small integer in V8. */
const FUEL_WINDOW = 0x3fffffff;

export class Machine {
  /** Value stack views over one buffer (64-bit slots = 2 words). */
  i32: Int32Array;
  f32: Float32Array;
  f64: Float64Array;
  /** Reference values, indexed by slot (word >> 1). */
  refs: unknown[];
  /** Current capacity of the value stack, in words. */
  capacityWords: number;
  readonly maxStackWords: number;
  /** Frame stack: [returnPc, callerFp] per frame. */
  frames: Int32Array;
  /** The caller of each frame (null marks the entry frame of a run). */
  frameFuncs: (FuncInst | null)[];
  readonly maxFrames: number;
  /** Frames in use. */
  depth: number;
  /** First free word of the value stack (between runs: where the next call's arguments go). */
  sp: number;
  /** Remaining gas (a safe integer; UNMETERED_GAS when metering is off). */
  gas: number;
  /** True while a run is active (a host function may start a nested run above it). */
  isRunning: boolean;
  /** Gas per byte of memory.fill / copy / init (0 = free). */
  byteCost: number;
  /** Gas per element of table.fill / copy / init / grow. */
  elementCost: number;
  /** Gas per page of memory.grow. */
  pageCost: number;
  /** Gas per host-function call (wasm functions pay at entry, in their code). */
  callCost: number;
  /** GC: gas per object allocated, and per byte of its fields / elements (and of bulk array ops). */
  gcObjectCost: number;
  gcByteCost: number;
  /** GC: bytes allocated in this call (gc-exec.ts counts them), and the call's limit on them. */
  gcHeapBytes: number;
  maxGcHeapBytes: number;
  /**
   * While a run is active, the dispatch loop counts gas down to this point (see {@link fuel});
   * `gas` is only exact between runs and when the loop calls out (it writes it back first).
   */
  checkpoint: number;
  /** Gas between cancellation polls (0 = never poll). */
  pollInterval: number;
  /** Interrupt flag: non-zero stops the run at the next poll (may live on a SharedArrayBuffer). */
  interrupt: Int32Array;
  /** Cancellation deadline check: returns true once the deadline has passed (node-local). */
  isPastDeadline: (() => boolean) | null;
  /** Resumable state: the function, pc and frame pointer of a suspended (or starting) run. */
  func: FuncInst | null;
  pc: number;
  fp: number;
  /** The Promise a suspended run waits for (an async host call), else null. */
  pending: Promise<unknown> | null;
  /** The host function the suspended run called (to convert its results on resume). */
  pendingCallee: FuncInst | null;
  /** What the last failing host function threw (the cause of its HOST trap). */
  hostError: unknown;
  /**
   * The exception being thrown (3.0 exception handling), from a `throw` until exceptions.ts
   * `unwind` delivers it to a handler; null otherwise.
   */
  exception: ExnInst | null;
  /** Whether a host Promise may suspend the run (async calls only). */
  allowSuspend: boolean;
  /** The context handed to contextual host functions (created on first use). */
  hostContext: HostContextSlot | null;
  /**
   * The gas profiler of a `{ profile: true }` call, else null (the default: the hooks in run()
   * are one null check each). Frame changes report to it; see Profiler for the hooks.
   */
  profiler: Profiler | null;
  /**
   * The runtime this machine was last configured for without metering (instance.ts `configure`),
   * or null: an unmetered call on the same runtime then resets gas only.
   */
  unmeteredFor: object | null;
  /**
   * The JS-tier function a trap was raised in, when it is not the one the interpreter called
   * (js-tier.ts `callFromJs`: a callee of a JS-tier function), else null; run.ts `runJs` builds
   * the trap's stack from it and clears it.
   */
  trapFunc: FuncInst | null;

  constructor(maxFrames: number = DEFAULT_MAX_CALL_DEPTH, maxStackWords: number = DEFAULT_MAX_STACK_WORDS) {
    const words = Math.min(INITIAL_STACK_WORDS, maxStackWords);
    const buffer = new ArrayBuffer(words * 4);
    this.i32 = new Int32Array(buffer);
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.refs = new Array<unknown>(words >> 1).fill(null);
    this.capacityWords = words;
    this.maxStackWords = maxStackWords;
    this.frames = new Int32Array(Math.min(maxFrames, 1024) * 2);
    this.frameFuncs = new Array<FuncInst | null>(Math.min(maxFrames, 1024)).fill(null);
    this.maxFrames = maxFrames;
    this.depth = 0;
    this.sp = 0;
    this.gas = UNMETERED_GAS;
    this.isRunning = false;
    this.byteCost = 0;
    this.elementCost = 0;
    this.pageCost = 0;
    this.callCost = 0;
    this.gcObjectCost = 0;
    this.gcByteCost = 0;
    this.gcHeapBytes = 0;
    this.maxGcHeapBytes = DEFAULT_MAX_GC_HEAP_BYTES;
    this.checkpoint = 0;
    this.pollInterval = 0;
    this.interrupt = NO_INTERRUPT;
    this.isPastDeadline = null;
    this.func = null;
    this.pc = 0;
    this.fp = 0;
    this.pending = null;
    this.pendingCallee = null;
    this.allowSuspend = false;
    this.hostContext = null;
    this.hostError = undefined;
    this.exception = null;
    this.profiler = null;
    this.unmeteredFor = null;
    this.trapFunc = null;
  }

  /**
   * Sets gas and cancellation for a top-level run: `gas` units, polling the interrupt flag and
   * deadline every `pollInterval` gas (0 = no polling).
   */
  startMetering(gas: number, pollInterval: number, interrupt: Int32Array | null, isPastDeadline: (() => boolean) | null): void {
    this.gas = gas;
    this.pollInterval = pollInterval;
    this.interrupt = interrupt ?? NO_INTERRUPT;
    this.isPastDeadline = isPastDeadline;
    this.fuel();
  }

  /**
   * Moves the checkpoint to `gas` minus a window and returns the window: the gas the dispatch
   * loop may spend before its cold path runs (out of gas, cancellation poll, new window). The
   * window is at most `pollInterval` and at most 2^30 - 1, so the loop's counter is always a
   * small integer that V8 keeps unboxed (a double counter was boxed on every loop back-edge).
   * Where the cold path runs is node-local; gas figures do not depend on it.
   */
  fuel(): number {
    const window = this.pollInterval > 0 && this.pollInterval < FUEL_WINDOW ? this.pollInterval : FUEL_WINDOW;
    this.checkpoint = this.gas > window ? this.gas - window : 0;
    return this.gas - this.checkpoint;
  }

  /** Cancellation poll (from the gas cold path): 0 to go on, or TrapCode.INTERRUPTED. */
  poll(): TrapCode | 0 {
    if (Atomics.load(this.interrupt, 0) !== 0) return TrapCode.INTERRUPTED;
    if (this.isPastDeadline !== null && this.isPastDeadline()) return TrapCode.INTERRUPTED;
    return 0;
  }

  /**
   * Makes room for `needWords` words of value stack. Returns false when that would pass the
   * limit (the caller traps "call stack exhausted"). Views change: callers re-read them.
   */
  ensureStack(needWords: number): boolean {
    if (needWords <= this.capacityWords) return true;
    if (needWords > this.maxStackWords) return false;
    let words = this.capacityWords * 2;
    while (words < needWords) words *= 2;
    if (words > this.maxStackWords) words = this.maxStackWords;
    const buffer = new ArrayBuffer(words * 4);
    const i32 = new Int32Array(buffer);
    i32.set(this.i32);
    this.i32 = i32;
    this.f32 = new Float32Array(buffer);
    this.f64 = new Float64Array(buffer);
    const oldSlots = this.refs.length;
    for (let s = oldSlots; s < words >> 1; s++) this.refs.push(null);
    this.capacityWords = words;
    return true;
  }

  /** True once the value stack or frame stack grew beyond its initial size. */
  get hasGrown(): boolean {
    return this.capacityWords > INITIAL_STACK_WORDS || this.frameFuncs.length > 1024;
  }

  /** Makes room for one more frame; false past `maxFrames`. */
  ensureFrame(): boolean {
    if (this.depth < this.frameFuncs.length) return true;
    if (this.depth >= this.maxFrames) return false;
    const n = Math.min(this.frameFuncs.length * 2, this.maxFrames);
    const frames = new Int32Array(n * 2);
    frames.set(this.frames);
    this.frames = frames;
    for (let i = this.frameFuncs.length; i < n; i++) this.frameFuncs.push(null);
    return true;
  }
}

/**
 * Cold path of a charge that took a dispatch loop's `gas` below zero (run() and the JS tier's
 * functions): `gas` counts down to the machine's checkpoint (Machine.fuel), so the real remaining
 * gas is `m.checkpoint + gas`. Out of gas, or time to poll for cancellation (interrupt flag,
 * deadline). Returns 0 to go on (the caller then takes new fuel) or a TrapCode. Node-local
 * cancellation never changes a result: it only stops the call.
 */
export function gasCheckpoint(m: Machine, gas: number): TrapCode | 0 {
  m.gas = m.checkpoint + gas;
  if (m.gas < 0) return TrapCode.OUT_OF_GAS;
  return m.poll();
}

/**
 * The call cost of `f`, charged as run()'s call path charges it: from the current gas window
 * (`m.gas` exact, `m.checkpoint` the window's base), through gasCheckpoint when the window runs
 * out (out of gas, or a cancellation poll, then a new window). Returns 0 or the TrapCode.
 */
export function chargeCall(m: Machine, f: FuncInst): TrapCode | 0 {
  m.gas -= f.entryGas;
  if (m.gas >= m.checkpoint) return 0;
  const t = gasCheckpoint(m, m.gas - m.checkpoint);
  if (t === 0) m.fuel();
  return t;
}
