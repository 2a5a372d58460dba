/**
 * Child process of test/js-api/packages.test.ts and bench/suites/js-api.mjs: loads one real
 * package (workloads.mjs) through its own glue with whatever `globalThis.WebAssembly` is (V8's in
 * plain node; detwasm's with `--import ./detwasm-preload.mjs`), and prints one JSON line:
 *   node run-package.mjs NAME [--scale N]            { package, version, engine, witness, output, bad }
 *   node run-package.mjs NAME --scale N --bench MS   also { loadMs, firstMs, perCallMs: [...] }:
 *     the workload repeated (without its oracle checks), warm-up first (at least MS ms of CPU time
 *     and two calls), then --rounds R (5) batches of about MS ms of CPU time each; loadMs is the
 *     package's load (its wasm compiled and instantiated, if it does that at load), firstMs the
 *     first run (lazy compilation and instantiation included), both CPU time.
 * engine: 'detwasm' when the preload's witness counted detwasm Instances, else 'v8' (or 'none').
 */
import { PACKAGES, packageVersion } from './workloads.mjs';

const [name, ...rest] = process.argv.slice(2);
const flag = (f, d) => {
  const i = rest.indexOf(f);
  return i < 0 ? d : Number(rest[i + 1]);
};
const scale = flag('--scale', 1);
const benchMs = flag('--bench', 0);
const rounds = flag('--rounds', 5);
const pkg = PACKAGES[name];
if (pkg === undefined) {
  console.error(`unknown package ${JSON.stringify(name)}; known: ${Object.keys(PACKAGES).join(', ')}`);
  process.exit(2);
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const t0 = cpuMs();
const api = await pkg.load();
const loadMs = cpuMs() - t0;
const t1 = cpuMs();
const output = await pkg.run(api, scale, benchMs === 0);
const firstMs = cpuMs() - t1;
const result = { package: name, version: packageVersion(name), scale, output };
if (benchMs > 0) {
  // Warm-up of at least one batch's time, then batches sized from it (CPU time, as bench/suites/real.mjs).
  const w = cpuMs();
  let n = 0;
  while (n < 2 || cpuMs() - w < benchMs) { await pkg.run(api, scale, false); n++; }
  const calls = Math.max(1, Math.round(benchMs / ((cpuMs() - w) / n)));
  const perCallMs = [];
  for (let r = 0; r < rounds; r++) {
    const s = cpuMs();
    for (let c = 0; c < calls; c++) await pkg.run(api, scale, false);
    perCallMs.push((cpuMs() - s) / calls);
  }
  Object.assign(result, { loadMs, firstMs, callsPerBatch: calls, perCallMs });
} else {
  result.bad = await pkg.bad(api);
}
const witness = globalThis[Symbol.for('detwasm.test.witness')]?.() ?? null;
result.engine = witness !== null && witness.installed && witness.instances > 0 ? 'detwasm' : (typeof WebAssembly === 'undefined' ? 'none' : 'v8');
result.witness = witness;
process.stdout.write(`${JSON.stringify(result)}\n`);
