/// <reference types="node" />
/**
 * The `detwasm` command line (bin/detwasm.js calls {@link main}). Verbs: `validate FILE.wasm`
 * (decode + validate, spec §5 and §3), `run FILE.wasm --invoke NAME [ARGS...]` (instantiate and
 * call an export) and `help`; `call` (contracts with gas) arrives with the contract VM.
 *
 * Exit codes: 0 success, 1 the module is malformed, invalid, unlinkable or trapped, 2 bad
 * arguments or unreadable file, 3 internal error (a detwasm bug). Every failure is one line on
 * stderr (a trap adds its wasm stack, one frame per line), never a JS stack trace.
 * This is the only file in src/ that touches the host (file system); the engine never does.
 */
import { readFile } from 'node:fs/promises';
import { compile, decodedOf } from './compile.js';
import type { Module } from './compile.js';
import { InvalidError, LinkError, MalformedError, Trap, WasmError } from './errors.js';
import { instantiateModule } from './interpreter/instance.js';

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
  help, --help, -h     show this help

Coming with the contract VM:
  call CONTRACT.wasm --method NAME --args JSON --gas N
                       run a contract method with a gas limit

Exit codes: 0 ok, 1 malformed, invalid or unlinkable module, or a trap, 2 bad arguments or
unreadable file, 3 internal error (a detwasm bug; please report it).
`;

const PLANNED: readonly string[] = ['call'];

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

/** Parses one CLI argument as a value of wasm type `type`; null when it is not one. */
export function parseArg(text: string, type: string): number | bigint | null {
  const t = text.trim().toLowerCase();
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

/** Formats a result: `i32:42`, `i64:-1`, `f64:0.5`, `f32:nan`, `funcref:null`. */
export function formatResult(value: unknown, type: string): string {
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

async function runCommand(args: readonly string[], io: CliIO): Promise<number> {
  const usage = "detwasm: usage: detwasm run FILE.wasm --invoke NAME [ARGS...] (try 'detwasm --help')\n";
  const path = args[0];
  const flag = args[1];
  const name = args[2];
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
  const values: (number | bigint)[] = [];
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
    default:
      if (PLANNED.includes(command)) {
        io.stderr.write(`detwasm: '${command}' is not available yet (it comes with the interpreter)\n`);
      } else {
        io.stderr.write(`detwasm: unknown command '${command}' (try 'detwasm --help')\n`);
      }
      return EXIT_USAGE;
  }
}
