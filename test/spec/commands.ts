/**
 * The wast2json command format (wabt `wast2json`, JSON output) as TypeScript types, and loading of
 * one command file. Spec: the WebAssembly script format of the reference interpreter
 * (spec repo `interpreter/README.md`, "Scripts"); wast2json writes one JSON object per script
 * command with the modules in `NAME.N.wasm` / `NAME.N.wat` files next to the JSON file. A file
 * converted at test time from a `.wast` script (wast.ts) has the same commands and carries its
 * modules in memory instead, under the file names wast2json would have written.
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
  /** `ref` only (a null of a defined type, `(ref.null N)`, from wast.ts): the type index N. */
  readonly heap_type?: string;
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
  readonly type: 'action' | 'assert_return' | 'assert_trap' | 'assert_exhaustion' | 'assert_exception';
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

/**
 * A module written as text (`module_type: "text"`, wast2json's `.wat` files) that the converter
 * handed to wasm-tools' text parser: its encoding, or, when the parser rejected the text, why.
 */
export interface TextModule {
  /** The module text (a `module quote`'s strings joined, as in wast2json's `.wat` file). */
  readonly text: string;
  /** wasm-tools' binary encoding (not validated); null when the text was rejected. */
  readonly bytes: Uint8Array | null;
  /** The parser's message when the text was rejected (malformed at the text level), else null. */
  readonly error: string | null;
}

/** A module held in memory: its bytes (binary modules, text encoded by wasm-tools), or a text module. */
export type ModuleData = Uint8Array | TextModule;

/** One loaded command file. */
export interface SpecFile {
  /** File name, e.g. `i32.json` (or `i31.wast` for a script converted at test time). */
  readonly name: string;
  /** Folder holding the JSON file and its modules (the `.wast` script's folder when converted). */
  readonly dir: string;
  readonly sourceFilename: string;
  readonly commands: readonly Command[];
  /**
   * The modules by file name, when the file carries them in memory (wast.ts); absent for a
   * wast2json file, whose modules are read from `dir`.
   */
  readonly modules?: ReadonlyMap<string, ModuleData>;
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

/**
 * The bytes of a module named by a command: from memory when the file carries its modules, else
 * read relative to the JSON file's folder. Throws for a text module without an encoding.
 */
export function readModuleFile(file: SpecFile, filename: string): Uint8Array {
  if (file.modules === undefined) return new Uint8Array(readFileSync(join(file.dir, filename)));
  const m = file.modules.get(filename);
  if (m === undefined) throw new Error(`${file.name}: no module ${filename}`);
  if (m instanceof Uint8Array) return m;
  if (m.bytes === null) throw new Error(`${file.name}: ${filename} was rejected by the text parser: ${m.error ?? '?'}`);
  return m.bytes;
}

/**
 * The text module named by a `module_type: "text"` command when the file carries it in memory
 * (encoded or rejected by wasm-tools, wast.ts); undefined for wast2json's `.wat` files, which
 * nothing here parses.
 */
export function textModule(file: SpecFile, filename: string): TextModule | undefined {
  const m = file.modules?.get(filename);
  return m === undefined || m instanceof Uint8Array ? undefined : m;
}
