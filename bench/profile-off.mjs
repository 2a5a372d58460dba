// The cost of the gas profiler when it is off (docs/RATIONALE.md "Gas profiler"): a fixed
// workload on the default path, to run under `valgrind --tool=callgrind` (instruction counts are
// repeatable on a loaded machine, wall-clock is not). Usage: [DETWASM_DIST=/abs/dist/index.js]
// node bench/profile-off.mjs fib|calls|vm [N]
import { readFileSync } from 'node:fs';
const dist = process.env.DETWASM_DIST ?? '../dist/index.js';
const { compile, instantiate, DEFAULT_GAS_SCHEDULE, createVM, MemoryState } = await import(dist);

const which = process.argv[2] ?? 'fib';
const n = Number(process.argv[3] ?? 25);
const dir = new URL('./workloads/', import.meta.url);
if (which === 'fib') {
  const inst = instantiate(compile(readFileSync(new URL('fib.wasm', dir))), {}, { gas: DEFAULT_GAS_SCHEDULE });
  const out = inst.invokeMetered('fib', [n], { gasLimit: Number.MAX_SAFE_INTEGER });
  console.log(which, n, out.results, out.gasUsed);
} else if (which === 'calls') {
  const inst = instantiate(compile(readFileSync(new URL('call.wasm', dir))), {}, { gas: DEFAULT_GAS_SCHEDULE });
  let g = 0;
  for (let i = 0; i < n; i++) g += inst.invokeMetered('add', [i, 1], { gasLimit: 1_000_000 }).gasUsed;
  console.log(which, n, g);
}
else if (which === 'vm') {
  const vm = createVM();
  const code = readFileSync(new URL('../examples/contracts/counter/counter.wasm', import.meta.url));
  const env = new MemoryState();
  let g = 0;
  for (let i = 0; i < n; i++) g += vm.call({ contractId: 'c', code, method: 'increment', args: '{"by": 1}', gasLimit: 10_000_000, env }).gasUsed;
  console.log(which, n, g);
}
