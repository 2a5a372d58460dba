/**
 * The `env` host module of contracts: the ABI of docs/ABI.md, implemented with
 * {@link defineHostFunction} over a {@link HostEnv} (the contract state) that consensus code
 * supplies. One {@link EnvSession} holds everything a call sees and produces: the JSON args, the
 * caller, contract ID and block facts, the output, logs, events, and the state writes, which are
 * buffered during the call (reads see them) and committed to the HostEnv only when the call
 * succeeds, in byte order of the keys.
 *
 * Every pointer and length is bounds-checked through the HostContext (an out-of-bounds access is
 * the "out of bounds memory access" trap, never a host crash); lengths are read as unsigned i32.
 * Extra gas ({@link HostCosts}) is charged before the work it pays for, on top of the call cost
 * every host call pays, so a huge length runs out of gas before anything is copied. Size limits
 * ({@link EnvLimits}) are checked before gas is charged. Spec: WebAssembly 2.0 §4.5.2 (host
 * functions), AssemblyScript's `abort` import (strings: UTF-16LE, byte length at ptr - 4).
 */
import { defineHostFunction } from './abi.js';
import type { HostContext, HostFunction } from './abi.js';

/**
 * The contract state as the embedder keeps it. Methods may answer synchronously or with a Promise
 * (an async database); a Promise needs `vm.callAsync`. They must behave the same on every node:
 * what they return (or throw) becomes part of the call's result.
 */
export interface HostEnv {
  /** The value stored under `key`, or null. */
  get(key: Uint8Array): Uint8Array | null | PromiseLike<Uint8Array | null>;
  /** Stores `value` under `key` (called only when a call commits). */
  set(key: Uint8Array, value: Uint8Array): void | PromiseLike<void>;
  /** Removes `key` (called only when a call commits). */
  delete(key: Uint8Array): void | PromiseLike<void>;
}

/** Extra gas the `env` functions charge (on top of the schedule's `call` cost of every host call). */
export interface HostCosts {
  /** Per byte copied between the host and memory (input_read, output_write, caller, contract_id, abort). */
  readonly copyByte: number;
  /** Per state_get, plus `stateReadByte` per byte of key and of the value found. */
  readonly stateRead: number;
  readonly stateReadByte: number;
  /** Per state_set / state_delete, plus `stateWriteByte` per byte of key and value. */
  readonly stateWrite: number;
  readonly stateWriteByte: number;
  /** Per emit_event, plus `eventByte` per byte of name and data. */
  readonly event: number;
  readonly eventByte: number;
  /** Per log, plus `logByte` per byte of text. */
  readonly log: number;
  readonly logByte: number;
}

/** Default host costs (docs/RATIONALE.md, "Gas": host functions). */
export const DEFAULT_HOST_COSTS: HostCosts = Object.freeze({
  copyByte: 1,
  stateRead: 1000,
  stateReadByte: 1,
  stateWrite: 5000,
  stateWriteByte: 10,
  event: 1000,
  eventByte: 1,
  log: 100,
  logByte: 1,
});

/** Largest host cost of one event (keeps every charge a safe integer). */
const MAX_HOST_COST = 0x7fffffff;

/** Validates partial host costs over the defaults; returns a frozen copy (TypeError when bad). */
export function resolveHostCosts(overrides?: Partial<HostCosts>): HostCosts {
  if (overrides === undefined) return DEFAULT_HOST_COSTS;
  if (overrides === null || typeof overrides !== 'object') throw new TypeError('hostCosts must be an object');
  const out: Record<string, number> = { ...DEFAULT_HOST_COSTS };
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_HOST_COSTS)) throw new TypeError(`unknown host cost: ${key}`);
    const v = (overrides as Record<string, unknown>)[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_HOST_COST) {
      throw new TypeError(`host cost ${key} must be an integer in [0, ${MAX_HOST_COST}]`);
    }
    out[key] = v;
  }
  return Object.freeze(out) as unknown as HostCosts;
}

/** Size limits of what one call may produce through `env` (exceeding one fails the call). */
export interface EnvLimits {
  /** Bytes of output (output_write). */
  readonly maxOutputBytes: number;
  /** Log lines, and their total bytes. */
  readonly maxLogCount: number;
  readonly maxLogBytes: number;
  /** Events, and their total bytes (name + data). */
  readonly maxEventCount: number;
  readonly maxEventBytes: number;
  /** Bytes of one state key, and of one state value written. */
  readonly maxStateKeyBytes: number;
  readonly maxStateValueBytes: number;
}

/** An event a contract emitted. */
export interface ContractEvent {
  /** UTF-8 name (invalid sequences become U+FFFD). */
  readonly name: string;
  /** The data bytes (usually JSON). */
  readonly data: Uint8Array;
}

/** A buffered state write: `value` null is a delete. */
export interface StateWrite {
  readonly key: Uint8Array;
  readonly value: Uint8Array | null;
}

/** The facts a call exposes to the contract. */
export interface EnvCallInfo {
  readonly contractId: string;
  readonly caller: string;
  /** Block height and time (Unix milliseconds), as i64 values. */
  readonly blockHeight: bigint;
  readonly blockTime: bigint;
  /** The JSON args as UTF-8 bytes. */
  readonly args: Uint8Array;
}

/** Thrown by `env.abort`: the contract aborted (AssemblyScript `abort`, `assert`, `throw`). */
export class ContractAbort extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The message the contract passed (without the location). */
  readonly abortMessage: string;
  constructor(message: string, file: string, line: number, column: number) {
    super(file === '' ? `abort: ${message}` : `abort: ${message} at ${file}:${line}:${column}`);
    this.name = 'ContractAbort';
    this.abortMessage = message;
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

/** Thrown by an `env` function when the call would pass one of its {@link EnvLimits}. */
export class EnvLimitExceeded extends Error {
  /** Which limit (an {@link EnvLimits} key). */
  readonly limit: keyof EnvLimits;
  constructor(limit: keyof EnvLimits, message: string) {
    super(message);
    this.name = 'EnvLimitExceeded';
    this.limit = limit;
  }
}

const encoder = new TextEncoder();
const HEX = '0123456789abcdef';

/** Lower-case hex of `bytes`. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]! >> 4]! + HEX[bytes[i]! & 15]!;
  return s;
}

/** Lexicographic byte order (a prefix sorts first). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as { then?: unknown }).then === 'function';
}

/** Longest AssemblyScript abort message or file name read, in bytes (longer ones are cut). */
const MAX_ABORT_STRING_BYTES = 1024;

/**
 * The state of one call as `env` sees it. Create one per call; after the run, read `output`,
 * `logs`, `events` and `writes()`, then {@link commitSync} / {@link commitAsync} on success.
 */
export class EnvSession {
  readonly info: EnvCallInfo;
  readonly env: HostEnv;
  readonly limits: EnvLimits;
  readonly costs: HostCosts;
  /** Whether HostEnv Promises may be waited for (async calls). */
  readonly isAsync: boolean;
  output: Uint8Array;
  readonly logs: string[];
  logBytes: number;
  readonly events: ContractEvent[];
  eventBytes: number;
  /** Misuse detected during the run (a Promise in a synchronous call); the VM throws it. */
  misuse: TypeError | null;
  /** The buffered writes by hex key (made on the first write: most calls of a read-only method make none). */
  private overlay: Map<string, StateWrite> | null;
  private callerBytes: Uint8Array | null;
  private contractIdBytes: Uint8Array | null;

  constructor(info: EnvCallInfo, env: HostEnv, limits: EnvLimits, costs: HostCosts, isAsync: boolean) {
    this.info = info;
    this.env = env;
    this.limits = limits;
    this.costs = costs;
    this.isAsync = isAsync;
    // A fresh empty array (its own buffer: a caller may transfer it). `new Uint8Array([])`, not
    // `new Uint8Array(0)`: on Node 20 the latter took ~400 ns, the former ~70 ns.
    this.output = new Uint8Array([]);
    this.logs = [];
    this.logBytes = 0;
    this.events = [];
    this.eventBytes = 0;
    this.misuse = null;
    this.overlay = null;
    this.callerBytes = null;
    this.contractIdBytes = null;
  }

  /** The buffered writes, sorted by key bytes (copies). */
  writes(): StateWrite[] {
    const list: StateWrite[] = [];
    if (this.overlay === null) return list;
    for (const w of this.overlay.values()) list.push({ key: w.key.slice(), value: w.value === null ? null : w.value.slice() });
    return list.sort((a, b) => compareBytes(a.key, b.key));
  }

  /** Applies the buffered writes to the HostEnv; TypeError if it answers with a Promise. */
  commitSync(): void {
    for (const w of this.writes()) {
      const r = w.value === null ? this.env.delete(w.key) : this.env.set(w.key, w.value);
      if (isThenable(r)) {
        r.then(undefined, () => {}); // abandoned: never an unhandled rejection
        throw new TypeError('HostEnv.set/delete returned a Promise in a synchronous call (use callAsync)');
      }
    }
  }

  /** Applies the buffered writes to the HostEnv, waiting for each in key order. */
  async commitAsync(): Promise<void> {
    for (const w of this.writes()) {
      await (w.value === null ? this.env.delete(w.key) : this.env.set(w.key, w.value));
    }
  }

  /** Reads `key` through the write buffer; `then` receives the value (or null). */
  readState(key: Uint8Array, then: (value: Uint8Array | null) => number): number | PromiseLike<number> {
    const hit = this.overlay === null ? undefined : this.overlay.get(bytesToHex(key));
    if (hit !== undefined) return then(hit.value);
    const r = this.env.get(key.slice());
    if (isThenable(r)) {
      if (!this.isAsync) {
        r.then(undefined, () => {}); // abandoned: never an unhandled rejection
        this.misuse = new TypeError('HostEnv.get returned a Promise in a synchronous call (use callAsync)');
        throw this.misuse;
      }
      return Promise.resolve(r).then((v) => then(checkValue(v)));
    }
    return then(checkValue(r));
  }

  writeState(key: Uint8Array, value: Uint8Array | null): void {
    (this.overlay ??= new Map()).set(bytesToHex(key), { key, value });
  }

  /** Copies (a prefix of) `bytes` to `ptr` (at most `cap` bytes) and returns the full length. */
  copyOut(ctx: HostContext, bytes: Uint8Array, ptr: number, cap: number): number {
    const n = Math.min(bytes.length, cap >>> 0);
    ctx.chargeGas(n * this.costs.copyByte);
    ctx.write(ptr, bytes.subarray(0, n));
    return bytes.length;
  }

  /** UTF-8 of the caller (encoded on first use). */
  get callerUtf8(): Uint8Array {
    return (this.callerBytes ??= encoder.encode(this.info.caller));
  }

  /** UTF-8 of the contract ID (encoded on first use). */
  get contractIdUtf8(): Uint8Array {
    return (this.contractIdBytes ??= encoder.encode(this.info.contractId));
  }
}

function checkValue(v: unknown): Uint8Array | null {
  if (v === null || v === undefined) return null;
  if (!(v instanceof Uint8Array)) throw new TypeError('HostEnv.get must return a Uint8Array or null');
  return v;
}

function limitFail(limit: keyof EnvLimits, what: string, size: number, max: number, unit: string): never {
  throw new EnvLimitExceeded(limit, `${what} of ${size} ${unit} exceeds the limit of ${max} ${unit}`);
}

/** Reads an AssemblyScript string (UTF-16LE, byte length in the u32 at ptr - 4); "" for null. */
function readAsString(ctx: HostContext, costs: HostCosts, ptr: number): string {
  if (ptr === 0) return '';
  const byteLength = ctx.readU32((ptr >>> 0) - 4);
  const n = Math.min(byteLength, MAX_ABORT_STRING_BYTES) & ~1;
  ctx.chargeGas(n * costs.copyByte);
  const bytes = ctx.read(ptr, n);
  let s = '';
  for (let i = 0; i < n; i += 2) s += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return s;
}

/** Names and wasm types of the `env` functions (docs/ABI.md), in text-format words. */
export const ENV_FUNCTION_TYPES: Readonly<Record<string, string>> = Object.freeze({
  input_length: '[] -> [i32]',
  input_read: '[i32] -> []',
  output_write: '[i32 i32] -> []',
  state_get: '[i32 i32 i32 i32] -> [i32]',
  state_set: '[i32 i32 i32 i32] -> []',
  state_delete: '[i32 i32] -> []',
  caller: '[i32 i32] -> [i32]',
  contract_id: '[i32 i32] -> [i32]',
  block_height: '[] -> [i64]',
  block_time: '[] -> [i64]',
  emit_event: '[i32 i32 i32 i32] -> []',
  log: '[i32 i32] -> []',
  abort: '[i32 i32 i32 i32] -> []',
});

/**
 * A reusable `env` import object: its functions find the call's {@link EnvSession} in `session`
 * when they run, so the contract VM binds a session to one of a few of these per call instead of
 * building 13 host functions and closures for every call (docs/RATIONALE.md "Call overhead"). A
 * binding serves one call at a time; outside a call `session` is null.
 */
export class EnvBinding {
  /** The session of the call in progress, or null. */
  session: EnvSession | null;
  /** The `env` module: every function of docs/ABI.md, bound to this binding. */
  readonly module: Readonly<Record<string, HostFunction>>;

  constructor(session: EnvSession | null = null) {
    this.session = session;
    this.module = envFunctions(this);
  }
}

/** The session of `binding`; TypeError when an `env` function runs outside a call. */
function current(binding: EnvBinding): EnvSession {
  const session = binding.session;
  if (session === null) throw new TypeError('env function called outside a contract call');
  return session;
}

/** The `env` import object of one call: every function of docs/ABI.md bound to `session`. */
export function createEnvModule(session: EnvSession): Readonly<Record<string, HostFunction>> {
  return new EnvBinding(session).module;
}

/** The functions of `binding` (field order is fixed; it never matters: linking looks fields up by name). */
function envFunctions(binding: EnvBinding): Readonly<Record<string, HostFunction>> {
  const def = (name: string, params: readonly ('i32' | 'i64')[], results: readonly ('i32' | 'i64')[], fn: (ctx: HostContext, ...args: never[]) => unknown): HostFunction =>
    defineHostFunction(`env.${name}`, params, results, fn);
  return Object.freeze({
    input_length: def('input_length', [], ['i32'], () => {
      const session = current(binding);
      return session.info.args.length;
    }),

    input_read: def('input_read', ['i32'], [], (ctx: HostContext, ptr: number) => {
      const session = current(binding);
      ctx.chargeGas(session.info.args.length * session.costs.copyByte);
      ctx.write(ptr, session.info.args);
    }),

    output_write: def('output_write', ['i32', 'i32'], [], (ctx: HostContext, ptr: number, len: number) => {
      const session = current(binding);
      const n = len >>> 0;
      if (n > session.limits.maxOutputBytes) limitFail('maxOutputBytes', 'output', n, session.limits.maxOutputBytes, 'bytes');
      ctx.chargeGas(n * session.costs.copyByte);
      session.output = ctx.read(ptr, n);
    }),

    state_get: def('state_get', ['i32', 'i32', 'i32', 'i32'], ['i32'], (ctx: HostContext, keyPtr: number, keyLen: number, valuePtr: number, valueCap: number) => {
      const session = current(binding);
      const kn = keyLen >>> 0;
      if (kn > session.limits.maxStateKeyBytes) limitFail('maxStateKeyBytes', 'state key', kn, session.limits.maxStateKeyBytes, 'bytes');
      ctx.chargeGas(session.costs.stateRead + kn * session.costs.stateReadByte);
      const key = ctx.read(keyPtr, kn);
      return session.readState(key, (value) => {
        if (value === null) return -1;
        ctx.chargeGas(value.length * session.costs.stateReadByte);
        ctx.write(valuePtr, value.subarray(0, Math.min(value.length, valueCap >>> 0)));
        return value.length;
      });
    }),

    state_set: def('state_set', ['i32', 'i32', 'i32', 'i32'], [], (ctx: HostContext, keyPtr: number, keyLen: number, valuePtr: number, valueLen: number) => {
      const session = current(binding);
      const kn = keyLen >>> 0;
      const vn = valueLen >>> 0;
      if (kn > session.limits.maxStateKeyBytes) limitFail('maxStateKeyBytes', 'state key', kn, session.limits.maxStateKeyBytes, 'bytes');
      if (vn > session.limits.maxStateValueBytes) limitFail('maxStateValueBytes', 'state value', vn, session.limits.maxStateValueBytes, 'bytes');
      ctx.chargeGas(session.costs.stateWrite + (kn + vn) * session.costs.stateWriteByte);
      session.writeState(ctx.read(keyPtr, kn), ctx.read(valuePtr, vn));
    }),

    state_delete: def('state_delete', ['i32', 'i32'], [], (ctx: HostContext, keyPtr: number, keyLen: number) => {
      const session = current(binding);
      const kn = keyLen >>> 0;
      if (kn > session.limits.maxStateKeyBytes) limitFail('maxStateKeyBytes', 'state key', kn, session.limits.maxStateKeyBytes, 'bytes');
      ctx.chargeGas(session.costs.stateWrite + kn * session.costs.stateWriteByte);
      session.writeState(ctx.read(keyPtr, kn), null);
    }),

    caller: def('caller', ['i32', 'i32'], ['i32'], (ctx: HostContext, ptr: number, cap: number) => {
      const session = current(binding);
      return session.copyOut(ctx, session.callerUtf8, ptr, cap);
    }),

    contract_id: def('contract_id', ['i32', 'i32'], ['i32'], (ctx: HostContext, ptr: number, cap: number) => {
      const session = current(binding);
      return session.copyOut(ctx, session.contractIdUtf8, ptr, cap);
    }),

    block_height: def('block_height', [], ['i64'], () => {
      const session = current(binding);
      return session.info.blockHeight;
    }),

    block_time: def('block_time', [], ['i64'], () => {
      const session = current(binding);
      return session.info.blockTime;
    }),

    emit_event: def('emit_event', ['i32', 'i32', 'i32', 'i32'], [], (ctx: HostContext, namePtr: number, nameLen: number, dataPtr: number, dataLen: number) => {
      const session = current(binding);
      const size = (nameLen >>> 0) + (dataLen >>> 0);
      if (session.events.length + 1 > session.limits.maxEventCount) {
        limitFail('maxEventCount', 'event count', session.events.length + 1, session.limits.maxEventCount, 'events');
      }
      if (session.eventBytes + size > session.limits.maxEventBytes) {
        limitFail('maxEventBytes', 'event data', session.eventBytes + size, session.limits.maxEventBytes, 'bytes');
      }
      ctx.chargeGas(session.costs.event + size * session.costs.eventByte);
      const name = ctx.readString(namePtr, nameLen >>> 0);
      const data = ctx.read(dataPtr, dataLen >>> 0);
      session.eventBytes += size;
      session.events.push(Object.freeze({ name, data }));
    }),

    log: def('log', ['i32', 'i32'], [], (ctx: HostContext, ptr: number, len: number) => {
      const session = current(binding);
      const n = len >>> 0;
      if (session.logs.length + 1 > session.limits.maxLogCount) {
        limitFail('maxLogCount', 'log count', session.logs.length + 1, session.limits.maxLogCount, 'lines');
      }
      if (session.logBytes + n > session.limits.maxLogBytes) {
        limitFail('maxLogBytes', 'log text', session.logBytes + n, session.limits.maxLogBytes, 'bytes');
      }
      ctx.chargeGas(session.costs.log + n * session.costs.logByte);
      const text = ctx.readString(ptr, n);
      session.logBytes += n;
      session.logs.push(text);
    }),

    abort: def('abort', ['i32', 'i32', 'i32', 'i32'], [], (ctx: HostContext, msgPtr: number, filePtr: number, line: number, column: number) => {
      const session = current(binding);
      const message = readAsString(ctx, session.costs, msgPtr);
      const file = readAsString(ctx, session.costs, filePtr);
      throw new ContractAbort(message, file, line >>> 0, column >>> 0);
    }),
  });
}

/** UTF-8 bytes of `text`. */
export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}
