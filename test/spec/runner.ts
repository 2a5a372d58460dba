/**
 * The generic spec-test runner: runs the commands of one wast2json file against a
 * {@link SpecEngine} and reports, per command, passed / failed / skipped / not yet run.
 *
 * Commands are dispatched by kind to one handler each ({@link HANDLERS}). Handlers that need
 * execution return "not yet run" while the engine has no {@link ExecutionCapability}, so the same
 * runner serves the decoder/validator today and the interpreter later without changes here.
 * Semantics follow the spec interpreter's script runner (spec repo `interpreter/script/run.ml`):
 * `module` defines the current module (and a named one), `register` makes a module's exports
 * importable under a name, actions default to the current module.
 */
import type {
  Action,
  ActionCommand,
  AssertModuleCommand,
  Command,
  JsonExpected,
  ModuleCommand,
  RegisterCommand,
  SpecFile,
} from './commands.js';
import { readModuleFile, textModule } from './commands.js';
import type { ErrorClass, SpecEngine } from './engine.js';
import { errorMessage } from './engine.js';
import { findSkip } from './skips.js';
import type { SpecValue } from './values.js';
import { formatPattern, formatValue, matches, parseArg, parsePattern } from './values.js';

/** The result of one command. */
export type Outcome =
  | {
      readonly status: 'passed';
      /** The module compiled, but its instantiation needs the execution capability. */
      readonly compileOnly?: boolean;
      /** The error message differs from the spec text (reported, not a failure). */
      readonly mismatch?: { readonly expected: string; readonly got: string };
      /**
       * assert_malformed of a text module that the text parser (wasm-tools, wast.ts) rejected: the
       * module is malformed at the text level and never reaches the engine; the parser's message.
       */
      readonly textLevel?: string;
    }
  | { readonly status: 'failed'; readonly expected: string; readonly got: string }
  | { readonly status: 'skipped'; readonly label: string; readonly reason: string }
  | { readonly status: 'notRun'; readonly label: string };

/** A failed command, with enough context to find it in the `.wast` source. */
export interface CommandIssue {
  readonly file: string;
  readonly line: number;
  readonly kind: string;
  readonly expected: string;
  readonly got: string;
}

/** Totals of one file. */
export interface FileReport {
  readonly file: string;
  passed: number;
  failed: number;
  /** Skipped commands by label, e.g. `assert_malformed (text)`. */
  readonly skipped: Record<string, number>;
  /** Commands waiting for a capability, by command kind. */
  readonly notRun: Record<string, number>;
  /** `module` commands that compiled but were not instantiated (counted in `passed`). */
  compileOnly: number;
  /** assert_malformed commands passed because the text parser rejected the module (counted in `passed`). */
  textLevel: number;
  readonly failures: CommandIssue[];
  /** Error-message differences from the spec text (not failures). */
  readonly mismatches: CommandIssue[];
}

/** A module defined by a `module` command, and what became of it. */
interface ModuleSlot<M, I> {
  readonly line: number;
  readonly module: M | null;
  readonly instance: I | null;
  /** Why there is no instance (compile/instantiate failure, or compile-only engine). */
  readonly problem: string | null;
}

/** Mutable state of one file's run. */
export interface RunState<M, I> {
  readonly file: SpecFile;
  readonly engine: SpecEngine<M, I>;
  current: ModuleSlot<M, I> | null;
  readonly named: Map<string, ModuleSlot<M, I>>;
  /** Registered instances by import module name (`spectest` first). */
  readonly registry: Map<string, I>;
}

/** A command handler; it may throw, which the runner reports as a failure of that command. */
export type Handler = <M, I>(command: Command, state: RunState<M, I>) => Outcome;

const PASSED: Outcome = { status: 'passed' };

function failed(expected: string, got: string): Outcome {
  return { status: 'failed', expected, got };
}

function describeError(engine: SpecEngine<unknown, unknown>, error: unknown): string {
  return `${engine.classify(error)}: ${errorMessage(error)}`;
}

/** The spec texts are often prefixes or variants of each other ("unexpected end" vs "unexpected end of section"). */
export function messagesAgree(expected: string, got: string): boolean {
  return expected.startsWith(got) || got.startsWith(expected);
}

/** Outcome of a command that expects an error of class `want` with spec text `text`. */
function expectError<M, I>(state: RunState<M, I>, want: ErrorClass, text: string, error: unknown): Outcome {
  const got = state.engine.classify(error);
  if (got !== want) return failed(`${want}: ${text}`, describeError(state.engine, error));
  const message = errorMessage(error);
  if (messagesAgree(text, message)) return PASSED;
  return { status: 'passed', mismatch: { expected: text, got: message } };
}

function isText(command: { readonly module_type?: string }): boolean {
  return command.module_type === 'text';
}

/**
 * What a module command hands the engine: bytes; or, for a text module the file carries in memory
 * (wast.ts) that the text parser rejected, that parser's message; or null for a text module that
 * is not parsed here (wast2json's `.wat` files), which the handlers report as skipped.
 */
function moduleSource(
  file: SpecFile,
  cmd: { readonly filename: string; readonly module_type?: string },
): { readonly bytes: Uint8Array } | { readonly textError: string } | null {
  if (!isText(cmd)) return { bytes: readModuleFile(file, cmd.filename) };
  if (file.modules === undefined) return null;
  const text = textModule(file, cmd.filename);
  // Not a text module of the file: readModuleFile says which module is missing.
  if (text === undefined) return { bytes: readModuleFile(file, cmd.filename) };
  return text.bytes !== null ? { bytes: text.bytes } : { textError: text.error ?? '?' };
}

const TEXT_SKIP_REASON = 'text modules are not parsed';

function textRejected(message: string): string {
  return `rejected by the text parser: ${message}`;
}

function slotFor<M, I>(state: RunState<M, I>, name: string | undefined): ModuleSlot<M, I> {
  const slot = name === undefined ? state.current : state.named.get(name);
  if (slot === null || slot === undefined) throw new Error(`no module ${name ?? '(current)'} defined`);
  return slot;
}

function instanceFor<M, I>(state: RunState<M, I>, name: string | undefined): I {
  const slot = slotFor(state, name);
  if (slot.instance === null) throw new Error(`module at line ${slot.line} has no instance: ${slot.problem ?? '?'}`);
  return slot.instance;
}

/** Result type of an expected value (`either`: the type of its first alternative). */
function resultType(e: JsonExpected): string {
  return e.type === 'either' ? (e.either?.[0]?.type ?? '') : e.type;
}

/** Runs an action; returns its results, or the thrown error in `error`. */
function perform<M, I>(
  state: RunState<M, I>,
  action: Action,
  expected: readonly JsonExpected[],
): { readonly results: readonly SpecValue[] } | { readonly error: unknown } {
  const exec = state.engine.execution;
  if (exec === undefined) throw new Error('perform() without execution capability');
  const instance = instanceFor(state, action.module);
  try {
    const types = expected.map(resultType);
    if (action.type === 'get') return { results: [exec.get(instance, action.field, types[0] ?? '')] };
    return { results: exec.invoke(instance, action.field, action.args.map(parseArg), types) };
  } catch (error) {
    return { error };
  }
}

function handleModule<M, I>(command: Command, state: RunState<M, I>): Outcome {
  const cmd = command as ModuleCommand;
  const source = moduleSource(state.file, cmd);
  if (source === null) return { status: 'skipped', label: 'module (text)', reason: TEXT_SKIP_REASON };
  const engine = state.engine;
  let module: M | null = null;
  let instance: I | null = null;
  let problem: string | null = null;
  let outcome: Outcome;
  if ('textError' in source) {
    problem = textRejected(source.textError);
  } else {
    try {
      module = engine.compile(source.bytes);
    } catch (error) {
      problem = describeError(engine, error);
    }
  }
  if (module === null) {
    outcome = failed('module compiles', problem ?? '?');
  } else if (engine.execution === undefined) {
    problem = 'the engine cannot instantiate yet';
    outcome = { status: 'passed', compileOnly: true };
  } else {
    try {
      instance = engine.execution.instantiate(module, state.registry);
      outcome = PASSED;
    } catch (error) {
      problem = describeError(engine, error);
      outcome = failed('module instantiates', problem);
    }
  }
  const slot: ModuleSlot<M, I> = { line: cmd.line, module, instance, problem };
  state.current = slot;
  if (cmd.name !== undefined) state.named.set(cmd.name, slot);
  return outcome;
}

/**
 * assert_malformed / assert_invalid: compiling must fail with the given class. A text module that
 * the text parser rejected passes assert_malformed (malformed at the text level: the spec
 * interpreter's parser rejects it the same way) and fails assert_invalid (the text should have
 * parsed and then not validated).
 */
function compileMustFail(want: 'malformed' | 'invalid'): Handler {
  return (command, state) => {
    const cmd = command as AssertModuleCommand;
    const source = moduleSource(state.file, cmd);
    if (source === null) return { status: 'skipped', label: `${cmd.type} (text)`, reason: TEXT_SKIP_REASON };
    if ('textError' in source) {
      if (want === 'malformed') return { status: 'passed', textLevel: source.textError };
      return failed(`${want}: ${cmd.text}`, textRejected(source.textError));
    }
    try {
      state.engine.compile(source.bytes);
    } catch (error) {
      return expectError(state, want, cmd.text, error);
    }
    return failed(`${want}: ${cmd.text}`, 'compiled without error');
  };
}

/** assert_unlinkable / assert_uninstantiable: the module compiles, instantiation must fail. */
function instantiateMustFail(want: 'link' | 'trap'): Handler {
  return (command, state) => {
    const cmd = command as AssertModuleCommand;
    if (isText(cmd) && state.file.modules === undefined) {
      return { status: 'skipped', label: `${cmd.type} (text)`, reason: TEXT_SKIP_REASON };
    }
    const exec = state.engine.execution;
    if (exec === undefined) return { status: 'notRun', label: cmd.type };
    const source = moduleSource(state.file, cmd)!;
    if ('textError' in source) return failed(`compiles, then ${want}: ${cmd.text}`, textRejected(source.textError));
    let module;
    try {
      module = state.engine.compile(source.bytes);
    } catch (error) {
      return failed(`compiles, then ${want}: ${cmd.text}`, describeError(state.engine, error));
    }
    try {
      exec.instantiate(module, state.registry);
    } catch (error) {
      return expectError(state, want, cmd.text, error);
    }
    return failed(`${want}: ${cmd.text}`, 'instantiated without error');
  };
}

const handleRegister: Handler = (command, state) => {
  const cmd = command as RegisterCommand;
  if (state.engine.execution === undefined) return { status: 'notRun', label: cmd.type };
  state.registry.set(cmd.as, instanceFor(state, cmd.name));
  return PASSED;
};

const handleAction: Handler = (command, state) => {
  const cmd = command as ActionCommand;
  if (state.engine.execution === undefined) return { status: 'notRun', label: cmd.type };
  const r = perform(state, cmd.action, expectedOf(cmd));
  if ('error' in r) return failed('no error', describeError(state.engine, r.error));
  return PASSED;
};

/**
 * The expected results of an action command: `expected`, or for an assert_return written with
 * `either` (wast2json's form for relaxed SIMD: a command-level list of acceptable values of the one
 * result) that list as one `either` pattern.
 */
export function expectedOf(cmd: ActionCommand): readonly JsonExpected[] {
  if (cmd.expected !== undefined) return cmd.expected;
  if (cmd.either !== undefined) return [{ type: 'either', either: cmd.either }];
  throw new Error(`${cmd.type} at line ${cmd.line} has neither "expected" nor "either"`);
}

const handleAssertReturn: Handler = (command, state) => {
  const cmd = command as ActionCommand;
  if (state.engine.execution === undefined) return { status: 'notRun', label: cmd.type };
  const expected = expectedOf(cmd);
  const patterns = expected.map(parsePattern);
  const want = `[${patterns.map(formatPattern).join(' ')}]`;
  const r = perform(state, cmd.action, expected);
  if ('error' in r) return failed(want, describeError(state.engine, r.error));
  const options = { strictNaN: state.engine.strictNaN };
  const ok =
    r.results.length === patterns.length && patterns.every((p, i) => matches(r.results[i] as SpecValue, p, options));
  return ok ? PASSED : failed(want, `[${r.results.map(formatValue).join(' ')}]`);
};

/** assert_trap / assert_exhaustion on an action. */
function actionMustFail(want: 'trap' | 'exhaustion' | 'exception'): Handler {
  return (command, state) => {
    const cmd = command as ActionCommand;
    if (state.engine.execution === undefined) return { status: 'notRun', label: cmd.type };
    // (assert_exception has no text: any exception passes.)
    const text = cmd.text ?? '';
    const r = perform(state, cmd.action, expectedOf(cmd));
    if ('error' in r) return expectError(state, want, text, r.error);
    return failed(`${want}: ${text}`, `returned [${r.results.map(formatValue).join(' ')}]`);
  };
}

/**
 * Handlers by command kind. Kinds not listed are reported as "not yet run".
 */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  module: handleModule,
  assert_malformed: compileMustFail('malformed'),
  assert_invalid: compileMustFail('invalid'),
  assert_unlinkable: instantiateMustFail('link'),
  assert_uninstantiable: instantiateMustFail('trap'),
  register: handleRegister,
  action: handleAction,
  assert_return: handleAssertReturn,
  assert_trap: actionMustFail('trap'),
  assert_exhaustion: actionMustFail('exhaustion'),
  assert_exception: actionMustFail('exception'),
};

/** Command kinds that call wasm code (an engine may not execute some files yet). */
const CALLS_CODE: ReadonlySet<string> = new Set(['action', 'assert_return', 'assert_trap', 'assert_exhaustion', 'assert_exception']);

/** Runs one command (never throws: a handler's exception is that command's failure). */
export function runCommand<M, I>(command: Command, state: RunState<M, I>): Outcome {
  const skip = findSkip(state.file.name, command.line);
  if (skip !== undefined) return { status: 'skipped', label: `${command.type} (skip list)`, reason: skip.reason };
  const handler = HANDLERS[command.type];
  if (handler === undefined) return { status: 'notRun', label: command.type };
  if (CALLS_CODE.has(command.type) && state.engine.execution !== undefined && state.engine.executes !== undefined) {
    const verdict = state.engine.executes(state.file.name);
    if (verdict !== true) return { status: 'notRun', label: `${command.type} (${verdict.reason})` };
  }
  try {
    return handler(command, state);
  } catch (error) {
    return failed(`${command.type} runs`, `runner error: ${errorMessage(error)}`);
  }
}

/** Runs every command of a file against a fresh state. */
export function runFile<M, I>(file: SpecFile, engine: SpecEngine<M, I>): FileReport {
  const registry = new Map<string, I>();
  if (engine.execution !== undefined) registry.set('spectest', engine.execution.spectest());
  const state: RunState<M, I> = { file, engine, current: null, named: new Map(), registry };
  const report: FileReport = {
    file: file.name,
    passed: 0,
    failed: 0,
    skipped: {},
    notRun: {},
    compileOnly: 0,
    textLevel: 0,
    failures: [],
    mismatches: [],
  };
  for (const command of file.commands) {
    const outcome = runCommand(command, state);
    switch (outcome.status) {
      case 'passed':
        report.passed++;
        if (outcome.compileOnly === true) report.compileOnly++;
        if (outcome.textLevel !== undefined) report.textLevel++;
        if (outcome.mismatch !== undefined) {
          report.mismatches.push({ file: file.name, line: command.line, kind: command.type, ...outcome.mismatch });
        }
        break;
      case 'failed':
        report.failed++;
        report.failures.push({
          file: file.name,
          line: command.line,
          kind: command.type,
          expected: outcome.expected,
          got: outcome.got,
        });
        break;
      case 'skipped':
        report.skipped[outcome.label] = (report.skipped[outcome.label] ?? 0) + 1;
        break;
      case 'notRun':
        report.notRun[outcome.label] = (report.notRun[outcome.label] ?? 0) + 1;
        break;
    }
  }
  return report;
}

export function sum(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function breakdown(counts: Readonly<Record<string, number>>): string {
  const keys = Object.keys(counts).sort();
  return keys.length === 0 ? '' : ` (${keys.map((k) => `${k} ${counts[k]}`).join(', ')})`;
}

/** One report line: `i32.json: 85 passed, 0 failed, 0 skipped, 375 not yet run (assert_return 364, ...)`. */
export function formatReportLine(r: FileReport): string {
  const compileOnly =
    r.compileOnly > 0 ? `; ${r.compileOnly} module${r.compileOnly === 1 ? '' : 's'} compiled, not instantiated` : '';
  const textLevel = r.textLevel > 0 ? `; ${r.textLevel} malformed at the text level (wasm-tools)` : '';
  return (
    `${r.file}: ${r.passed} passed, ${r.failed} failed, ` +
    `${sum(r.skipped)} skipped${breakdown(r.skipped)}, ` +
    `${sum(r.notRun)} not yet run${breakdown(r.notRun)}${compileOnly}${textLevel}`
  );
}

/** A failure or mismatch as one line: `binary.json:6 assert_malformed: expected X, got Y`. */
export function formatIssue(i: CommandIssue): string {
  return `${i.file}:${i.line} ${i.kind}: expected ${i.expected}, got ${i.got}`;
}
