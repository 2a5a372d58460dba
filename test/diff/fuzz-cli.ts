/**
 * The long differential fuzz run: `npm run fuzz -- --minutes N [--seed S] [--large] [--no-simd]
 * [--no-wasm3] [--no-meter] [--spec]`.
 *
 * Generates test cases (a module, or a linked pair) from consecutive seeds (test/gen, seeded
 * stream) starting at S (default: a fresh random seed, printed), alternating default-size and
 * large modules (`--large`: large only), with SIMD code (GenOptions.simd) in every other pair of
 * seeds (not with `--no-simd`), and checks each against V8 under the strict, default and free gas
 * schedules (test/diff/check.ts); the WebAssembly 3.0 features this node's V8 runs
 * (test/diff/v8-features.ts: tail calls, legacy exceptions, and extended-const, memory64 and
 * try_table / throw_ref where V8 runs them unflagged) in every other group of four seeds (not with `--no-wasm3`; those cases skip the
 * gas meter, whose instrumentation knows the 2.0 instruction set only); and (not with `--no-meter`) checks its gas with the independent
 * meter (test/meter) under every schedule of test/meter/schedules.ts: the instrumented module on
 * V8 must behave as the original and count detwasm's gasUsed of every call exactly. `--spec` first
 * runs the core spec suite through the meter (test/meter/spec-engine.ts) under every meter
 * schedule (about 20 s each; `npm test` runs it under one). A run ended by
 * a resource limit (detwasm out of gas, never
 * expected as the harness's limit is far above what the fuel allows, see GAS_LIMIT; or V8 out of
 * native stack in deep recursion) is counted and printed, not compared further; so is a run that
 * meets code detwasm does not execute yet (SIMD, until it does: counted only). Each new kind of
 * divergence is shrunk (test/diff/shrink.ts, at most `--shrink-seconds`, default 120), printed as
 * WAT, and written to test/diff/regressions/fuzz-<seed>.json + .wasm, where regressions.test.ts
 * replays it. The summary gives the share of calls that returned normally and, by trap kind, of
 * those that trapped. Exit code 1 when anything was found.
 */
import { randomBytes } from 'node:crypto';
import * as api from '../../src/index.js';
import { Choices } from '../gen/choices.js';
import { generateCase } from '../gen/module-gen.js';
import type { GenOptions } from '../gen/module-gen.js';
import { ALL_METER_SCHEDULES, METER_SCHEDULES } from '../meter/schedules.js';
import type { MeterScheduleName } from '../meter/schedules.js';
import { meterSpecSuite } from '../meter/spec-engine.js';
import { hasSpecSuite } from '../spec/paths.js';
import { checkModule, formatStats, newStats } from './check.js';
import type { Finding } from './check.js';
import type { RunName } from './run-generated.js';
import { describeFinding, findingSignature, writeRegression } from './report.js';
import { shrink } from './shrink.js';
import { V8_SUPPORTS } from './v8-features.js';

/** Options of the large modules (every other module, or all with --large). */
export const LARGE: GenOptions = { maxFuncs: 6, maxInstrs: 400, fuel: 1000, maxNesting: 8 };

const SCHEDULES: readonly RunName[] = ['strict', 'default', 'free', 'strict-js', 'default-js', 'free-js'];

interface Args {
  readonly minutes: number;
  readonly seed: number;
  readonly largeOnly: boolean;
  readonly simd: boolean;
  readonly wasm3: boolean;
  readonly meter: boolean;
  readonly spec: boolean;
  readonly shrinkSeconds: number;
}

function parseArgs(argv: readonly string[]): Args {
  let minutes = 5;
  let seed = randomBytes(4).readUInt32LE(0);
  let largeOnly = false;
  let simd = true;
  let wasm3 = true;
  let meter = true;
  let spec = false;
  let shrinkSeconds = 120;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = (): number => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) throw new Error(`${a} needs a non-negative number`);
      return v;
    };
    if (a === '--') continue;
    else if (a === '--minutes') minutes = next();
    else if (a === '--seed') seed = next() >>> 0;
    else if (a === '--large') largeOnly = true;
    else if (a === '--simd') simd = true;
    else if (a === '--no-simd') simd = false;
    else if (a === '--no-wasm3') wasm3 = false;
    else if (a === '--no-meter') meter = false;
    else if (a === '--spec') spec = true;
    else if (a === '--shrink-seconds') shrinkSeconds = next();
    else throw new Error(`unknown argument ${a} (usage: --minutes N [--seed S] [--large] [--no-simd] [--no-wasm3] [--no-meter] [--spec] [--shrink-seconds N])`);
  }
  return { minutes, seed, largeOnly, simd, wasm3, meter, spec, shrinkSeconds };
}

/**
 * The generator options of `seed`: large every other seed (or always), SIMD every other pair,
 * the 3.0 features V8 runs every other group of four, integer-only code (the JS tier's subset;
 * it overrides SIMD and the 3.0 features) one group of eight in four.
 */
function optionsOf(args: Args, seed: number): GenOptions {
  const size = args.largeOnly || (seed & 1) === 1 ? LARGE : {};
  const simd = args.simd && (seed & 2) !== 0 ? { simd: true } : {};
  const wasm3 = args.wasm3 && (seed & 4) !== 0
    ? {
      tailCalls: V8_SUPPORTS['tail-call'], exceptions: V8_SUPPORTS['legacy-exceptions'], extendedConst: V8_SUPPORTS['extended-const'],
      memory64: V8_SUPPORTS['memory64'], tryTable: V8_SUPPORTS['exceptions'],
    }
    : {};
  const intOnly = (seed & 24) === 8 ? { intOnly: true } : {};
  return { ...size, ...simd, ...wasm3, ...intOnly };
}

/** Whether the gas meter (2.0 instructions only) can instrument the modules of `options`. */
function isMeterable(options: GenOptions): boolean {
  return options.tailCalls !== true && options.exceptions !== true && options.extendedConst !== true && options.memory64 !== true;
}

/** The spec suite through the gas meter under every meter schedule; returns the failed commands. */
function meterSpec(): number {
  if (!hasSpecSuite()) {
    console.log('--spec: the spec suite is missing (../shared/spectest/core)');
    return 1;
  }
  let failed = 0;
  for (const name of ALL_METER_SCHEDULES) {
    const r = meterSpecSuite(METER_SCHEDULES[name], (line) => console.log(`  ${name}: ${line}`));
    console.log(`spec suite through the gas meter, schedule ${name}: ${r.stats.compared} invocations' gas agrees, ` +
      `${r.stats.exhausted} exhausted the call stack (not compared), ${r.failed} commands failed`);
    failed += r.failed;
  }
  return failed;
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const specFailures = args.spec ? meterSpec() : 0;
  const deadline = Date.now() + args.minutes * 60_000;
  const meterSchedules: readonly MeterScheduleName[] = args.meter ? ALL_METER_SCHEDULES : [];
  console.log(`differential fuzz: ${args.minutes} min from seed ${args.seed}${args.largeOnly ? ' (large modules)' : ''}${args.simd ? ' (SIMD in half the cases)' : ''}` +
    `${args.wasm3 ? ` (3.0 in half the cases: ${Object.entries(V8_SUPPORTS).filter(([, on]) => on).map(([f]) => f).join(', ')} run by this V8)` : ''}` +
    `${args.meter ? ` (gas meter: ${meterSchedules.join(', ')})` : ''}`);
  const stats = newStats();
  const seen = new Map<string, number>();
  let seed = args.seed;
  let lastReport = Date.now();
  while (Date.now() < deadline) {
    const options = optionsOf(args, seed);
    const choices = Choices.fromSeed(seed, true);
    const gm = generateCase(choices, options);
    const cut = stats.limitSkipped;
    const caseMeter = isMeterable(options) ? meterSchedules : [];
    const f: Finding | null = checkModule(api, gm, stats, SCHEDULES, false, caseMeter);
    if (stats.limitSkipped > cut) console.log(`seed ${seed}: a resource limit ended a run (detwasm gas or V8 stack); not compared further`);
    if (f !== null) {
      const sig = findingSignature(f);
      const count = (seen.get(sig) ?? 0) + 1;
      seen.set(sig, count);
      console.log(`seed ${seed}: ${f.schedule}: ${f.detail.split('\n')[0]}`);
      if (count === 1) {
        const words = shrink(api, choices.recorded(), options, sig, { seconds: args.shrinkSeconds }, SCHEDULES, caseMeter);
        const small = generateCase(Choices.fromWords(words), options);
        const f2 = checkModule(api, small, newStats(), SCHEDULES, true, caseMeter) ?? f;
        const origin = `fuzz seed ${seed}${options.maxInstrs === LARGE.maxInstrs ? ' (large)' : ''}${options.simd === true ? ' (simd)' : ''}` +
          `${options.exceptions === true ? ' (wasm3)' : ''}, ` +
          `shrunk to ${words.length} choice words`;
        const path = writeRegression(`fuzz-${seed}`, small, f2, origin);
        console.log(`${describeFinding(small, f2, origin)}\nwritten to ${path}\n`);
      }
    }
    seed = (seed + 1) >>> 0;
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      console.log(`... seed ${seed}: ${formatStats(stats)}`);
    }
  }
  console.log(`done: seeds ${args.seed}..${(seed - 1) >>> 0}: ${formatStats(stats)}`);
  if (specFailures > 0) console.log(`${specFailures} spec command(s) failed through the gas meter`);
  if (seen.size === 0) {
    console.log('no divergences');
    return specFailures > 0 ? 1 : 0;
  }
  console.log(`${seen.size} kind(s) of divergence:`);
  for (const [sig, n] of seen) console.log(`  ${n} x ${sig}`);
  return 1;
}

process.exitCode = main();
