/**
 * Options of the contract VM: per-call limits with their documented defaults (docs/RATIONALE.md,
 * "Contract VM"), validation (TypeError on a bad option) and freezing. Limits are configuration
 * constants, never derived from the host, so every node accepts and rejects the same calls.
 */
import { resolveFeatures } from '../compile.js';
import type { CompileOptions, Features } from '../compile.js';
import { DEFAULT_GAS_SCHEDULE, instructionCost, resolveGasSchedule } from '../gas/schedule.js';
import type { GasSchedule } from '../gas/schedule.js';
import { isHostFunction } from '../host/abi.js';
import type { HostModule } from '../host/builder.js';
import { resolveHostCosts } from '../host/env.js';
import type { EnvLimits, HostCosts } from '../host/env.js';
import { DEFAULT_CACHE_OPTIONS } from './cache.js';
import type { CacheOptions } from './cache.js';
import { defaultNow } from './clock.js';
import type { Tier } from '../interpreter/runtime.js';

/** Limits of one call. */
export interface CallLimits extends EnvLimits {
  /** Memory size cap in 64 KiB pages (memory.grow past it returns -1; a larger initial memory fails the call). */
  readonly maxMemoryPages: number;
  /** Table size cap in elements. */
  readonly maxTableElements: number;
  /** Nested wasm calls; past it the call traps "call stack exhausted". */
  readonly maxCallDepth: number;
  /** Value-stack size in 4-byte words; past it the call traps "call stack exhausted". */
  readonly maxStackWords: number;
  /** Bytes of GC objects a call may allocate (fields, elements, 32 per object); past it the call traps "gc heap exhausted". */
  readonly maxGcHeapBytes: number;
}

/** Default per-call limits (docs/RATIONALE.md, "Contract VM"). */
export const DEFAULT_CALL_LIMITS: CallLimits = Object.freeze({
  maxMemoryPages: 256, // 16 MiB
  maxTableElements: 65_536,
  maxCallDepth: 1_000,
  maxStackWords: 1024 * 1024, // 4 MiB
  maxGcHeapBytes: 16 * 1024 * 1024, // 16 MiB
  maxOutputBytes: 64 * 1024,
  maxLogCount: 256,
  maxLogBytes: 64 * 1024,
  maxEventCount: 256,
  maxEventBytes: 64 * 1024,
  maxStateKeyBytes: 1024,
  maxStateValueBytes: 1024 * 1024,
});

/** Gas between two cancellation polls (interrupt flag, deadline). */
export const DEFAULT_POLL_INTERVAL_GAS = 10_000;

/** Options of `createVM` (all optional). */
export interface VMOptions {
  /** Gas schedule (default DEFAULT_GAS_SCHEDULE); a partial object overrides the default's fields. */
  readonly gas?: Partial<GasSchedule>;
  /** Extra gas of the `env` functions (default DEFAULT_HOST_COSTS). */
  readonly hostCosts?: Partial<HostCosts>;
  /** Per-call limits (default DEFAULT_CALL_LIMITS). */
  readonly limits?: Partial<CallLimits>;
  /** Compiled-module cache bounds (default DEFAULT_CACHE_OPTIONS). */
  readonly cache?: Partial<CacheOptions>;
  /** Decoding limits of contract code (default DEFAULT_DECODE_LIMITS). */
  readonly decodeLimits?: CompileOptions['limits'];
  /**
   * The features contract code may use (default DEFAULT_FEATURES, as compile's): a preset such as
   * WASM_1_0 / WASM_2_0, `parseFeatures('wasm2,-floats')`, or switches over the default. Code that
   * uses a disabled feature is `invalidCode` (on deploy, vm.validate throws the InvalidError).
   */
  readonly features?: CompileOptions['features'];
  /** More import modules for contracts, by module name (`env` is the VM's own and reserved). */
  readonly hostModules?: Readonly<Record<string, HostModule>>;
  /** Wall clock in milliseconds for `deadlineMs` (default: performance.now()). Node-local. */
  readonly now?: () => number;
  /** Gas between cancellation polls (default 10,000; smaller stops sooner and runs slower). */
  readonly pollIntervalGas?: number;
  /**
   * Execution tier of contract code (default 'interpreter'): 'js' runs the functions the JS tier
   * takes as JavaScript functions (InstantiateOptions `tier`); results and gas are the same.
   */
  readonly tier?: Tier;
}

/** The options a VM runs with: every field resolved, validated and frozen. */
export interface ResolvedVMOptions {
  readonly gas: GasSchedule;
  readonly hostCosts: HostCosts;
  readonly limits: CallLimits;
  readonly cache: CacheOptions;
  readonly decodeLimits: CompileOptions['limits'];
  readonly features: Features;
  readonly hostModules: Readonly<Record<string, HostModule>>;
  readonly now: () => number;
  readonly pollIntervalGas: number;
  readonly tier: Tier;
}

const OPTION_KEYS = ['gas', 'hostCosts', 'limits', 'cache', 'decodeLimits', 'features', 'hostModules', 'now', 'pollIntervalGas', 'tier'];

/** Largest value a limit may take (limits are compared with u32 lengths and page counts). */
const MAX_LIMIT = 0xffffffff;

function resolveCounts<T extends object>(what: string, defaults: T, overrides: unknown): T {
  if (overrides === undefined) return defaults;
  if (overrides === null || typeof overrides !== 'object') throw new TypeError(`${what} must be an object`);
  const out: Record<string, number> = { ...(defaults as Record<string, number>) };
  for (const key of Object.keys(overrides)) {
    if (!(key in defaults)) throw new TypeError(`unknown ${what} key: ${key}`);
    const v = (overrides as Record<string, unknown>)[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_LIMIT) {
      throw new TypeError(`${what}.${key} must be an integer in [0, ${MAX_LIMIT}]`);
    }
    out[key] = v;
  }
  return Object.freeze(out) as unknown as T;
}

function resolveHostModules(modules: unknown): Readonly<Record<string, HostModule>> {
  if (modules === undefined) return Object.freeze({});
  if (modules === null || typeof modules !== 'object') throw new TypeError('hostModules must be an object');
  const out: Record<string, HostModule> = {};
  for (const name of Object.keys(modules).sort()) {
    if (name === 'env') throw new TypeError("hostModules may not define 'env' (the VM's own module)");
    const mod = (modules as Record<string, unknown>)[name];
    if (mod === null || typeof mod !== 'object') throw new TypeError(`hostModules.${name} must be an object of host functions`);
    const fields: Record<string, unknown> = {};
    for (const field of Object.keys(mod).sort()) {
      const f = (mod as Record<string, unknown>)[field];
      if (!isHostFunction(f)) throw new TypeError(`hostModules.${name}.${field} must be made with defineHostFunction or hostModule`);
      fields[field] = f;
    }
    out[name] = Object.freeze(fields) as HostModule;
  }
  return Object.freeze(out);
}

/** Validates and freezes VM options (TypeError names the bad option). */
export function resolveVMOptions(options: VMOptions | undefined): ResolvedVMOptions {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') throw new TypeError('VM options must be an object');
  for (const key of Object.keys(options)) if (!OPTION_KEYS.includes(key)) throw new TypeError(`unknown VM option: ${key}`);
  const now = options.now ?? defaultNow;
  if (typeof now !== 'function') throw new TypeError('now must be a function returning milliseconds');
  const poll = options.pollIntervalGas ?? DEFAULT_POLL_INTERVAL_GAS;
  if (typeof poll !== 'number' || !Number.isSafeInteger(poll) || poll < 1) {
    throw new TypeError('pollIntervalGas must be a positive safe integer');
  }
  const decodeLimits = options.decodeLimits;
  if (decodeLimits !== undefined && (decodeLimits === null || typeof decodeLimits !== 'object')) {
    throw new TypeError('decodeLimits must be an object');
  }
  const tier = options.tier ?? 'interpreter';
  if (tier !== 'interpreter' && tier !== 'js') throw new TypeError("tier must be 'interpreter' or 'js'");
  const gas = resolveGasSchedule(options.gas, DEFAULT_GAS_SCHEDULE);
  // Every call must be bounded: with neither loops nor instructions charged, a loop runs for free
  // (and cancellation, polled at gas checkpoints, would never be checked).
  // (Every loop iteration executes a taken br / br_if / br_table, every call a call instruction,
  // and each is paid for in its straight-line run: so per-instruction costs can bound them too.)
  const costs = (...names: string[]): boolean => names.every((n) => instructionCost(gas, n) > 0);
  if (gas.loop === 0 && !costs('br', 'br_if', 'br_table')) {
    throw new TypeError('gas schedule must charge loops (loop > 0, or br, br_if and br_table cost > 0)');
  }
  if (gas.call === 0 && !costs('call', 'call_indirect', 'return_call', 'return_call_indirect')) {
    throw new TypeError('gas schedule must charge calls (call > 0, or call, call_indirect, return_call and return_call_indirect cost > 0)');
  }
  return Object.freeze({
    gas,
    hostCosts: resolveHostCosts(options.hostCosts),
    limits: resolveCounts('limits', DEFAULT_CALL_LIMITS, options.limits),
    cache: resolveCounts('cache', DEFAULT_CACHE_OPTIONS, options.cache),
    decodeLimits: decodeLimits === undefined ? undefined : Object.freeze({ ...decodeLimits }),
    features: resolveFeatures(options.features),
    hostModules: resolveHostModules(options.hostModules),
    now,
    pollIntervalGas: poll,
    tier,
  });
}
