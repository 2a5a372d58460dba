/**
 * vm suite: contract calls per second through the contract VM (`createVM().call` / `callAsync`,
 * docs/ABI.md) with a module-cache hit, i.e. the same contractId and code on every call: the
 * module is compiled once, then each call checks the request, takes the module from the cache,
 * builds the call's `env` module, instantiates a fresh instance, runs the method, commits the
 * state writes and tears the instance down (drops it). Target (issue 4, "Bench"): at least
 * 50,000 calls/s for a tiny method.
 *
 * Cases: a no-op method of a contract without memory or imports (NOOP_WASM below), counter.get
 * (examples/contracts/counter, WAT: one state_get, itoa, output_write), token.transfer
 * (examples/contracts/token, AssemblyScript: JSON args, 4 state reads, 2 writes, an event; a
 * realistic figure), and the last two again through `callAsync` with a HostEnv whose every answer
 * is a Promise (an async database; the Promises are already settled, so this measures the
 * engine's suspend/resume cost, not a database's latency).
 *
 * V8 reference lines: V8 cannot run the env ABI the same way (no gas, no write buffering, no
 * suspension at a host call), so the "v8" case of each group is not a twin but a reference:
 * `new WebAssembly.Instance` of the same module with a minimal JS env (plain Map state, no gas,
 * no limits) + the call, i.e. what a fresh-instance-per-call VM costs on V8's side. The async
 * groups use the same synchronous V8 reference. Outputs are checked equal before timing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createVM, MemoryState } from '../../dist/index.js';
import { REPO_DIR, assertSame, runSuite } from '../lib.mjs';

/** Calls per benny op (the report gives time per call and calls/s). */
const CALLS_PER_OP = 100;
/** token.transfer is ~7x slower per call than counter.get: fewer calls per op. */
const TRANSFER_CALLS_PER_OP = 20;
const TARGET_CALLS_PER_SECOND = 50_000;
const GAS_LIMIT = 10_000_000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 100);

/**
 * `(module (func (export "noop")))`: one function [] -> [], exported as "noop"; no memory, no
 * imports (34 bytes; the same as wabt's wat2wasm output of that text).
 */
const NOOP_WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // type section: [] -> []
  0x03, 0x02, 0x01, 0x00, // function section: func 0 has type 0
  0x07, 0x08, 0x01, 0x04, 0x6e, 0x6f, 0x6f, 0x70, 0x00, 0x00, // export "noop" = func 0
  0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b, // code: no locals, end
]);

const SUPPLY = '1000000000000000'; // 1e15: transfers of 1 never exhaust alice's balance
const TRANSFER_ARGS = '{"to": "bob", "amount": 1}';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function readContract(rel) {
  return new Uint8Array(fs.readFileSync(path.join(REPO_DIR, 'examples', 'contracts', rel)));
}

/** A HostEnv over a MemoryState whose every answer is an (already settled) Promise. */
class AsyncMemoryState {
  constructor(inner) {
    this.inner = inner;
  }
  get(key) {
    return Promise.resolve(this.inner.get(key));
  }
  set(key, value) {
    this.inner.set(key, value);
    return Promise.resolve();
  }
  delete(key) {
    this.inner.delete(key);
    return Promise.resolve();
  }
}

/**
 * The V8 reference's `env`: the ABI functions the examples import, over a Map, without gas,
 * limits or write buffering. `call(module, method)` instantiates and runs; returns the output.
 */
function jsEnv({ args = '', caller = '', entries = [] } = {}) {
  const argBytes = encoder.encode(args);
  const callerBytes = encoder.encode(caller);
  const state = new Map(entries.map(([k, v]) => [k, encoder.encode(v)]));
  let memory = null;
  let output = new Uint8Array(0);
  const bytes = () => new Uint8Array(memory.buffer);
  const keyAt = (ptr, len) => decoder.decode(bytes().subarray(ptr, ptr + len));
  const env = {
    input_length: () => argBytes.length,
    input_read: (ptr) => bytes().set(argBytes, ptr),
    output_write: (ptr, len) => { output = bytes().slice(ptr, ptr + len); },
    state_get: (kPtr, kLen, vPtr, vCap) => {
      const v = state.get(keyAt(kPtr, kLen));
      if (v === undefined) return -1;
      bytes().set(v.subarray(0, Math.min(v.length, vCap)), vPtr);
      return v.length;
    },
    state_set: (kPtr, kLen, vPtr, vLen) => { state.set(keyAt(kPtr, kLen), bytes().slice(vPtr, vPtr + vLen)); },
    state_delete: (kPtr, kLen) => { state.delete(keyAt(kPtr, kLen)); },
    caller: (ptr, cap) => {
      bytes().set(callerBytes.subarray(0, Math.min(callerBytes.length, cap)), ptr);
      return callerBytes.length;
    },
    emit_event: () => {},
    log: () => {},
    abort: () => { throw new Error('abort'); },
  };
  return {
    call(module, method) {
      const instance = new WebAssembly.Instance(module, { env });
      memory = instance.exports.memory ?? null;
      instance.exports[method]();
      return decoder.decode(output);
    },
  };
}

/** `() => void` making `n` calls of `once`. */
function repeat(n, once) {
  return () => {
    for (let i = 0; i < n; i++) once();
  };
}

/**
 * `() => Promise` making `n` sequential awaited calls of `once`. A call made while a batch is in
 * flight returns that batch: the harness's warm-up calls the hot function in a synchronous loop,
 * which must not start thousands of overlapping batches.
 */
function repeatAsync(n, once) {
  let running = null;
  const batch = async () => {
    for (let i = 0; i < n; i++) await once();
  };
  return () => running ?? (running = batch().finally(() => { running = null; }));
}

/** Throws unless a VM call succeeded; returns its output as text. */
function okOutput(what, result) {
  if (result.error !== null) throw new Error(`${what}: ${result.error.kind}: ${result.error.message}`);
  return decoder.decode(result.output);
}

async function warmUpAsync(hot, ms) {
  const end = performance.now() + ms;
  let n = 0;
  while (n < 3 || performance.now() < end) {
    await hot();
    n++;
  }
}

export async function run() {
  const vm = createVM();
  const counterWasm = readContract('counter/counter.wasm');
  const tokenWasm = readContract('token/token.wasm');
  const noopModule = new WebAssembly.Module(NOOP_WASM);
  const counterModule = new WebAssembly.Module(counterWasm);
  const tokenModule = new WebAssembly.Module(tokenWasm);

  // Requests and states. Each VM case has its own state, set up once.
  const noopRequest = { contractId: 'noop', code: NOOP_WASM, method: 'noop', gasLimit: GAS_LIMIT };
  const counterRequest = { contractId: 'counter', code: counterWasm, method: 'get', gasLimit: GAS_LIMIT, env: new MemoryState([['count', '41']]) };
  const counterAsyncRequest = { ...counterRequest, env: new AsyncMemoryState(new MemoryState([['count', '41']])) };
  const tokenRequest = (env) => ({ contractId: 'token', code: tokenWasm, method: 'transfer', args: TRANSFER_ARGS, caller: 'alice', gasLimit: GAS_LIMIT, env });
  const initToken = (env) => ({ contractId: 'token', code: tokenWasm, method: 'init', args: `{"supply": ${SUPPLY}}`, caller: 'alice', gasLimit: GAS_LIMIT, env });
  const tokenState = new MemoryState();
  okOutput('token.init', vm.call(initToken(tokenState)));
  const transferRequest = tokenRequest(tokenState);
  const tokenAsyncState = new AsyncMemoryState(new MemoryState());
  okOutput('token.init async', await vm.callAsync(initToken(tokenAsyncState)));
  const transferAsyncRequest = tokenRequest(tokenAsyncState);

  // V8 references, checked against detwasm's outputs.
  const v8Noop = jsEnv();
  const v8Counter = jsEnv({ entries: [['count', '41']] });
  const v8Token = jsEnv({ args: TRANSFER_ARGS, caller: 'alice', entries: [['supply', SUPPLY], ['balance:alice', SUPPLY]] });
  assertSame('noop output', okOutput('noop', vm.call(noopRequest)), v8Noop.call(noopModule, 'noop'));
  assertSame('counter.get output', okOutput('counter.get', vm.call(counterRequest)), v8Counter.call(counterModule, 'get'));
  assertSame('counter.get async output', okOutput('counter.get async', await vm.callAsync(counterAsyncRequest)), '41');
  const firstTransfer = v8Token.call(tokenModule, 'transfer');
  assertSame('token.transfer output', okOutput('token.transfer', vm.call(transferRequest)), firstTransfer);
  assertSame('token.transfer async output', okOutput('token.transfer async', await vm.callAsync(transferAsyncRequest)), firstTransfer);

  const noopHot = repeat(CALLS_PER_OP, () => vm.call(noopRequest));
  const counterHot = repeat(CALLS_PER_OP, () => vm.call(counterRequest));
  const transferHot = repeat(TRANSFER_CALLS_PER_OP, () => vm.call(transferRequest));
  const counterAsyncHot = repeatAsync(CALLS_PER_OP, () => vm.callAsync(counterAsyncRequest));
  const transferAsyncHot = repeatAsync(TRANSFER_CALLS_PER_OP, () => vm.callAsync(transferAsyncRequest));
  // The harness's warm-up is synchronous; warm the async paths here.
  await warmUpAsync(counterAsyncHot, WARMUP_MS);
  await warmUpAsync(transferAsyncHot, WARMUP_MS);
  const statsBefore = vm.cacheStats();

  const v8CounterHot = repeat(CALLS_PER_OP, () => v8Counter.call(counterModule, 'get'));
  const v8TransferHot = repeat(TRANSFER_CALLS_PER_OP, () => v8Token.call(tokenModule, 'transfer'));
  const cases = [
    { group: 'noop (no memory)', engine: 'detwasm', variant: 'vm.call', callsPerOp: CALLS_PER_OP, setup: () => noopHot },
    { group: 'noop (no memory)', engine: 'v8', variant: 'Instance + call', callsPerOp: CALLS_PER_OP, setup: () => repeat(CALLS_PER_OP, () => v8Noop.call(noopModule, 'noop')) },
    { group: 'counter.get', engine: 'detwasm', variant: 'vm.call', callsPerOp: CALLS_PER_OP, setup: () => counterHot },
    { group: 'counter.get', engine: 'v8', variant: 'Instance + call', callsPerOp: CALLS_PER_OP, setup: () => v8CounterHot },
    { group: 'token.transfer', engine: 'detwasm', variant: 'vm.call', callsPerOp: TRANSFER_CALLS_PER_OP, setup: () => transferHot },
    { group: 'token.transfer', engine: 'v8', variant: 'Instance + call', callsPerOp: TRANSFER_CALLS_PER_OP, setup: () => v8TransferHot },
    { group: 'counter.get async', engine: 'detwasm', variant: 'vm.callAsync', callsPerOp: CALLS_PER_OP, setup: () => counterAsyncHot },
    { group: 'counter.get async', engine: 'v8', variant: 'Instance + call (sync)', callsPerOp: CALLS_PER_OP, setup: () => v8CounterHot },
    { group: 'token.transfer async', engine: 'detwasm', variant: 'vm.callAsync', callsPerOp: TRANSFER_CALLS_PER_OP, setup: () => transferAsyncHot },
    { group: 'token.transfer async', engine: 'v8', variant: 'Instance + call (sync)', callsPerOp: TRANSFER_CALLS_PER_OP, setup: () => v8TransferHot },
  ];
  const report = await runSuite('vm', cases, {
    note: 'each op makes callsPerOp contract calls with a module-cache hit (compile once; per call: '
      + 'instantiate + run + tear down); v8 cases are a reference, not a twin: new WebAssembly.Instance '
      + 'of the same module with a minimal JS env (Map state, no gas, no write buffering) + the call; '
      + 'async groups: vm.callAsync with a HostEnv answering with settled Promises, against the sync V8 reference',
    targets: (r) => {
      const out = {};
      for (const c of r.cases) {
        const perSecond = Math.round(1 / c.secondsPerCall);
        c.callsPerSecond = perSecond;
        if (c.engine !== 'detwasm') continue;
        const isTiny = c.group === 'noop (no memory)' || c.group === 'counter.get';
        out[`${c.group} calls/s${isTiny ? ` >= ${TARGET_CALLS_PER_SECOND}` : ''}`] = `${perSecond.toLocaleString('en-US')}`
          + (isTiny ? ` (${perSecond >= TARGET_CALLS_PER_SECOND ? 'met' : 'NOT met'})` : '');
      }
      return out;
    },
  });
  // Every timed call was a cache hit.
  const stats = vm.cacheStats();
  if (stats.misses !== statsBefore.misses) throw new Error(`vm: ${stats.misses - statsBefore.misses} cache misses while timing`);
  console.log(`cache: ${stats.hits} hits, ${stats.misses} misses (one per contract), ${stats.entries} entries`);
  return report;
}
