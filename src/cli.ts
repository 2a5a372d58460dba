/// <reference types="node" />
/**
 * The `detwasm` command line (bin/detwasm.js calls {@link main}). Verbs: `validate FILE.wasm`
 * (decode + validate, spec §5 and §3) and `help`; `run` and `call` arrive with the interpreter.
 *
 * Exit codes: 0 success, 1 the module is malformed or invalid, 2 bad arguments or unreadable
 * file, 3 internal error (a detwasm bug). Every failure is one line on stderr, never a stack trace.
 * This is the only file in src/ that touches the host (file system); the engine never does.
 */
import { readFile } from 'node:fs/promises';
import { compile } from './compile.js';
import type { Module } from './compile.js';
import { InvalidError, MalformedError, WasmError } from './errors.js';

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
  help, --help, -h     show this help

Coming with the interpreter:
  run FILE.wasm        instantiate and run the start function / _start
  call FILE.wasm FUNC [ARGS...]
                       call an exported function

Exit codes: 0 ok, 1 malformed or invalid module, 2 bad arguments or unreadable file,
3 internal error (a detwasm bug; please report it).
`;

const PLANNED: readonly string[] = ['run', 'call'];

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
    default:
      if (PLANNED.includes(command)) {
        io.stderr.write(`detwasm: '${command}' is not available yet (it comes with the interpreter)\n`);
      } else {
        io.stderr.write(`detwasm: unknown command '${command}' (try 'detwasm --help')\n`);
      }
      return EXIT_USAGE;
  }
}
