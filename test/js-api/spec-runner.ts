/**
 * The wast2json commands run through a JS API implementation (`WebAssembly` of V8, or
 * `detwasm/js-api`) exactly as a JS embedder runs them, after the spec's own JS harness
 * (spec repo `interpreter/script/js.ml`): the registry is an import object whose missing module
 * names read as `{}` (so an unknown import is a LinkError, not a TypeError), `register` stores an
 * instance's `exports` in it, each module is `new Module(bytes)` (after `validate(bytes)` agrees)
 * and `new Instance(module, registry)`, an invoke is `instance.exports[name](...args)` with plain
 * JS values, and the results are checked as the JS API returns them. Unlike js.ml, numbers are
 * not wrapped in wasm test modules: i64 crosses as a BigInt, f32 / f64 as numbers, and results
 * are compared on the number's bits.
 *
 * What a JS number can show of a float result (the JS API's ToJSValue gives "the Number" and
 * leaves NaN bits to the implementation; V8 and detwasm both keep what the hardware keeps):
 * - f64: all 64 bits; literals, canonical NaNs (payload 0x8000000000000, either sign) and
 *   arithmetic NaNs (quiet bit set) are checked exactly;
 * - f32: the number is the f32 widened to binary64, which keeps the sign and the payload but sets
 *   the quiet bit. A literal is compared on everything but that bit (the number must be an exact
 *   binary32 value: its low 29 bits 0); nan:canonical is checked exactly (payload 0x400000 widens
 *   to 0x8000000000000); nan:arithmetic only as "a NaN" (every widened NaN is quiet).
 * What it cannot carry into wasm: an f32 signalling NaN argument (a number becomes an f32 by
 * rounding, which quiets a NaN), so such commands fail on every JS API (listed in the test).
 *
 * Skipped by rule, the same for every implementation: text modules (wast2json's `.wat` files,
 * nothing here parses text), and actions with a v128 argument, result or global (the JS API
 * throws a TypeError for any v128 crossing; the module commands of SIMD files still run).
 * assert_trap and assert_uninstantiable need a RuntimeError, assert_exhaustion a RangeError (JS
 * stack overflow, V8) or a RuntimeError (detwasm's call-depth trap), assert_unlinkable a
 * LinkError, assert_malformed / assert_invalid a CompileError (the JS API cannot tell them apart).
 * An error message that differs from the spec text is counted as a mismatch, not a failure
 * (V8 has its own wording: "divide by zero" for "integer divide by zero").
 */
import type { ActionCommand, AssertModuleCommand, Command, JsonExpected, JsonValue, ModuleCommand, RegisterCommand, SpecFile } from '../spec/commands.js';
import { readModuleFile } from '../spec/commands.js';
import { hostRef, hostRefNumber } from '../spec/host-refs.js';
import { jsApiSpectest } from '../spec/v8-engine.js';
import type { Api } from './impls.js';

/** One failed command (or a message mismatch), located in the `.wast` source. */
export interface JsApiIssue {
  readonly file: string;
  readonly line: number;
  readonly kind: string;
  readonly expected: string;
  readonly got: string;
}

/** The totals of one file on one implementation. */
export interface JsApiFileReport {
  readonly file: string;
  passed: number;
  readonly failures: JsApiIssue[];
  /** Skipped commands by rule label, e.g. `assert_return (v128)`. */
  readonly skipped: Record<string, number>;
  /** Commands that passed with an error message other than the spec text. */
  readonly mismatches: JsApiIssue[];
}

type Exports = Record<string, unknown>;

/** A module command's outcome: its exports, or why there are none. */
interface Slot {
  readonly line: number;
  readonly exports: Exports | null;
  readonly problem: string;
}

type Outcome =
  | { readonly status: 'passed'; readonly mismatch?: { readonly expected: string; readonly got: string } }
  | { readonly status: 'failed'; readonly expected: string; readonly got: string }
  | { readonly status: 'skipped'; readonly label: string };

const PASSED: Outcome = { status: 'passed' };

function failed(expected: string, got: string): Outcome {
  return { status: 'failed', expected, got };
}

/** The value types a JS API cannot pass (TypeError on every crossing). */
const NOT_IN_JS: readonly string[] = ['v128', 'exnref'];

/** `(a, b)` of a `module` / `assert_*` command: text modules are not parsed here. */
function isText(c: { readonly module_type?: string }): boolean {
  return c.module_type === 'text';
}


const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

function f64Bits(x: number): bigint {
  f64[0] = x;
  return u64[0]!;
}

function numberOfF64Bits(bits: bigint): number {
  u64[0] = bits;
  return f64[0]!;
}

/** The number of an f32 bit pattern (a signalling NaN comes out quiet: the widening sets the bit). */
function numberOfF32Bits(bits: number): number {
  u32[0] = bits;
  return f32[0]!;
}

/** A wast2json argument as the plain JS value an embedder passes. */
export function jsArgument(v: JsonValue): unknown {
  const text = String(v.value);
  switch (v.type) {
    case 'i32': return Number(BigInt.asIntN(32, BigInt(text)));
    case 'i64': return BigInt.asIntN(64, BigInt(text));
    case 'f32': return numberOfF32Bits(Number(BigInt.asUintN(32, BigInt(text))));
    case 'f64': return numberOfF64Bits(BigInt.asUintN(64, BigInt(text)));
    case 'externref': return text === 'null' ? null : hostRef(Number(text));
    case 'funcref':
      if (text === 'null') return null;
      throw new Error(`a funcref argument can only be null here: ${JSON.stringify(v)}`);
    default: throw new Error(`unsupported argument type ${v.type}`);
  }
}

const SIGN64 = 1n << 63n;
const QUIET64 = 1n << 51n;
const CANONICAL64 = 0x7ff8000000000000n;
const LOW29 = (1n << 29n) - 1n;

/** A JS value for reports: `f64:0x7ff8000000000000 (NaN)`, `i64:5n`, `function`, ... */
export function describeJs(x: unknown): string {
  if (typeof x === 'number') return `number ${Object.is(x, -0) ? '-0' : String(x)} (0x${f64Bits(x).toString(16).padStart(16, '0')})`;
  if (typeof x === 'bigint') return `bigint ${x}n`;
  if (typeof x === 'function') return 'function';
  if (x === null || x === undefined) return String(x);
  const host = hostRefNumber(x);
  return host !== undefined ? `hostref ${host}` : typeof x;
}

/** True when JS value `x` is what the JS API returns for a result matching pattern `e`. */
export function resultMatches(x: unknown, e: JsonExpected): boolean {
  const text = String(e.value);
  switch (e.type) {
    case 'i32': return typeof x === 'number' && Object.is(x, Number(BigInt.asIntN(32, BigInt(text))));
    case 'i64': return typeof x === 'bigint' && x === BigInt.asIntN(64, BigInt(text));
    case 'f64': {
      if (typeof x !== 'number') return false;
      const bits = f64Bits(x);
      if (text === 'nan:canonical') return (bits & ~SIGN64) === CANONICAL64;
      if (text === 'nan:arithmetic') return x !== x && (bits & QUIET64) !== 0n;
      return bits === BigInt.asUintN(64, BigInt(text));
    }
    case 'f32': {
      if (typeof x !== 'number') return false;
      const bits = f64Bits(x);
      if ((bits & LOW29) !== 0n) return false; // not a binary32 value
      if (text === 'nan:canonical') return (bits & ~SIGN64) === CANONICAL64;
      if (text === 'nan:arithmetic') return x !== x;
      // Everything but the quiet bit, which the widening to a number sets on every NaN.
      const want = f64Bits(numberOfF32Bits(Number(BigInt.asUintN(32, BigInt(text)))));
      return x !== x ? (bits | QUIET64) === (want | QUIET64) : bits === want;
    }
    case 'funcref':
      // wast2json writes (ref.func) as a number: any function.
      return text === 'null' ? x === null : typeof x === 'function';
    case 'externref':
      if (text === 'null') return x === null;
      if (e.value === undefined) return x !== null;
      return x === hostRef(Number(text));
    case 'refnull': return x === null;
    default: throw new Error(`unsupported result type ${e.type}`);
  }
}

function formatExpected(e: JsonExpected): string {
  return `${e.type}:${String(e.value ?? 'non-null')}`;
}

/** The spec texts are prefixes or variants of each other ("unexpected end" / "unexpected end of section"). */
function messagesAgree(expected: string, got: string): boolean {
  return expected.startsWith(got) || got.startsWith(expected);
}

function describeError(api: Api, e: unknown): string {
  const cls = e instanceof api.CompileError ? 'CompileError' : e instanceof api.LinkError ? 'LinkError'
    : e instanceof api.RuntimeError ? 'RuntimeError' : e instanceof Error ? e.constructor.name : typeof e;
  return `${cls}: ${e instanceof Error ? e.message : String(e)}`;
}

/** The state of one file's run. */
interface State {
  readonly api: Api;
  readonly file: SpecFile;
  /** The import object of every instantiation: registered exports, `{}` for unknown module names. */
  readonly registry: Record<string, Exports>;
  current: Slot | null;
  readonly named: Map<string, Slot>;
}

function exportsFor(s: State, name: string | undefined): Exports {
  const slot = name === undefined ? s.current : s.named.get(name);
  if (slot === null || slot === undefined) throw new Error(`no module ${name ?? '(current)'} defined`);
  if (slot.exports === null) throw new Error(`module at line ${slot.line} has no instance: ${slot.problem}`);
  return slot.exports;
}

/** `module(bytes, valid)` of the harness: validate must agree, then `new Module`. */
function compileModule(s: State, bytes: Uint8Array, valid: boolean): object {
  const buffer = bytes.slice().buffer;
  const validated = s.api.validate(buffer);
  if (validated !== valid) throw new Error(`validate returned ${validated}`);
  return new s.api.Module(buffer);
}

function handleModule(c: ModuleCommand, s: State): Outcome {
  if (isText(c)) return { status: 'skipped', label: 'module (text)' };
  let slot: Slot;
  let outcome: Outcome = PASSED;
  try {
    const m = compileModule(s, readModuleFile(s.file, c.filename), true);
    const instance = new s.api.Instance(m as InstanceType<Api['Module']>, s.registry);
    slot = { line: c.line, exports: instance.exports as Exports, problem: '' };
  } catch (e) {
    slot = { line: c.line, exports: null, problem: describeError(s.api, e) };
    outcome = failed('module instantiates', slot.problem);
  }
  s.current = slot;
  if (c.name !== undefined) s.named.set(c.name, slot);
  return outcome;
}

/** Passed when `e` is of class `cls` (message compared with the spec text, a difference reported). */
function expectError(s: State, e: unknown, classes: readonly (new (...a: never[]) => Error)[], want: string, text: string): Outcome {
  if (!classes.some((cls) => e instanceof cls)) return failed(`${want}: ${text}`, describeError(s.api, e));
  const message = (e as Error).message;
  return messagesAgree(text, message) ? PASSED : { status: 'passed', mismatch: { expected: text, got: message } };
}

function compileMustFail(c: AssertModuleCommand, s: State): Outcome {
  if (isText(c)) return { status: 'skipped', label: `${c.type} (text)` };
  const bytes = readModuleFile(s.file, c.filename);
  const buffer = bytes.slice().buffer;
  if (s.api.validate(buffer)) return failed(`CompileError: ${c.text}`, 'validate returned true');
  try {
    new s.api.Module(buffer);
  } catch (e) {
    return expectError(s, e, [s.api.CompileError], 'CompileError', c.text);
  }
  return failed(`CompileError: ${c.text}`, 'compiled without error');
}

function instantiateMustFail(c: AssertModuleCommand, s: State): Outcome {
  if (isText(c)) return { status: 'skipped', label: `${c.type} (text)` };
  const want = c.type === 'assert_unlinkable' ? s.api.LinkError : s.api.RuntimeError;
  const name = c.type === 'assert_unlinkable' ? 'LinkError' : 'RuntimeError';
  let m: object;
  try {
    m = compileModule(s, readModuleFile(s.file, c.filename), true);
  } catch (e) {
    return failed(`compiles, then ${name}: ${c.text}`, describeError(s.api, e));
  }
  try {
    new s.api.Instance(m as InstanceType<Api['Module']>, s.registry);
  } catch (e) {
    return expectError(s, e, [want], name, c.text);
  }
  return failed(`${name}: ${c.text}`, 'instantiated without error');
}

/** The rule label when an action cannot be expressed through the JS API, else null. */
function inexpressible(c: ActionCommand): string | null {
  const args = c.action.type === 'invoke' ? c.action.args : [];
  const types = [...args.map((a) => a.type), ...(c.expected ?? []).map((e) => e.type)];
  const t = types.find((x) => NOT_IN_JS.includes(x));
  return t === undefined ? null : `${c.type} (${t})`;
}

/** Performs the action: the JS API's return value (undefined, a value or an array), or the error thrown. */
function perform(c: ActionCommand, s: State): { readonly value: unknown } | { readonly error: unknown } {
  const exports = exportsFor(s, c.action.module);
  const target = exports[c.action.field];
  try {
    if (c.action.type === 'get') return { value: target instanceof s.api.Global ? target.value : target };
    if (typeof target !== 'function') throw new Error(`no exported function ${c.action.field}`);
    return { value: Reflect.apply(target, undefined, argumentList(c.action.args)) };
  } catch (error) {
    return { error };
  }
}

/**
 * The arguments as a list for `Reflect.apply`, holding each number as the JS value it is: V8
 * stores the elements of an all-number array as raw doubles and quiets a signalling NaN on the
 * way in (a "holey" array reserves one NaN pattern), so `[x]` or `args.map(...)` would change an
 * f64 argument's bits before the call. A list that started with an object keeps generic elements.
 */
function argumentList(args: readonly JsonValue[]): unknown[] {
  const list: unknown[] = [GENERIC];
  for (const a of args) list.push(jsArgument(a));
  return list.slice(1);
}
const GENERIC = {};

/** The JS API's result shape as a list: undefined -> [], a value -> [it], an array for several results. */
function resultList(value: unknown, count: number, isGet: boolean): readonly unknown[] {
  if (isGet) return [value];
  if (count === 0) return value === undefined ? [] : [value];
  if (count === 1) return [value];
  return Array.isArray(value) ? value : [value];
}

function handleAction(c: ActionCommand, s: State): Outcome {
  const skip = inexpressible(c);
  if (skip !== null) return { status: 'skipped', label: skip };
  const r = perform(c, s);
  const expected = c.expected ?? [];
  switch (c.type) {
    case 'action':
      return 'error' in r ? failed('no error', describeError(s.api, r.error)) : PASSED;
    case 'assert_return': {
      const want = `[${expected.map(formatExpected).join(' ')}]`;
      if ('error' in r) return failed(want, describeError(s.api, r.error));
      const list = resultList(r.value, expected.length, c.action.type === 'get');
      const ok = list.length === expected.length && expected.every((e, i) => resultMatches(list[i], e));
      return ok ? PASSED : failed(want, `[${list.map(describeJs).join(', ')}]`);
    }
    case 'assert_trap':
    case 'assert_exhaustion': {
      const text = c.text ?? '';
      const classes = c.type === 'assert_trap' ? [s.api.RuntimeError] : [RangeError, s.api.RuntimeError];
      const name = c.type === 'assert_trap' ? 'RuntimeError' : 'RangeError or RuntimeError';
      if ('error' in r) return expectError(s, r.error, classes, name, text);
      return failed(`${name}: ${text}`, `returned ${describeJs(r.value)}`);
    }
    default:
      throw new Error(`unexpected action command ${c.type}`);
  }
}

function runCommand(c: Command, s: State): Outcome {
  switch (c.type) {
    case 'module': return handleModule(c as ModuleCommand, s);
    case 'register': {
      const r = c as RegisterCommand;
      s.registry[r.as] = exportsFor(s, r.name);
      return PASSED;
    }
    case 'assert_malformed':
    case 'assert_invalid':
      return compileMustFail(c as AssertModuleCommand, s);
    case 'assert_unlinkable':
    case 'assert_uninstantiable':
      return instantiateMustFail(c as AssertModuleCommand, s);
    case 'action':
    case 'assert_return':
    case 'assert_trap':
    case 'assert_exhaustion':
      return handleAction(c as ActionCommand, s);
    default:
      throw new Error(`command kind ${c.type} is not in the core suite`);
  }
}

/** Runs every command of `file` through `api`, from a fresh registry holding only `spectest`. */
export function runFileOnJsApi(file: SpecFile, api: Api): JsApiFileReport {
  const known: Record<string, Exports> = { spectest: jsApiSpectest(api) };
  // js.ml: an unknown module name reads as an empty object, so its imports are LinkErrors.
  const registry = new Proxy(known, { get: (t, p: string) => (p in t ? t[p] : {}) });
  const s: State = { api, file, registry, current: null, named: new Map() };
  const report: JsApiFileReport = { file: file.name, passed: 0, failures: [], skipped: {}, mismatches: [] };
  for (const c of file.commands) {
    let outcome: Outcome;
    try {
      outcome = runCommand(c, s);
    } catch (e) {
      outcome = failed(`${c.type} runs`, `runner error: ${e instanceof Error ? e.message : String(e)}`);
    }
    const where = { file: file.name, line: c.line, kind: c.type };
    if (outcome.status === 'passed') {
      report.passed++;
      if (outcome.mismatch !== undefined) report.mismatches.push({ ...where, ...outcome.mismatch });
    } else if (outcome.status === 'failed') {
      report.failures.push({ ...where, expected: outcome.expected, got: outcome.got });
    } else {
      report.skipped[outcome.label] = (report.skipped[outcome.label] ?? 0) + 1;
    }
  }
  return report;
}

/** `file:line kind: expected X, got Y`. */
export function formatJsApiIssue(i: JsApiIssue): string {
  return `${i.file}:${i.line} ${i.kind}: expected ${i.expected}, got ${i.got}`;
}
