/**
 * execute suite: running workloads written for the benchmark (bench/workloads/execute.c, built with
 * clang --target=wasm32 -O2, and fib.wat) under detwasm and under V8's optimizing tier (TurboFan),
 * with the ratio per workload and the geometric mean of the ratios. Every workload's result is
 * checked equal between the two engines before timing; a mismatch fails the run.
 *
 * V8 twins are compiled and first run with --no-liftoff (set at run time with
 * v8.setFlagsFromString, restored afterwards) so they execute TurboFan code, not the Liftoff
 * baseline; the warm-up before sampling would tier them up anyway (and does on V8 14, see
 * TOGGLE_LIFTOFF).
 */
import v8 from 'node:v8';
import { compile, instantiate } from '../../dist/index.js';
import { assertSame, readWorkload, runSuite } from '../lib.mjs';

/**
 * The workloads: module file, export, argument, and what they exercise. Sizes keep one detwasm
 * call at roughly 5-20 ms (bench/profile.mjs runs the same table).
 */
export const WORKLOADS = [
  { name: 'fib', file: 'fib.wasm', arg: 20, what: 'recursive calls (fib(20): 21891 calls)' },
  { name: 'collatz', file: 'execute.wasm', arg: 1000, what: 'nested loops and branches (longest Collatz chain below 1000)' },
  { name: 'sieve', file: 'execute.wasm', arg: 20000, what: 'byte loads/stores in loops (primes below 20000)' },
  { name: 'sort', file: 'execute.wasm', arg: 2000, what: 'i32 array quicksort in linear memory (2000 elements)' },
  { name: 'hash', file: 'execute.wasm', arg: 2, what: 'i64 mul/rotl/xor hashing of 64 KiB (2 rounds)' },
  { name: 'matmul', file: 'execute.wasm', arg: 20, what: 'f64 matrix multiply in memory (20 x 20)' },
  { name: 'mandelbrot', file: 'execute.wasm', arg: 32, what: 'f64 arithmetic (32 x 32 grid, <= 100 iterations)' },
  { name: 'calls', file: 'execute.wasm', arg: 10000, what: 'call-heavy loop (3 direct + 1 indirect call per iteration, 10000 iterations)' },
];

/** Instantiates the detwasm side of a workload; returns `() => result`. */
export function detwasmWorkload(w, engine = { compile, instantiate }) {
  const f = engine.instantiate(engine.compile(readWorkload(w.file))).exports[w.name];
  return () => f(w.arg);
}

/**
 * V8 14 (Node 26) aborts the process ("Check failed: function_feedback != ...") when a module
 * compiled under a run-time --no-liftoff later tiers up with wasm inlining, which needs the call
 * feedback only Liftoff collects; there the V8 twins start in Liftoff and reach TurboFan during
 * the warm-up, as in any Node process.
 */
const TOGGLE_LIFTOFF = Number(process.versions.v8.split('.')[0]) < 14;

/** Instantiates the V8 side of a workload (TurboFan code); returns `() => result`. */
function v8Workload(w) {
  if (!TOGGLE_LIFTOFF) {
    const f = new WebAssembly.Instance(new WebAssembly.Module(readWorkload(w.file))).exports[w.name];
    return () => f(w.arg);
  }
  v8.setFlagsFromString('--no-liftoff');
  try {
    const f = new WebAssembly.Instance(new WebAssembly.Module(readWorkload(w.file))).exports[w.name];
    const hot = () => f(w.arg);
    hot(); // lazy compilation happens on this first call, while --no-liftoff is set
    return hot;
  } finally {
    v8.setFlagsFromString('--liftoff');
  }
}

export async function run() {
  const cases = [];
  for (const w of WORKLOADS) {
    const d = detwasmWorkload(w);
    const v = v8Workload(w);
    const expected = v();
    assertSame(`${w.name}(${w.arg})`, d(), expected);
    assertSame(`${w.name}(${w.arg}) again`, d(), expected); // a second run sees the same memory state
    const group = `${w.name}(${w.arg})`;
    cases.push({ group, engine: 'detwasm', setup: () => d }, { group, engine: 'v8', setup: () => v });
  }
  return runSuite('execute', cases, {
    note: 'ratio = detwasm time per op / V8 (TurboFan) time per op; '
      + WORKLOADS.map((w) => `${w.name}: ${w.what}`).join('; '),
  });
}
