/**
 * call-overhead suite: the cost of one call from JS into an exported function that does (almost)
 * nothing (bench/workloads/call.wat), detwasm vs V8. Each op makes CALLS calls; the report gives
 * time per call. `invoke()` is detwasm's array-returning API, timed against V8's plain call.
 */
import { compile, instantiate } from '../../dist/index.js';
import { assertSame, readWorkload, runSuite } from '../lib.mjs';

const CALLS = 1000;

export async function run() {
  const bytes = readWorkload('call.wasm');
  const dInstance = instantiate(compile(bytes));
  const d = dInstance.exports;
  const v = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  assertSame('noop()', d.noop(), v.noop());
  assertSame('add(2, 3)', d.add(2, 3), v.add(2, 3));
  assertSame('add(0x7fffffff, 1)', d.add(0x7fffffff, 1), v.add(0x7fffffff, 1));
  assertSame('add64(2n, 3n)', d.add64(2n, 3n), v.add64(2n, 3n));
  assertSame('addf(0.1, 0.2)', d.addf(0.1, 0.2), v.addf(0.1, 0.2));
  assertSame('invoke add', dInstance.invoke('add', [2, 3])[0], v.add(2, 3));

  const loops = {
    noop: (f) => () => { for (let i = 0; i < CALLS; i++) f(); },
    add: (f) => () => { let s = 0; for (let i = 0; i < CALLS; i++) s = f(s, i); return s; },
    add64: (f) => () => { let s = 0n; for (let i = 0; i < CALLS; i++) s = f(s, 3n); return s; },
    addf: (f) => () => { let s = 0; for (let i = 0; i < CALLS; i++) s = f(s, 0.5); return s; },
  };
  const cases = [];
  for (const [name, loop] of Object.entries(loops)) {
    const group = `${name}()`;
    cases.push(
      { group, engine: 'detwasm', callsPerOp: CALLS, setup: () => loop(d[name]) },
      { group, engine: 'v8', callsPerOp: CALLS, setup: () => loop(v[name]) },
    );
  }
  cases.push(
    {
      group: 'add() via invoke', engine: 'detwasm', callsPerOp: CALLS,
      setup: () => () => { let s = 0; for (let i = 0; i < CALLS; i++) s = dInstance.invoke('add', [s, i])[0]; return s; },
    },
    { group: 'add() via invoke', engine: 'v8', callsPerOp: CALLS, setup: () => loops.add(v.add) },
  );
  return runSuite('call-overhead', cases, { note: `each op makes ${CALLS} calls; ratio = detwasm / V8 time per call` });
}
