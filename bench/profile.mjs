/**
 * Runs one execute-suite workload (or compile of large.wasm) many times under detwasm, to be
 * profiled with V8's sampling profiler:
 *   npm run build
 *   node --cpu-prof --cpu-prof-dir=bench/results/profiles bench/profile.mjs fib [iterations]
 *   node bench/top-functions.mjs bench/results/profiles        # newest profile's top functions
 * NAME is a workload of bench/suites/execute.mjs (fib, collatz, sieve, sort, hash, matmul,
 * mandelbrot, calls) or `compile` (detwasm compile() of bench/workloads/large.wasm).
 * Without `iterations`, runs for about 3 seconds. Add --cpu-prof-interval=100 (µs; default 1000)
 * for finer samples.
 */
import { compile } from '../dist/index.js';
import { readWorkload } from './lib.mjs';
import { WORKLOADS, detwasmWorkload } from './suites/execute.mjs';

const [name, iterationsArg] = process.argv.slice(2);
const names = ['compile', ...WORKLOADS.map((w) => w.name)];
if (name === undefined || !names.includes(name)) {
  console.error(`usage: node --cpu-prof --cpu-prof-dir=bench/results/profiles bench/profile.mjs NAME [iterations]\nNAME: ${names.join(', ')}`);
  process.exit(2);
}

let hot;
if (name === 'compile') {
  const bytes = readWorkload('large.wasm');
  hot = () => compile(bytes);
} else {
  hot = detwasmWorkload(WORKLOADS.find((w) => w.name === name));
}

hot(); // first run outside the profile: lowering (detwasm compiles function bodies lazily)

const started = performance.now();
let count = 0;
let result;
if (iterationsArg !== undefined) {
  const n = Number(iterationsArg);
  if (!Number.isSafeInteger(n) || n <= 0) {
    console.error('iterations must be a positive integer');
    process.exit(2);
  }
  for (; count < n; count++) result = hot();
} else {
  while (performance.now() - started < 3000) {
    result = hot();
    count++;
  }
}
const ms = performance.now() - started;
const shown = typeof result === 'object' ? 'module' : String(result);
console.log(`${name}: ${count} runs in ${ms.toFixed(0)} ms (${(ms / count).toFixed(3)} ms/run), result ${shown}`);
