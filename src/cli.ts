/// <reference types="node" />
/**
 * The `detwasm` command line (bin/detwasm.js calls {@link main}). Verbs: `validate FILE.wasm`
 * (decode + validate, spec §5 and §3), `run FILE.wasm --invoke NAME [ARGS...]` (instantiate and
 * call an export), `run FILE.wasm [--env ...] [-- ARGS]` (run a WASI command's `_start` in the
 * deterministic sandbox of src/host/wasi, exit code = its proc_exit code), `call FILE.wasm
 * --method NAME --gas N ...` (run a contract method on the contract VM with a gas limit and an
 * optional JSON state file, docs/ABI.md) and `help`.
 *
 * Exit codes: 0 success, 1 the module is malformed, invalid, unlinkable or trapped (or the
 * contract call failed), 2 bad arguments or unreadable file, 3 internal error (a detwasm bug).
 * Every failure is one line on stderr (a trap adds its wasm stack, one frame per line), never a JS
 * stack trace.
 * This is the only file in src/ that touches the host (file system); the engine never does.
 */
import { readFile } from 'node:fs/promises';
import { compile, decodedOf } from './compile.js';
import type { Module } from './compile.js';
import { InvalidError, LinkError, MalformedError, Trap, WasmError } from './errors.js';
import { instantiateModule } from './interpreter/instance.js';
import { basename } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { createVM } from './vm/vm.js';
import type { CallResult } from './vm/vm.js';
import { MemoryState } from './host/memory-state.js';
import { encodeStateText, stateFromJson, stateToJson } from './vm/state-file.js';
import { createWasi, WasiExit } from './host/wasi/wasi.js';
import type { WasiRunResult } from './host/wasi/wasi.js';
import { DEFAULT_GAS_SCHEDULE } from './gas/schedule.js';

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

const USAGE = `Usage: detwasm <command> [arguments]

Commands:
  validate FILE.wasm   decode and validate a binary module; prints a one-line summary
                       or the error ("malformed: ..." / "invalid: ...") with its byte offset
  run FILE.wasm --invoke NAME [ARGS...]
                       instantiate the module (no imports) and call export NAME; ARGS are
                       decimal or 0x-hex integers and floats (nan, inf, -inf accepted),
                       one per parameter; prints one result per line as TYPE:VALUE, or the
                       trap and its wasm stack
  run FILE.wasm [--env NAME=VALUE]... [--seed N] [--time-ns N] [--stdin FILE] [--gas N]
      [--] [ARGS...]
                       run a WASI command (its _start export) in detwasm's deterministic WASI
                       sandbox and show its stdout and stderr. argv is FILE's base name, then
                       ARGS; random bytes come from --seed (an unsigned integer, default none);
                       both clocks read --time-ns (ns since 1970, default 0); stdin is the
                       bytes of --stdin FILE (default empty); no file system, network, real
                       clock or randomness is reachable. With --gas, runs metered (default
                       schedule) and prints "gas used: N" on stderr. The exit code is the
                       program's: 0 when _start returns, proc_exit's code otherwise (above 255
                       exits 255); a trap exits 1. Each stream keeps its first 16 MiB.
  call CONTRACT.wasm --method NAME --gas N [--args JSON] [--state FILE.json]
       [--caller ID] [--contract-id ID] [--block-height N] [--block-time MS]
                       run a contract method on the contract VM (docs/ABI.md) with a gas
                       limit; prints the output, the gas used, logs and events, and on success
                       writes the state back to FILE.json (a JSON object of key -> value
                       strings; "hex:..." for bytes that are not UTF-8; created if missing)
  help, --help, -h     show this help

Exit codes: 0 ok, 1 malformed, invalid or unlinkable module, a trap, or a failed contract call,
2 bad arguments or unreadable file, 3 internal error (a detwasm bug; please report it).
`;

const PLANNED: readonly string[] = [];

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

async function readModuleFile(path: string, io: CliIO): Promise<Uint8Array | null> {
  try {
    return await readFile(path);
  } catch (error) {
    io.stderr.write(`detwasm: cannot read ${path}: ${oneLine(error)}\n`);
    return null;
  }
}

/** Parses `[i32 i64] -> [f32]` (the descriptor text of a function type) into its lists. */
function parseFuncType(text: string): { params: string[]; results: string[] } {
  const m = /^\[([^\]]*)\] -> \[([^\]]*)\]$/.exec(text);
  const list = (s: string | undefined): string[] => (s === undefined || s === '' ? [] : s.split(' '));
  return { params: list(m?.[1]), results: list(m?.[2]) };
}

/**
 * Parses one CLI argument as a value of wasm type `type`; null when it is not one. A v128 is
 * `0x` and up to 32 hex digits, the 128-bit value (the last two digits are lane byte 0), with an
 * optional `v128:` prefix: the form results print in.
 */
export function parseArg(text: string, type: string): number | bigint | Uint8Array | null {
  const t = text.trim().toLowerCase();
  if (type === 'v128') {
    const m = /^(?:v128:)?0x([0-9a-f]{1,32})$/.exec(t);
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
  if (type === 'f32' || type === 'f64') {
    if (t === 'nan' || t === '+nan') return NaN;
    if (t === '-nan') return -NaN;
    if (t === 'inf' || t === '+inf' || t === 'infinity') return Infinity;
    if (t === '-inf' || t === '-infinity') return -Infinity;
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(t) && !/^[-+]?0x[0-9a-f]+$/.test(t)) return null;
    const n = Number(t);
    return type === 'f32' ? Math.fround(n) : n;
  }
  return null;
}

/**
 * Formats a result: `i32:42`, `i64:-1`, `f64:0.5`, `f32:nan`, `funcref:null`, and a v128 as
 * `v128:0x` and 32 hex digits (the 128-bit value: lane byte 15 first, lane byte 0 last).
 */
export function formatResult(value: unknown, type: string): string {
  if (value instanceof Uint8Array) {
    let hexText = '';
    for (let k = 15; k >= 0; k--) hexText += value[k]!.toString(16).padStart(2, '0');
    return `${type}:0x${hexText}`;
  }
  if (typeof value === 'number' && (type === 'f32' || type === 'f64')) {
    if (Number.isNaN(value)) return `${type}:nan`;
    if (!Number.isFinite(value)) return `${type}:${value > 0 ? 'inf' : '-inf'}`;
    return `${type}:${Object.is(value, -0) ? '-0' : String(value)}`;
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

/** Cap on each captured stream of a WASI program run from the command line. */
const CLI_WASI_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/** Flags of `run FILE.wasm` without `--invoke` (a WASI command). */
interface WasiRunFlags {
  readonly env: [string, string][];
  readonly programArgs: string[];
  seed: bigint | undefined;
  timeNs: bigint | undefined;
  stdinPath: string | undefined;
  gas: number | undefined;
}

/** Parses an unsigned integer flag value (decimal or 0x-hex, at most 2^64 - 1); null if it is not one. */
function parseU64(text: string): bigint | null {
  if (!/^(0x[0-9a-f]+|[0-9]+)$/i.test(text)) return null;
  const v = BigInt(text);
  return v < 1n << 64n ? v : null;
}

/** Parses the WASI run flags; a string is the usage problem. */
function parseWasiRunFlags(args: readonly string[]): WasiRunFlags | string {
  const flags: WasiRunFlags = { env: [], programArgs: [], seed: undefined, timeNs: undefined, stdinPath: undefined, gas: undefined };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      flags.programArgs.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-')) {
      flags.programArgs.push(arg);
      continue;
    }
    const value = args[i + 1];
    if (!['--env', '--seed', '--time-ns', '--stdin', '--gas'].includes(arg)) return `unknown option ${arg}`;
    if (value === undefined) return `${arg} needs a value`;
    i++;
    if (arg === '--env') {
      const eq = value.indexOf('=');
      if (eq <= 0 || value.includes('\0')) return `--env takes NAME=VALUE, got ${JSON.stringify(value)}`;
      flags.env.push([value.slice(0, eq), value.slice(eq + 1)]);
    } else if (arg === '--seed' || arg === '--time-ns') {
      const v = parseU64(value);
      if (v === null) return `${arg} takes an unsigned 64-bit integer, got ${JSON.stringify(value)}`;
      if (arg === '--seed') flags.seed = v;
      else flags.timeNs = v;
    } else if (arg === '--stdin') {
      flags.stdinPath = value;
    } else {
      const v = parseU64(value);
      if (v === null || v > BigInt(Number.MAX_SAFE_INTEGER)) return `--gas takes a non-negative safe integer, got ${JSON.stringify(value)}`;
      flags.gas = Number(v);
    }
  }
  if (flags.programArgs.some((a) => a.includes('\0'))) return 'program arguments must not contain NUL characters';
  return flags;
}

/** `run FILE.wasm [flags] [-- ARGS]`: runs a WASI command's `_start`; returns the exit code. */
async function runWasiCommand(path: string, args: readonly string[], io: CliIO): Promise<number> {
  const flags = parseWasiRunFlags(args);
  if (typeof flags === 'string') {
    io.stderr.write(`detwasm: ${flags}; usage: detwasm run FILE.wasm [--env NAME=VALUE]... [--seed N] [--time-ns N] [--stdin FILE] [--gas N] [--] [ARGS...] (try 'detwasm --help')\n`);
    return EXIT_USAGE;
  }
  const bytes = await readModuleFile(path, io);
  if (bytes === null) return EXIT_USAGE;
  let stdin: Uint8Array | undefined;
  if (flags.stdinPath !== undefined) {
    const input = await readModuleFile(flags.stdinPath, io);
    if (input === null) return EXIT_USAGE;
    stdin = input;
  }
  let module: Module;
  try {
    module = compile(bytes);
  } catch (error) {
    return reportRunFailure(error, io);
  }
  if (!module.exports.some((e) => e.name === '_start' && e.kind === 'function')) {
    io.stderr.write(`detwasm: ${path} exports no _start function (not a WASI command; call an export with --invoke NAME)\n`);
    return EXIT_USAGE;
  }
  const wasi = createWasi({
    args: [basename(path), ...flags.programArgs],
    env: flags.env,
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    ...(flags.timeNs === undefined ? {} : { timeNs: flags.timeNs }),
    ...(stdin === undefined ? {} : { stdin }),
    maxOutputBytes: CLI_WASI_MAX_OUTPUT_BYTES,
  });
  let result: WasiRunResult;
  try {
    const instance = instantiateModule(decodedOf(module), wasi.imports, flags.gas === undefined ? {} : { gas: DEFAULT_GAS_SCHEDULE });
    result = wasi.start(instance, { gasLimit: flags.gas ?? Number.MAX_SAFE_INTEGER });
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
  if (flags.gas !== undefined) io.stderr.write(`gas used: ${result.gasUsed}\n`);
  if (result.error !== null) return reportRunFailure(result.error, io);
  return Math.min(result.exitCode ?? 0, 255);
}

async function runCommand(args: readonly string[], io: CliIO): Promise<number> {
  const usage = "detwasm: usage: detwasm run FILE.wasm --invoke NAME [ARGS...] (try 'detwasm --help')\n";
  const path = args[0];
  const flag = args[1];
  const name = args[2];
  if (path !== undefined && !path.startsWith('-') && flag !== '--invoke') return runWasiCommand(path, args.slice(1), io);
  if (path === undefined || path.startsWith('-') || flag !== '--invoke' || name === undefined) {
    io.stderr.write(usage);
    return EXIT_USAGE;
  }
  const bytes = await readModuleFile(path, io);
  if (bytes === null) return EXIT_USAGE;
  let module: Module;
  try {
    module = compile(bytes);
  } catch (error) {
    return reportRunFailure(error, io);
  }
  const exp = module.exports.find((e) => e.name === name);
  if (exp === undefined || exp.kind !== 'function') {
    io.stderr.write(`detwasm: no exported function named ${JSON.stringify(name)}\n`);
    return EXIT_USAGE;
  }
  const type = parseFuncType(exp.type);
  const rawArgs = args.slice(3);
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
  try {
    const results = instantiateModule(decodedOf(module)).invoke(name, values);
    for (let i = 0; i < results.length; i++) io.stdout.write(`${formatResult(results[i], type.results[i] ?? '?')}\n`);
    return EXIT_OK;
  } catch (error) {
    return reportRunFailure(error, io);
  }
}

async function validateCommand(args: readonly string[], io: CliIO): Promise<number> {
  if (args.length !== 1 || args[0] === undefined || args[0].startsWith('-')) {
    io.stderr.write("detwasm: usage: detwasm validate FILE.wasm (try 'detwasm --help')\n");
    return EXIT_USAGE;
  }
  const path = args[0];
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    io.stderr.write(`detwasm: cannot read ${path}: ${oneLine(error)}\n`);
    return EXIT_USAGE;
  }
  try {
    io.stdout.write(`${summarize(compile(bytes))}\n`);
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

const CALL_FLAGS: readonly string[] = [
  '--method', '--gas', '--args', '--state', '--caller', '--contract-id', '--block-height', '--block-time',
];

/** Parses `call` flags (each takes a value); a string is a usage error. */
function parseCallFlags(args: readonly string[]): Map<string, string> | string {
  const flags = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (!CALL_FLAGS.includes(flag)) return `unknown option ${JSON.stringify(flag)}`;
    if (value === undefined) return `${flag} needs a value`;
    if (flags.has(flag)) return `${flag} given twice`;
    flags.set(flag, value);
  }
  if (!flags.has('--method')) return '--method is required';
  if (!flags.has('--gas')) return '--gas is required';
  return flags;
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

async function callCommand(args: readonly string[], io: CliIO): Promise<number> {
  const usageLine = (why: string): number => {
    io.stderr.write(`detwasm: ${why}; usage: detwasm call FILE.wasm --method NAME --gas N [--args JSON] [--state FILE.json] (try 'detwasm --help')\n`);
    return EXIT_USAGE;
  };
  const path = args[0];
  if (path === undefined || path.startsWith('-')) return usageLine('missing contract file');
  const flags = parseCallFlags(args.slice(1));
  if (typeof flags === 'string') return usageLine(flags);
  const gasText = flags.get('--gas')!;
  const gas = /^[0-9]+$/.test(gasText) ? Number(gasText) : NaN;
  if (!Number.isSafeInteger(gas)) return usageLine(`--gas must be a non-negative integer, got ${JSON.stringify(gasText)}`);
  const argsText = flags.get('--args') ?? '';
  if (argsText !== '') {
    try {
      JSON.parse(argsText);
    } catch {
      return usageLine(`--args is not valid JSON: ${JSON.stringify(argsText)}`);
    }
  }
  const block: Record<string, bigint> = {};
  for (const [flag, key] of [['--block-height', 'blockHeight'], ['--block-time', 'blockTime']] as const) {
    const text = flags.get(flag);
    if (text === undefined) continue;
    if (!/^[0-9]+$/.test(text) || BigInt(text) >= 1n << 63n) return usageLine(`${flag} must be an integer in [0, 2^63), got ${JSON.stringify(text)}`);
    block[key] = BigInt(text);
  }
  const code = await readModuleFile(path, io);
  if (code === null) return EXIT_USAGE;
  const statePath = flags.get('--state');
  let state = new MemoryState();
  if (statePath !== undefined) {
    const loaded = await readStateFile(statePath);
    if (typeof loaded === 'string') {
      io.stderr.write(`detwasm: ${loaded}\n`);
      return EXIT_USAGE;
    }
    state = loaded;
  }
  let result: CallResult;
  try {
    result = createVM().call({
      contractId: flags.get('--contract-id') ?? basename(path, '.wasm'),
      code,
      method: flags.get('--method')!,
      args: argsText,
      gasLimit: gas,
      env: state,
      caller: flags.get('--caller') ?? '',
      blockHeight: block['blockHeight'] ?? 0n,
      blockTime: block['blockTime'] ?? 0n,
    });
  } catch (error) {
    io.stderr.write(`detwasm: internal error: ${oneLine(error)} (a detwasm bug; please report it)\n`);
    return EXIT_INTERNAL;
  }
  printCallResult(result, io);
  if (result.error !== null) {
    io.stderr.write(`error: ${result.error.kind}: ${result.error.message}\n`);
    for (const frame of result.error.wasmStack) io.stderr.write(`  at ${frame}\n`);
    return EXIT_REJECTED;
  }
  if (statePath !== undefined) {
    try {
      await writeFile(statePath, stateToJson(state));
    } catch (error) {
      io.stderr.write(`detwasm: cannot write ${statePath}: ${oneLine(error)}\n`);
      return EXIT_USAGE;
    }
  }
  return EXIT_OK;
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
    case 'validate':
      return validateCommand(rest, io);
    case 'run':
      return runCommand(rest, io);
    case 'call':
      return callCommand(rest, io);
    default:
      if (PLANNED.includes(command)) {
        io.stderr.write(`detwasm: '${command}' is not available yet (it comes with the interpreter)\n`);
      } else {
        io.stderr.write(`detwasm: unknown command '${command}' (try 'detwasm --help')\n`);
      }
      return EXIT_USAGE;
  }
}
