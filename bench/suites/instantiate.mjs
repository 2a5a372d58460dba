/**
 * instantiate suite: instantiating a small compiled module (bench/workloads/small.wat: an imported
 * function, a 1-page memory with a data segment, a 4-entry table with an element segment, two
 * globals, six functions; spec §4.5.4) with detwasm's `instantiate()` and V8's
 * `new WebAssembly.Instance`, plus compile + instantiate from bytes for both (V8's side defeats
 * its module cache, see uncachedV8Compile in bench/lib.mjs).
 * Target: < 50 µs for detwasm's instantiate.
 */
import { compile, instantiate } from '../../dist/index.js';
import { assertSame, readWorkload, runSuite, uncachedV8Compile } from '../lib.mjs';

const TARGET_US = 50;

export async function run() {
  const bytes = readWorkload('small.wasm');
  const imports = { env: { log: () => {} } };
  const dModule = compile(bytes);
  const vModule = new WebAssembly.Module(bytes);
  // Check the two instances behave alike before timing.
  const d = instantiate(dModule, imports).exports;
  const v = new WebAssembly.Instance(vModule, imports).exports;
  for (const [i, x] of [[0, 5], [1, 7], [2, 9], [3, -4]]) assertSame(`apply(${i}, ${x})`, d.apply(i, x), v.apply(i, x));
  assertSame('sum(64, 51)', d.sum(64, 51), v.sum(64, 51));

  const cases = [
    { group: 'instantiate small.wasm', engine: 'detwasm', setup: () => () => instantiate(dModule, imports) },
    { group: 'instantiate small.wasm', engine: 'v8', setup: () => () => new WebAssembly.Instance(vModule, imports) },
    { group: 'compile + instantiate small.wasm', engine: 'detwasm', setup: () => () => instantiate(compile(bytes), imports) },
    {
      group: 'compile + instantiate small.wasm', engine: 'v8',
      setup: () => {
        const compileV8 = uncachedV8Compile(bytes); // V8 caches modules by their bytes
        return () => new WebAssembly.Instance(compileV8(), imports);
      },
    },
  ];
  return runSuite('instantiate', cases, {
    note: 'ratio = detwasm time per op / V8 time per op',
    targets: (report) => {
      const us = report.cases.find((c) => c.group === 'instantiate small.wasm' && c.engine === 'detwasm').meanSeconds * 1e6;
      return { [`detwasm instantiate < ${TARGET_US} µs`]: `${us.toFixed(2)} µs (${us < TARGET_US ? 'met' : 'NOT met'})` };
    },
  });
}
