/**
 * Instantiation (spec §4.5.4 "Instantiation") and the public Instance: link imports with exact type
 * matching (LinkError), allocate functions, tables, memory and globals, evaluate initializers, then
 * — in the 2.0 order — initialise active element segments, then active data segments, each in
 * order, and run the start function. A trap during segment initialisation fails instantiation
 * but leaves the writes already made to imported tables and memories visible (linking.wast).
 */
import { InternalError, LinkError, Trap, TrapCode, WasmError } from '../errors.js';
import type { ConstExpr, ConstInstr, Module } from '../decoder/module.js';
import { SEGMENT_ACTIVE, SEGMENT_DECLARATIVE } from '../decoder/module.js';
import {
  EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_MEMORY, EXTERN_TABLE, EXTERN_TAG, F64, FUNCREF, funcTypeToString, I64, isRefType, isSubTypeId, isSubtype,
  PAGE_SIZE,
  V128, valTypeName,
} from '../types.js';
import { PREFIX_FB } from '../decoder/opcodes.js';
import { gcOp } from './gc-exec.js';
import type { FuncType, Limits } from '../types.js';
import {
  getGlobalValue, globalInstOf, globalOf, memoryInstOf, memoryOf, setGlobalValue, tableInstOf, tableOf,
} from './externs.js';
import type { Global, Memory, Table } from './externs.js';
import { DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_GC_HEAP_BYTES, DEFAULT_MAX_STACK_WORDS, Machine, UNMETERED_GAS } from './machine.js';
import { COMPLETED, execute, hostTrap, resume, SUSPENDED, trapAt } from './run.js';
import {
  DEFAULT_MAX_MEMORY_PAGES, DEFAULT_MAX_TABLE_ELEMENTS, FuncInst, GlobalInst, InstanceState, MemoryInst, SPEC_MAX_PAGES,
  TableInst, TagInst, typeIdOf,
} from './runtime.js';
import { tagInstOf, tagOf } from './tags.js';
import type { HostFunc, InstanceRuntime, MemoryPool, Tier } from './runtime.js';
import {
  callHost, completeHostCall, EXCEPTION, exceptionOf, funcInstOf, jsFunctionOf, readResult, readValue, setFunctionFactory, writeArg, writeValue,
} from './values.js';
import { takeException } from './exceptions.js';
import { FREE_GAS_SCHEDULE, resolveGasSchedule } from '../gas/schedule.js';
import type { GasSchedule } from '../gas/schedule.js';
import { isHostFunction } from '../host/abi.js';
import { attachCode } from './lower.js';
import { Profiler } from './profiler.js';
import type { GasProfile } from '../gas/profile.js';

/** `{ [module]: { [name]: function | exported function | Memory | Table | Global | number | bigint } }`. */
export type Imports = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Limits and options of one instance (all optional; defaults documented per field). */
export interface InstantiateOptions {
  /** Cap on memory size in pages (default 16384 = 1 GiB; the spec maximum is 65536). */
  readonly maxMemoryPages?: number;
  /** Cap on table size in elements (default 10,000,000). */
  readonly maxTableElements?: number;
  /** Limit on nested wasm calls (default 10,000); past it: "call stack exhausted". */
  readonly maxCallDepth?: number;
  /** Limit on value-stack words of 4 bytes (default 4 Mi); past it: "call stack exhausted". */
  readonly maxStackWords?: number;
  /**
   * Limit on the bytes of GC objects (3.0 structs and arrays) one call may allocate, fields and
   * elements plus a 32-byte header each (default 64 MiB); past it the call traps "gc heap
   * exhausted". Counted per top-level call (and over the whole instantiation for constant
   * expressions), from the program alone: never from what the JS garbage collector freed.
   */
  readonly maxGcHeapBytes?: number;
  /**
   * Gas schedule of this instance's code (default: free, i.e. unmetered). Pass
   * DEFAULT_GAS_SCHEDULE (or a partial override of it) to meter; gas limits are given per call.
   */
  readonly gas?: Partial<GasSchedule>;
  /** Run the start function (default true). */
  readonly runStart?: boolean;
  /**
   * Execution tier (default 'interpreter'). 'js' runs the functions the JS tier takes (integer
   * code with direct calls of such functions; js-tier.ts) as JavaScript functions made with
   * `new Function`, and the others on the interpreter. Results, traps and gas are the same on
   * both; where eval is refused, every function runs on the interpreter.
   */
  readonly tier?: Tier;
}

/** Options of {@link Instance.invoke}. */
export interface InvokeOptions {
  /** Pass and return f32 as uint32 bit patterns (number) and f64 as uint64 (bigint). */
  readonly floatBits?: boolean;
}

/**
 * Limit on runs nested through host functions (host -> wasm -> host -> ...): each level costs
 * JS stack (measured ~3.8 KB per level on Node 20), and a JS stack overflow would be
 * engine-dependent, so the limit is fixed well below Node's default stack (~984 KB) and past it
 * the call traps "call stack exhausted" deterministically.
 */
const MAX_NESTED_RUNS = 64;

const HOST_RUNTIME: InstanceRuntime = {
  maxCallDepth: DEFAULT_MAX_CALL_DEPTH, maxStackWords: DEFAULT_MAX_STACK_WORDS, maxGcHeapBytes: DEFAULT_MAX_GC_HEAP_BYTES, schedule: FREE_GAS_SCHEDULE, tier: 'interpreter',
};

/**
 * The machine of the run in progress (a host function calling back into wasm continues on it, so
 * depth limits and gas are shared by the whole call), and idle machines kept for reuse: a call
 * does not allocate a stack.
 */
let activeMachine: Machine | null = null;
let nestedRuns = 0;
const idleMachines: Machine[] = [];

function acquireMachine(rt: InstanceRuntime): Machine {
  for (let i = idleMachines.length - 1; i >= 0; i--) {
    const m = idleMachines[i]!;
    if (m.maxFrames === rt.maxCallDepth && m.maxStackWords === rt.maxStackWords) {
      idleMachines[i] = idleMachines[idleMachines.length - 1]!; // (splice would allocate its result)
      idleMachines.pop();
      return m;
    }
  }
  return new Machine(rt.maxCallDepth, rt.maxStackWords);
}

function releaseMachine(m: Machine): void {
  m.sp = 0;
  m.depth = 0;
  m.pending = null;
  m.pendingCallee = null;
  m.allowSuspend = false;
  m.func = null;
  m.profiler = null;
  if (m.hostContext !== null) m.hostContext.memory = null;
  // Stale references left on the stack are never read (every slot is written before it is read:
  // locals are zeroed at entry, operands pushed), so there is nothing to clear. A machine whose
  // stack grew past its initial size is not kept: a deep call must not make later calls slower
  // or keep megabytes alive.
  if (idleMachines.length < 4 && !m.hasGrown) idleMachines.push(m);
}

/** Gas and cancellation of a metered call. */
export interface CallControl {
  /** Gas available (a non-negative safe integer); UNMETERED_GAS when unmetered. */
  readonly gasLimit: number;
  /** Interrupt flag (e.g. an Int32Array on a SharedArrayBuffer): non-zero stops the call. */
  readonly interrupt?: Int32Array | null;
  /** Returns true once the node-local deadline has passed. */
  readonly isPastDeadline?: (() => boolean) | null;
  /** Gas between cancellation polls (default 10,000 when interrupt or deadline is set). */
  readonly pollInterval?: number;
  /**
   * Record a gas profile (default false): the outcome then has `profile`, per function and per
   * call path, whose exclusive gas sums to `gasUsed` (also when the call failed).
   */
  readonly profile?: boolean;
}

/** The outcome of a metered call: results or the error, and the exact gas used. */
export interface CallOutcome {
  /** Results (null when the call failed). */
  readonly results: unknown[] | null;
  /** Gas used: at most the limit; equal to it when the call ran out of gas. */
  readonly gasUsed: number;
  /** The trap (or other WasmError) that ended the call, or null. */
  readonly error: WasmError | null;
  /** The gas profile, when the call asked for one (`profile: true`); absent otherwise. */
  readonly profile?: GasProfile;
}

const UNMETERED: CallControl = { gasLimit: UNMETERED_GAS };

function runtimeOf(f: FuncInst): InstanceRuntime {
  return f.instance === null ? HOST_RUNTIME : f.instance.runtime;
}

/** Writes the arguments at the top of the machine's stack (TypeError for a wrong argument). */
function pushArgs(m: Machine, f: FuncInst, args: readonly unknown[], floatBits: boolean): number {
  const base = m.sp;
  if (!m.ensureStack(base + Math.max(f.paramWords, f.resultWords) + 4)) {
    throw new Trap(TrapCode.CALL_STACK_EXHAUSTED, []);
  }
  const params = f.type.params;
  let w = base;
  try {
    for (let i = 0; i < params.length; i++) {
      const t = params[i]!;
      const arg = args[i];
      if (t === 0x7b) {
        if (!(arg instanceof Uint8Array && arg.length === 16)) {
          throw new TypeError(`parameter ${i} is a v128: pass a 16-byte Uint8Array (lane bytes, little-endian)`);
        }
        writeValue(m, t, w, arg, floatBits);
        w += 4;
      } else {
        if (floatBits) writeValue(m, t, w, arg, true);
        else writeArg(m, t, w, arg);
        w += 2;
      }
      // Past each written argument: a conversion (valueOf) may call back into wasm on this
      // machine (a call nested in a host function), and its arguments go above these.
      m.sp = w;
    }
  } catch (e) {
    m.sp = base;
    throw e;
  }
  m.sp = w;
  return base;
}

function readResults(m: Machine, f: FuncInst, base: number, floatBits: boolean): unknown[] {
  const types = f.type.results;
  if (types.length === 1 && !floatBits) return [readResult(m, types[0]!, base)];
  const results: unknown[] = [];
  let rw = base;
  for (let i = 0; i < types.length; i++) {
    const t = types[i]!;
    results.push(readValue(m, t, rw, floatBits));
    rw += t === 0x7b ? 4 : 2;
  }
  return results;
}

/** Maps anything a run throws to a WasmError (an engine error is never reported as a trap). */
function asWasmError(e: unknown): WasmError {
  if (e instanceof WasmError) return e;
  return new InternalError('engine error while running wasm code', { cause: e });
}

/** Starts the run of `f` (its arguments are on the stack); returns SUSPENDED or COMPLETED. */
function start(m: Machine, f: FuncInst): number {
  if (f.host !== null) {
    const t = callHost(m, f, f);
    if (t === EXCEPTION) throw exceptionOf(takeException(m));
    if (t !== 0) throw hostTrap(m, t, f, null);
    return m.pending !== null ? SUSPENDED : COMPLETED;
  }
  return execute(m, f);
}

function configure(m: Machine, rt: InstanceRuntime, control: CallControl): void {
  if (control === UNMETERED && m.unmeteredFor === rt) {
    // The machine's last configuration was this one: only what a run changes is reset (costs,
    // limits and cancellation are written by nothing but this function and startMetering).
    m.gas = UNMETERED_GAS;
    m.gcHeapBytes = 0;
    return;
  }
  m.unmeteredFor = control === UNMETERED ? rt : null;
  const s = rt.schedule;
  m.callCost = s.call;
  m.byteCost = s.memoryByte;
  m.elementCost = s.tableElement;
  m.pageCost = s.memoryGrowPage;
  m.gcObjectCost = s.gcObject;
  m.gcByteCost = s.gcByte;
  m.gcHeapBytes = 0;
  m.maxGcHeapBytes = rt.maxGcHeapBytes;
  const polls = (control.interrupt ?? null) !== null || (control.isPastDeadline ?? null) !== null;
  m.startMetering(control.gasLimit, polls ? control.pollInterval ?? 10_000 : 0, control.interrupt ?? null, control.isPastDeadline ?? null);
}

/**
 * Calls `f` synchronously. Nested in a running call (a host function calling back into wasm), it
 * continues on that call's machine and gas; otherwise it takes a machine and meters with
 * `control`. Throws the trap; TypeError for wrong arguments.
 */
export function invokeFunction(f: FuncInst, args: readonly unknown[], floatBits: boolean, control: CallControl = UNMETERED): unknown[] {
  const outer = activeMachine;
  const m = outer ?? acquireMachine(runtimeOf(f));
  if (outer === null) configure(m, runtimeOf(f), control);
  const depth = m.depth;
  const base = pushArgs(m, f, args, floatBits);
  if (nestedRuns >= MAX_NESTED_RUNS) {
    m.sp = base;
    throw trapAt(m, TrapCode.CALL_STACK_EXHAUSTED, f);
  }
  const savedSuspend = m.allowSuspend;
  m.allowSuspend = false; // a nested run cannot suspend: its caller is a synchronous host frame
  const profiled = m.profiler;
  const profileDepth = profiled === null ? 0 : profiled.depth;
  nestedRuns++;
  activeMachine = m;
  try {
    start(m, f);
    return readResults(m, f, base, floatBits);
  } catch (e) {
    throw asWasmError(e);
  } finally {
    // A trap of the nested run (which the host function may catch) pops its frames here.
    if (profiled !== null) profiled.unwindTo(profileDepth, m.gas);
    nestedRuns--;
    m.allowSuspend = savedSuspend;
    activeMachine = outer;
    m.sp = base;
    m.depth = depth;
    if (outer === null) releaseMachine(m);
  }
}

/** Gas used by a call on `m` that started with `limit`. */
function gasUsedOf(m: Machine, limit: number, error: WasmError | null): number {
  if (error instanceof Trap && error.code === TrapCode.OUT_OF_GAS) return limit;
  const used = limit - m.gas;
  return used < 0 ? 0 : used > limit ? limit : used;
}

/**
 * Takes and configures a machine for a top-level metered call and pushes its arguments. Returns
 * the machine and the arguments' base, or the outcome when the arguments do not fit the stack.
 */
function beginMetered(
  f: FuncInst, args: readonly unknown[], floatBits: boolean, control: CallControl, profiler: Profiler | null,
): { m: Machine; base: number } | CallOutcome {
  if (activeMachine !== null) throw new TypeError('a metered call cannot start inside a running call');
  const rt = runtimeOf(f);
  const m = acquireMachine(rt);
  configure(m, rt, control);
  m.profiler = profiler;
  try {
    return { m, base: pushArgs(m, f, args, floatBits) };
  } catch (e) {
    releaseMachine(m);
    if (e instanceof Trap) return { results: null, gasUsed: 0, error: e };
    throw e;
  }
}

/**
 * A metered top-level call: never throws for a trap (it is in `error`), only for misuse. With
 * `control.profile` (or a profiler of the caller's: the contract VM profiles its start function
 * and method as one call) the call runs profiled, see {@link profiled}.
 */
export function invokeMetered(
  f: FuncInst, args: readonly unknown[], floatBits: boolean, control: CallControl, profiler: Profiler | null = null,
): CallOutcome {
  if (profiler !== null || control.profile === true) {
    const p = profiler ?? new Profiler();
    p.begin(control.gasLimit);
    return profiled(meteredRun(f, args, floatBits, control, p), control, p);
  }
  return meteredRun(f, args, floatBits, control, null);
}

/**
 * Ends a profiled call: closes the frames a trap left open at the outcome's gas (so the exclusive
 * gas sums to `gasUsed`), and adds the profile when the call asked for one. The unprofiled path
 * never comes here: it runs the same code as before the profiler existed, plus the null checks.
 */
function profiled(outcome: CallOutcome, control: CallControl, profiler: Profiler): CallOutcome {
  profiler.finish(control.gasLimit - outcome.gasUsed);
  return control.profile === true ? { ...outcome, profile: profiler.profile() } : outcome;
}

function meteredRun(f: FuncInst, args: readonly unknown[], floatBits: boolean, control: CallControl, profiler: Profiler | null): CallOutcome {
  const begun = beginMetered(f, args, floatBits, control, profiler);
  if (!('m' in begun)) return begun;
  const { m, base } = begun;
  nestedRuns++;
  activeMachine = m;
  try {
    start(m, f);
    return { results: readResults(m, f, base, floatBits), gasUsed: gasUsedOf(m, control.gasLimit, null), error: null };
  } catch (e) {
    const error = asWasmError(e);
    return { results: null, gasUsed: gasUsedOf(m, control.gasLimit, error), error };
  } finally {
    nestedRuns--;
    activeMachine = null;
    releaseMachine(m);
  }
}

/**
 * A metered top-level call that may wait: a host function returning a Promise suspends the run
 * (its state stays on the explicit stacks) until the Promise settles, then it resumes. Results and
 * gas are the same as the synchronous path's for the same host answers. Profiled as
 * {@link invokeMetered} is.
 */
export function invokeMeteredAsync(
  f: FuncInst, args: readonly unknown[], floatBits: boolean, control: CallControl, profiler: Profiler | null = null,
): Promise<CallOutcome> {
  if (profiler !== null || control.profile === true) {
    const p = profiler ?? new Profiler();
    p.begin(control.gasLimit);
    return meteredRunAsync(f, args, floatBits, control, p).then((outcome) => profiled(outcome, control, p));
  }
  return meteredRunAsync(f, args, floatBits, control, null);
}

async function meteredRunAsync(
  f: FuncInst, args: readonly unknown[], floatBits: boolean, control: CallControl, profiler: Profiler | null,
): Promise<CallOutcome> {
  const begun = beginMetered(f, args, floatBits, control, profiler);
  if (!('m' in begun)) return begun;
  const { m, base } = begun;
  try {
    let state: number;
    nestedRuns++;
    activeMachine = m;
    m.allowSuspend = true;
    try {
      state = start(m, f);
    } finally {
      nestedRuns--;
      activeMachine = null;
    }
    while (state === SUSPENDED) {
      let settled: { ok: true; value: unknown } | { ok: false; error: unknown };
      try {
        settled = { ok: true, value: await m.pending };
      } catch (error) {
        settled = { ok: false, error };
      }
      nestedRuns++;
      activeMachine = m;
      try {
        completeHostCall(m, settled);
        if (profiler !== null) profiler.exit(m.gas); // the async host function returned
        state = m.func === null || m.depth <= 0 ? COMPLETED : resume(m);
      } finally {
        nestedRuns--;
        activeMachine = null;
      }
    }
    return { results: readResults(m, f, base, floatBits), gasUsed: gasUsedOf(m, control.gasLimit, null), error: null };
  } catch (e) {
    const error = asWasmError(e);
    return { results: null, gasUsed: gasUsedOf(m, control.gasLimit, error), error };
  } finally {
    releaseMachine(m);
  }
}

/**
 * Most parameters an exported function may have for its JS function to take the fixed-arity
 * path ({@link callExport}); functions with more, with several results or with a v128 take the
 * general one (a rest array, {@link invokeFunction}). detwasm/js-api's wrappers use the same bound.
 */
export const FAST_ARITY = 4;

/**
 * The call of an exported function from JS with `n` (at most {@link FAST_ARITY}) arguments given
 * as parameters, and at most one result: {@link invokeFunction} without its arrays (the rest
 * arguments, the results) for a top-level call. Each step is the general path's, in its order:
 * the same conversions (writeArg / readResult are writeValue / readValue), the same traps and
 * TypeErrors; a call nested in a running one (a host function calling back) takes the general
 * path itself. docs/RATIONALE.md "Call overhead" has the figures. Internal: also the fast path
 * of detwasm/js-api's exported functions (js-api/functions.ts), which convert first.
 */
export function callExport(f: FuncInst, n: number, a0: unknown, a1: unknown, a2: unknown, a3: unknown): unknown {
  if (activeMachine !== null) {
    const results = invokeFunction(f, n === 0 ? [] : n === 1 ? [a0] : n === 2 ? [a0, a1] : n === 3 ? [a0, a1, a2] : [a0, a1, a2, a3], false);
    return results.length === 0 ? undefined : results[0];
  }
  const rt = runtimeOf(f);
  const m = acquireMachine(rt);
  configure(m, rt, UNMETERED);
  const base = m.sp;
  if (!m.ensureStack(base + Math.max(f.paramWords, f.resultWords) + 4)) throw new Trap(TrapCode.CALL_STACK_EXHAUSTED, []);
  if (n > 0) {
    const params = f.type.params;
    try {
      writeArg(m, params[0]!, base, a0);
      if (n > 1) writeArg(m, params[1]!, base + 2, a1);
      if (n > 2) writeArg(m, params[2]!, base + 4, a2);
      if (n > 3) writeArg(m, params[3]!, base + 6, a3);
    } catch (e) {
      m.sp = base;
      throw e;
    }
    m.sp = base + 2 * n;
  }
  if (nestedRuns >= MAX_NESTED_RUNS) {
    m.sp = base;
    throw trapAt(m, TrapCode.CALL_STACK_EXHAUSTED, f);
  }
  nestedRuns++;
  activeMachine = m;
  try {
    start(m, f);
    return f.resultWords === 0 ? undefined : readResult(m, f.type.results[0]!, base);
  } catch (e) {
    throw asWasmError(e);
  } finally {
    nestedRuns--;
    activeMachine = null;
    m.sp = base;
    m.depth = 0;
    releaseMachine(m);
  }
}

setFunctionFactory((f: FuncInst) => {
  const arity = f.type.params.length;
  let fn: (...args: unknown[]) => unknown;
  if (f.hasV128 || arity > FAST_ARITY || f.type.results.length > 1) {
    fn = (...args: unknown[]): unknown => {
      // JS API (ToWebAssemblyValue / ToJSValue of v128): calling such a function from JS is a TypeError.
      if (f.hasV128) throw new TypeError('a function with a v128 parameter or result cannot be called from JS (use Instance.invoke)');
      const results = invokeFunction(f, args, false);
      return results.length === 0 ? undefined : results.length === 1 ? results[0] : results;
    };
  } else if (arity === 0) {
    fn = () => callExport(f, 0, undefined, undefined, undefined, undefined);
  } else if (arity === 1) {
    fn = (a0: unknown) => callExport(f, 1, a0, undefined, undefined, undefined);
  } else if (arity === 2) {
    fn = (a0: unknown, a1: unknown) => callExport(f, 2, a0, a1, undefined, undefined);
  } else if (arity === 3) {
    fn = (a0: unknown, a1: unknown, a2: unknown) => callExport(f, 3, a0, a1, a2, undefined);
  } else {
    fn = (a0: unknown, a1: unknown, a2: unknown, a3: unknown) => callExport(f, 4, a0, a1, a2, a3);
  }
  Object.defineProperty(fn, 'name', { value: f.funcIdx >= 0 ? String(f.funcIdx) : f.name });
  Object.defineProperty(fn, 'length', { value: f.type.params.length });
  return fn;
});

/** What the engine keeps about an instance besides its public shape. */
interface InstanceInternals {
  readonly start: FuncInst | null;
  readonly funcExports: ReadonlyMap<string, FuncInst>;
}
/**
 * Where an Instance keeps its InstanceInternals: a symbol-keyed, non-enumerable property (a
 * WeakMap entry per instance made every contract call's garbage survive scavenges longer).
 */
const INTERNALS: unique symbol = Symbol('detwasm.instance');

function internalsOf(instance: Instance): InstanceInternals | undefined {
  return (instance as unknown as { [INTERNALS]?: InstanceInternals })[INTERNALS];
}

/** Internal: the instance's start function, or null (instantiated with `runStart: false`, it did not run). */
export function startFunctionOf(instance: Instance): FuncInst | null {
  return internalsOf(instance)?.start ?? null;
}

/** Internal: exported function `name` of `instance`. */
export function exportedFuncInst(instance: Instance, name: string): FuncInst | undefined {
  return internalsOf(instance)?.funcExports.get(name);
}

/**
 * An exported wasm function in the JS API's shape: i32 / f32 / f64 arguments as numbers, i64 as
 * bigints, references as functions, host values or null; returns undefined, the one result, or
 * an array of results. The parameter and result types are the module's, known only at run time.
 */
export type ExportedFunction = (...args: any[]) => any;

/** What one export is at run time: a function, a Memory, a Table or a Global. */
export type ExportValue = ExportedFunction | Memory | Table | Global;

/**
 * `Instance.exports`: every name is `any`, so under `strict`
 * `instance.exports.fib(20)` and `instance.exports.memory.buffer` type-check as in JavaScript
 * (an export's kind, {@link ExportValue}, is known only at run time). For checked types, state
 * the module's shape: `instance.exports as { fib(n: number): number; memory: Memory }`.
 */
export type Exports = { readonly [name: string]: any };

/** An instantiated module. */
export class Instance {
  /** Exports by name: functions (JS API shape, {@link ExportedFunction}), Memory, Table and Global objects. Frozen. */
  readonly exports: Exports;
  private readonly funcExports: ReadonlyMap<string, FuncInst>;

  /** Internal: use `instantiate`. */
  constructor(exports: Record<string, unknown>, funcExports: ReadonlyMap<string, FuncInst>, start: FuncInst | null = null) {
    this.exports = Object.freeze(exports);
    this.funcExports = funcExports;
    const rec: InstanceInternals = { start, funcExports };
    Object.defineProperty(this, INTERNALS, { value: rec, writable: false, enumerable: false, configurable: false });
  }

  /**
   * Calls exported function `name` and always returns its results as an array. With
   * `{ floatBits: true }`, f32 / f64 arguments and results are bit patterns (see InvokeOptions).
   * Throws TypeError when `name` is not an exported function; Trap when the call traps.
   */
  invoke(name: string, args: readonly unknown[] = [], options?: InvokeOptions): unknown[] {
    const f = this.funcExports.get(name);
    if (f === undefined) throw new TypeError(`no exported function named ${JSON.stringify(name)}`);
    return invokeFunction(f, args, options?.floatBits === true);
  }

  /**
   * Calls exported function `name` under a gas limit (and optional cancellation). Never throws
   * for a trap: the outcome carries the results or the error, and the exact gas used (equal to
   * the limit when the call ran out of gas). Throws TypeError for misuse (unknown export, bad
   * arguments, bad limit).
   */
  invokeMetered(name: string, args: readonly unknown[], control: CallControl & InvokeOptions): CallOutcome {
    return invokeMetered(this.exportedFunction(name), args, control.floatBits === true, checkControl(control));
  }

  /** Like {@link invokeMetered}, but host functions may return Promises (the call waits). */
  invokeMeteredAsync(name: string, args: readonly unknown[], control: CallControl & InvokeOptions): Promise<CallOutcome> {
    return invokeMeteredAsync(this.exportedFunction(name), args, control.floatBits === true, checkControl(control));
  }

  private exportedFunction(name: string): FuncInst {
    const f = this.funcExports.get(name);
    if (f === undefined) throw new TypeError(`no exported function named ${JSON.stringify(name)}`);
    return f;
  }

  /** Reads exported global `name` (floats as bit patterns with `{ floatBits: true }`). */
  getGlobal(name: string, options?: InvokeOptions): unknown {
    const g = globalInstOf(this.exports[name]);
    if (g === undefined) throw new TypeError(`no exported global named ${JSON.stringify(name)}`);
    return getGlobalValue(g, options?.floatBits === true);
  }
}

function checkControl(control: CallControl): CallControl {
  const limit = control?.gasLimit;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) {
    throw new TypeError('gasLimit must be a non-negative safe integer');
  }
  if (control.interrupt !== undefined && control.interrupt !== null && !(control.interrupt instanceof Int32Array)) {
    throw new TypeError('interrupt must be an Int32Array');
  }
  if (control.profile !== undefined && typeof control.profile !== 'boolean') throw new TypeError('profile must be a boolean');
  return control;
}

function limitsText(l: Limits): string {
  return (l.is64 === true ? 'i64 ' : '') + (l.max === null ? `{min ${l.min}}` : `{min ${l.min}, max ${l.max}}`);
}

/** Limits matching (spec §4.5.2.1): actual min >= expected min; expected max bounds actual max. */
function limitsMatch(actualMin: number, actualMax: number, expected: Limits): boolean {
  if (actualMin < expected.min) return false;
  if (expected.max === null) return true;
  return actualMax >= 0 && actualMax <= expected.max;
}

function linkFail(module: string, name: string, expected: string, actual: string, why: string): never {
  throw new LinkError(`${why}: ${module}.${name} (expected ${expected}, got ${actual})`, module, name, expected, actual);
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'function') return funcInstOf(v) ? 'wasm function' : 'host function';
  if (memoryInstOf(v)) return 'memory';
  if (tableInstOf(v)) return 'table';
  if (globalInstOf(v)) return 'global';
  return typeof v;
}

/**
 * Memory 0 of every instance of a module without memories (validation keeps its code from
 * touching one): empty, it cannot grow, and nothing exports it, so one object serves them all.
 */
const NO_MEMORY = new MemoryInst(0, 0, 0);

/** Instantiation limits and the runtime (call limits, gas schedule) of one set of options, checked. */
interface Settings {
  readonly runtime: InstanceRuntime;
  readonly maxMemoryPages: number;
  readonly maxTableElements: number;
}

/** Checks `options` (TypeError for a bad one) and resolves its gas schedule. */
function settingsOf(options: InstantiateOptions): Settings {
  const maxMemoryPages = options.maxMemoryPages ?? DEFAULT_MAX_MEMORY_PAGES;
  const maxTableElements = options.maxTableElements ?? DEFAULT_MAX_TABLE_ELEMENTS;
  const runtime: InstanceRuntime = {
    maxCallDepth: options.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH,
    maxStackWords: options.maxStackWords ?? DEFAULT_MAX_STACK_WORDS,
    maxGcHeapBytes: options.maxGcHeapBytes ?? DEFAULT_MAX_GC_HEAP_BYTES,
    schedule: resolveGasSchedule(options.gas, FREE_GAS_SCHEDULE),
    tier: options.tier ?? 'interpreter',
  };
  if (runtime.tier !== 'interpreter' && runtime.tier !== 'js') throw new TypeError("tier must be 'interpreter' or 'js'");
  for (const [k, v] of [
    ['maxMemoryPages', maxMemoryPages], ['maxTableElements', maxTableElements], ['maxCallDepth', runtime.maxCallDepth],
    ['maxStackWords', runtime.maxStackWords], ['maxGcHeapBytes', runtime.maxGcHeapBytes],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new TypeError(`${k} must be a non-negative safe integer`);
  }
  return { runtime, maxMemoryPages, maxTableElements };
}

/**
 * Instantiates a decoded, validated module. Throws LinkError (imports), Trap (a trap in segment
 * initialisation or the start function), TypeError (bad options or import values).
 */
export function instantiateModule(module: Module, imports: Imports = {}, options: InstantiateOptions = {}): Instance {
  const exports: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const funcExports = new Map<string, FuncInst>();
  const state = instantiateState(module, imports, settingsOf(options), null, exports, funcExports);
  if (module.start >= 0 && options.runStart !== false) invokeFunction(state.funcs[module.start]!, [], false);
  return new Instance(exports, funcExports, module.start >= 0 ? state.funcs[module.start]! : null);
}

/**
 * The contract VM's instantiation settings: its options checked once (see {@link instantiateForVM}),
 * and the pool its instances' memories come from.
 */
export interface VMInstantiation {
  readonly settings: Settings;
  readonly pool: MemoryPool;
}

/** Checks the VM's instantiation options once (TypeError for a bad one); `runStart` is ignored. */
export function vmInstantiation(options: InstantiateOptions, pool: MemoryPool): VMInstantiation {
  return { settings: settingsOf(options), pool };
}

/**
 * An instance of the contract VM, which makes a fresh one for every call and only calls its
 * method: no {@link Instance} and no export objects (JS functions, Memory, Table, Global) are made.
 */
export interface VMInstance {
  /** The instance's functions, imports first (the VM takes its method by index). */
  readonly funcs: readonly FuncInst[];
  /** The start function, or null: the VM runs it itself, metered, before the method. */
  readonly start: FuncInst | null;
  /** The memory this instance took from the pool (given back by {@link releaseVMInstance}), or null. */
  pooled: MemoryInst | null;
}

/**
 * Instantiates for the contract VM (see {@link VMInstance}): the module's own memory takes a
 * zeroed buffer from the pool, and the start function is not run. Throws as
 * {@link instantiateModule} does (LinkError, Trap, TypeError for an import value).
 */
export function instantiateForVM(module: Module, imports: Imports, vm: VMInstantiation): VMInstance {
  const state = instantiateState(module, imports, vm.settings, vm.pool, null, null);
  return {
    funcs: state.funcs,
    start: module.start >= 0 ? state.funcs[module.start]! : null,
    // Memory 0 came from the pool when the module defines it (no memory import comes first).
    pooled: module.importedMemoryCount === 0 && module.memories.length > 0 ? state.memory : null,
  };
}

/**
 * Gives the memory a VM instance took from the pool back to it. The instance must never run
 * again: its memory is left empty (0 pages), so a stale access traps instead of seeing another
 * call's data. A second release does nothing.
 */
export function releaseVMInstance(instance: VMInstance, pool: MemoryPool): void {
  const memory = instance.pooled;
  if (memory === null) return;
  instance.pooled = null;
  memory.release(pool);
}

/**
 * Steps 1-5 of instantiation (imports, allocation, exports, element and data segments) into a new
 * InstanceState. `pool`: where a defined memory 0 takes its buffer (the VM's), or null. `exports`
 * and `funcExports` receive the exports (null: none are made, the VM's case).
 */
function instantiateState(
  module: Module, imports: Imports, settings: Settings, pool: MemoryPool | null,
  exports: Record<string, unknown> | null, funcExports: Map<string, FuncInst> | null,
): InstanceState {
  const { runtime, maxMemoryPages: memCap, maxTableElements: tableCap } = settings;

  // 1. Resolve imports (in order), with exact type matching.
  const importedFuncs: FuncInst[] = [];
  const importedTables: TableInst[] = [];
  const importedMemories: MemoryInst[] = [];
  const importedGlobals: GlobalInst[] = [];
  const importedTags: TagInst[] = [];
  for (const imp of module.imports) {
    const ns = (imports as Record<string, Record<string, unknown> | undefined>)[imp.module];
    const v = ns === undefined || ns === null ? undefined : ns[imp.name];
    const d = imp.desc;
    if (v === undefined) linkFail(imp.module, imp.name, kindText(d.kind), 'nothing', 'unknown import');
    switch (d.kind) {
      case EXTERN_FUNC: {
        const type = module.types[d.typeIdx]!;
        const f = funcInstOf(v);
        if (isHostFunction(v)) {
          if (typeIdOf(v.type) !== typeIdOf(type)) {
            linkFail(imp.module, imp.name, `func ${funcTypeToString(type)}`, `func ${funcTypeToString(v.type)}`, 'incompatible import type');
          }
          importedFuncs.push(new FuncInst(type, null, -1, v.fn as HostFunc, v.name === '' ? `${imp.module}.${imp.name}` : v.name, true));
        } else if (f !== undefined) {
          if (!isSubTypeId(f.typeId, typeIdOf(type))) {
            linkFail(imp.module, imp.name, `func ${funcTypeToString(type)}`, `func ${funcTypeToString(f.type)}`, 'incompatible import type');
          }
          importedFuncs.push(f);
        } else if (typeof v === 'function') {
          importedFuncs.push(new FuncInst(type, null, -1, v as HostFunc, `${imp.module}.${imp.name}`));
        } else {
          linkFail(imp.module, imp.name, `func ${funcTypeToString(type)}`, describeValue(v), 'incompatible import type');
        }
        break;
      }
      case EXTERN_TABLE: {
        const t = tableInstOf(v);
        const expected = `table ${limitsText(d.type.limits)} ${valTypeName(d.type.elemType)}`;
        if (t === undefined) linkFail(imp.module, imp.name, expected, describeValue(v), 'incompatible import type');
        if (t.elemType !== d.type.elemType || t.is64 !== (d.type.limits.is64 === true) || !limitsMatch(t.elements.length, t.declaredMax, d.type.limits)) {
          const actual = `table ${t.is64 ? 'i64 ' : ''}{min ${t.elements.length}${t.declaredMax >= 0 ? `, max ${t.declaredMax}` : ''}} ${valTypeName(t.elemType)}`;
          linkFail(imp.module, imp.name, expected, actual, 'incompatible import type');
        }
        importedTables.push(t);
        break;
      }
      case EXTERN_MEMORY: {
        const mem = memoryInstOf(v);
        const expected = `memory ${limitsText(d.type.limits)}`;
        if (mem === undefined) linkFail(imp.module, imp.name, expected, describeValue(v), 'incompatible import type');
        if (mem.is64 !== (d.type.limits.is64 === true) || !limitsMatch(mem.pages, mem.declaredMax, d.type.limits)) {
          const actual = `memory ${mem.is64 ? 'i64 ' : ''}{min ${mem.pages}${mem.declaredMax >= 0 ? `, max ${mem.declaredMax}` : ''}}`;
          linkFail(imp.module, imp.name, expected, actual, 'incompatible import type');
        }
        importedMemories.push(mem);
        break;
      }
      case EXTERN_GLOBAL: {
        const want = d.type;
        const expected = `global ${want.isMutable ? 'mut ' : ''}${valTypeName(want.valType)}`;
        let g = globalInstOf(v);
        if (g === undefined && !want.isMutable && (typeof v === 'number' || typeof v === 'bigint')) {
          g = new GlobalInst(want.valType, false);
          setGlobalValue(g, v, false);
        }
        if (g === undefined) linkFail(imp.module, imp.name, expected, describeValue(v), 'incompatible import type');
        // An immutable global may be of a subtype (function references); a mutable one exactly.
        if (g.isMutable !== want.isMutable || (want.isMutable ? g.valType !== want.valType : !isSubtype(g.valType, want.valType))) {
          linkFail(imp.module, imp.name, expected, `global ${g.isMutable ? 'mut ' : ''}${valTypeName(g.valType)}`, 'incompatible import type');
        }
        importedGlobals.push(g);
        break;
      }
      case EXTERN_TAG: {
        // Tags match by type (3.0 §4.5.x: the imported tag's type must equal the declared one).
        const type = module.types[d.typeIdx]!;
        const tag = tagInstOf(v);
        if (tag === undefined) linkFail(imp.module, imp.name, `tag ${funcTypeToString(type)}`, describeValue(v), 'incompatible import type');
        if (typeIdOf(tag.type) !== typeIdOf(type)) {
          linkFail(imp.module, imp.name, `tag ${funcTypeToString(type)}`, `tag ${funcTypeToString(tag.type)}`, 'incompatible import type');
        }
        importedTags.push(tag);
        break;
      }
      default:
        throw new InternalError('unknown import kind');
    }
  }

  // 2. Allocate (a defined memory 0 may come from the VM's pool).
  const memories: MemoryInst[] = [...importedMemories];
  for (let i = importedMemories.length; i < module.memories.length; i++) {
    const l = module.memories[i]!.limits;
    if (l.min > memCap || l.min > SPEC_MAX_PAGES) throw new Trap(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, []);
    memories.push(new MemoryInst(l.min, l.max === null ? -1 : l.max, memCap, i === 0 ? pool : null, l.is64 === true));
  }
  const memory = memories[0] ?? NO_MEMORY;
  const state = new InstanceState(module, memory);
  for (const mem of memories) state.memories.push(mem);
  state.runtime = runtime;
  const names = module.names.funcNames;
  for (const f of importedFuncs) state.funcs.push(f);
  for (let i = module.importedFuncCount; i < module.funcTypeIdxs.length; i++) {
    const type = module.types[module.funcTypeIdxs[i]!]!;
    state.funcs.push(new FuncInst(type, state, i, null, names.get(i) ?? ''));
  }
  attachCode(state);
  for (const g of importedGlobals) state.globals.push(g); // (table initializers may read them)
  for (const t of importedTables) state.tables.push(t);
  for (let i = importedTables.length; i < module.tables.length; i++) {
    const tt = module.tables[i]!;
    if (tt.limits.min > tableCap) throw new Trap(TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS, []);
    // Elements start null, or (function references) as the table's initializer gives.
    const init = module.tableInits[i] ?? null;
    let first: unknown = null;
    if (init !== null) {
      const g = new GlobalInst(tt.elemType, false);
      evalConst(state, init, g);
      first = g.ref;
    }
    state.tables.push(new TableInst(tt.elemType, tt.limits.min, tt.limits.max === null ? -1 : tt.limits.max, tableCap, first, tt.limits.is64 === true));
  }
  for (const tag of importedTags) state.tags.push(tag);
  for (let i = importedTags.length; i < module.tags.length; i++) {
    state.tags.push(new TagInst(module.types[module.tags[i]!]!, `tag ${i}`));
  }
  for (let i = 0; i < module.globalInits.length; i++) {
    const gt = module.globals[module.importedGlobalCount + i]!;
    const g = new GlobalInst(gt.valType, gt.isMutable);
    evalConst(state, module.globalInits[i]!, g);
    state.globals.push(g);
  }

  // 3. Exports (an exported tag defined here is named after its export, in messages).
  for (const exp of module.exports) {
    switch (exp.kind) {
      case EXTERN_FUNC: {
        if (exports === null || funcExports === null) break;
        const f = state.funcs[exp.index]!;
        funcExports.set(exp.name, f);
        exports[exp.name] = jsFunctionOf(f);
        break;
      }
      case EXTERN_TABLE: if (exports !== null) exports[exp.name] = tableOf(state.tables[exp.index]!); break;
      case EXTERN_MEMORY: if (exports !== null) exports[exp.name] = memoryOf(state.memories[exp.index]!); break;
      case EXTERN_GLOBAL: if (exports !== null) exports[exp.name] = globalOf(state.globals[exp.index]!); break;
      case EXTERN_TAG: {
        const tag = state.tags[exp.index]!;
        if (exp.index >= importedTags.length && tag.name.startsWith('tag ')) tag.name = `tag ${exp.name}`;
        if (exports !== null) exports[exp.name] = tagOf(tag);
        break;
      }
      default: throw new InternalError('unknown export kind');
    }
  }

  // 4. Element segments: evaluate, then initialise active ones in order (2.0: table.init + drop).
  const scratch = new GlobalInst(FUNCREF, false);
  for (const seg of module.elements) {
    const refs: unknown[] = [];
    if (seg.funcIdxs !== null) {
      for (const x of seg.funcIdxs) refs.push(state.funcs[x]!);
    } else {
      for (const e of seg.exprs!) {
        evalConst(state, e, scratch);
        refs.push(scratch.ref);
      }
    }
    state.elems.push(refs);
  }
  for (let i = 0; i < module.elements.length; i++) {
    const seg = module.elements[i]!;
    if (seg.mode === SEGMENT_ACTIVE) {
      const table = state.tables[seg.tableIdx]!;
      const offset = evalOffset(state, seg.offsetExpr!, table.is64);
      const refs = state.elems[i]!;
      if (offset + refs.length > table.elements.length) throw new Trap(TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS, []);
      for (let k = 0; k < refs.length; k++) table.elements[offset + k] = refs[k];
      state.elems[i] = null;
    } else if (seg.mode === SEGMENT_DECLARATIVE) {
      state.elems[i] = null;
    }
  }

  // 5. Data segments.
  for (let i = 0; i < module.datas.length; i++) {
    const seg = module.datas[i]!;
    if (seg.mode !== SEGMENT_ACTIVE) continue;
    const mem = state.memories[seg.memIdx]!;
    const offset = evalOffset(state, seg.offsetExpr!, mem.is64);
    const len = seg.dataEnd - seg.dataStart;
    if (offset + len > mem.pages * PAGE_SIZE) throw new Trap(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, []);
    mem.bytes.set(module.bytes.subarray(seg.dataStart, seg.dataEnd), offset);
    state.droppedData[i] = 1;
  }

  return state;
}

function kindText(kind: number): string {
  return ['func', 'table', 'memory', 'global', 'tag'][kind] ?? 'extern';
}

/**
 * An active segment's offset (an i32 constant expression, or i64 for a 64-bit memory or table),
 * as an unsigned number (exact below 2^53, and past every bound above).
 */
function evalOffset(state: InstanceState, expr: ConstExpr, is64 = false): number {
  const g = new GlobalInst(is64 ? 0x7e : 0x7f, false);
  evalConst(state, expr, g);
  return is64 ? (g.hi >>> 0) * 0x100000000 + (g.lo >>> 0) : g.lo >>> 0;
}

/**
 * Evaluates a validated constant expression (spec §3.3.10) into `out`: one constant instruction,
 * or (3.0 extended constant expressions) i32 / i64 add, sub and mul over constants and globals,
 * which are all such a longer expression can hold.
 */
function evalConst(state: InstanceState, expr: ConstExpr, out: GlobalInst): void {
  const instrs = expr.instrs;
  if (instrs.length === 1 && instrs[0]!.op < PREFIX_FB) {
    evalConstInstr(state, instrs[0]!, out);
    return;
  }
  evalConstOnStack(state, expr, out);
}

/** The machine longer constant expressions run on (shared: an evaluation never calls out or nests). */
let constMachine: Machine | null = null;

/**
 * GC bytes the constant expressions of each instance allocated so far: they count against its
 * maxGcHeapBytes, summed over the whole instantiation (no gas).
 */
const constHeapBytes = new WeakMap<InstanceState, number>();

/**
 * Evaluates a constant expression of several instructions (extended-const arithmetic, GC
 * allocations: struct.new, array.new_fixed, ref.i31, any.convert_extern, ...) on a value stack,
 * the GC ops through gc-exec.ts as in code. A trap (gc heap exhausted) fails the instantiation.
 */
function evalConstOnStack(state: InstanceState, expr: ConstExpr, out: GlobalInst): void {
  constMachine ??= new Machine(16, 1 << 20);
  const m = constMachine;
  m.maxGcHeapBytes = state.runtime.maxGcHeapBytes;
  m.gcHeapBytes = constHeapBytes.get(state) ?? 0;
  const types = state.module.typeIds;
  let sp = 0;
  let top = 0;
  try {
    for (const ins of expr.instrs) {
      if (!m.ensureStack(sp + 4)) throw trapAt(m, TrapCode.CALL_STACK_EXHAUSTED, null);
      sp = constStep(m, state, types, ins, sp);
      if (sp > top) top = sp;
    }
    const i32 = m.i32;
    out.lo = i32[sp - 2]!;
    out.hi = out.valType === I64 || out.valType === F64 ? i32[sp - 1]! : 0;
    if (isRefType(out.valType)) out.ref = m.refs[(sp - 2) >> 1];
  } finally {
    // Nothing an evaluation leaves on the shared stack may keep an object alive.
    m.refs.fill(null, 0, (top >> 1) + 1);
  }
}

/** One instruction of a constant expression on the stack below `sp`; returns the new sp. */
function constStep(m: Machine, state: InstanceState, types: readonly number[], ins: ConstInstr, sp: number): number {
  const i32 = m.i32;
  switch (ins.op) {
    case 0x41: case 0x43: // i32.const, f32.const
      i32[sp] = ins.a;
      i32[sp + 1] = 0;
      sp += 2;
      break;
    case 0x42: case 0x44: // i64.const, f64.const
      i32[sp] = ins.a;
      i32[sp + 1] = ins.b;
      sp += 2;
      break;
    case 0xd0: case 0xd2: case 0x23: case 0x20c: { // ref.null, ref.func, global.get, v128.const
      const g = new GlobalInst(ins.op === 0x23 ? state.globals[ins.a]!.valType : ins.op === 0x20c ? V128 : FUNCREF, false);
      evalConstInstr(state, ins, g);
      i32[sp] = g.lo;
      i32[sp + 1] = g.hi;
      m.refs[sp >> 1] = g.ref;
      if (g.valType === V128) {
        i32[sp + 2] = g.w2;
        i32[sp + 3] = g.w3;
        sp += 2;
      }
      sp += 2;
      break;
    }
    case 0x6a: case 0x6b: case 0x6c: // i32.add, sub, mul
      sp -= 2;
      i32[sp - 2] = ins.op === 0x6a ? (i32[sp - 2]! + i32[sp]!) | 0 : ins.op === 0x6b ? (i32[sp - 2]! - i32[sp]!) | 0 : Math.imul(i32[sp - 2]!, i32[sp]!);
      break;
    case 0x7c: case 0x7d: case 0x7e: { // i64.add, sub, mul
      sp -= 2;
      const a = (BigInt(i32[sp - 1]!) << 32n) | BigInt(i32[sp - 2]! >>> 0);
      const b = (BigInt(i32[sp + 1]!) << 32n) | BigInt(i32[sp]! >>> 0);
      const v = BigInt.asIntN(64, ins.op === 0x7c ? a + b : ins.op === 0x7d ? a - b : a * b);
      i32[sp - 2] = Number(BigInt.asIntN(32, v));
      i32[sp - 1] = Number(BigInt.asIntN(32, v >> 32n));
      break;
    }
    default: {
      // struct.new(_default) / array.new(_default) / array.new_fixed (a type; new_fixed a count),
      // ref.i31, any.convert_extern, extern.convert_any.
      const hasType = ins.op <= 0x408;
      const r = gcOp(m, state, ins.op, hasType ? types[ins.a]! : 0, ins.op === 0x408 ? ins.b : 0, sp);
      constHeapBytes.set(state, m.gcHeapBytes);
      if (r < 0) throw trapAt(m, -r as TrapCode, null);
      sp = r;
    }
  }
  return sp;
}

/** Evaluates one constant instruction into `out`. */
function evalConstInstr(state: InstanceState, ins: ConstInstr, out: GlobalInst): void {
  switch (ins.op) {
    case 0x41: // i32.const
    case 0x43: // f32.const
      out.lo = ins.a;
      out.hi = 0;
      return;
    case 0x42: // i64.const
    case 0x44: // f64.const
      out.lo = ins.a;
      out.hi = ins.b;
      return;
    case 0x20c: { // v128.const: 16 bytes at offset a
      const b = state.module.bytes;
      const p = ins.a;
      const word = (k: number): number => b[p + k]! | (b[p + k + 1]! << 8) | (b[p + k + 2]! << 16) | (b[p + k + 3]! << 24);
      out.lo = word(0);
      out.hi = word(4);
      out.w2 = word(8);
      out.w3 = word(12);
      return;
    }
    case 0xd0: // ref.null
      out.ref = null;
      return;
    case 0xd2: // ref.func
      out.ref = state.funcs[ins.a]!;
      return;
    case 0x23: { // global.get
      const g = state.globals[ins.a]!;
      out.lo = g.lo;
      out.hi = g.hi;
      out.w2 = g.w2;
      out.w3 = g.w3;
      out.ref = g.ref;
      return;
    }
    default:
      throw new InternalError(`not a constant instruction: 0x${ins.op.toString(16)}`);
  }
}

/** Wraps a JS function as a host function of a given type (for building import objects). */
export function hostFunction(type: FuncType, fn: HostFunc, name = 'host'): (...args: unknown[]) => unknown {
  return jsFunctionOf(new FuncInst(type, null, -1, fn, name));
}

