/**
 * Differential harness: runs one generated module (test/gen) in an engine and records what
 * happened — instantiation outcome, then for every call its results or trap and the observable
 * state after it (a hash of the whole memory, exported globals, exported tables) — and compares
 * two such records (detwasm against V8's native WebAssembly, the oracle).
 *
 * detwasm is passed in as its API object (`import * as api from '../../src/index.js'`, or
 * `dist/index.js` in the tier child processes), so this file imports no engine code and runs
 * unchanged in both (test/diff/tiers.test.ts transpiles it for plain `node`).
 *
 * Comparison rules (issue 5): results bit for bit, except that when V8 returns a NaN for an f32
 * / f64 result detwasm must return a NaN too (arithmetic NaN bits are nondeterministic; the
 * generator canonicalises them wherever they would reach integer state, see module-gen.ts); the
 * same trap or no trap, through {@link V8_TRAPS} (V8 words one trap per message, detwasm uses the
 * spec's finer codes); the same memory, globals and tables after every call.
 */
import { createHash } from 'node:crypto';
import type * as Api from '../../src/index.js';
import { HOST_THROW_MESSAGE, hostImplementations } from '../gen/module-gen.js';
import type { GeneratedModule, GlobalImport } from '../gen/module-gen.js';
import { V8_WASM } from './v8-api.js';
import type { V8Global, V8Memory, V8Table } from './v8-api.js';

/** The detwasm API this harness needs (src/index.ts or dist/index.js). */
export type DetwasmApi = Pick<
  typeof Api, 'compile' | 'instantiate' | 'Global' | 'Trap' | 'WasmException' | 'STRICT_GAS_SCHEDULE' | 'DEFAULT_GAS_SCHEDULE' | 'FREE_GAS_SCHEDULE'
>;

/**
 * Gas schedules detwasm runs generated code under. Each translates code differently (strict: a
 * GAS op at the start of every straight-line run; default: at calls and loop back-edges; free:
 * none), so the differential run covers each translation.
 */
export type ScheduleName = 'strict' | 'default' | 'free';

/** A schedule name, or one run on the JS tier (InstantiateOptions `tier: 'js'`). */
export type RunName = ScheduleName | 'strict-js' | 'default-js' | 'free-js';

/**
 * What one step ended with: values (as hex bits), a trap, or an uncaught wasm exception (V8: a
 * `WebAssembly.Exception` escapes the export call; detwasm: a `WasmException`), with the export
 * name of its tag (`a:` prefixed for the provider's) and its payload as hex bits when the tag is
 * exported, else tag '?' and no payload.
 */
export type Outcome =
  | { readonly kind: 'ok'; readonly values: readonly string[] }
  | { readonly kind: 'trap'; readonly trap: string }
  | { readonly kind: 'exception'; readonly tag: string; readonly payload: readonly string[] };

/** One call: its outcome, the state after it, and the gas it used (detwasm's, or a V8 meter's count; else 0). */
export interface StepRecord {
  readonly entry: string;
  readonly outcome: Outcome;
  readonly state: string;
  readonly gasUsed: number;
}

/** Everything observed of one module in one engine. */
export interface EngineRun {
  readonly instantiate: Outcome;
  /** State right after instantiation ('' when it failed). */
  readonly state: string;
  readonly steps: readonly StepRecord[];
}

const I32 = 0x7f;
const I64 = 0x7e;
const F32 = 0x7d;
const F64 = 0x7c;

/**
 * Gas limit of one detwasm call (10^15, below 2^53): far above what the fuel allows (a few hundred
 * thousand instructions and bulk bytes), above the charge of a bulk operation of length up to
 * 2^32 that then traps out of bounds, and above the per-page charge (65,536 per page in the
 * default schedule) of failing memory.grow calls with the deltas the generator uses (bulk and grow
 * costs are charged before the check, success or not). So gas never ends a call, and a trap is
 * compared as a trap; work stays bounded by the generated fuel.
 */
export const GAS_LIMIT = 1_000_000_000_000_000;

/**
 * detwasm trap codes (src/errors.ts TrapCode) each V8 RuntimeError message may stand for. V8
 * reports both NaN and out-of-range truncation as one message, call_indirect's out-of-range
 * index like any table index, and a null slot like a signature mismatch.
 */
export const V8_TRAPS: Readonly<Record<string, readonly number[]>> = {
  'unreachable': [1],
  'divide by zero': [2],
  'remainder by zero': [2],
  'divide result unrepresentable': [3],
  'float unrepresentable in integer range': [3, 4],
  'memory access out of bounds': [5, 13],
  'table index is out of bounds': [6, 7, 14],
  'null function or function signature mismatch': [8, 9],
  'function signature mismatch': [8, 9], // V8 14 (Node 26) words a null slot this way too
  'data segment is out of bounds': [5, 13],
  'element segment out of bounds': [6, 14],
  'table access out of bounds': [6, 14],
  'call stack exhausted': [10],
  'host': [12],
};

/** Code of detwasm's OUT_OF_GAS (never expected under fuel). */
const OUT_OF_GAS = 11;

function hex32(x: number): string {
  return (x >>> 0).toString(16);
}

function hex64(x: bigint): string {
  return BigInt.asUintN(64, x).toString(16);
}

/**
 * A function reference as `func <index>`. V8 names every function it hands out by its index;
 * detwasm names an imported JS function by its import name (`env.add_i32`), mapped back to the
 * import's index here (generated modules import each host function once).
 */
function refName(v: unknown, hostImports: readonly string[]): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v !== 'function') return 'extern';
  const n = (v as { name: string }).name;
  if (/^\d+$/.test(n)) return `func ${n}`;
  const i = hostImports.indexOf(n.replace(/^env\./, ''));
  return i >= 0 ? `func ${i}` : `host ${n}`;
}

const f32Scratch = new Float32Array(1);
const u32Scratch = new Uint32Array(f32Scratch.buffer);
const f64Scratch = new Float64Array(1);
const u64Scratch = new BigUint64Array(f64Scratch.buffer);

function isNaN32(bits: number): boolean {
  return (bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0;
}

function isNaN64(bits: bigint): boolean {
  return (bits & 0x7ff0000000000000n) === 0x7ff0000000000000n && (bits & 0xfffffffffffffn) !== 0n;
}

/** A global's value as text; NaNs as 'nan' (their bits cross V8's JS API as numbers). */
function globalText(type: number, v: unknown, isBits: boolean, hostImports: readonly string[]): string {
  switch (type) {
    case I32: return hex32(v as number);
    case I64: return hex64(v as bigint);
    case F32: {
      let bits: number;
      if (isBits) {
        bits = (v as number) >>> 0;
      } else {
        f32Scratch[0] = v as number;
        bits = u32Scratch[0]!;
      }
      return isNaN32(bits) ? 'nan' : hex32(bits);
    }
    case F64: {
      let bits: bigint;
      if (isBits) {
        bits = BigInt.asUintN(64, v as bigint);
      } else {
        f64Scratch[0] = v as number;
        bits = u64Scratch[0]!;
      }
      return isNaN64(bits) ? 'nan' : hex64(bits);
    }
    default: return refName(v, hostImports);
  }
}

interface StateAccess {
  memory(): ArrayBuffer | null;
  global(name: string): unknown;
  readonly globalsAreBits: boolean;
  table(name: string): { readonly length: number; get(i: number): unknown };
}

/** The observable state: memory size and SHA-1, exported globals, exported tables. */
function snapshot(gm: GeneratedModule, s: StateAccess): string {
  const parts: string[] = [];
  const mem = s.memory();
  if (mem !== null) {
    const h = createHash('sha1').update(new Uint8Array(mem)).digest('hex');
    parts.push(`mem ${mem.byteLength} ${h}`);
  }
  for (const g of gm.globals) parts.push(`${g.name}=${globalText(g.type, s.global(g.name), s.globalsAreBits, gm.hostImports)}`);
  for (const t of gm.tables) {
    const table = s.table(t.name);
    const items: string[] = [];
    for (let i = 0; i < table.length; i++) items.push(refName(table.get(i), gm.hostImports));
    parts.push(`${t.name}[${items.join(',')}]`);
  }
  return parts.join('; ');
}

/** Wrapper results (i32 / i64 only) as hex text. */
function valuesText(results: readonly unknown[]): string[] {
  return results.map((r) => (typeof r === 'bigint' ? hex64(r) : hex32(r as number)));
}

function v8GlobalValue(g: GlobalImport): V8Global {
  const value = g.type === I32 ? 'i32' : g.type === I64 ? 'i64' : g.type === F32 ? 'f32' : 'f64';
  return new V8_WASM.Global({ value, mutable: false }, g.value);
}

/**
 * V8 12 and later (Node 22+) name the segment and its figures in an instantiation failure ("data
 * segment 2 is out of bounds (offset 1287415662, length 0, memory size 65536)"); V8 11's text
 * (the key of {@link V8_TRAPS}) has neither.
 */
const DATA_SEGMENT_DETAILED = /^data segment \d+ is out of bounds \(.*\)$/;

/** The text of a V8 error: a RuntimeError's message, 'call stack exhausted', or 'host'. */
export function classifyV8(e: unknown): string {
  if (e instanceof V8_WASM.RuntimeError) {
    const message = e.message.replace(/^WebAssembly\.Instance\(\): /, '');
    return DATA_SEGMENT_DETAILED.test(message) ? 'data segment is out of bounds' : message;
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'call stack exhausted';
  if (e instanceof Error && e.message === HOST_THROW_MESSAGE) return 'host';
  return `unexpected ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}

/** The exported tags of a chain: export name (`a:` for the provider's), the tag object, its arity. */
type TagList = readonly (readonly [string, unknown, number])[];

function tagsOf(gm: GeneratedModule, chain: { readonly own: Instantiated; readonly provider: Instantiated | null }): TagList {
  const out: [string, unknown, number][] = [];
  for (const t of gm.provides.tags ?? []) out.push([t.name, chain.own.exports[t.name], t.params.length]);
  if (gm.provider !== null && chain.provider !== null) {
    for (const t of gm.provider.provides.tags ?? []) out.push([`a:${t.name}`, chain.provider.exports[t.name], t.params.length]);
  }
  return out;
}

/**
 * The exception outcome of an escaped exception: the first exported tag `is(tag)` accepts and
 * the payload `arg(tag, i)` reads (i < `arity` of that tag), or tag '?'.
 */
function exceptionOutcome(tags: TagList, is: (tag: unknown) => boolean, arg: (tag: unknown, i: number) => unknown): Outcome {
  for (const [name, tag, arity] of tags) {
    if (!is(tag)) continue;
    const payload: string[] = [];
    for (let i = 0; i < arity; i++) payload.push(valuesText([arg(tag, i)])[0]!);
    return { kind: 'exception', tag: name, payload };
  }
  return { kind: 'exception', tag: '?', payload: [] };
}

/** An instantiated module: its exports and how to read its state. */
interface Instantiated {
  readonly exports: Record<string, unknown>;
  readonly access: StateAccess;
}

/** Instantiates `gm` (and first its provider, whose exports it imports as "a"); throws what they throw. */
function instantiateChain<T extends Instantiated>(
  gm: GeneratedModule, one: (gm: GeneratedModule, a: Record<string, unknown> | null) => T,
): { readonly own: T; readonly provider: T | null } {
  const provider = gm.provider === null ? null : one(gm.provider, null);
  return { own: one(gm, provider === null ? null : provider.exports), provider };
}

/** The state of a module and, first, of its provider. */
function chainSnapshot(gm: GeneratedModule, chain: { readonly own: Instantiated; readonly provider: Instantiated | null }): string {
  const own = snapshot(gm, chain.own.access);
  return chain.provider === null ? own : `a: ${snapshot(gm.provider!, chain.provider.access)} | ${own}`;
}

/**
 * An independent gas meter on V8's side (test/meter/v8-meter.ts): it rewrites each module so that
 * the module counts its own gas, charges host calls through wrappers of the host functions, and
 * reads the count, which becomes each step's `gasUsed`.
 */
export interface V8GasMeter {
  instrument(bytes: Uint8Array): Uint8Array;
  host(f: (...args: never[]) => unknown): (...args: never[]) => unknown;
  /** Imports every instrumented module needs besides its own (the counter). */
  readonly imports: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Gas counted so far, over every attached instance and host call. */
  read(): number;
}

/**
 * Runs `gm` in V8 (with `meter`: the instrumented modules, each step's gas as counted by the
 * meter). Throws when V8 rejects the module (a generator bug, or with `meter` a meter bug).
 */
export function runOnV8(gm: GeneratedModule, meter: V8GasMeter | null = null): EngineRun {
  const one = (m: GeneratedModule, a: Record<string, unknown> | null): Instantiated => {
    let module: object;
    try {
      module = new V8_WASM.Module(meter === null ? m.bytes : meter.instrument(m.bytes));
    } catch (e) {
      const who = meter === null ? 'generator bug: V8 rejects the generated module' : 'meter bug: V8 rejects the instrumented module';
      throw new GeneratorBug(`${who}: ${(e as Error).message}`, { cause: e });
    }
    const host = hostImplementations();
    const env: Record<string, unknown> = {};
    for (const n of m.hostImports) env[n] = meter === null ? host[n] : meter.host(host[n]!);
    for (const g of m.globalImports) env[g.name] = v8GlobalValue(g);
    const imports: Record<string, Record<string, unknown>> = a === null ? { env } : { env, a };
    const instance = new V8_WASM.Instance(module, meter === null ? imports : { ...imports, ...meter.imports });
    const ex = instance.exports;
    return {
      exports: ex,
      access: {
        memory: () => (m.memory === null ? null : (ex[m.memory] as V8Memory).buffer),
        global: (name) => (ex[name] as V8Global).value,
        globalsAreBits: false,
        table: (name) => ex[name] as V8Table,
      },
    };
  };
  let chain: { readonly own: Instantiated; readonly provider: Instantiated | null };
  try {
    chain = instantiateChain(gm, one);
  } catch (e) {
    if (e instanceof GeneratorBug) throw e;
    const instantiate: Outcome = e instanceof V8_WASM.Exception ? exceptionOutcome([], () => false, () => 0) : { kind: 'trap', trap: classifyV8(e) };
    return { instantiate, state: '', steps: [] };
  }
  const ex = chain.own.exports;
  const state = chainSnapshot(gm, chain);
  const tags = tagsOf(gm, chain);
  const steps: StepRecord[] = [];
  for (const call of gm.calls) {
    let outcome: Outcome;
    const gasBefore = meter === null ? 0 : meter.read();
    try {
      const r = (ex[call.entry] as (...a: unknown[]) => unknown)(...call.args);
      outcome = { kind: 'ok', values: valuesText(r === undefined ? [] : Array.isArray(r) ? r : [r]) };
    } catch (e) {
      if (e instanceof V8_WASM.Exception) {
        const x = e as InstanceType<typeof V8_WASM.Exception>;
        outcome = exceptionOutcome(tags, (t) => x.is(t), (t, i) => x.getArg(t, i));
      } else {
        outcome = { kind: 'trap', trap: classifyV8(e) };
      }
    }
    const gasUsed = meter === null ? 0 : meter.read() - gasBefore;
    steps.push({ entry: call.entry, outcome, state: chainSnapshot(gm, chain), gasUsed });
  }
  return { instantiate: { kind: 'ok', values: [] }, state, steps };
}

/** V8 rejected a generated module: a bug of the generator, never an engine outcome. */
class GeneratorBug extends Error {}

/** Text of a detwasm error: `trap <code>` for a Trap, else the class and message (never expected). */
function detwasmErrorText(api: DetwasmApi, e: unknown): string {
  if (e instanceof api.Trap) return `trap ${e.code}`;
  return `unexpected ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
}

/**
 * Runs `gm` in detwasm under `schedule` (a name, default strict: every instruction counts, with
 * `-js` on the JS tier; or any schedule), each call metered with {@link GAS_LIMIT}. Compile errors are recorded as an
 * instantiation outcome `unexpected ...`.
 */
export function runOnDetwasm(api: DetwasmApi, gm: GeneratedModule, schedule: RunName | Api.GasSchedule = 'strict'): EngineRun {
  const tier = typeof schedule === 'string' && schedule.endsWith('-js') ? 'js' : 'interpreter';
  const name = typeof schedule === 'string' ? schedule.replace(/-js$/, '') : schedule;
  const gas = typeof name === 'object' ? name
    : name === 'strict' ? api.STRICT_GAS_SCHEDULE : name === 'default' ? api.DEFAULT_GAS_SCHEDULE : api.FREE_GAS_SCHEDULE;
  const one = (m: GeneratedModule, a: Record<string, unknown> | null): Instantiated & { readonly instance: Api.Instance } => {
    const module = api.compile(m.bytes);
    const host = hostImplementations();
    const env: Record<string, unknown> = {};
    for (const n of m.hostImports) env[n] = host[n];
    for (const g of m.globalImports) {
      const value = g.type === I32 ? 'i32' : g.type === I64 ? 'i64' : g.type === F32 ? 'f32' : 'f64';
      env[g.name] = new api.Global({ value }, g.value);
    }
    const instance = api.instantiate(module, a === null ? { env } : { env, a }, { gas, tier });
    const ex = instance.exports as Record<string, unknown>;
    return {
      instance,
      exports: ex,
      access: {
        memory: () => (m.memory === null ? null : (ex[m.memory] as { buffer: ArrayBuffer }).buffer),
        global: (name) => instance.getGlobal(name, { floatBits: true }),
        globalsAreBits: true,
        table: (name) => ex[name] as { length: number; get(i: number): unknown },
      },
    };
  };
  let chain: { readonly own: Instantiated & { readonly instance: Api.Instance }; readonly provider: Instantiated | null };
  try {
    chain = instantiateChain(gm, one);
  } catch (e) {
    const instantiate: Outcome = e instanceof api.WasmException ? exceptionOutcome([], () => false, () => 0)
      : { kind: 'trap', trap: detwasmErrorText(api, e) };
    return { instantiate, state: '', steps: [] };
  }
  const instance = chain.own.instance;
  const state = chainSnapshot(gm, chain);
  const tags = tagsOf(gm, chain);
  const steps: StepRecord[] = [];
  for (const call of gm.calls) {
    const r = instance.invokeMetered(call.entry, call.args, { gasLimit: GAS_LIMIT });
    const error = r.error;
    const outcome: Outcome = error === null ? { kind: 'ok', values: valuesText(r.results!) }
      : error instanceof api.WasmException ? exceptionOutcome(tags, (t) => error.tag === t, (_t, i) => error.payload[i])
      : { kind: 'trap', trap: detwasmErrorText(api, error) };
    steps.push({ entry: call.entry, outcome, state: chainSnapshot(gm, chain), gasUsed: r.gasUsed });
  }
  return { instantiate: { kind: 'ok', values: [] }, state, steps };
}

/** Why two outcomes differ, or null when they agree (V8 first, detwasm second). */
function compareOutcome(v8: Outcome, dw: Outcome, resultTypes: readonly number[]): string | null {
  if (v8.kind === 'exception' || dw.kind === 'exception') {
    if (v8.kind === dw.kind && outcomeText(v8) === outcomeText(dw)) return null;
    return `V8 ${outcomeText(v8)}, detwasm ${outcomeText(dw)}`;
  }
  if (v8.kind === 'trap') {
    if (dw.kind !== 'trap') return `V8 trapped "${v8.trap}", detwasm returned [${dw.values.join(' ')}]`;
    const codes = V8_TRAPS[v8.trap];
    if (codes === undefined) return `unmapped V8 error "${v8.trap}" (detwasm: ${dw.trap})`;
    const m = /^trap (\d+)$/.exec(dw.trap);
    if (m === null || !codes.includes(Number(m[1]))) return `V8 trapped "${v8.trap}", detwasm: ${dw.trap}`;
    return null;
  }
  if (dw.kind === 'trap') return `V8 returned [${v8.values.join(' ')}], detwasm: ${dw.trap}`;
  if (v8.values.length !== dw.values.length) return `result counts differ: [${v8.values.join(' ')}] vs [${dw.values.join(' ')}]`;
  const i = firstValueDifference(v8.values, dw.values, resultTypes);
  if (i < 0) return null;
  return `result ${i} differs: V8 ${v8.values[i]}, detwasm ${dw.values[i]} (results [${v8.values.join(' ')}] vs [${dw.values.join(' ')}])`;
}

/**
 * The index of the first result that differs between two lists of the same length (hex bits of
 * `resultTypes`), or -1: bit for bit, except that any NaN meets any NaN (arithmetic NaN bits are
 * nondeterministic, spec §4.3.3, and V8's may differ between two compilations of one function).
 */
export function firstValueDifference(a: readonly string[], b: readonly string[], resultTypes: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const t = resultTypes[i];
    if (t === F32 && isNaN32(parseInt(x, 16)) && isNaN32(parseInt(y, 16))) continue;
    if (t === F64 && isNaN64(BigInt(`0x${x}`)) && isNaN64(BigInt(`0x${y}`))) continue;
    return i;
  }
  return -1;
}

/** V8 ran out of its native stack where detwasm did not exhaust its call stack. */
function isV8StackLimit(v8: Outcome, dw: Outcome): boolean {
  return v8.kind === 'trap' && v8.trap === 'call stack exhausted' && !(dw.kind === 'trap' && dw.trap === 'trap 10');
}

function outcomeText(o: Outcome): string {
  if (o.kind === 'exception') return `threw an exception (tag ${o.tag}, payload [${o.payload.join(' ')}])`;
  return o.kind === 'trap' ? o.trap : `returned [${o.values.join(' ')}]`;
}

/** A difference between the two runs. */
export interface Divergence {
  /** -1: instantiation; else the call index. */
  readonly step: number;
  /**
   * 'limit': a resource limit ended the run (detwasm out of gas, V8 out of stack). The gas meter
   * (test/meter): 'gas', its count differs from detwasm's gasUsed; 'meter', the instrumented
   * module behaves differently from the original (a meter bug).
   */
  readonly what: 'outcome' | 'state' | 'limit' | 'gas' | 'meter';
  readonly detail: string;
}

/**
 * The first difference between V8's and detwasm's runs of `gm`, or null. Calls after a detwasm
 * out-of-gas, or after V8 ran out of its native stack (an engine limit, not semantics: V8's
 * stack holds fewer frames of a few hundred locals than the generated fuel allows), are not
 * compared; that is reported as a 'limit' divergence.
 */
export function compareRuns(gm: GeneratedModule, v8: EngineRun, dw: EngineRun): Divergence | null {
  if (isV8StackLimit(v8.instantiate, dw.instantiate)) {
    return { step: -1, what: 'limit', detail: `V8 ran out of stack in the start function; detwasm: ${outcomeText(dw.instantiate)}` };
  }
  const inst = compareOutcome(v8.instantiate, dw.instantiate, []);
  if (inst !== null) return { step: -1, what: 'outcome', detail: `instantiation: ${inst}` };
  if (v8.state !== dw.state) return { step: -1, what: 'state', detail: `after instantiation:\n  V8      ${v8.state}\n  detwasm ${dw.state}` };
  const resultTypesOf = new Map(gm.entries.map((e) => [e.name, e.results as readonly number[]]));
  for (let i = 0; i < v8.steps.length; i++) {
    const a = v8.steps[i]!;
    const b = dw.steps[i]!;
    if (b.outcome.kind === 'trap' && b.outcome.trap === `trap ${OUT_OF_GAS}`) {
      return { step: i, what: 'limit', detail: `detwasm ran out of gas (${GAS_LIMIT}) in call ${i} (${a.entry})` };
    }
    if (isV8StackLimit(a.outcome, b.outcome)) {
      return { step: i, what: 'limit', detail: `V8 ran out of stack in call ${i} (${a.entry}); detwasm: ${outcomeText(b.outcome)}` };
    }
    const d = compareOutcome(a.outcome, b.outcome, resultTypesOf.get(a.entry) ?? []);
    if (d !== null) return { step: i, what: 'outcome', detail: `call ${i} (${a.entry}): ${d}` };
    if (a.state !== b.state) {
      return { step: i, what: 'state', detail: `after call ${i} (${a.entry}):\n  V8      ${a.state}\n  detwasm ${b.state}` };
    }
  }
  return null;
}

/** The trap kinds of a run, by name, for statistics (`ok` for completed calls). */
export function outcomeKinds(run: EngineRun): string[] {
  const out: string[] = [];
  if (run.instantiate.kind !== 'ok') out.push(`instantiate: ${run.instantiate.kind === 'trap' ? run.instantiate.trap : 'exception'}`);
  for (const s of run.steps) out.push(s.outcome.kind === 'ok' ? 'ok' : s.outcome.kind === 'exception' ? 'exception' : s.outcome.trap);
  return out;
}

/** A GeneratedModule as JSON (bytes base64, bigints as strings) and back, for regression files. */
export function moduleToJson(gm: GeneratedModule): unknown {
  return {
    ...gm,
    bytes: Buffer.from(gm.bytes).toString('base64'),
    calls: gm.calls.map((c) => ({ entry: c.entry, args: c.args.map((a) => (typeof a === 'bigint' ? `${a}n` : a)) })),
    // JSON has no bigint and no -0 (an f32 / f64 import may be -0).
    globalImports: gm.globalImports.map((g) => ({
      ...g, value: typeof g.value === 'bigint' ? `${g.value}n` : Object.is(g.value, -0) ? '-0' : g.value,
    })),
    provider: gm.provider === null ? null : moduleToJson(gm.provider),
  };
}

export function moduleFromJson(j: unknown): GeneratedModule {
  const o = j as Record<string, unknown> & {
    bytes: string;
    calls: { entry: string; args: (number | string)[] }[];
    globalImports: { name: string; type: number; value: number | string }[];
    provider?: unknown;
  };
  const big = (v: number | string): number | bigint => (v === '-0' ? -0 : typeof v === 'string' ? BigInt(v.slice(0, -1)) : v);
  return {
    ...(o as unknown as GeneratedModule),
    bytes: new Uint8Array(Buffer.from(o.bytes, 'base64')),
    calls: o.calls.map((c) => ({ entry: c.entry, args: c.args.map(big) })),
    globalImports: o.globalImports.map((g) => ({ ...g, value: big(g.value) })) as GlobalImport[],
    provider: o.provider === undefined || o.provider === null ? null : moduleFromJson(o.provider),
  };
}
