/**
 * The spec suite through the independent gas meter: a spec engine (test/spec/engine.ts) that runs
 * every module twice, in detwasm metered with a schedule and, instrumented by the meter
 * (test/meter/instrument.ts), on V8. The generic runner (test/spec/runner.ts) drives it, so every
 * command runs on both sides in order (modules, registrations, failing instantiations with their
 * side effects, actions); results and traps handed back to the runner are V8's, so the runner's
 * assertions check that the instrumented modules still compute what the spec expects. Each
 * invocation's gas is compared: the meter's count against detwasm's `gasUsed`; a difference, or
 * one side trapping where the other does not, fails that command (an error classified
 * 'unknown' saying what differed) and is recorded in the stats. Invocations that exhaust the
 * call stack (assert_exhaustion: V8's native stack and detwasm's depth limit differ) are not
 * compared.
 */
import { join } from 'node:path';
import { compile, instantiate, Trap, TrapCode, WASM_2_0 } from '../../src/index.js';
import type { GasSchedule, Instance, Module } from '../../src/index.js';
import { V8_WASM } from '../diff/v8-api.js';
import type { V8Instance } from '../diff/v8-api.js';
import { classifyDetwasmError, fromDetwasm, spectestInstance, toDetwasm } from '../spec/detwasm-engine.js';
import { jsApiSpectest } from '../spec/v8-engine.js';
import type { JsApiExterns } from '../spec/v8-engine.js';
import { loadSpecFile } from '../spec/commands.js';
import type { ErrorClass, ExecutionCapability, SpecEngine } from '../spec/engine.js';
import { listSpecFiles, SPEC_CORE_DIR } from '../spec/paths.js';
import { formatIssue, runFile } from '../spec/runner.js';
import type { SpecValue } from '../spec/values.js';
import { formatValue } from '../spec/values.js';
import { GAS_IMPORT_MODULE } from './instrument.js';
import type { Instrumented } from './instrument.js';
import { costsOf, Meter } from './v8-meter.js';

/** Counts of one metered run of (part of) the suite. */
export interface SpecGasStats {
  /** Invocations whose gas was compared and agreed. */
  compared: number;
  /** Invocations not compared: the call stack was exhausted (on either side). */
  exhausted: number;
  /** What differed (each also failed its command). */
  readonly differences: string[];
}

export function newSpecGasStats(): SpecGasStats {
  return { compared: 0, exhausted: 0, differences: [] };
}

/** A difference between the two sides (classified 'unknown', so the command fails). */
class MeterMismatch extends Error {}

/** A missing import on V8's side. */
class MissingImport extends Error {}

interface PairModule {
  readonly dw: Module;
  readonly v8: object;
  readonly info: Instrumented;
}

/** An instance on both sides (the registry hands their exports to importers). */
interface PairInstance {
  readonly dw: Instance;
  readonly v8: Record<string, unknown>;
  /** Exported functions' types (null for spectest, whose functions take no floats). */
  readonly info: Instrumented | null;
}

/** Value type bytes (spec §5.3.1). */
const F32 = 0x7d;
const F64 = 0x7c;
const V128 = 0x7b;

const LIMIT = 1_000_000_000_000_000;

interface V8ModuleApi {
  imports(m: object): { module: string; name: string; kind: string }[];
}

/** The V8 spectest module (engine.ts): its functions pay the call cost through the meter. */
function v8Spectest(meter: Meter): Record<string, unknown> {
  return jsApiSpectest(V8_WASM as unknown as JsApiExterns, meter.host((): void => {}));
}

/** A script argument for V8, through a bits wrapper's param types where the function has one. */
function v8Args(args: readonly SpecValue[]): unknown[] {
  const out: unknown[] = [];
  for (const a of args) {
    if (a.type === 'v128') {
      const v = new DataView(a.bytes.buffer, a.bytes.byteOffset, 16);
      out.push(v.getBigInt64(0, true), v.getBigInt64(8, true));
    } else {
      out.push(toDetwasm(a));
    }
  }
  return out;
}

/** V8's results (through a bits wrapper where there is one) as script values of the function's result types. */
function v8Results(r: unknown, results: readonly number[], isWrapped: boolean, typeNames: readonly string[]): SpecValue[] {
  const words = isWrapped ? resultWords(results) : results.length;
  const raw = words === 0 ? [] : words === 1 ? [r] : [...(r as Iterable<unknown>)];
  const out: SpecValue[] = [];
  let k = 0;
  results.forEach((t, i) => {
    const name = typeNames[i] ?? typeName(t);
    if (t === V128) {
      const bytes = new Uint8Array(16);
      const v = new DataView(bytes.buffer);
      v.setBigInt64(0, raw[k++] as bigint, true);
      v.setBigInt64(8, raw[k++] as bigint, true);
      out.push({ type: 'v128', bytes });
    } else if (!isWrapped && (t === F32 || t === F64)) {
      throw new Error('float result without a bits wrapper');
    } else {
      out.push(fromDetwasm(raw[k++], name));
    }
  });
  return out;
}

function resultWords(results: readonly number[]): number {
  return results.reduce((n, t) => n + (t === V128 ? 2 : 1), 0);
}

const TYPE_NAMES: Readonly<Record<number, string>> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

function typeName(t: number): string {
  return TYPE_NAMES[t] ?? `type 0x${t.toString(16)}`;
}

function describe(e: unknown): string {
  if (e instanceof Trap) return `detwasm trap ${e.code} (${e.message})`;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** detwasm's gas engine paired with the meter on V8, under `schedule`; counts go to `stats`. */
export function meteredSpecEngine(schedule: GasSchedule, stats: SpecGasStats): SpecEngine<PairModule, PairInstance> {
  // One meter per engine, i.e. per spec file (runFile makes a fresh registry, the runner a fresh
  // engine per file): it sums the counters of every instance the file creates.
  const meter = new Meter(costsOf(schedule), { bitsWrappers: true });
  const mismatch = (what: string): MeterMismatch => {
    stats.differences.push(what);
    return new MeterMismatch(what);
  };
  const execution: ExecutionCapability<PairModule, PairInstance> = {
    instantiate(module, registry) {
      const dwImports: Record<string, Record<string, unknown>> = {};
      for (const [name, inst] of registry) dwImports[name] = inst.dw.exports as Record<string, unknown>;
      let dw: Instance | null = null;
      let dwError: unknown = null;
      try {
        dw = instantiate(module.dw, dwImports, { gas: schedule });
      } catch (e) {
        dwError = e;
      }
      // V8 instantiates too, whatever detwasm did: a failing instantiation may have written
      // segments into shared tables and memories already (spec 2.0), on both sides alike.
      let v8: V8Instance | null = null;
      let v8Error: unknown = null;
      try {
        const imports: Record<string, Record<string, unknown>> = {};
        for (const imp of (V8_WASM.Module as unknown as V8ModuleApi).imports(module.v8)) {
          if (imp.module === GAS_IMPORT_MODULE) continue;
          const provider = registry.get(imp.module);
          if (provider === undefined || !(imp.name in provider.v8)) throw new MissingImport(`unknown import ${imp.module}.${imp.name}`);
          (imports[imp.module] ??= {})[imp.name] = provider.v8[imp.name];
        }
        v8 = new V8_WASM.Instance(module.v8, { ...imports, ...meter.imports });
      } catch (e) {
        v8Error = e;
      }
      if ((dw === null) !== (v8 === null)) {
        throw mismatch(`instantiation: detwasm ${dw === null ? describe(dwError) : 'succeeded'}, V8 ${v8 === null ? describe(v8Error) : 'succeeded'}`);
      }
      if (dw === null) throw dwError;
      return { dw, v8: v8!.exports, info: module.info };
    },
    invoke(instance, field, args, resultTypes) {
      const dwOut = instance.dw.invokeMetered(field, args.map(toDetwasm), { gasLimit: LIMIT, floatBits: true });
      const type = instance.info?.funcExports.get(field);
      const wrapper = instance.info?.bitsWrappers.get(field);
      const fn = instance.v8[wrapper ?? field];
      if (typeof fn !== 'function' || type === undefined) throw new MissingImport(`no exported function ${field}`);
      const before = meter.read();
      let r: unknown;
      let v8Error: unknown = null;
      try {
        r = (fn as (...a: unknown[]) => unknown)(...v8Args(args));
      } catch (e) {
        v8Error = e;
      }
      const gas = meter.read() - before;
      const dwError = dwOut.error;
      const isExhausted = (dwError instanceof Trap && dwError.code === TrapCode.CALL_STACK_EXHAUSTED) || v8Error instanceof RangeError;
      if (isExhausted) {
        stats.exhausted++;
      } else {
        if ((dwError === null) !== (v8Error === null)) {
          throw mismatch(`${field}: detwasm ${dwError === null ? 'returned' : describe(dwError)}, V8 ${v8Error === null ? 'returned' : describe(v8Error)}`);
        }
        if (gas !== dwOut.gasUsed) {
          throw mismatch(`${field}(${args.map(formatValue).join(', ')}): the meter counts ${gas} gas, detwasm reports gasUsed ${dwOut.gasUsed}`);
        }
        stats.compared++;
      }
      if (v8Error !== null) throw v8Error;
      return v8Results(r, type.results, wrapper !== undefined, resultTypes);
    },
    get(instance, field, type) {
      const g = instance.v8[field] as { value: unknown };
      const v = g.value;
      if (type === 'f32') {
        const f = new Float32Array([v as number]);
        return { type: 'f32', bits: new Uint32Array(f.buffer)[0]! };
      }
      if (type === 'f64') {
        const f = new Float64Array([v as number]);
        return { type: 'f64', bits: new BigUint64Array(f.buffer)[0]! };
      }
      return fromDetwasm(v, type);
    },
    spectest: () => ({ dw: spectestInstance(), v8: v8Spectest(meter), info: null }),
  };
  return {
    name: `gas meter (${schedule.loopCharge}, call ${schedule.call}, loop ${schedule.loop}, instruction ${schedule.instruction})`,
    compile(bytes) {
      const dw = compile(bytes, { features: WASM_2_0 }); // (the core suite is 2.0) malformed and invalid modules stop here, with detwasm's error
      const info = meter.instrumented(bytes);
      return { dw, v8: new V8_WASM.Module(info.bytes), info };
    },
    classify(error: unknown): ErrorClass {
      if (error instanceof MeterMismatch || error instanceof MissingImport) return error instanceof MissingImport ? 'link' : 'unknown';
      if (error instanceof V8_WASM.RuntimeError) return 'trap';
      if (error instanceof V8_WASM.LinkError) return 'link';
      if (error instanceof RangeError) return 'exhaustion';
      return classifyDetwasmError(error);
    },
    execution,
    strictNaN: false,
  };
}

/**
 * Runs every file of the core suite through the meter under `schedule` (the fuzz CLI's `--spec`);
 * prints each failed command; returns the counts and the number of failed commands.
 */
export function meterSpecSuite(schedule: GasSchedule, log: (line: string) => void): { readonly stats: SpecGasStats; readonly failed: number } {
  const stats = newSpecGasStats();
  let failed = 0;
  for (const name of listSpecFiles()) {
    const report = runFile(loadSpecFile(join(SPEC_CORE_DIR, name)), meteredSpecEngine(schedule, stats));
    failed += report.failed;
    for (const issue of report.failures) log(formatIssue(issue));
  }
  return { stats, failed };
}
