/**
 * The contract VM: the life cycle consensus code runs (docs/ABI.md, docs/RATIONALE.md "Contract
 * VM"). `validate` = decode + validate + check the imports against the host modules (deploy);
 * `call` = compile (or take from the cache), build the `env` module of this call, instantiate a
 * fresh instance, run the wasm start function if the module has one (metered, spec §4.5.4), then
 * the exported method (type [] -> []; no `_start` is called), and return the gas used, output,
 * logs, events and state writes, or a typed error. Contract failures never throw; only misuse of
 * the API does (TypeError).
 *
 * Gas is one budget for the start function and the method. State writes are buffered and reach
 * the HostEnv only when the call succeeds. Cancellation (deadline, interrupt flag) is node-local:
 * its error kind 'interrupted' is not a transaction result.
 */
import { compile, decodedOf, featuresKey, validate } from '../compile.js';
import type { Module } from '../compile.js';
import { InternalError, InvalidError, LinkError, MalformedError, Trap, TRAP_NAMES, TrapCode, WasmError } from '../errors.js';
import { checkGasLimit } from '../gas/schedule.js';
import type { HostFunction } from '../host/abi.js';
import { ContractAbort, ENV_FUNCTION_TYPES, EnvBinding, EnvLimitExceeded, EnvSession, utf8Encode } from '../host/env.js';
import type { ContractEvent, HostEnv, StateWrite } from '../host/env.js';
import { MemoryState } from '../host/memory-state.js';
import {
  instantiateForVM, invokeMetered, invokeMeteredAsync, releaseVMInstance, vmInstantiation,
} from '../interpreter/instance.js';
import type { CallControl, CallOutcome, Imports, VMInstance, VMInstantiation } from '../interpreter/instance.js';
import { EMPTY_PROFILE, Profiler } from '../interpreter/profiler.js';
import { MemoryPool } from '../interpreter/runtime.js';
import { WasmException } from '../interpreter/tags.js';
import type { GasProfile } from '../gas/profile.js';
import type { FuncInst } from '../interpreter/runtime.js';
import { funcTypeToString } from '../types.js';
import { ModuleCache } from './cache.js';
import type { CacheStats } from './cache.js';
import { resolveVMOptions } from './options.js';
import type { ResolvedVMOptions, VMOptions } from './options.js';

/** One contract call. */
export interface CallRequest {
  /** The contract's ID: the cache key (with a hash of `code`) and what `env.contract_id` returns. */
  readonly contractId: string;
  /** The contract's wasm binary. */
  readonly code: Uint8Array | ArrayBuffer;
  /** Exported function to run: type [] -> []. */
  readonly method: string;
  /** JSON args (a string is UTF-8 encoded; bytes are passed as they are). Default: empty. */
  readonly args?: string | Uint8Array;
  /** Gas available (a non-negative safe integer). */
  readonly gasLimit: number;
  /** The contract state (default: a fresh, empty {@link MemoryState}). */
  readonly env?: HostEnv;
  /** Who calls (what `env.caller` returns). Default: "". */
  readonly caller?: string;
  /** Block height and time (Unix milliseconds), i64 range. Default 0. */
  readonly blockHeight?: number | bigint;
  readonly blockTime?: number | bigint;
  /** Wall-clock budget of this call in milliseconds, from its start (node-local). */
  readonly deadlineMs?: number;
  /** Interrupt flag: element 0 non-zero stops the call (may live on a SharedArrayBuffer). */
  readonly interrupt?: Int32Array;
  /**
   * Record a gas profile of the call (default false): the result then has `profile`, covering
   * the start function and the method, whose exclusive gas sums to `gasUsed`.
   */
  readonly profile?: boolean;
}

/** Kinds of call errors (docs/ABI.md, "Errors"). */
export type CallErrorKind =
  | 'outOfGas' | 'trap' | 'exception' | 'methodNotExported' | 'invalidCode' | 'hostFailure' | 'limitExceeded' | 'interrupted';

/** Why a call failed. */
export interface CallError {
  readonly kind: CallErrorKind;
  /** One line, no engine text. */
  readonly message: string;
  /**
   * True for every kind but 'interrupted': the transaction failed and its gas is charged (out of
   * gas is a transaction failure too, as the original's ErrOutOfGas wrapped ErrTxFailed).
   */
  readonly isTxFailure: boolean;
  /**
   * False only for 'interrupted': a node-local outcome (deadline, interrupt flag) that consensus
   * code must not record as the transaction's result.
   */
  readonly isConsensus: boolean;
  /** 'trap' only: the trap's name ('unreachable', 'memoryOutOfBounds', ..., or 'abort'); else null. */
  readonly trap: string | null;
  /** 'limitExceeded' only: which limit (a CallLimits key); else null. */
  readonly limit: string | null;
  /** Wasm call stack at the failure, innermost first (may be empty). */
  readonly wasmStack: readonly string[];
}

/** What a call produced. */
export interface CallResult {
  /** Gas used, exact: at most the limit, equal to it on out of gas. */
  readonly gasUsed: number;
  /** The bytes the contract wrote with output_write (empty on failure). */
  readonly output: Uint8Array;
  /** Log lines, in order (kept on failure: they help to debug it). */
  readonly logs: readonly string[];
  /** Events, in order (empty on failure). */
  readonly events: readonly ContractEvent[];
  /** State writes committed to the HostEnv, sorted by key bytes (empty on failure). */
  readonly writes: readonly StateWrite[];
  /** Null on success. */
  readonly error: CallError | null;
  /** The gas profile, when the request asked for one (`profile: true`, also on failure); else absent. */
  readonly profile?: GasProfile;
}

/** The contract VM. Create with {@link createVM}. */
export interface VM {
  /** The options in force (resolved, frozen). */
  readonly options: ResolvedVMOptions;
  /**
   * Deploy check: decode, validate, and check that every import is a function of `env` or of a
   * host module with the exact type. Throws MalformedError, InvalidError or LinkError.
   */
  validate(code: Uint8Array | ArrayBuffer): void;
  /** Runs a method synchronously; host functions (and the HostEnv) must answer synchronously. */
  call(request: CallRequest): CallResult;
  /** Runs a method; host functions and the HostEnv may answer with Promises. Same results and gas. */
  callAsync(request: CallRequest): Promise<CallResult>;
  /** Cache counters. */
  cacheStats(): CacheStats;
  /** Empties the module cache. */
  clearCache(): void;
}

const NO_BYTES = new Uint8Array(0);
/** The arguments of a start function or method (neither takes any). */
const NO_ARGS: readonly never[] = Object.freeze([]);
const EMPTY: readonly never[] = Object.freeze([]);
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const METHOD_TYPE = '[] -> []';

function fail(kind: CallErrorKind, message: string, extra: { trap?: string; limit?: string; wasmStack?: readonly string[] } = {}): CallError {
  const isConsensus = kind !== 'interrupted';
  return Object.freeze({
    kind, message, isTxFailure: isConsensus, isConsensus,
    trap: extra.trap ?? null, limit: extra.limit ?? null, wasmStack: Object.freeze([...(extra.wasmStack ?? [])]),
  });
}

function failed(error: CallError, gasUsed: number, logs: readonly string[] = EMPTY): CallResult {
  return Object.freeze({ gasUsed, output: new Uint8Array([]), logs: frozenCopy(logs), events: EMPTY, writes: EMPTY, error });
}

/** A frozen copy of `list` (the shared frozen EMPTY when it is empty). */
function frozenCopy<T>(list: readonly T[]): readonly T[] {
  return list.length === 0 ? EMPTY : Object.freeze([...list]);
}

function withProfile(result: CallResult, profile: GasProfile): CallResult {
  return Object.freeze({ ...result, profile });
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** invalidCode error of a compile or link failure. */
function codeError(e: MalformedError | InvalidError | LinkError): CallError {
  if (e instanceof MalformedError) return fail('invalidCode', `malformed: ${e.message} at offset ${hex(e.offset)}`);
  if (e instanceof InvalidError) {
    return fail('invalidCode', `invalid: ${e.message}${e.funcIdx >= 0 ? ` in func ${e.funcIdx}` : ''} at offset ${hex(e.offset)}`);
  }
  return fail('invalidCode', `link: ${e.message}`);
}

function causeText(cause: unknown): string {
  const text = cause instanceof Error ? cause.message : String(cause);
  return text.split('\n', 1)[0] ?? '';
}

/** The CallError of what a run threw; rethrows an engine bug (InternalError). */
function runError(e: WasmError): CallError {
  if (e instanceof Trap) {
    switch (e.code) {
      case TrapCode.OUT_OF_GAS:
        return fail('outOfGas', 'out of gas', { wasmStack: e.wasmStack });
      case TrapCode.INTERRUPTED:
        return fail('interrupted', 'interrupted (deadline passed or interrupt flag set)', { wasmStack: e.wasmStack });
      case TrapCode.HOST: {
        const cause = e.cause;
        if (cause instanceof ContractAbort) return fail('trap', cause.message, { trap: 'abort', wasmStack: e.wasmStack });
        if (cause instanceof EnvLimitExceeded) return fail('limitExceeded', cause.message, { limit: cause.limit, wasmStack: e.wasmStack });
        return fail('hostFailure', `${e.wasmStack[0] ?? 'host function'} failed: ${causeText(cause)}`, { wasmStack: e.wasmStack });
      }
      default:
        return fail('trap', e.message, { trap: TRAP_NAMES[e.code] ?? 'trap', wasmStack: e.wasmStack });
    }
  }
  // A wasm exception that no handler caught (3.0 exception handling): the contract failed.
  if (e instanceof WasmException) return fail('exception', e.message, {});
  if (e instanceof MalformedError || e instanceof InvalidError || e instanceof LinkError) return codeError(e);
  throw e instanceof InternalError ? e : new InternalError(`unexpected ${e.kind} error while running a contract`, { cause: e });
}

function toCode(code: unknown): Uint8Array {
  if (code instanceof Uint8Array) return code;
  if (code instanceof ArrayBuffer) return new Uint8Array(code);
  throw new TypeError('code must be a Uint8Array or an ArrayBuffer');
}

function toI64(v: unknown, what: string): bigint {
  if (v === undefined) return 0n;
  let b: bigint;
  if (typeof v === 'bigint') b = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) b = BigInt(v);
  else throw new TypeError(`${what} must be a safe integer or a bigint`);
  if (b < I64_MIN || b > I64_MAX) throw new TypeError(`${what} must fit in an i64`);
  return b;
}

function isHostEnv(v: unknown): v is HostEnv {
  if (v === null || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  return typeof e['get'] === 'function' && typeof e['set'] === 'function' && typeof e['delete'] === 'function';
}

/**
 * The state of a request without `env` (documented as a fresh, empty MemoryState): reads during a
 * call see the call's buffered writes first and the state only behind them, and the state is
 * written only at commit, after the run, so an empty state that forgets what is committed to it
 * behaves the same, and one object serves every such call.
 */
const EMPTY_STATE: HostEnv = Object.freeze({
  get: (): null => null,
  set: (): void => {},
  delete: (): void => {},
});

/** A checked request. */
interface Checked {
  readonly contractId: string;
  readonly code: Uint8Array;
  /** The request's `code` object (a Uint8Array or ArrayBuffer): what the cache remembers. */
  readonly codeSource: object;
  readonly method: string;
  readonly args: Uint8Array;
  readonly gasLimit: number;
  readonly env: HostEnv;
  readonly caller: string;
  readonly blockHeight: bigint;
  readonly blockTime: bigint;
  readonly deadlineMs: number | null;
  readonly interrupt: Int32Array | null;
  readonly profile: boolean;
}

function checkRequest(r: CallRequest): Checked {
  if (r === null || typeof r !== 'object') throw new TypeError('call request must be an object');
  if (typeof r.contractId !== 'string') throw new TypeError('contractId must be a string');
  if (typeof r.method !== 'string') throw new TypeError('method must be a string');
  const code = toCode(r.code);
  const gasLimit = checkGasLimit(r.gasLimit);
  let args: Uint8Array;
  if (r.args === undefined) args = NO_BYTES;
  else if (typeof r.args === 'string') args = utf8Encode(r.args);
  else if (r.args instanceof Uint8Array) args = r.args.slice();
  else throw new TypeError('args must be a string or a Uint8Array');
  if (r.env !== undefined && !isHostEnv(r.env)) throw new TypeError('env must have get, set and delete methods');
  if (r.caller !== undefined && typeof r.caller !== 'string') throw new TypeError('caller must be a string');
  const deadlineMs = r.deadlineMs ?? null;
  if (deadlineMs !== null && (typeof deadlineMs !== 'number' || !(deadlineMs >= 0) || deadlineMs === Infinity)) {
    throw new TypeError('deadlineMs must be a finite non-negative number');
  }
  const interrupt = r.interrupt ?? null;
  if (interrupt !== null && (!(interrupt instanceof Int32Array) || interrupt.length < 1)) {
    throw new TypeError('interrupt must be an Int32Array of at least one element');
  }
  if (r.profile !== undefined && typeof r.profile !== 'boolean') throw new TypeError('profile must be a boolean');
  return {
    contractId: r.contractId, code, codeSource: r.code, method: r.method, args, gasLimit,
    env: r.env ?? EMPTY_STATE, caller: r.caller ?? '',
    blockHeight: toI64(r.blockHeight, 'blockHeight'), blockTime: toI64(r.blockTime, 'blockTime'),
    deadlineMs, interrupt, profile: r.profile === true,
  };
}

/**
 * An `env` binding of the VM and the import object around it (the VM's host modules and its
 * `env`), both made once and reused call after call (docs/RATIONALE.md "Call overhead").
 */
interface EnvSlot {
  readonly binding: EnvBinding;
  readonly imports: Imports;
}

/** Idle EnvSlots a VM keeps (one per call in progress is in use; more are made when needed). */
const MAX_IDLE_ENV_SLOTS = 8;

/** A call ready to run: its session, instance, functions and cancellation. */
interface Prepared {
  readonly session: EnvSession;
  readonly slot: EnvSlot;
  readonly instance: VMInstance;
  readonly start: FuncInst | null;
  readonly method: FuncInst;
  readonly gasLimit: number;
  readonly interrupt: Int32Array | null;
  readonly isPastDeadline: (() => boolean) | null;
}

class ContractVM implements VM {
  readonly options: ResolvedVMOptions;
  private readonly cache: ModuleCache;
  /** Memory buffers of finished calls, zeroed, for the next calls' fresh instances. */
  private readonly memoryPool: MemoryPool;
  /** The instantiation options of every call, checked once. */
  private readonly instantiation: VMInstantiation;
  /** Idle `env` bindings with their import objects. */
  private readonly idleEnvSlots: EnvSlot[];

  constructor(options: ResolvedVMOptions) {
    this.options = options;
    this.cache = new ModuleCache(options.cache, featuresKey(options.features));
    this.memoryPool = new MemoryPool();
    const { limits, gas } = options;
    this.instantiation = vmInstantiation({
      gas, maxMemoryPages: limits.maxMemoryPages, maxTableElements: limits.maxTableElements,
      maxCallDepth: limits.maxCallDepth, maxStackWords: limits.maxStackWords, maxGcHeapBytes: limits.maxGcHeapBytes, tier: options.tier,
    }, this.memoryPool);
    this.idleEnvSlots = [];
    Object.freeze(this);
  }

  /** An idle env slot (or a new one) bound to `session`. */
  private takeEnvSlot(session: EnvSession): EnvSlot {
    let slot = this.idleEnvSlots.pop();
    if (slot === undefined) {
      const binding = new EnvBinding();
      slot = { binding, imports: Object.freeze({ ...this.options.hostModules, env: binding.module }) };
    }
    slot.binding.session = session;
    return slot;
  }

  /** Ends a call: its instance gives its memory back (it never runs again), its env slot is idle. */
  private release(p: Prepared): void {
    releaseVMInstance(p.instance, this.memoryPool);
    p.slot.binding.session = null;
    if (this.idleEnvSlots.length < MAX_IDLE_ENV_SLOTS) this.idleEnvSlots.push(p.slot);
  }

  validate(code: Uint8Array | ArrayBuffer): void {
    const module = compile(toCode(code), { limits: this.options.decodeLimits, features: this.options.features });
    this.checkImports(module);
  }

  /** Throws LinkError for an import no host module provides with the exact type. */
  private checkImports(module: Module): void {
    for (const imp of module.imports) {
      let actual: string;
      if (imp.module === 'env') {
        actual = Object.hasOwn(ENV_FUNCTION_TYPES, imp.name) ? `function ${ENV_FUNCTION_TYPES[imp.name]!}` : 'nothing';
      } else {
        const mod = Object.hasOwn(this.options.hostModules, imp.module) ? this.options.hostModules[imp.module]! : undefined;
        const f: HostFunction | undefined = mod !== undefined && Object.hasOwn(mod, imp.name) ? mod[imp.name] : undefined;
        actual = f === undefined ? 'nothing' : `function ${funcTypeToString(f.type)}`;
      }
      const expected = `${imp.kind} ${imp.type}`;
      if (actual !== expected) {
        const why = actual === 'nothing' ? 'unknown import' : 'incompatible import type';
        throw new LinkError(`${why}: ${imp.module}.${imp.name} (expected ${expected}, got ${actual})`, imp.module, imp.name, expected, actual);
      }
    }
  }

  cacheStats(): CacheStats {
    return this.cache.stats();
  }

  clearCache(): void {
    this.cache.clear();
  }

  call(request: CallRequest): CallResult {
    const c = checkRequest(request);
    const p = this.prepare(c, false);
    if (!('session' in p)) return c.profile ? withProfile(p, EMPTY_PROFILE) : p;
    // One profiler for both runs (start function, method): one profile of the call.
    const profiler = c.profile ? new Profiler() : null;
    // The start function (if any), then the method unless the start function failed.
    let outcome: CallOutcome | null = p.start === null ? null : invokeMetered(p.start, NO_ARGS, false, this.control(p, p.gasLimit), profiler);
    let used = outcome === null ? 0 : outcome.gasUsed;
    if (outcome === null || outcome.error === null) {
      outcome = invokeMetered(p.method, NO_ARGS, false, this.control(p, p.gasLimit - used), profiler);
      used += outcome.gasUsed;
    }
    try {
      const result = this.finish(p, outcome.error, used, () => p.session.commitSync());
      return profiler === null ? result : withProfile(result, profiler.profile());
    } finally {
      this.release(p);
    }
  }

  async callAsync(request: CallRequest): Promise<CallResult> {
    const c = checkRequest(request);
    const p = this.prepare(c, true);
    if (!('session' in p)) return c.profile ? withProfile(p, EMPTY_PROFILE) : p;
    const profiler = c.profile ? new Profiler() : null;
    let used = 0;
    let outcome: CallOutcome | null = null;
    for (const f of p.start === null ? [p.method] : [p.start, p.method]) {
      outcome = await invokeMeteredAsync(f, NO_ARGS, false, this.control(p, p.gasLimit - used), profiler);
      used += outcome.gasUsed;
      if (outcome.error !== null) break;
    }
    const commits: Promise<void>[] = [];
    let result: CallResult;
    try {
      result = this.finish(p, outcome!.error, used, () => {
        commits.push(p.session.commitAsync());
      });
    } finally {
      this.release(p);
    }
    await Promise.all(commits);
    return profiler === null ? result : withProfile(result, profiler.profile());
  }

  private control(p: Prepared, gasLimit: number): CallControl {
    return { gasLimit, interrupt: p.interrupt, isPastDeadline: p.isPastDeadline, pollInterval: this.options.pollIntervalGas };
  }

  /** The result of a finished run; commits the writes (through `commit`) on success. */
  private finish(p: Prepared, error: WasmError | null, gasUsed: number, commit: () => void): CallResult {
    const s = p.session;
    if (s.misuse !== null) throw s.misuse;
    if (error !== null) return failed(runError(error), gasUsed, s.logs);
    const writes = s.writes();
    commit();
    return Object.freeze({
      gasUsed,
      output: s.output,
      logs: frozenCopy(s.logs),
      events: frozenCopy(s.events),
      writes: writes.length === 0 ? EMPTY : Object.freeze(writes.map((w) => Object.freeze(w))),
      error: null,
    });
  }

  /** Everything up to the run: a failure here is a result with no gas used. */
  private prepare(c: Checked, isAsync: boolean): Prepared | CallResult {
    const { limits } = this.options;
    // 1. The compiled module (cache hit, or compile and remember).
    let module = this.cache.find(c.contractId, c.codeSource, c.code);
    if (module === undefined) {
      try {
        module = compile(c.code, { limits: this.options.decodeLimits, features: this.options.features });
      } catch (e) {
        if (e instanceof MalformedError || e instanceof InvalidError) return failed(codeError(e), 0);
        throw e;
      }
      this.cache.set(this.cache.keyOf(c.contractId, c.code), module);
    }
    // 2. The method: an exported function of type [] -> [].
    const exports = module.exports;
    let methodIdx = 0;
    while (methodIdx < exports.length && exports[methodIdx]!.name !== c.method) methodIdx++;
    const exp = methodIdx < exports.length ? exports[methodIdx]! : undefined;
    if (exp === undefined || exp.kind !== 'function') {
      return failed(fail('methodNotExported', `no exported function named ${JSON.stringify(c.method)}`), 0);
    }
    if (exp.type !== METHOD_TYPE) {
      return failed(fail('methodNotExported', `exported function ${JSON.stringify(c.method)} has type ${exp.type}; a method has type ${METHOD_TYPE}`), 0);
    }
    // 3. Initial sizes within the call's limits.
    const decoded = decodedOf(module);
    for (const mem of decoded.memories) {
      if (mem.limits.min > limits.maxMemoryPages) {
        return failed(fail('limitExceeded', `initial memory of ${mem.limits.min} pages exceeds the limit of ${limits.maxMemoryPages} pages`, { limit: 'maxMemoryPages' }), 0);
      }
    }
    for (const t of decoded.tables) {
      if (t.limits.min > limits.maxTableElements) {
        return failed(fail('limitExceeded', `initial table of ${t.limits.min} elements exceeds the limit of ${limits.maxTableElements} elements`, { limit: 'maxTableElements' }), 0);
      }
    }
    // 4. Cancelled before it started?
    if (c.interrupt !== null && Atomics.load(c.interrupt, 0) !== 0) {
      return failed(runError(new Trap(TrapCode.INTERRUPTED, [])), 0);
    }
    // 5. A fresh instance linked to this call's env module.
    const session = new EnvSession(
      { contractId: c.contractId, caller: c.caller, blockHeight: c.blockHeight, blockTime: c.blockTime, args: c.args },
      c.env, limits, this.options.hostCosts, isAsync,
    );
    const slot = this.takeEnvSlot(session);
    let instance: VMInstance;
    try {
      instance = instantiateForVM(decoded, slot.imports, this.instantiation);
    } catch (e) {
      slot.binding.session = null;
      if (this.idleEnvSlots.length < MAX_IDLE_ENV_SLOTS) this.idleEnvSlots.push(slot);
      if (e instanceof WasmError) return failed(runError(e), 0);
      throw e;
    }
    const method = instance.funcs[decoded.exports[methodIdx]!.index]!;
    const start = instance.start;
    const now = this.options.now;
    let isPastDeadline: (() => boolean) | null = null;
    if (c.deadlineMs !== null) {
      const deadline = now() + c.deadlineMs;
      isPastDeadline = () => now() >= deadline;
    }
    return { session, slot, instance, start, method, gasLimit: c.gasLimit, interrupt: c.interrupt, isPastDeadline };
  }
}

/**
 * Creates a contract VM. Options are validated and frozen (TypeError for a bad option); see
 * {@link VMOptions} for the defaults.
 */
export function createVM(options?: VMOptions): VM {
  const resolved = resolveVMOptions(options);
  // Check the decoding limits now (compile would only reject them on the first call).
  validate(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]), { limits: resolved.decodeLimits });
  return new ContractVM(resolved);
}
