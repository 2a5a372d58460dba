/**
 * The wast2json command format (wabt `wast2json`, JSON output) as TypeScript types, and loading of
 * one command file. Spec: the WebAssembly script format of the reference interpreter
 * (spec repo `interpreter/README.md`, "Scripts"); wast2json writes one JSON object per script
 * command with the modules in `NAME.N.wasm` / `NAME.N.wat` files next to the JSON file.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A value as written by wast2json: numbers are decimal strings of the bit pattern. */
export interface JsonValue {
  readonly type: string;
  /** Decimal bits, `nan:canonical`, `nan:arithmetic`, `null`, or lane strings for v128. */
  readonly value?: string | readonly string[];
  /** v128 only: i8, i16, i32, i64, f32, f64. */
  readonly lane_type?: string;
}

/** An expected result: a value pattern, or (relaxed-simd) a list of acceptable alternatives. */
export interface JsonExpected extends JsonValue {
  readonly either?: readonly JsonValue[];
}

export interface InvokeAction {
  readonly type: 'invoke';
  /** `$name` of a named module; the current module when absent. */
  readonly module?: string;
  readonly field: string;
  readonly args: readonly JsonValue[];
}

export interface GetAction {
  readonly type: 'get';
  readonly module?: string;
  readonly field: string;
}

export type Action = InvokeAction | GetAction;

/** Every command shares these fields; `type` selects the handler. */
export interface BaseCommand {
  readonly type: string;
  /** Line of the command in the `.wast` source. */
  readonly line: number;
}

export interface ModuleCommand extends BaseCommand {
  readonly type: 'module';
  readonly filename: string;
  /** `$name` when the module is named. */
  readonly name?: string;
  readonly module_type?: 'binary' | 'text';
}

/** assert_malformed / assert_invalid / assert_unlinkable / assert_uninstantiable. */
export interface AssertModuleCommand extends BaseCommand {
  readonly type: 'assert_malformed' | 'assert_invalid' | 'assert_unlinkable' | 'assert_uninstantiable';
  readonly filename: string;
  readonly text: string;
  readonly module_type?: 'binary' | 'text';
}

export interface RegisterCommand extends BaseCommand {
  readonly type: 'register';
  /** `$name` of the module to register; the current module when absent. */
  readonly name?: string;
  /** Import module name under which its exports become visible. */
  readonly as: string;
}

/** action / assert_return / assert_trap / assert_exhaustion (and proposals' assert_exception). */
export interface ActionCommand extends BaseCommand {
  readonly type: 'action' | 'assert_return' | 'assert_trap' | 'assert_exhaustion';
  readonly action: Action;
  /** assert_return: result patterns; otherwise result types only. Absent when `either` is given. */
  readonly expected?: readonly JsonExpected[];
  /** assert_return (relaxed SIMD, threads): the acceptable alternatives of a single result. */
  readonly either?: readonly JsonValue[];
  /** assert_trap / assert_exhaustion: the expected message. */
  readonly text?: string;
}

/** Any command (unknown kinds keep only the base fields). */
export type Command = ModuleCommand | AssertModuleCommand | RegisterCommand | ActionCommand | BaseCommand;

/** One loaded command file. */
export interface SpecFile {
  /** File name, e.g. `i32.json`. */
  readonly name: string;
  /** Folder holding the JSON file and its modules. */
  readonly dir: string;
  readonly sourceFilename: string;
  readonly commands: readonly Command[];
}

/** Reads and parses one wast2json file. Throws on I/O or JSON errors (a broken suite, not a test failure). */
export function loadSpecFile(path: string): SpecFile {
  const json = JSON.parse(readFileSync(path, 'utf8')) as { source_filename?: string; commands?: Command[] };
  if (!Array.isArray(json.commands)) throw new Error(`${path}: no "commands" array`);
  return {
    name: basename(path),
    dir: dirname(path),
    sourceFilename: json.source_filename ?? basename(path),
    commands: json.commands,
  };
}

/** Reads a module file named by a command (relative to the JSON file's folder). */
export function readModuleFile(file: SpecFile, filename: string): Uint8Array {
  return new Uint8Array(readFileSync(join(file.dir, filename)));
}
