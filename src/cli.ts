/// <reference types="node" />
/**
 * The `detwasm` command line (bin/detwasm.js calls {@link main}). Verbs: `validate FILE`
 * (decode + validate, spec §5 and §3), `run FILE --invoke NAME [ARGS...]` (instantiate and call
 * an export, optionally metered), `run FILE [--env ...] [-- ARGS]` (run a WASI command's `_start`
 * in the deterministic sandbox of src/host/wasi, exit code = its proc_exit code), `call FILE
 * --method NAME --gas N ...` (run a contract method on the contract VM with a gas limit and an
 * optional JSON state file, docs/ABI.md), `help` and `--version`. Every verb that loads a module
 * takes `--features SPEC` (parseFeatures) and reads the text format (`.wat`) when the optional
 * peer dependency `wabt` is installed.
 *
 * Exit codes: 0 success, 1 the module is malformed, invalid, unlinkable or trapped (or the
 * contract call failed, or its state could not be saved), 2 bad arguments or unreadable file, 3
 * internal error (a detwasm bug). Every failure is one line on stderr (a trap adds its wasm
 * stack, one frame per line), never a JS stack trace.
 * This is the only file in src/ that touches the host (file system); the engine never does.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { compile, decodedOf } from './compile.js';
import type { Module } from './compile.js';
import { InvalidError, LinkError, MalformedError, Trap, WasmError } from './errors.js';
import { instantiateModule } from './interpreter/instance.js';
import { createVM } from './vm/vm.js';
import type { CallResult } from './vm/vm.js';
import { MemoryState } from './host/memory-state.js';
import { encodeStateText, stateFromJson, stateToJson } from './vm/state-file.js';
import { createWasi, DEFAULT_WASI_MAX_OUTPUT_BYTES, WasiExit } from './host/wasi/wasi.js';
import type { WasiRunResult } from './host/wasi/wasi.js';
import { DEFAULT_GAS_SCHEDULE } from './gas/schedule.js';
import { flameGraphSvg } from './gas/flame-graph.js';
import { foldedStacks, profileTable } from './gas/profile-report.js';
import type { GasProfile } from './gas/profile.js';
import { parseFeatures } from './validator/features.js';
import type { Features } from './validator/features.js';
import type { Tier } from './interpreter/runtime.js';

/** A writable text stream (process.stdout / process.stderr, or a test double). */
export interface CliStream {
  write(text: string): unknown;
}

/** Where {@link main} writes. */
export interface CliIO {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
}

export const EXIT_OK = 0;
export const EXIT_REJECTED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** Cap on each captured stream of a WASI program run from the command line (the API default is 64 KiB). */
export const CLI_WASI_MAX_OUTPUT_BYTES: number = 16 * 1024 * 1024;

const USAGE = `Usage: detwasm <command> [arguments]

Commands:
  validate FILE.wasm [--features SPEC]
                       decode and validate a module; prints a one-line summary or the error
                       ("malformed: ..." / "invalid: ...") with its byte offset
  run FILE.wasm --invoke NAME [ARGS...] [--gas N] [--features SPEC] [--profile FILE]
      [--profile-svg FILE]
                       instantiate the module (no imports) and call export NAME; ARGS are
                       decimal or 0x-hex integers and floats (nan, -nan, inf, -inf accepted; a
                       NaN with its bits as nan:0x7fc00001 / -nan:0xfff8000000000000), one per
                       parameter, optionally TYPE: first; prints one result per line as
                       TYPE:VALUE (a NaN with its sign and bits: f64:-nan:0xfff8000000000000),
                       or the trap and its wasm stack. With --gas, runs metered (default
                       schedule), prints "gas used: N" on stderr and traps with "out of gas"
                       past N. Options may come in any order; -- ends them.
  run FILE.wasm [--env NAME=VALUE]... [--seed N] [--time-ns N] [--stdin FILE] [--gas N]
      [--features SPEC] [--profile FILE] [--profile-svg FILE] [--] [ARGS...]
                       run a WASI command (its _start export) in detwasm's deterministic WASI
                       sandbox and show its stdout and stderr. argv is FILE's base name, then
                       ARGS; random bytes come from --seed (an unsigned integer; default: the
                       empty seed, one fixed stream, the same bytes on every run); both clocks
                       read --time-ns (ns since 1970, default 0); stdin is the bytes of --stdin
                       FILE (default empty); no file system, network, real clock or randomness
                       is reachable. With --gas, runs metered (default schedule) and prints
                       "gas used: N" on stderr. Each stream keeps its first ${CLI_WASI_MAX_OUTPUT_BYTES / 1024 / 1024} MiB (the
                       API's default: ${DEFAULT_WASI_MAX_OUTPUT_BYTES / 1024} KiB). The exit code is the program's: 0 when
                       _start returns, proc_exit's code otherwise (above 255 exits 255); a trap
                       exits 1.
  call CONTRACT.wasm --method NAME --gas N [--args JSON] [--state FILE.json] [--features SPEC]
       [--caller ID] [--contract-id ID] [--block-height N] [--block-time MS] [--profile FILE]
       [--profile-svg FILE]
                       run a contract method on the contract VM (docs/ABI.md) with a gas
                       limit; prints the output, the gas used, logs and events, and on success
                       writes the state back to FILE.json (a JSON object of key -> value
                       strings; "hex:..." for bytes that are not UTF-8; created if missing).
                       When it cannot be written: "state NOT saved: ..." on stderr, exit 1
  help, --help, -h     show this help
  --version, -V        print detwasm's version

FILE.wasm is a binary module or, when the optional package wabt is installed (npm i wabt),
the text format (.wat); without wabt convert first: wat2wasm x.wat -o x.wasm.
--features SPEC: what the module may use, a preset (wasm1, wasm2, wasm3, default) then ,+name /
,-name items, e.g. wasm2,-floats (default: default = WebAssembly 3.0 and legacy-exceptions). A
module that needs a disabled feature is invalid (exit 1).
--profile FILE / --profile-svg FILE (run and call): record the gas profile of the run (metered,
default schedule; without --gas no limit), print its top functions on stderr, and write its
folded stacks ("a;b;c GAS" lines for flamegraph.pl, inferno, speedscope) / an SVG flame graph.
When a file cannot be written: "profile NOT written: ..." on stderr, exit 1.
--tier js (run and call): run the functions detwasm's JS tier takes (integer code) as JavaScript
functions, the same results and gas, faster (default: --tier interpreter).

Exit codes: 0 ok; 1 malformed, invalid or unlinkable module, a trap, a failed contract call or
a state or profile file not saved; 2 bad arguments or unreadable file; 3 internal error (a detwasm bug;
please report it).
`;

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function hex(offset: number): string {
  return `0x${offset.toString(16)}`;
}

/** `ok: 3 imports, 5 exports, 12 functions (2 imported), 1 memory, 1 table, 4 globals`. */
export function summarize(module: Module): string {
  return (
    `ok: ${plural(module.imports.length, 'import')}, ${plural(module.exports.length, 'export')}, ` +
    `${plural(module.functionCount, 'function')} (${module.importedFunctionCount} imported), ` +
    `${plural(module.memoryCount, 'memory', 'memories')}, ${plural(module.tableCount, 'table')}, ` +
    `${plural(module.globalCount, 'global')}`
  );
}

/** One line for a rejected module: `malformed: MSG at offset 0x1a`, `invalid: MSG in func 3 at offset 0x40`. */
export function describeRejection(error: MalformedError | InvalidError): string {
  if (error instanceof MalformedError) return `malformed: ${error.message} at offset ${hex(error.offset)}`;
  const where = error.funcIdx >= 0 ? ` in func ${error.funcIdx}` : '';
  return `invalid: ${error.message}${where} at offset ${hex(error.offset)}`;
}

/** First line of any thrown value's message (never a stack). */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0] ?? '';
}

// ---------------------------------------------------------------------------------------------
// Options. Each verb lists the options it takes; `parseOptions` reads them in any order, so a
// new option (e.g. `--profile FILE` / `--profile-svg FILE` on run and call) is one entry in a
// list below plus the lines that use its value.

/** An option of a verb: the flag (every option takes one value) and whether it may repeat. */
interface OptionSpec {
  readonly flag: string;
  readonly isRepeatable?: boolean;
}

/** What `parseOptions` read: values by flag (in order), positional arguments, and those after `--`. */
interface ParsedOptions {
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
  readonly afterDashes: readonly string[];
}

const FEATURES_OPTION: OptionSpec = { flag: '--features' };
const GAS_OPTION: OptionSpec = { flag: '--gas' };
/** `--tier interpreter|js`: the execution tier (InstantiateOptions / VMOptions `tier`). */
const TIER_OPTION: OptionSpec = { flag: '--tier' };
/** The gas profile of the run: folded stacks to FILE, an SVG flame graph to FILE (both imply metering). */
const PROFILE_OPTIONS: readonly OptionSpec[] = [{ flag: '--profile' }, { flag: '--profile-svg' }];

/** `validate` options. */
const VALIDATE_OPTIONS: readonly OptionSpec[] = [FEATURES_OPTION];
/** `run FILE --invoke NAME` options. */
const INVOKE_OPTIONS: readonly OptionSpec[] = [{ flag: '--invoke' }, GAS_OPTION, FEATURES_OPTION, TIER_OPTION, ...PROFILE_OPTIONS];
/** `run FILE` (WASI) options. */
const WASI_OPTIONS: readonly OptionSpec[] = [
  { flag: '--env', isRepeatable: true }, { flag: '--seed' }, { flag: '--time-ns' }, { flag: '--stdin' }, GAS_OPTION, FEATURES_OPTION,
  TIER_OPTION, ...PROFILE_OPTIONS,
];
/** `call` options. */
const CALL_OPTIONS: readonly OptionSpec[] = [
  { flag: '--method' }, GAS_OPTION, { flag: '--args' }, { flag: '--state' }, { flag: '--caller' }, { flag: '--contract-id' },
  { flag: '--block-height' }, { flag: '--block-time' }, FEATURES_OPTION, TIER_OPTION, ...PROFILE_OPTIONS,
];

/**
 * True when `arg` is an option rather than a value: it starts with `-` and is not a number
 * (`-7`, `-0x10`, `-.5`, `-inf`, `-nan:0x...` are arguments of `--invoke`).
 */
function isOptionLike(arg: string): boolean {
  return arg.startsWith('-') && arg !== '-' && !/^-(\d|\.\d|inf|nan)/i.test(arg);
}

/** Reads `args` against `specs`; a string is the usage problem. `--` ends the options. */
function parseOptions(args: readonly string[], specs: readonly OptionSpec[]): ParsedOptions | string {
  const values = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return { values, positionals, afterDashes: args.slice(i + 1) };
    if (!isOptionLike(arg)) {
      positionals.push(arg);
      continue;
    }
    const spec = specs.find((s) => s.flag === arg);
    if (spec === undefined) return `unknown option ${arg}`;
    const value = args[i + 1];
    if (value === undefined) return `${arg} needs a value`;
    i++;
    const list = values.get(arg);
    if (list === undefined) values.set(arg, [value]);
    else if (spec.isRepeatable === true) list.push(value);
    else return `${arg} given twice`;
  }
  return { values, positionals, afterDashes: [] };
}

/** The value of a single-valued option, or undefined. */
function optionOf(parsed: ParsedOptions, flag: string): string | undefined {
  return parsed.values.get(flag)?.[0];
}

/** Parses an unsigned integer flag value (decimal or 0x-hex, at most 2^64 - 1); null if it is not one. */
function parseU64(text: string): bigint | null {
  if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(text)) return null;
  const v = BigInt(text);
  return v < 1n << 64n ? v : null;
}

/** `--gas N`: a non-negative safe integer (decimal or 0x-hex); a string is the problem. */
function parseGasOption(text: string): number | string {
  const v = parseU64(text);
  if (v === null || v > BigInt(Number.MAX_SAFE_INTEGER)) return `--gas takes a non-negative safe integer, got ${JSON.stringify(text)}`;
  return Number(v);
}

/** `--features SPEC` (absent: undefined, compile's default); a string is the problem. */
function parseFeaturesOption(parsed: ParsedOptions): Features | undefined | string {
  const spec = optionOf(parsed, '--features');
  if (spec === undefined) return undefined;
  try {
    return parseFeatures(spec);
  } catch (error) {
    return `--features: ${oneLine(error)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading modules: binary, or the text format through the optional peer dependency wabt.

/** wabt's feature flags for parsing text: every proposal detwasm implements (detwasm's own validator then applies --features). */
const WAT_FEATURES = {
  mutable_globals: true, sat_float_to_int: true, sign_extension: true, simd: true, multi_value: true, bulk_memory: true,
  reference_types: true, relaxed_simd: true, tail_call: true, extended_const: true, multi_memory: true, memory64: true,
} as const;

/** True when `bytes` of `path` are the text format: a .wat / .wast name, or text that opens with `(` or a `;;` comment. */
function isTextFormat(path: string, bytes: Uint8Array): boolean {
  if (/\.wa(t|st)$/i.test(path)) return true;
  if (bytes[0] === 0 && bytes[1] === 0x61) return false;
  let k = 0;
  while (k < bytes.length && (bytes[k] === 0x20 || bytes[k] === 0x09 || bytes[k] === 0x0a || bytes[k] === 0x0d)) k++;
  return bytes[k] === 0x28 || (bytes[k] === 0x3b && bytes[k + 1] === 0x3b);
}

/** A module read from a file: its binary bytes, or the exit code of a failure already reported. */
type LoadedModule = { readonly bytes: Uint8Array } | { readonly exitCode: number };

/** Reads a file; null (after one line on stderr) when it cannot be read. */
async function readInputFile(path: string, io: CliIO): Promise<Uint8Array | null> {
  try {
    return await readFile(path);
  } catch (error) {
    io.stderr.write(`detwasm: cannot read ${path}: ${oneLine(error)}\n`);
    return null;
  }
}

/**
 * Reads the module at `path`: a binary module as it is; the text format converted by wabt
 * (loaded only here, with a dynamic import: an optional peer dependency). Without wabt: one line
 * saying how to convert, exit 2; text that does not parse: exit 1.
 */
async function loadModule(path: string, io: CliIO): Promise<LoadedModule> {
  const bytes = await readInputFile(path, io);
  if (bytes === null) return { exitCode: EXIT_USAGE };
  if (!isTextFormat(path, bytes)) return { bytes };
  let wabtInit: typeof import('wabt');
  try {
    // `export =` in wabt's typings: the namespace of the dynamic import is its default export.
    wabtInit = ((await import('wabt')) as unknown as { default: typeof import('wabt') }).default;
  } catch {
    io.stderr.write(
      `detwasm: ${path} is in the WebAssembly text format; reading it needs the optional package wabt ` +
        `(npm i wabt), or convert it first: wat2wasm ${path} -o ${path.replace(/\.wa(t|st)$/i, '')}.wasm\n`,
    );
    return { exitCode: EXIT_USAGE };
  }
  const wabt = await wabtInit();
  let parsed: ReturnType<typeof wabt.parseWat> | undefined;
  try {
    parsed = wabt.parseWat(basename(path), new TextDecoder().decode(bytes), WAT_FEATURES);
    parsed.resolveNames();
    // A copy: wabt's buffer is a view of its own heap. Names kept for trap stacks.
    return { bytes: new Uint8Array(parsed.toBinary({ write_debug_names: true }).buffer) };
  } catch (error) {
    const lines = (error instanceof Error ? error.message : String(error)).split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const detail = lines.find((l) => /error:/.test(l)) ?? lines[lines.length - 1] ?? 'cannot parse';
    io.stderr.write(`malformed (text format): ${detail.replace(/^.*?error:\s*/, '')} in ${path}\n`);
    return { exitCode: EXIT_REJECTED };
  } finally {
    parsed?.destroy();
  }
}

/** Compiles a loaded module with `features`; throws as compile does. */
function compileWith(bytes: Uint8Array, features: Features | undefined): Module {
  return features === undefined ? compile(bytes) : compile(bytes, { features });
}

// ---------------------------------------------------------------------------------------------
// Values.

/** Parses `[i32 i64] -> [f32]` (the descriptor text of a function type) into its lists. */
function parseFuncType(text: string): { params: string[]; results: string[] } {
  const m = /^\[([^\]]*)\] -> \[([^\]]*)\]$/.exec(text);
  const list = (s: string | undefined): string[] => (s === undefined || s === '' ? [] : s.split(' '));
  return { params: list(m?.[1]), results: list(m?.[2]) };
}

const F32_SCRATCH = new Float32Array(1);
const F32_BITS = new Uint32Array(F32_SCRATCH.buffer);
const F64_SCRATCH = new Float64Array(1);
const F64_BITS = new BigUint64Array(F64_SCRATCH.buffer);

const F32_CANONICAL_NAN = 0x7fc00000;
const F64_CANONICAL_NAN = 0x7ff8000000000000n;

function f32Bits(value: number): number {
  F32_SCRATCH[0] = value;
  return F32_BITS[0]!;
}

function f64Bits(value: number): bigint {
  F64_SCRATCH[0] = value;
  return F64_BITS[0]!;
}

/**
 * Parses a float argument as its bit pattern (f32: uint32 number, f64: uint64 bigint), or null.
 * `nan` / `-nan` are the canonical NaNs with the sign bit clear / set; `[-]nan:0xBITS` is the NaN
 * with exactly those bits (the form results print in), whose sign must match.
 */
function parseFloatBits(t: string, type: 'f32' | 'f64'): number | bigint | null {
  const width = type === 'f32' ? 32 : 64;
  const signBit = 1n << BigInt(width - 1);
  const nan = /^([-+]?)nan(?::0x([0-9a-f]+))?$/.exec(t);
  if (nan !== null) {
    const isNegative = nan[1] === '-';
    let bits: bigint;
    if (nan[2] === undefined) {
      bits = (type === 'f32' ? BigInt(F32_CANONICAL_NAN) : F64_CANONICAL_NAN) | (isNegative ? signBit : 0n);
    } else {
      bits = BigInt(`0x${nan[2]}`);
      if (bits >> BigInt(width) !== 0n || !isNanBits(bits, type) || ((bits & signBit) !== 0n) !== isNegative) return null;
    }
    return type === 'f32' ? Number(bits) : bits;
  }
  let value: number;
  const sign = t.startsWith('-') ? -1 : 1;
  const mag = t.replace(/^[-+]/, '');
  if (mag === 'inf' || mag === 'infinity') value = sign * Infinity;
  else if (/^0x[0-9a-f]+$/.test(mag)) value = sign * Number(mag);
  else if (/^(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(mag)) value = sign * Number(mag);
  else return null;
  return type === 'f32' ? f32Bits(value) : f64Bits(value);
}

/** True when `bits` is a NaN of `type`: exponent all ones, fraction not zero. */
function isNanBits(bits: bigint, type: 'f32' | 'f64'): boolean {
  const [fractionBits, exponentMask] = type === 'f32' ? [23n, 0xffn] : [52n, 0x7ffn];
  return ((bits >> fractionBits) & exponentMask) === exponentMask && (bits & ((1n << fractionBits) - 1n)) !== 0n;
}

/**
 * Parses one CLI argument as a value of wasm type `type`; null when it is not one. An optional
 * `TYPE:` prefix (the form results print in) must name `type`. Floats come back as bit patterns
 * (f32: a uint32 number, f64: a uint64 bigint; `invoke(..., { floatBits: true })`). A v128 is
 * `0x` and up to 32 hex digits, the 128-bit value (the last two digits are lane byte 0).
 */
export function parseArg(text: string, type: string): number | bigint | Uint8Array | null {
  let t = text.trim().toLowerCase();
  if (t.startsWith(`${type}:`)) t = t.slice(type.length + 1);
  if (type === 'v128') {
    const m = /^0x([0-9a-f]{1,32})$/.exec(t);
    if (m === null) return null;
    const bytes = new Uint8Array(16);
    let v = BigInt(`0x${m[1]!}`);
    for (let k = 0; k < 16; k++) {
      bytes[k] = Number(v & 0xffn);
      v >>= 8n;
    }
    return bytes;
  }
  if (type === 'i32' || type === 'i64') {
    if (!/^[-+]?(0x[0-9a-f]+|[0-9]+)$/.test(t)) return null;
    const neg = t.startsWith('-');
    const mag = BigInt(t.replace(/^[-+]/, ''));
    const v = neg ? -mag : mag;
    const bits = type === 'i32' ? 32 : 64;
    if (v < -(1n << BigInt(bits - 1)) || v >= 1n << BigInt(bits)) return null;
    return type === 'i32' ? Number(BigInt.asIntN(32, v)) : BigInt.asIntN(64, v);
  }
  if (type === 'f32' || type === 'f64') return parseFloatBits(t, type);
  return null;
}

/**
 * Formats a result: `i32:42`, `i64:-1`, `f64:0.5`, `funcref:null`; floats are given as bit
 * patterns (f32: uint32 number, f64: uint64 bigint) and a NaN prints with its sign and all its
 * bits, `f32:nan:0x7fc00000`, `f64:-nan:0xfff8000000000000` (the form arguments accept); a v128
 * is `v128:0x` and 32 hex digits (the 128-bit value: lane byte 15 first, lane byte 0 last).
 */
export function formatResult(value: unknown, type: string): string {
  if (value instanceof Uint8Array) {
    let hexText = '';
    for (let k = 15; k >= 0; k--) hexText += value[k]!.toString(16).padStart(2, '0');
    return `${type}:0x${hexText}`;
  }
  if ((type === 'f32' && typeof value === 'number') || (type === 'f64' && typeof value === 'bigint')) {
    const bits = BigInt(value);
    if (isNanBits(bits, type)) {
      const isNegative = bits >> (type === 'f32' ? 31n : 63n) !== 0n;
      return `${type}:${isNegative ? '-' : ''}nan:0x${bits.toString(16).padStart(type === 'f32' ? 8 : 16, '0')}`;
    }
    let n: number;
    if (type === 'f32') {
      F32_BITS[0] = Number(bits);
      n = F32_SCRATCH[0]!;
    } else {
      F64_BITS[0] = bits;
      n = F64_SCRATCH[0]!;
    }
    if (!Number.isFinite(n)) return `${type}:${n > 0 ? 'inf' : '-inf'}`;
    return `${type}:${Object.is(n, -0) ? '-0' : String(n)}`;
  }
  if (value === null) return `${type}:null`;
  if (typeof value === 'function') return `${type}:<function>`;
  if (typeof value === 'number' || typeof value === 'bigint') return `${type}:${value.toString()}`;
  return `${type}:<host value>`;
}

/** One line (plus wasm stack lines) for a failure of the run verb; returns the exit code. */
function reportRunFailure(error: unknown, io: CliIO): number {
  if (error instanceof MalformedError || error instanceof InvalidError) {
    io.stderr.write(`${describeRejection(error)}\n`);
    return EXIT_REJECTED;
  }
  if (error instanceof LinkError) {
    io.stderr.write(`link error: ${error.message}\n`);
    return EXIT_REJECTED;
  }
  if (error instanceof Trap) {
    io.stderr.write(`trap: ${error.message}\n`);
    for (const frame of error.wasmStack) io.stderr.write(`  at ${frame}\n`);
    return EXIT_REJECTED;
  }
  const kind = error instanceof WasmError ? `${error.kind} error` : 'internal error';
  io.stderr.write(`detwasm: ${kind}: ${oneLine(error)}${error instanceof WasmError && error.kind !== 'internal' ? '' : ' (a detwasm bug; please report it)'}\n`);
  return EXIT_INTERNAL;
}

const INVOKE_USAGE = 'usage: detwasm run FILE.wasm --invoke NAME [ARGS...] [--gas N] [--features SPEC] [--tier js]';
const WASI_USAGE = 'usage: detwasm run FILE.wasm [--env NAME=VALUE]... [--seed N] [--time-ns N] [--stdin FILE] [--gas N] [--features SPEC] [--tier js] [--] [ARGS...]';

/** One usage line for `verb` on stderr; returns EXIT_USAGE. */
function usageError(io: CliIO, why: string, usage: string): number {
  io.stderr.write(`detwasm: ${why}; ${usage} (try 'detwasm --help')\n`);
  return EXIT_USAGE;
}

/** Options of both `run` forms, read by one parser so they may come in any order. */
const RUN_OPTIONS: readonly OptionSpec[] = [...INVOKE_OPTIONS, ...WASI_OPTIONS.filter((o) => !INVOKE_OPTIONS.includes(o))];

/**
 * What both `run` forms and `call` share: the module's features and the optional gas limit.
 * Options every executing verb takes (such as `--profile FILE` / `--profile-svg FILE`) are read
 * here, into one more field, after their OptionSpec joins INVOKE_OPTIONS, WASI_OPTIONS and
 * CALL_OPTIONS.
 */
interface ExecOptions {
  readonly features: Features | undefined;
  readonly gas: number | undefined;
  /** --profile FILE (folded stacks) and --profile-svg FILE (a flame graph); undefined when absent. */
  readonly profilePath: string | undefined;
  readonly profileSvgPath: string | undefined;
  /** --tier (default 'interpreter'). */
  readonly tier: Tier;
}

/** True when the run records a gas profile (--profile or --profile-svg): it is then metered. */
function isProfiled(exec: ExecOptions): boolean {
  return exec.profilePath !== undefined || exec.profileSvgPath !== undefined;
}

/** Reads --features, --gas, --profile, --profile-svg and --tier; a string is the usage problem. */
function parseExecOptions(parsed: ParsedOptions): ExecOptions | string {
  const features = parseFeaturesOption(parsed);
  if (typeof features === 'string') return features;
  const gasText = optionOf(parsed, '--gas');
  const gas = gasText === undefined ? undefined : parseGasOption(gasText);
  if (typeof gas === 'string') return gas;
  const profilePath = optionOf(parsed, '--profile');
  const profileSvgPath = optionOf(parsed, '--profile-svg');
  if (profilePath === '' || profileSvgPath === '') return '--profile and --profile-svg take a file name';
  const tier = optionOf(parsed, '--tier') ?? 'interpreter';
  if (tier !== 'interpreter' && tier !== 'js') return `--tier takes interpreter or js, got ${JSON.stringify(tier)}`;
  return { features, gas, profilePath, profileSvgPath, tier };
}

/**
 * Shows a run's gas profile: the top functions on stderr, the folded stacks and the flame graph
 * in the files asked for. Returns false (after saying so) when a file cannot be written.
 */
async function writeProfile(profile: GasProfile | undefined, exec: ExecOptions, title: string, io: CliIO): Promise<boolean> {
  if (profile === undefined) return true;
  io.stderr.write(profileTable(profile));
  const outputs: [string | undefined, () => string][] = [
    [exec.profilePath, () => foldedStacks(profile)],
    [exec.profileSvgPath, () => flameGraphSvg(profile, { title })],
  ];
  for (const [file, text] of outputs) {
    if (file === undefined) continue;
    try {
      await writeFile(file, text());
    } catch (error) {
      io.stderr.write(`detwasm: profile NOT written: cannot write ${file}: ${oneLine(error)}\n`);
      return false;
    }
  }
  return true;
}

/** `run FILE [flags] [-- ARGS]`: runs a WASI command's `_start`; returns the exit code. */
async function runWasiCommand(path: string, parsed: ParsedOptions, exec: ExecOptions, io: CliIO): Promise<number> {
  const env: [string, string][] = [];
  for (const value of parsed.values.get('--env') ?? []) {
    const eq = value.indexOf('=');
    if (eq <= 0 || value.includes('\0')) return usageError(io, `--env takes NAME=VALUE, got ${JSON.stringify(value)}`, WASI_USAGE);
    env.push([value.slice(0, eq), value.slice(eq + 1)]);
  }
  const u64 = (flag: string): bigint | undefined | string => {
    const text = optionOf(parsed, flag);
    if (text === undefined) return undefined;
    return parseU64(text) ?? `${flag} takes an unsigned 64-bit integer, got ${JSON.stringify(text)}`;
  };
  const seed = u64('--seed');
  if (typeof seed === 'string') return usageError(io, seed, WASI_USAGE);
  const timeNs = u64('--time-ns');
  if (typeof timeNs === 'string') return usageError(io, timeNs, WASI_USAGE);
  const programArgs = [...parsed.positionals.slice(1), ...parsed.afterDashes];
  if (programArgs.some((a) => a.includes('\0'))) return usageError(io, 'program arguments must not contain NUL characters', WASI_USAGE);
  const loaded = await loadModule(path, io);
  if ('exitCode' in loaded) return loaded.exitCode;
  let stdin: Uint8Array | undefined;
  const stdinPath = optionOf(parsed, '--stdin');
  if (stdinPath !== undefined) {
    const input = await readInputFile(stdinPath, io);
    if (input === null) return EXIT_USAGE;
    stdin = input;
  }
  let module: Module;
  try {
    module = compileWith(loaded.bytes, exec.features);
  } catch (error) {
    return reportRunFailure(error, io);
  }
  if (!module.exports.some((e) => e.name === '_start' && e.kind === 'function')) {
    io.stderr.write(`detwasm: ${path} exports no _start function (not a WASI command; call an export with --invoke NAME)\n`);
    return EXIT_USAGE;
  }
  const wasi = createWasi({
    args: [basename(path), ...programArgs],
    env,
    ...(seed === undefined ? {} : { seed }),
    ...(timeNs === undefined ? {} : { timeNs }),
    ...(stdin === undefined ? {} : { stdin }),
    maxOutputBytes: CLI_WASI_MAX_OUTPUT_BYTES,
  });
  let result: WasiRunResult;
  try {
    const metered = exec.gas !== undefined || isProfiled(exec);
    const instance = instantiateModule(decodedOf(module), wasi.imports, metered ? { gas: DEFAULT_GAS_SCHEDULE, tier: exec.tier } : { tier: exec.tier });
    result = wasi.start(instance, { gasLimit: exec.gas ?? Number.MAX_SAFE_INTEGER, ...(isProfiled(exec) ? { profile: true } : {}) });
  } catch (error) {
    // A link error, or proc_exit or a trap in the module's start function (instantiation).
    if (!(error instanceof WasmError)) return reportRunFailure(error, io);
    result = error instanceof WasiExit ? { exitCode: error.code, error: null, gasUsed: 0 } : { exitCode: null, error, gasUsed: 0 };
  }
  const out = wasi.stdoutText();
  const err = wasi.stderrText();
  if (out !== '') io.stdout.write(out);
  if (err !== '') io.stderr.write(err);
  if (wasi.isStdoutTruncated) io.stderr.write(`detwasm: stdout truncated to its first ${CLI_WASI_MAX_OUTPUT_BYTES} bytes\n`);
  if (wasi.isStderrTruncated) io.stderr.write(`detwasm: stderr truncated to its first ${CLI_WASI_MAX_OUTPUT_BYTES} bytes\n`);
  if (exec.gas !== undefined || isProfiled(exec)) io.stderr.write(`gas used: ${result.gasUsed}\n`);
  if (!(await writeProfile(result.profile, exec, basename(path), io))) return EXIT_REJECTED;
  if (result.error !== null) return reportRunFailure(result.error, io);
  return Math.min(result.exitCode ?? 0, 255);
}

/** `run FILE --invoke NAME [ARGS...]`: calls an export (metered with --gas); returns the exit code. */
async function runInvoke(path: string, name: string, parsed: ParsedOptions, exec: ExecOptions, io: CliIO): Promise<number> {
  const loaded = await loadModule(path, io);
  if ('exitCode' in loaded) return loaded.exitCode;
  let module: Module;
  try {
    module = compileWith(loaded.bytes, exec.features);
  } catch (error) {
    return reportRunFailure(error, io);
  }
  const exp = module.exports.find((e) => e.name === name);
  if (exp === undefined || exp.kind !== 'function') {
    io.stderr.write(`detwasm: no exported function named ${JSON.stringify(name)}\n`);
    return EXIT_USAGE;
  }
  const type = parseFuncType(exp.type);
  const rawArgs = [...parsed.positionals.slice(1), ...parsed.afterDashes];
  if (rawArgs.length !== type.params.length) {
    io.stderr.write(`detwasm: ${name} takes ${type.params.length} argument(s) (${type.params.join(' ') || 'none'}), got ${rawArgs.length}\n`);
    return EXIT_USAGE;
  }
  const values: (number | bigint | Uint8Array)[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const v = parseArg(rawArgs[i]!, type.params[i]!);
    if (v === null) {
      io.stderr.write(`detwasm: argument ${i + 1} (${JSON.stringify(rawArgs[i])}) is not a valid ${type.params[i]}\n`);
      return EXIT_USAGE;
    }
    values.push(v);
  }
  const printResults = (results: readonly unknown[]): void => {
    for (let i = 0; i < results.length; i++) io.stdout.write(`${formatResult(results[i], type.results[i] ?? '?')}\n`);
  };
  try {
    if (exec.gas === undefined && !isProfiled(exec)) {
      printResults(instantiateModule(decodedOf(module), {}, { tier: exec.tier }).invoke(name, values, { floatBits: true }));
      return EXIT_OK;
    }
    const instance = instantiateModule(decodedOf(module), {}, { gas: DEFAULT_GAS_SCHEDULE, tier: exec.tier });
    const outcome = instance.invokeMetered(name, values, {
      gasLimit: exec.gas ?? Number.MAX_SAFE_INTEGER, floatBits: true, ...(isProfiled(exec) ? { profile: true } : {}),
    });
    if (outcome.results !== null) printResults(outcome.results);
    io.stderr.write(`gas used: ${outcome.gasUsed}\n`);
    if (!(await writeProfile(outcome.profile, exec, name, io))) return EXIT_REJECTED;
    return outcome.error === null ? EXIT_OK : reportRunFailure(outcome.error, io);
  } catch (error) {
    return reportRunFailure(error, io);
  }
}

/** `run FILE ...`: `--invoke NAME` calls an export, otherwise FILE is a WASI command. */
async function runCommand(args: readonly string[], io: CliIO): Promise<number> {
  const usage = args.includes('--invoke') ? INVOKE_USAGE : WASI_USAGE;
  const parsed = parseOptions(args, RUN_OPTIONS);
  if (typeof parsed === 'string') return usageError(io, parsed, usage);
  const path = parsed.positionals[0];
  if (path === undefined) return usageError(io, 'missing module file', usage);
  const exec = parseExecOptions(parsed);
  if (typeof exec === 'string') return usageError(io, exec, usage);
  const name = optionOf(parsed, '--invoke');
  if (name === undefined) return runWasiCommand(path, parsed, exec, io);
  const wasiOnly = WASI_OPTIONS.find((o) => !INVOKE_OPTIONS.includes(o) && parsed.values.has(o.flag));
  if (wasiOnly !== undefined) return usageError(io, `${wasiOnly.flag} is for WASI commands (run FILE without --invoke)`, usage);
  return runInvoke(path, name, parsed, exec, io);
}

const VALIDATE_USAGE = 'usage: detwasm validate FILE.wasm [--features SPEC]';

async function validateCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseOptions(args, VALIDATE_OPTIONS);
  if (typeof parsed === 'string') return usageError(io, parsed, VALIDATE_USAGE);
  const files = [...parsed.positionals, ...parsed.afterDashes];
  if (files.length !== 1) return usageError(io, files.length === 0 ? 'missing module file' : 'one module file at a time', VALIDATE_USAGE);
  const features = parseFeaturesOption(parsed);
  if (typeof features === 'string') return usageError(io, features, VALIDATE_USAGE);
  const loaded = await loadModule(files[0]!, io);
  if ('exitCode' in loaded) return loaded.exitCode;
  try {
    io.stdout.write(`${summarize(compileWith(loaded.bytes, features))}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof MalformedError || error instanceof InvalidError) {
      io.stderr.write(`${describeRejection(error)}\n`);
      return EXIT_REJECTED;
    }
    const kind = error instanceof WasmError ? `${error.kind} error` : 'internal error';
    io.stderr.write(`detwasm: ${kind}: ${oneLine(error)} (a detwasm bug; please report it)\n`);
    return EXIT_INTERNAL;
  }
}

/** Reads the state file (missing = empty); a string is the error. */
async function readStateFile(path: string): Promise<MemoryState | string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return new MemoryState();
    return `cannot read ${path}: ${oneLine(error)}`;
  }
  try {
    return stateFromJson(JSON.parse(text));
  } catch (error) {
    return `bad state file ${path}: ${oneLine(error)}`;
  }
}

/** Bytes for a terminal: UTF-8 text as it is unless it holds control characters, else `hex:...`. */
function displayBytes(bytes: Uint8Array): string {
  const text = encodeStateText(bytes);
  return /[\u0000-\u001f\u007f]/.test(text) ? `hex:${Buffer.from(bytes).toString('hex')}` : text;
}

function printCallResult(result: CallResult, io: CliIO): void {
  if (result.error === null) io.stdout.write(`output: ${displayBytes(result.output)}\n`);
  io.stdout.write(`gas used: ${result.gasUsed}\n`);
  for (const line of result.logs) io.stdout.write(`log: ${displayBytes(new TextEncoder().encode(line))}\n`);
  for (const e of result.events) io.stdout.write(`event: ${displayBytes(new TextEncoder().encode(e.name))} ${displayBytes(e.data)}\n`);
}

const CALL_USAGE = 'usage: detwasm call FILE.wasm --method NAME --gas N [--args JSON] [--state FILE.json] [--features SPEC] [--tier js]';

async function callCommand(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseOptions(args, CALL_OPTIONS);
  if (typeof parsed === 'string') return usageError(io, parsed, CALL_USAGE);
  const files = [...parsed.positionals, ...parsed.afterDashes];
  if (files.length === 0) return usageError(io, 'missing contract file', CALL_USAGE);
  if (files.length > 1) return usageError(io, `unexpected argument ${JSON.stringify(files[1])}`, CALL_USAGE);
  const path = files[0]!;
  const method = optionOf(parsed, '--method');
  if (method === undefined) return usageError(io, '--method is required', CALL_USAGE);
  if (optionOf(parsed, '--gas') === undefined) return usageError(io, '--gas is required', CALL_USAGE);
  const exec = parseExecOptions(parsed);
  if (typeof exec === 'string') return usageError(io, exec, CALL_USAGE);
  const argsText = optionOf(parsed, '--args') ?? '';
  if (argsText !== '') {
    try {
      JSON.parse(argsText);
    } catch {
      return usageError(io, `--args is not valid JSON: ${JSON.stringify(argsText)}`, CALL_USAGE);
    }
  }
  const block: Record<string, bigint> = {};
  for (const [flag, key] of [['--block-height', 'blockHeight'], ['--block-time', 'blockTime']] as const) {
    const text = optionOf(parsed, flag);
    if (text === undefined) continue;
    if (!/^[0-9]+$/.test(text) || BigInt(text) >= 1n << 63n) return usageError(io, `${flag} must be an integer in [0, 2^63), got ${JSON.stringify(text)}`, CALL_USAGE);
    block[key] = BigInt(text);
  }
  const loaded = await loadModule(path, io);
  if ('exitCode' in loaded) return loaded.exitCode;
  const statePath = optionOf(parsed, '--state');
  let state = new MemoryState();
  if (statePath !== undefined) {
    const read = await readStateFile(statePath);
    if (typeof read === 'string') {
      io.stderr.write(`detwasm: ${read}\n`);
      return EXIT_USAGE;
    }
    state = read;
  }
  let result: CallResult;
  try {
    result = createVM(exec.features === undefined ? { tier: exec.tier } : { features: exec.features, tier: exec.tier }).call({
      contractId: optionOf(parsed, '--contract-id') ?? basename(path).replace(/\.(wasm|wat|wast)$/i, ''),
      code: loaded.bytes,
      method,
      args: argsText,
      gasLimit: exec.gas!,
      env: state,
      caller: optionOf(parsed, '--caller') ?? '',
      blockHeight: block['blockHeight'] ?? 0n,
      blockTime: block['blockTime'] ?? 0n,
      ...(isProfiled(exec) ? { profile: true } : {}),
    });
  } catch (error) {
    io.stderr.write(`detwasm: internal error: ${oneLine(error)} (a detwasm bug; please report it)\n`);
    return EXIT_INTERNAL;
  }
  printCallResult(result, io);
  if (!(await writeProfile(result.profile, exec, method, io))) return EXIT_REJECTED;
  if (result.error !== null) {
    io.stderr.write(`error: ${result.error.kind}: ${result.error.message}\n`);
    for (const frame of result.error.wasmStack) io.stderr.write(`  at ${frame}\n`);
    return EXIT_REJECTED;
  }
  if (statePath !== undefined) {
    try {
      await writeFile(statePath, stateToJson(state));
    } catch (error) {
      // The call succeeded but its writes are lost: never let that read as a success.
      io.stderr.write(`detwasm: state NOT saved: cannot write ${statePath}: ${oneLine(error)}\n`);
      return EXIT_REJECTED;
    }
  }
  return EXIT_OK;
}

/** detwasm's version, from its package.json (one level above dist/ and src/). */
async function versionText(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return String(pkg.version);
}

/**
 * Runs the command line `argv` (without `node` and the script path) and returns the exit code.
 * Never throws for any input; writes to `io` (default: process.stdout / process.stderr).
 */
export async function main(
  argv: readonly string[],
  io: CliIO = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      io.stderr.write("detwasm: missing command (try 'detwasm --help')\n");
      return EXIT_USAGE;
    case 'help':
    case '--help':
    case '-h':
      io.stdout.write(USAGE);
      return EXIT_OK;
    case 'version':
    case '--version':
    case '-V':
      try {
        io.stdout.write(`detwasm ${await versionText()}\n`);
        return EXIT_OK;
      } catch (error) {
        io.stderr.write(`detwasm: internal error: cannot read package.json: ${oneLine(error)} (a detwasm bug; please report it)\n`);
        return EXIT_INTERNAL;
      }
    case 'validate':
      return validateCommand(rest, io);
    case 'run':
      return runCommand(rest, io);
    case 'call':
      return callCommand(rest, io);
    default:
      io.stderr.write(`detwasm: unknown command '${command}' (try 'detwasm --help')\n`);
      return EXIT_USAGE;
  }
}
