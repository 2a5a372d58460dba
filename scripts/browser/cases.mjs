/**
 * The computations of `npm run test:browser` (issue 14 item 6), written once and run twice: in a
 * browser page (scripts/browser/page.mjs, `detwasm` resolved by the page's import map to the
 * served dist/) and in Node by scripts/test-browser.mjs (`detwasm` resolved by the package's
 * self-reference to the same dist/). Each case returns plain JSON (bytes as hex, bigints as
 * strings) so the two runs compare with a deep equality; nothing here reads a clock or a random
 * source, so a difference is a difference of detwasm on that JS engine.
 *
 * A case gets a host: `bytes(path)` / `text(path)` read a file of the repository (fetch in the
 * page, the file system in Node), `script(path)` runs a classic script in the global scope (a
 * <script src> in the page), `importModule(path)` imports an ES module, and `WebAssembly` is the
 * namespace the js-api cases run on (detwasm's; in Node also V8's, as an oracle).
 *
 *   core      the core API: examples/api/fib.wasm, the example contracts through createVM /
 *             vm.call (outputs, events, writes, errors and gasUsed, three schedules), the WASI
 *             examples, and a real package's module (hash-wasm sha256) metered;
 *   js-api    `detwasm/js-api` on real packages' wasm: @chainsafe/as-sha256 (AssemblyScript,
 *             SIMD), argon2-browser (Emscripten, SIMD), hash-wasm keccak-256 and blake3;
 *   drop-in   the page's WebAssembly deleted, `detwasm/js-api/install` imported, then the
 *             packages' own glue, which uses the global: hash-wasm's UMD bundles and
 *             @chainsafe/as-sha256's ES modules.
 */
import {
  compile, createVM, createWasi, DEFAULT_GAS_SCHEDULE, foldedStacks, instantiate, MemoryState, STRICT_GAS_SCHEDULE, Trap,
} from 'detwasm';

/** Hex of bytes. */
export function hex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** `size` deterministic bytes (xorshift32 from a state mixed from `seed`), the same on every engine. */
export function inputBytes(size, seed) {
  const out = new Uint8Array(size);
  let x = (Math.imul(seed, 0x9e3779b1) ^ 0x7f4a7c15) | 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const decoder = new TextDecoder();
const text = (bytes) => decoder.decode(bytes);

// ---------------------------------------------------------------------------------------------
// core API

/** The calls of test/vm/gas-golden.test.ts, in order, each on the state the previous ones left. */
export const CONTRACT_STEPS = Object.freeze([
  ['counter', 'increment', '{"by": 5}', ''],
  ['counter', 'increment', '', ''],
  ['counter', 'increment', '{"by": 123456789}', ''],
  ['counter', 'get', '', ''],
  ['counter', 'reset', '', ''],
  ['counter', 'get', '', ''],
  ['token', 'init', '{"supply": 1000000}', 'alice'],
  ['token', 'init', '{"supply": 5}', 'bob'],
  ['token', 'transfer', '{"to": "bob", "amount": 250}', 'alice'],
  ['token', 'transfer', '{"to": "carol", "amount": 100}', 'bob'],
  ['token', 'transfer', '{"to": "carol", "amount": 1000}', 'bob'],
  ['token', 'transfer', '{"to": "bob"}', 'alice'],
  ['token', 'balance_of', '{"account": "alice"}', ''],
  ['token', 'balance_of', '{"account": "nobody"}', ''],
  ['token', 'total_supply', '', ''],
  ['poll', 'results', '', ''],
  ['poll', 'open', '{"options": 3, "deadline": 100}', 'alice'],
  ['poll', 'open', '{"options": 2}', 'bob'],
  ['poll', 'vote', '{"option": 1}', 'bob'],
  ['poll', 'vote', '{"option": 1}', 'bob'],
  ['poll', 'vote', '{"option": 2}', 'carol'],
  ['poll', 'vote', '{"option": 1}', 'dave'],
  ['poll', 'vote', '{"option": 7}', 'erin'],
  ['poll', 'vote', '{"option": -1}', 'erin'],
  ['poll', 'vote', 'not json', 'erin'],
  ['poll', 'results', '', ''],
  ['poll', 'close', '', 'bob'],
  ['poll', 'close', '', 'alice'],
  ['poll', 'vote', '{"option": 0}', 'frank'],
  ['poll', 'results', '', ''],
]);

const CONTRACT_FILES = { counter: 'examples/contracts/counter/counter.wasm', token: 'examples/contracts/token/token.wasm', poll: 'examples/contracts/poll/poll.wasm' };

/** A VM call's result as JSON. */
function callJson(r) {
  return {
    output: text(r.output),
    gasUsed: r.gasUsed,
    error: r.error === null ? null : { kind: r.error.kind, message: r.error.message, trap: r.error.trap },
    logs: r.logs,
    events: r.events.map((e) => [e.name, text(e.data)]),
    writes: r.writes.map((w) => [text(w.key), w.value === null ? null : hex(w.value)]),
  };
}

/** The contract steps on one VM; `async` runs them through callAsync with a Promise-answering env. */
async function contractRun(host, gas, isAsync) {
  const code = {};
  for (const [name, file] of Object.entries(CONTRACT_FILES)) code[name] = await host.bytes(file);
  const vm = createVM({ gas });
  const states = { counter: new MemoryState(), token: new MemoryState(), poll: new MemoryState() };
  const steps = [];
  for (const [contract, method, args, caller] of CONTRACT_STEPS) {
    const state = states[contract];
    const env = isAsync
      ? { get: async (k) => state.get(k), set: async (k, v) => state.set(k, v), delete: async (k) => state.delete(k) }
      : state;
    const request = { contractId: contract, code: code[contract], method, args, caller, gasLimit: 10_000_000, env };
    steps.push([`${contract}.${method}(${args}) by "${caller}"`, callJson(isAsync ? await vm.callAsync(request) : vm.call(request))]);
  }
  const profiled = vm.call({ contractId: 'poll', code: code.poll, method: 'results', gasLimit: 10_000_000, env: states.poll, profile: true });
  return {
    steps,
    profile: { gasUsed: profiled.profile.gasUsed, folded: foldedStacks(profiled.profile) },
    state: Object.fromEntries(Object.entries(states).map(([name, s]) => [name, s.entries().map(([k, v]) => [text(k), hex(v)])])),
  };
}

/** examples/api/fib.wasm as the README's API example runs it. */
async function fibCase(host) {
  const module = compile(await host.bytes('examples/api/fib.wasm'));
  const plain = instantiate(module);
  let trap = null;
  try {
    plain.invoke('divide', [1, 0]);
  } catch (e) {
    if (!(e instanceof Trap)) throw e;
    trap = { code: e.code, message: e.message, wasmStack: e.wasmStack };
  }
  const metered = (gas, gasLimit) => {
    const r = instantiate(module, {}, { gas }).invokeMetered('fib', [20], { gasLimit });
    return { results: r.results, gasUsed: r.gasUsed, error: r.error === null ? null : r.error.message };
  };
  return {
    fib20: plain.exports.fib(20),
    trap,
    default: metered(DEFAULT_GAS_SCHEDULE, 10_000_000),
    strict: metered(STRICT_GAS_SCHEDULE, 100_000_000),
    outOfGas: metered(DEFAULT_GAS_SCHEDULE, 1_000_000),
  };
}

/** A WASI example with args, environ, stdin, seed and clock fixed. */
async function wasiCase(host, file) {
  const wasi = createWasi({ args: ['prog', '0', 'x'], env: [['GREETING', 'hi']], stdin: 'in', seed: 42n, timeNs: 1_700_000_000_000_000_000n });
  const instance = instantiate(compile(await host.bytes(file)), wasi.imports, { gas: DEFAULT_GAS_SCHEDULE });
  const r = wasi.start(instance, { gasLimit: 100_000_000 });
  return { exitCode: r.exitCode, gasUsed: r.gasUsed, error: r.error === null ? null : String(r.error.message), stdout: wasi.stdoutText(), stderr: wasi.stderrText() };
}

/** hash-wasm's chunk (MAX_HEAP in its lib/WASMInterface.ts): its I/O buffer holds 16 KiB. */
const HASH_CHUNK_BYTES = 16 * 1024;

/** The wasm bytes a hash-wasm UMD bundle embeds as base64 (`{name:"sha256",data:"AGFzbQ..."}`). */
async function hashWasmBytes(host, bundle) {
  const js = await host.text(`node_modules/hash-wasm/dist/${bundle}`);
  const m = /data:"([A-Za-z0-9+/=]+)"/.exec(js);
  if (m === null) throw new Error(`no embedded wasm in hash-wasm's ${bundle}`);
  const raw = atob(m[1]);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/**
 * Hashes `input` as hash-wasm's glue drives its modules (lib/WASMInterface.ts): Hash_Init(init);
 * per chunk written at Hash_GetBuffer(), Hash_Update(length); Hash_Final(final); the digest is
 * then at Hash_GetBuffer(). `call(name, args)` returns the export's result, `buffer()` the memory.
 */
function hashWasmDrive(call, buffer, input, init, final, digestBytes) {
  const at = call('Hash_GetBuffer', []);
  call('Hash_Init', [init]);
  for (let read = 0; read < input.length; read += HASH_CHUNK_BYTES) {
    const chunk = input.subarray(read, read + HASH_CHUNK_BYTES);
    new Uint8Array(buffer(), at, chunk.length).set(chunk);
    call('Hash_Update', [chunk.length]);
  }
  call('Hash_Final', [final]);
  return hex(new Uint8Array(buffer(), at, digestBytes));
}

/** hash-wasm's sha256 module on the core API, metered: digest and the gas of every call. */
async function meteredSha256Case(host) {
  const module = compile(await hashWasmBytes(host, 'sha256.umd.min.js'));
  const out = {};
  for (const [name, gas] of [['default', DEFAULT_GAS_SCHEDULE], ['strict', STRICT_GAS_SCHEDULE]]) {
    const instance = instantiate(module, {}, { gas });
    let gasUsed = 0;
    const call = (fn, args) => {
      const r = instance.invokeMetered(fn, args, { gasLimit: 1e12 });
      if (r.error !== null) throw r.error;
      gasUsed += r.gasUsed;
      return r.results[0];
    };
    const digest = hashWasmDrive(call, () => instance.exports.memory.buffer, inputBytes(40_000, 7), 256, 0, 32);
    out[name] = { digest, gasUsed };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// js-api: real packages' wasm through a WebAssembly namespace

/** @chainsafe/as-sha256's SIMD build: batchHash4UintArray64s, then the streaming digest. */
async function asSha256Case(host) {
  const WA = host.WebAssembly;
  const bytes = await host.bytes('node_modules/@chainsafe/as-sha256/build/optimized.simd.wasm');
  const abort = () => {
    throw new Error('as-sha256 abort');
  };
  const { instance } = await WA.instantiate(bytes, { env: { abort } });
  const x = instance.exports;
  const input = x.input.value;
  const output = x.output.value;
  const inputs = [0, 1, 2, 3].map((k) => inputBytes(64, 10 + k));
  inputs.forEach((data, k) => new Uint8Array(x.memory.buffer).set(data, input + 64 * k));
  x.batchHash4UintArray64s(output);
  const batch = [0, 1, 2, 3].map((k) => hex(new Uint8Array(x.memory.buffer, output + 32 * k, 32)));
  // Streaming, as lib/sha256.js updates: INPUT_LENGTH bytes at a time.
  const data = inputBytes(10_000, 5);
  const chunkBytes = x.INPUT_LENGTH.value;
  x.init();
  for (let i = 0; i < data.length; i += chunkBytes) {
    const chunk = data.subarray(i, i + chunkBytes);
    new Uint8Array(x.memory.buffer, input, chunk.length).set(chunk);
    x.update(input, chunk.length);
  }
  x.final(output);
  return { batch, stream10000: hex(new Uint8Array(x.memory.buffer, output, 32)), exports: Object.keys(x).sort() };
}

/** argon2-browser's SIMD build: argon2d / argon2i / argon2id, t=2, m=256 KiB, its two imports as its glue has them. */
async function argon2Case(host) {
  const WA = host.WebAssembly;
  const module = await WA.compile(await host.bytes('node_modules/argon2-browser/dist/argon2-simd.wasm'));
  const out = {};
  for (const [name, type] of [['argon2d', 0], ['argon2i', 1], ['argon2id', 2]]) {
    let memory = null;
    // memcpy_big and resize_heap, as dist/argon2.js defines them.
    const imports = {
      a: {
        a: (dest, src, num) => {
          new Uint8Array(memory.buffer).copyWithin(dest, src, src + num);
        },
        b: (requested) => {
          const need = requested >>> 0;
          const have = memory.buffer.byteLength;
          if (need <= have) return 1;
          try {
            memory.grow(Math.ceil((need - have) / 65536));
            return 1;
          } catch {
            return 0;
          }
        },
      },
    };
    const instance = await WA.instantiate(module, imports);
    const x = instance.exports;
    memory = x.c;
    x.d(); // __wasm_call_ctors
    const put = (data) => {
      const at = x.f(data.length + 1); // malloc
      new Uint8Array(memory.buffer).set(data, at);
      return at;
    };
    const password = new TextEncoder().encode('correct horse battery staple');
    const salt = inputBytes(16, 99 + type);
    const pwd = put(password);
    const saltAt = put(salt);
    const hash = x.f(32);
    const encoded = x.f(128);
    // argon2_hash(t_cost, m_cost KiB, parallelism, pwd, pwdlen, salt, saltlen, hash, hashlen, encoded, encodedlen, type, version)
    const rc = x.e(2, 256, 1, pwd, password.length, saltAt, salt.length, hash, 32, encoded, 128, type, 0x13);
    const mem = new Uint8Array(memory.buffer);
    out[name] = { rc, hash: hex(mem.subarray(hash, hash + 32)), encoded: text(mem.subarray(encoded, mem.indexOf(0, encoded))) };
  }
  return out;
}

/** hash-wasm's keccak-256 (its "sha3" module, Final(0x01)) and blake3 modules through the JS API. */
async function hashWasmJsApiCase(host) {
  const WA = host.WebAssembly;
  const out = {};
  for (const [name, bundle, init, final] of [['keccak256', 'keccak.umd.min.js', 256, 0x01], ['blake3', 'blake3.umd.min.js', 0, 32]]) {
    const { instance } = await WA.instantiate(await hashWasmBytes(host, bundle), {});
    const x = instance.exports;
    const call = (fn, args) => x[fn](...args);
    out[name] = [100, 40_000].map((size) => hashWasmDrive(call, () => x.memory.buffer, inputBytes(size, size), init, final, 32));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// drop-in: the packages' own glue on the global WebAssembly, which is detwasm's

/**
 * Deletes globalThis.WebAssembly, imports `detwasm/js-api/install`, then runs hash-wasm's UMD
 * bundles (sha256, keccak: `hashwasm.sha256(data)` compiles with the global WebAssembly) and
 * @chainsafe/as-sha256's ES modules (`new WebAssembly.Module(...)` when they load). Then puts
 * the host's WebAssembly back and replaces it with `installWebAssembly({ force: true })`, which
 * stays installed.
 */
async function dropInCase(host) {
  const native = globalThis.WebAssembly;
  const hadWebAssembly = typeof native;
  delete globalThis.WebAssembly;
  const deleted = typeof globalThis.WebAssembly;
  const install = await host.importModule('detwasm/js-api/install');
  const jsApi = await host.importModule('detwasm/js-api');
  const isDetwasm = globalThis.WebAssembly === install.installed && globalThis.WebAssembly.Module === jsApi.Module;
  await host.script('node_modules/hash-wasm/dist/sha256.umd.min.js');
  await host.script('node_modules/hash-wasm/dist/keccak.umd.min.js');
  const hw = globalThis.hashwasm;
  const data = inputBytes(40_000, 3);
  const hashWasm = {
    sha256: await hw.sha256(data),
    sha256Empty: await hw.sha256(''),
    sha256Text: await hw.sha256('abc'),
    keccak256: await hw.keccak(data, 256),
  };
  const as = await host.importModule('node_modules/@chainsafe/as-sha256/lib/index.js');
  const asSha256 = {
    digest40000: hex(as.digest(data)),
    digest64: hex(as.digest64(data.subarray(0, 64))),
    digestAbc: hex(as.digest(new TextEncoder().encode('abc'))),
  };
  // A page whose WebAssembly is there but refuses to compile (a CSP without 'wasm-unsafe-eval',
  // as the test page's): the import installs nothing, `installWebAssembly({ force: true })` replaces it.
  Object.defineProperty(globalThis, 'WebAssembly', { value: native, writable: true, configurable: true, enumerable: false });
  const keptPresent = install.installWebAssembly() === false && globalThis.WebAssembly === native;
  const forced = install.installWebAssembly({ force: true }) === true && globalThis.WebAssembly === install.installed;
  const forcedExports = WebAssembly.Module.exports(new WebAssembly.Module(await hashWasmBytes(host, 'sha256.umd.min.js'))).map((e) => `${e.kind} ${e.name}`);
  return { hadWebAssembly, deleted, isDetwasm, hashWasm, asSha256, keptPresent, forced, forcedExports };
}

/**
 * Every case: name, kind (core / js-api / drop-in) and `run(host)`. The drop-in case changes the
 * global WebAssembly, so it runs last.
 */
export const CASES = Object.freeze([
  { name: 'core: examples/api/fib.wasm', kind: 'core', run: fibCase },
  { name: 'core: contracts, default gas', kind: 'core', run: (host) => contractRun(host, DEFAULT_GAS_SCHEDULE, false) },
  { name: 'core: contracts, strict gas', kind: 'core', run: (host) => contractRun(host, STRICT_GAS_SCHEDULE, false) },
  { name: 'core: contracts, header loops, callAsync', kind: 'core', run: (host) => contractRun(host, { ...DEFAULT_GAS_SCHEDULE, loopCharge: 'header' }, true) },
  { name: 'core: WASI hello-c', kind: 'core', run: (host) => wasiCase(host, 'examples/wasi/hello-c.wasm') },
  { name: 'core: WASI hello-rust', kind: 'core', run: (host) => wasiCase(host, 'examples/wasi/hello-rust.wasm') },
  { name: 'core: hash-wasm sha256, metered', kind: 'core', run: meteredSha256Case },
  { name: 'js-api: @chainsafe/as-sha256 (SIMD)', kind: 'js-api', run: asSha256Case },
  { name: 'js-api: argon2-browser (SIMD)', kind: 'js-api', run: argon2Case },
  { name: 'js-api: hash-wasm keccak256, blake3', kind: 'js-api', run: hashWasmJsApiCase },
  { name: 'drop-in: no WebAssembly, install, glue', kind: 'drop-in', run: dropInCase },
]);

/**
 * Runs every case in order; a case that throws gives `{ error }` and the run goes on. Returns
 * `[{ name, kind, ms, result } | { name, kind, ms, error }]` (ms only for the table, never compared).
 */
export async function runCases(host, { only = null, now = () => 0 } = {}) {
  const out = [];
  for (const c of CASES) {
    if (only !== null && !only(c)) continue;
    const started = now();
    try {
      const result = await c.run(host);
      out.push({ name: c.name, kind: c.kind, ms: Math.round(now() - started), result });
    } catch (e) {
      out.push({ name: c.name, kind: c.kind, ms: Math.round(now() - started), error: `${e?.name ?? 'Error'}: ${e?.message ?? String(e)}` });
    }
  }
  return out;
}
