/**
 * A deterministic, sandboxed WASI preview1 (`wasi_snapshot_preview1`, witx of the WASI repo's
 * `legacy/preview1`) for consensus code: every one of its 46 functions is provided with its exact
 * signature, so any wasi-libc, Rust `wasm32-wasi` or TinyGo `wasip1` program links, but nothing
 * outside the sandbox is ever reached:
 *
 *  - fd 0 (stdin) reads host-given bytes (empty by default); fd 1 and 2 (stdout, stderr) are
 *    captured into bounded buffers; there are no other descriptors and no preopened directories,
 *    so no file system, socket or network is reachable (`path_open` & co. return EBADF);
 *  - `random_get` is a seeded xoshiro128** stream (prng.ts): same seed → same bytes everywhere;
 *  - `clock_time_get` returns the host-given block time; no real clock is ever read;
 *  - args and environ are what the host sets (empty by default);
 *  - `proc_exit` ends the call by throwing {@link WasiExit} (a WasmError, so it propagates out of
 *    the interpreter unchanged).
 *
 * Errors follow one rule. A function on a descriptor that is not open returns BADF (8). On an
 * open stdio descriptor, what a stream cannot do returns SPIPE (70: seek, tell, pread, pwrite,
 * advise, allocate) and everything else the sandbox does not offer returns NOSYS (52); so do
 * `poll_oneoff` and `proc_raise`. An out-of-bounds pointer is a trap ("out of bounds memory
 * access"), never an errno: the guest broke the ABI.
 *
 * Gas: each WASI call pays the schedule's `call` cost like any call (the interpreter charges it);
 * on top, `gasPerByte` (default 1) per byte moved between the host and linear memory — bytes
 * written to stdout/stderr (captured or dropped), bytes read from stdin, random bytes, the
 * args/environ data and pointer arrays, and 8 per iovec entry read — charged before the work.
 */
import { WasmError } from '../../errors.js';
import { defineHostFunction, memoryTrap } from '../abi.js';
import type { GasProfile } from '../../gas/profile.js';
import type { HostContext, HostFunction, HostValueType } from '../abi.js';
import {
  CLOCK_MONOTONIC, CLOCK_REALTIME, FDSTAT_SIZE, FILETYPE_CHARACTER_DEVICE, IOVEC_SIZE, RIGHTS_FD_READ,
  RIGHTS_FD_WRITE, RIGHTS_POLL_FD_READWRITE, WasiErrno,
} from './constants.js';
import { BoundedOutput } from './output.js';
import { DeterministicRandom } from './prng.js';

/** Import module name of WASI preview1. */
export const WASI_MODULE = 'wasi_snapshot_preview1';

/** Default cap on captured stdout and on captured stderr, each: 64 KiB. */
export const DEFAULT_WASI_MAX_OUTPUT_BYTES = 65536;
/** Default gas per byte moved by a WASI call (same as the schedule's default `memoryByte`). */
export const DEFAULT_WASI_GAS_PER_BYTE = 1;
/** Default resolution reported by `clock_res_get`: 1 ns. */
export const DEFAULT_WASI_CLOCK_RESOLUTION_NS = 1n;

const U64_MAX = (1n << 64n) - 1n;
const U32_MAX = 0xffffffff;

/** Options of {@link createWasi}; every field is optional and has a documented default. */
export interface WasiOptions {
  /** argv as the program sees it (no NUL characters). Default: none (argc = 0). */
  readonly args?: readonly string[];
  /** Environment as `[name, value]` pairs, in this order (no `=` in names, no NULs). Default: none. */
  readonly env?: readonly (readonly [string, string])[];
  /** Bytes (or UTF-8 text) that fd 0 delivers, then end of file. Default: empty. */
  readonly stdin?: Uint8Array | string;
  /**
   * Seed of `random_get`: bytes, or an unsigned integer (a safe-integer number or a u64 bigint,
   * both taken as 8 little-endian bytes, so `7` and `7n` seed alike). Default: empty (a fixed
   * stream). Consensus hosts should derive it from block data.
   */
  readonly seed?: Uint8Array | number | bigint;
  /**
   * Time returned by `clock_time_get` for the realtime and monotonic clocks, in nanoseconds since
   * 1970-01-01T00:00:00Z (u64; number or bigint). It does not advance during a run. Default 0.
   */
  readonly timeNs?: number | bigint;
  /** Resolution returned by `clock_res_get`, in nanoseconds (> 0). Default 1. */
  readonly clockResolutionNs?: number | bigint;
  /**
   * Cap on captured bytes for stdout and for stderr, each (default 65536). Past it, writes still
   * succeed for the program (it sees every byte accepted, so it neither retries nor fails) but the
   * bytes are dropped and the stream is marked truncated (`isStdoutTruncated`).
   */
  readonly maxOutputBytes?: number;
  /** Gas per byte moved between host and memory (default 1; 0 = only the call cost). */
  readonly gasPerByte?: number;
}

/** The WASI program called `proc_exit`: the call ends here. Exit code 0 means success. */
export class WasiExit extends WasmError {
  /** The exit code passed to `proc_exit` (u32). */
  readonly code: number;
  constructor(code: number) {
    super('exit', `exit with code ${code}`);
    this.name = 'WasiExit';
    this.code = code;
  }
}

/** What {@link Wasi.start} needs of an instance (detwasm's `Instance` has it). */
export interface WasiStartable {
  invokeMetered(
    name: string,
    args: readonly unknown[],
    control: { readonly gasLimit: number; readonly profile?: boolean },
  ): { readonly gasUsed: number; readonly error: WasmError | null; readonly profile?: GasProfile };
}

/** The outcome of {@link Wasi.start}. */
export interface WasiRunResult {
  /** 0 when `_start` returned, the `proc_exit` code when it exited; null when it failed. */
  readonly exitCode: number | null;
  /** The trap (or other WasmError) that ended the run; null when it returned or exited. */
  readonly error: WasmError | null;
  /** Gas used by the run (see InstantiateOptions.gas for the schedule). */
  readonly gasUsed: number;
  /** The run's gas profile, when `start` was asked for one (`profile: true`); else absent. */
  readonly profile?: GasProfile;
}

/** A WASI sandbox for one program run: its imports and what the program left behind. */
export interface Wasi {
  /** Pass to `instantiate` (merged with any other import modules). */
  readonly imports: { readonly wasi_snapshot_preview1: Readonly<Record<string, HostFunction>> };
  /** A copy of the captured stdout bytes (at most `maxOutputBytes`). */
  stdout(): Uint8Array;
  /** A copy of the captured stderr bytes (at most `maxOutputBytes`). */
  stderr(): Uint8Array;
  /** Captured stdout as UTF-8 text (invalid sequences become U+FFFD). */
  stdoutText(): string;
  /** Captured stderr as UTF-8 text (invalid sequences become U+FFFD). */
  stderrText(): string;
  /** True when the program wrote more than `maxOutputBytes` to stdout (the rest was dropped). */
  readonly isStdoutTruncated: boolean;
  /** True when the program wrote more than `maxOutputBytes` to stderr (the rest was dropped). */
  readonly isStderrTruncated: boolean;
  /** The code the program passed to `proc_exit`, or null while it has not called it. */
  readonly exitCode: number | null;
  /**
   * Runs the program: calls its `_start` export with a gas limit (default
   * Number.MAX_SAFE_INTEGER) and maps the outcome: returned → exit code 0, `proc_exit(n)` → n,
   * anything else → `error`. Never throws for a trap; throws TypeError when `_start` is missing.
   * With `profile: true` the result has the run's gas profile (a `proc_exit` run's too).
   */
  start(instance: WasiStartable, options?: { readonly gasLimit?: number; readonly profile?: boolean }): WasiRunResult;
}

/** Validated, encoded configuration. */
interface Config {
  readonly args: readonly Uint8Array[];
  readonly env: readonly Uint8Array[];
  readonly stdin: Uint8Array;
  readonly seed: Uint8Array;
  readonly timeNs: bigint;
  readonly clockResolutionNs: bigint;
  readonly maxOutputBytes: number;
  readonly gasPerByte: number;
}

const encoder = new TextEncoder();

function isSafeCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function toU64(v: unknown, what: string): bigint {
  if (typeof v === 'bigint' && v >= 0n && v <= U64_MAX) return v;
  if (isSafeCount(v)) return BigInt(v);
  throw new TypeError(`${what} must be a non-negative safe integer or a u64 bigint`);
}

function u64Bytes(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** A string as UTF-8 plus its NUL terminator; TypeError when it holds a NUL. */
function cString(s: unknown, what: string): Uint8Array {
  if (typeof s !== 'string') throw new TypeError(`${what} must be a string`);
  if (s.includes('\0')) throw new TypeError(`${what} must not contain NUL characters`);
  const bytes = encoder.encode(s);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

function resolveConfig(options: WasiOptions): Config {
  if (typeof options !== 'object' || options === null) throw new TypeError('WASI options must be an object');
  const argList = options.args ?? [];
  if (!Array.isArray(argList)) throw new TypeError('args must be an array of strings');
  const args = argList.map((a, i) => cString(a, `args[${i}]`));
  const envList = options.env ?? [];
  if (!Array.isArray(envList)) throw new TypeError('env must be an array of [name, value] pairs');
  const env = envList.map((pair: unknown, i) => {
    if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`env[${i}] must be a [name, value] pair`);
    const [name, value] = pair as [unknown, unknown];
    if (typeof name !== 'string' || name === '' || name.includes('=')) {
      throw new TypeError(`env[${i}] name must be a non-empty string without '='`);
    }
    if (typeof value !== 'string') throw new TypeError(`env[${i}] value must be a string`);
    return cString(`${name}=${value}`, `env[${i}]`);
  });
  const rawStdin = options.stdin ?? new Uint8Array(0);
  let stdin: Uint8Array;
  if (typeof rawStdin === 'string') stdin = encoder.encode(rawStdin);
  else if (rawStdin instanceof Uint8Array) stdin = rawStdin.slice();
  else throw new TypeError('stdin must be a Uint8Array or a string');
  const rawSeed = options.seed ?? new Uint8Array(0);
  const seed = rawSeed instanceof Uint8Array ? rawSeed.slice() : u64Bytes(toU64(rawSeed, 'seed'));
  const timeNs = toU64(options.timeNs ?? 0, 'timeNs');
  const clockResolutionNs = toU64(options.clockResolutionNs ?? DEFAULT_WASI_CLOCK_RESOLUTION_NS, 'clockResolutionNs');
  if (clockResolutionNs === 0n) throw new TypeError('clockResolutionNs must be positive');
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_WASI_MAX_OUTPUT_BYTES;
  if (!isSafeCount(maxOutputBytes) || maxOutputBytes > U32_MAX) {
    throw new TypeError('maxOutputBytes must be a non-negative integer up to 2^32 - 1');
  }
  const gasPerByte = options.gasPerByte ?? DEFAULT_WASI_GAS_PER_BYTE;
  if (!isSafeCount(gasPerByte)) throw new TypeError('gasPerByte must be a non-negative safe integer');
  return { args, env, stdin, seed, timeNs, clockResolutionNs, maxOutputBytes, gasPerByte };
}

/** Traps unless `[ptr, ptr + length)` lies in the caller's memory (`ptr` as u32). */
function checkRange(ctx: HostContext, ptr: number, length: number): void {
  if ((ptr >>> 0) + length > ctx.memorySize) memoryTrap();
}

/** One iovec: a u32 address and a u32 length. */
interface IoVec {
  readonly buf: number;
  readonly len: number;
}

/**
 * Signatures of the preview1 functions that only answer an errno (no memory access), with the
 * positions of their fd parameters and the errno for an open stdio descriptor.
 */
const ERRNO_ONLY: readonly {
  readonly name: string;
  readonly params: readonly HostValueType[];
  readonly fdParams: readonly number[];
  readonly onStdio: number;
}[] = [
  { name: 'fd_advise', params: ['i32', 'i64', 'i64', 'i32'], fdParams: [0], onStdio: WasiErrno.SPIPE },
  { name: 'fd_allocate', params: ['i32', 'i64', 'i64'], fdParams: [0], onStdio: WasiErrno.SPIPE },
  { name: 'fd_datasync', params: ['i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'fd_fdstat_set_flags', params: ['i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'fd_fdstat_set_rights', params: ['i32', 'i64', 'i64'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'fd_filestat_get', params: ['i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'fd_filestat_set_size', params: ['i32', 'i64'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'fd_filestat_set_times', params: ['i32', 'i64', 'i64', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'fd_pread', params: ['i32', 'i32', 'i32', 'i64', 'i32'], fdParams: [0], onStdio: WasiErrno.SPIPE },
  { name: 'fd_pwrite', params: ['i32', 'i32', 'i32', 'i64', 'i32'], fdParams: [0], onStdio: WasiErrno.SPIPE },
  { name: 'fd_readdir', params: ['i32', 'i32', 'i32', 'i64', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'fd_renumber', params: ['i32', 'i32'], fdParams: [0, 1], onStdio: WasiErrno.NOSYS },
  { name: 'fd_seek', params: ['i32', 'i64', 'i32', 'i32'], fdParams: [0], onStdio: WasiErrno.SPIPE },
  { name: 'fd_sync', params: ['i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'fd_tell', params: ['i32', 'i32'], fdParams: [0], onStdio: WasiErrno.SPIPE },
  { name: 'path_create_directory', params: ['i32', 'i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'path_filestat_get', params: ['i32', 'i32', 'i32', 'i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  {
    name: 'path_filestat_set_times', params: ['i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32'], fdParams: [0],
    onStdio: WasiErrno.NOSYS,
  },
  { name: 'path_link', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'], fdParams: [0, 4], onStdio: WasiErrno.NOSYS },
  {
    name: 'path_open', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i64', 'i64', 'i32', 'i32'], fdParams: [0],
    onStdio: WasiErrno.NOSYS,
  },
  { name: 'path_readlink', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'path_remove_directory', params: ['i32', 'i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'path_rename', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], fdParams: [0, 3], onStdio: WasiErrno.NOSYS },
  { name: 'path_symlink', params: ['i32', 'i32', 'i32', 'i32', 'i32'], fdParams: [2], onStdio: WasiErrno.NOSYS },
  { name: 'path_unlink_file', params: ['i32', 'i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'poll_oneoff', params: ['i32', 'i32', 'i32', 'i32'], fdParams: [], onStdio: WasiErrno.NOSYS },
  { name: 'proc_raise', params: ['i32'], fdParams: [], onStdio: WasiErrno.NOSYS },
  { name: 'sock_accept', params: ['i32', 'i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'sock_recv', params: ['i32', 'i32', 'i32', 'i32', 'i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'sock_send', params: ['i32', 'i32', 'i32', 'i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
  { name: 'sock_shutdown', params: ['i32', 'i32'], fdParams: [0], onStdio: WasiErrno.NOSYS },
];

/** The sandbox state of one run. */
class WasiSandbox implements Wasi {
  readonly imports: { readonly wasi_snapshot_preview1: Readonly<Record<string, HostFunction>> };
  private readonly config: Config;
  private readonly out: BoundedOutput;
  private readonly err: BoundedOutput;
  private readonly random: DeterministicRandom;
  /** Open state of fds 0, 1, 2 (fd_close closes them). */
  private readonly isOpen: boolean[];
  private stdinOffset: number;
  private exited: number | null;

  constructor(config: Config) {
    this.config = config;
    this.out = new BoundedOutput(config.maxOutputBytes);
    this.err = new BoundedOutput(config.maxOutputBytes);
    this.random = new DeterministicRandom(config.seed);
    this.isOpen = [true, true, true];
    this.stdinOffset = 0;
    this.exited = null;
    this.imports = Object.freeze({ [WASI_MODULE]: this.buildFunctions() }) as Wasi['imports'];
  }

  stdout(): Uint8Array {
    return this.out.bytes();
  }

  stderr(): Uint8Array {
    return this.err.bytes();
  }

  stdoutText(): string {
    return this.out.text();
  }

  stderrText(): string {
    return this.err.text();
  }

  get isStdoutTruncated(): boolean {
    return this.out.isTruncated;
  }

  get isStderrTruncated(): boolean {
    return this.err.isTruncated;
  }

  get exitCode(): number | null {
    return this.exited;
  }

  start(instance: WasiStartable, options: { readonly gasLimit?: number; readonly profile?: boolean } = {}): WasiRunResult {
    const gasLimit = options.gasLimit ?? Number.MAX_SAFE_INTEGER;
    const outcome = instance.invokeMetered('_start', [], options.profile === undefined ? { gasLimit } : { gasLimit, profile: options.profile });
    const error = outcome.error;
    const result: WasiRunResult = error === null
      ? { exitCode: 0, error: null, gasUsed: outcome.gasUsed }
      : error instanceof WasiExit
        ? { exitCode: error.code, error: null, gasUsed: outcome.gasUsed }
        : { exitCode: null, error, gasUsed: outcome.gasUsed };
    return outcome.profile === undefined ? result : { ...result, profile: outcome.profile };
  }

  private isOpenFd(fd: number): boolean {
    return fd >= 0 && fd <= 2 && this.isOpen[fd] === true;
  }

  private charge(ctx: HostContext, bytes: number): void {
    const gas = this.config.gasPerByte;
    if (gas === 0 || bytes === 0) return;
    const amount = bytes * gas;
    ctx.chargeGas(Number.isSafeInteger(amount) ? amount : Number.MAX_SAFE_INTEGER);
  }

  /** Charges for and reads `count` iovecs at `ptr`, bounds-checking each buffer (traps). */
  private readIoVecs(ctx: HostContext, ptr: number, count: number): IoVec[] {
    const n = count >>> 0;
    this.charge(ctx, n * IOVEC_SIZE);
    checkRange(ctx, ptr, n * IOVEC_SIZE);
    const raw = ctx.read(ptr, n * IOVEC_SIZE);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const vecs: IoVec[] = [];
    for (let i = 0; i < n; i++) {
      const buf = view.getUint32(i * IOVEC_SIZE, true);
      const len = view.getUint32(i * IOVEC_SIZE + 4, true);
      checkRange(ctx, buf, len);
      vecs.push({ buf, len });
    }
    return vecs;
  }

  private fdWrite(ctx: HostContext, fd: number, iovs: number, iovsLen: number, nwrittenPtr: number): number {
    if (!this.isOpenFd(fd) || fd === 0) return WasiErrno.BADF;
    const vecs = this.readIoVecs(ctx, iovs, iovsLen);
    checkRange(ctx, nwrittenPtr, 4);
    let total = 0;
    for (const v of vecs) total += v.len;
    if (total > U32_MAX) return WasiErrno.INVAL; // the count must fit the u32 result
    this.charge(ctx, total);
    const sink = fd === 1 ? this.out : this.err;
    for (const v of vecs) {
      // Copy only what is kept; the rest was bounds-checked above and is only counted.
      sink.append(ctx.read(v.buf, Math.min(v.len, sink.roomBytes)), v.len);
    }
    ctx.writeU32(nwrittenPtr, total);
    return WasiErrno.SUCCESS;
  }

  private fdRead(ctx: HostContext, fd: number, iovs: number, iovsLen: number, nreadPtr: number): number {
    if (!this.isOpenFd(fd) || fd !== 0) return WasiErrno.BADF;
    const vecs = this.readIoVecs(ctx, iovs, iovsLen);
    checkRange(ctx, nreadPtr, 4);
    const stdin = this.config.stdin;
    let wanted = 0;
    for (const v of vecs) wanted += v.len;
    const count = Math.min(wanted, stdin.length - this.stdinOffset);
    this.charge(ctx, count);
    let left = count;
    for (const v of vecs) {
      if (left === 0) break;
      const n = Math.min(v.len, left);
      ctx.write(v.buf, stdin.subarray(this.stdinOffset, this.stdinOffset + n));
      this.stdinOffset += n;
      left -= n;
    }
    ctx.writeU32(nreadPtr, count);
    return WasiErrno.SUCCESS;
  }

  /** `*_sizes_get`: the count and the buffer size of a NUL-terminated string list. */
  private sizesGet(ctx: HostContext, list: readonly Uint8Array[], countPtr: number, sizePtr: number): number {
    let size = 0;
    for (const s of list) size += s.length;
    ctx.writeU32(countPtr, list.length);
    ctx.writeU32(sizePtr, size);
    return WasiErrno.SUCCESS;
  }

  /** `args_get` / `environ_get`: the pointer array at `ptrsPtr`, the strings at `bufPtr`. */
  private listGet(ctx: HostContext, list: readonly Uint8Array[], ptrsPtr: number, bufPtr: number): number {
    let size = 0;
    for (const s of list) size += s.length;
    this.charge(ctx, list.length * 4 + size);
    checkRange(ctx, ptrsPtr, list.length * 4);
    checkRange(ctx, bufPtr, size);
    let offset = 0;
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!;
      ctx.write((bufPtr >>> 0) + offset, s);
      ctx.writeU32((ptrsPtr >>> 0) + i * 4, (bufPtr >>> 0) + offset);
      offset += s.length;
    }
    return WasiErrno.SUCCESS;
  }

  private clockValue(id: number, value: bigint, ctx: HostContext, ptr: number): number {
    if (id !== CLOCK_REALTIME && id !== CLOCK_MONOTONIC) return WasiErrno.INVAL;
    ctx.writeU64(ptr, value);
    return WasiErrno.SUCCESS;
  }

  private fdstatGet(ctx: HostContext, fd: number, ptr: number): number {
    if (!this.isOpenFd(fd)) return WasiErrno.BADF;
    const stat = new Uint8Array(FDSTAT_SIZE);
    const view = new DataView(stat.buffer);
    view.setUint8(0, FILETYPE_CHARACTER_DEVICE);
    view.setUint16(2, 0, true); // fdflags: none
    const rights = (fd === 0 ? RIGHTS_FD_READ : RIGHTS_FD_WRITE) | RIGHTS_POLL_FD_READWRITE;
    view.setBigUint64(8, rights, true);
    view.setBigUint64(16, 0n, true); // rights_inheriting: nothing can be opened from a stream
    ctx.write(ptr, stat);
    return WasiErrno.SUCCESS;
  }

  private randomGet(ctx: HostContext, ptr: number, length: number): number {
    const n = length >>> 0;
    this.charge(ctx, n);
    checkRange(ctx, ptr, n);
    const bytes = new Uint8Array(n);
    this.random.fill(bytes);
    ctx.write(ptr, bytes);
    return WasiErrno.SUCCESS;
  }

  private buildFunctions(): Readonly<Record<string, HostFunction>> {
    const cfg = this.config;
    const fns: Record<string, HostFunction> = {};
    const def = (name: string, params: readonly HostValueType[], results: readonly HostValueType[], fn: (ctx: HostContext, ...args: never[]) => unknown): void => {
      fns[name] = defineHostFunction(`${WASI_MODULE}.${name}`, params, results, fn);
    };
    const i32 = 'i32' as const;
    def('args_get', [i32, i32], [i32], (ctx, argv: number, buf: number) => this.listGet(ctx, cfg.args, argv, buf));
    def('args_sizes_get', [i32, i32], [i32], (ctx, argc: number, size: number) => this.sizesGet(ctx, cfg.args, argc, size));
    def('environ_get', [i32, i32], [i32], (ctx, env: number, buf: number) => this.listGet(ctx, cfg.env, env, buf));
    def('environ_sizes_get', [i32, i32], [i32], (ctx, count: number, size: number) => this.sizesGet(ctx, cfg.env, count, size));
    def('clock_res_get', [i32, i32], [i32], (ctx, id: number, ptr: number) => this.clockValue(id, cfg.clockResolutionNs, ctx, ptr));
    def('clock_time_get', [i32, 'i64', i32], [i32], (ctx, id: number, _precision: bigint, ptr: number) =>
      this.clockValue(id, cfg.timeNs, ctx, ptr));
    def('fd_close', [i32], [i32], (_ctx, fd: number) => {
      if (!this.isOpenFd(fd)) return WasiErrno.BADF;
      this.isOpen[fd] = false;
      return WasiErrno.SUCCESS;
    });
    def('fd_fdstat_get', [i32, i32], [i32], (ctx, fd: number, ptr: number) => this.fdstatGet(ctx, fd, ptr));
    def('fd_prestat_get', [i32, i32], [i32], () => WasiErrno.BADF); // no preopened directories
    def('fd_prestat_dir_name', [i32, i32, i32], [i32], () => WasiErrno.BADF);
    def('fd_read', [i32, i32, i32, i32], [i32], (ctx, fd: number, iovs: number, n: number, out: number) => this.fdRead(ctx, fd, iovs, n, out));
    def('fd_write', [i32, i32, i32, i32], [i32], (ctx, fd: number, iovs: number, n: number, out: number) => this.fdWrite(ctx, fd, iovs, n, out));
    def('proc_exit', [i32], [], (_ctx, code: number) => {
      this.exited = code >>> 0;
      throw new WasiExit(code >>> 0);
    });
    def('random_get', [i32, i32], [i32], (ctx, ptr: number, len: number) => this.randomGet(ctx, ptr, len));
    def('sched_yield', [], [i32], () => WasiErrno.SUCCESS);
    for (const f of ERRNO_ONLY) {
      def(f.name, f.params, [i32], (_ctx, ...args: unknown[]) => {
        for (const i of f.fdParams) if (!this.isOpenFd(args[i] as number)) return WasiErrno.BADF;
        return f.onStdio;
      });
    }
    // Sorted by name, so that listing the imports never depends on definition order.
    const sorted: Record<string, HostFunction> = {};
    for (const name of Object.keys(fns).sort()) sorted[name] = fns[name]!;
    return Object.freeze(sorted);
  }
}

/**
 * Creates a WASI preview1 sandbox for one program run (see the file comment for what each
 * function does and what it costs). Throws TypeError for invalid options. Use one sandbox per
 * run: stdin position, the random stream, captured output and closed descriptors carry over.
 *
 * ```ts
 * const wasi = createWasi({ args: ['prog'], seed: blockHash, timeNs: blockTimeNs });
 * const instance = instantiate(module, wasi.imports, { gas: DEFAULT_GAS_SCHEDULE });
 * const { exitCode, error, gasUsed } = wasi.start(instance, { gasLimit: 10_000_000 });
 * console.log(wasi.stdoutText());
 * ```
 */
export function createWasi(options: WasiOptions = {}): Wasi {
  return new WasiSandbox(resolveConfig(options));
}
