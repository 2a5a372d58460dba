/**
 * Real npm packages with wasm (pinned dev dependencies), each driven through its own glue on a
 * fixed input: the workloads of test/js-api/packages.test.ts (V8 vs detwasm/js-api, plain node
 * and node --jitless) and of bench/suites/js-api.mjs. Nothing here names an engine: every package
 * uses whatever `globalThis.WebAssembly` is when it is loaded (see detwasm-preload.mjs).
 *
 * A package entry: `glue` (what kind of loader the package ships), `load()` (imports the package
 * through its Node entry; its wasm is instantiated there or on first use), `run(api, scale)` (the
 * fixed workload, JSON-able output: digests as hex, sizes, strings) and `bad(api)` (corrupt or
 * invalid input: what the glue returns or throws, as JSON). `scale` multiplies the input size
 * (1 in the tests, larger in the bench); the inputs are pseudo-random bytes from a fixed seed.
 * Output keys starting with `agrees` compare a result with an oracle outside wasm (node:crypto,
 * node:zlib, Buffer, Node's own JS engine): the test asserts they are true on every engine, so
 * the engines cannot agree on a wrong answer there. `run(api, scale, false)` (the bench) skips
 * those oracles, so the time measured is the package's.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The installed version of a dev dependency (node_modules/NAME/package.json: export maps hide it). */
export function packageVersion(name) {
  return JSON.parse(readFileSync(new URL(`../../../node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
}

/** Deterministic pseudo-random bytes (xorshift32). */
export function bytesOf(n, seed) {
  const out = new Uint8Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Text-like bytes (compressible): words of a small vocabulary chosen by a fixed seed. */
export function textOf(n, seed) {
  const words = ['wasm', 'interpreter', 'deterministic', 'consensus', 'block', 'chain', 'gas', 'memory', 'table', 'global', 'trap', 'stack'];
  const noise = bytesOf(n, seed);
  let s = '';
  for (let i = 0; s.length < n; i++) s += `${words[noise[i % n] % words.length]}${noise[(i * 7) % n] % 5 === 0 ? '.\n' : ' '}`;
  return new TextEncoder().encode(s.slice(0, n));
}

const hex = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
/** SHA-256 (node:crypto, not wasm) of a large output, so the JSON stays small. */
const digestOf = (bytes) => createHash('sha256').update(bytes).digest('hex');

/**
 * What a call threw, as JSON: the class name (and whether it is the current namespace's
 * RuntimeError, i.e. a trap), the message and, for the Emscripten-style rejections of plain
 * objects, their fields. Messages are kept as the glue made them.
 */
export function errorOf(e) {
  const W = globalThis.WebAssembly;
  if (e instanceof Error) {
    return { threw: e.constructor.name, isRuntimeError: W !== undefined && e instanceof W.RuntimeError, message: e.message };
  }
  if (typeof e === 'object' && e !== null) return { threw: 'object', value: JSON.parse(JSON.stringify(e)) };
  return { threw: typeof e, value: String(e) };
}

/** Runs `f` and returns `{ value }` or its `errorOf` (sync throws and rejections alike). */
export async function outcome(f) {
  try {
    return { value: await f() };
  } catch (e) {
    return errorOf(e);
  }
}

/** @type {Record<string, { glue: string, load: () => Promise<any>, run: (api: any, scale: number) => Promise<unknown>, bad: (api: any) => Promise<unknown> }>} */
export const PACKAGES = {
  'hash-wasm': {
    glue: 'hand-written loader: each hash compiles its embedded (base64) module with WebAssembly.compile on first use',
    load: () => import('hash-wasm'),
    async run(api, scale, check = true) {
      const data = bytesOf(24_000 * scale, 1);
      const out = {
        sha256: await api.sha256(data),
        blake3: await api.blake3(data),
        keccak256: await api.keccak(data, 256),
        xxhash64: await api.xxhash64(data, 7, 0x01020304),
        crc32: await api.crc32(data),
      };
      // Argon2id: a block memory sized by Hash_SetMemorySize (in wasm), many calls of the compression function.
      out.argon2id = await api.argon2id({
        password: 'correct horse', salt: bytesOf(16, 2), parallelism: 1, iterations: 2, memorySize: 64 * scale, hashLength: 32, outputType: 'encoded',
      });
      // The streaming interface: one hasher, many updates (state kept in wasm memory).
      const h = await api.createSHA256();
      h.init();
      for (let i = 0; i < 8; i++) h.update(data.subarray(i * 1000, i * 1000 + 1000));
      out.sha256Streamed = h.digest('hex');
      if (check) out.agreesNodeCrypto = out.sha256 === createHash('sha256').update(data).digest('hex')
        && out.sha256Streamed === createHash('sha256').update(data.subarray(0, 8000)).digest('hex');
      return out;
    },
    async bad(api) {
      return {
        saltTooShort: await outcome(() => api.argon2id({ password: 'x', salt: new Uint8Array(4), parallelism: 1, iterations: 1, memorySize: 8, hashLength: 32 })),
        notData: await outcome(() => api.sha256(12345)),
      };
    },
  },

  'argon2-browser': {
    glue: 'Emscripten (2021): reads dist/argon2.wasm with fs, WebAssembly.instantiate, table.get for callbacks, memory.grow through emscripten_resize_heap',
    async load() {
      // Its Emscripten glue (2021) streams the wasm with fetch() whenever fetch and
      // WebAssembly.instantiateStreaming exist, passing a file path, and the rejection of that
      // fetch escapes its fallback: on Node >= 18 the first hash aborts, on V8 as on detwasm. The
      // glue is loaded (synchronously, by the first hash) with fetch hidden, as under Node 16.
      const api = require('argon2-browser');
      const fetch = globalThis.fetch;
      globalThis.fetch = undefined;
      let first;
      try {
        first = api.hash({ pass: 'load', salt: 'saltsalt', time: 1, mem: 8, hashLen: 16 });
      } finally {
        globalThis.fetch = fetch;
      }
      await first;
      return api;
    },
    async run(api, scale, check = true) {
      const r = await api.hash({ pass: 'correct horse battery staple', salt: 'saltsaltsalt', time: 2, mem: 128 * scale, hashLen: 32, parallelism: 1, type: api.ArgonType.Argon2id });
      const d = await api.hash({ pass: new Uint8Array([0, 1, 2, 255]), salt: bytesOf(16, 3), time: 1, mem: 64, hashLen: 24, parallelism: 2, type: api.ArgonType.Argon2d });
      const verified = await api.verify({ pass: 'correct horse battery staple', encoded: r.encoded, type: api.ArgonType.Argon2id });
      return { argon2id: { hashHex: r.hashHex, encoded: r.encoded }, argon2d: { hashHex: d.hashHex, encoded: d.encoded }, verified: verified === undefined };
    },
    async bad(api) {
      const { encoded } = await api.hash({ pass: 'pw', salt: 'saltsaltsalt', time: 1, mem: 64, hashLen: 16, type: api.ArgonType.Argon2i });
      return {
        wrongPassword: await outcome(() => api.verify({ pass: 'PW', encoded, type: api.ArgonType.Argon2i })),
        corruptEncoding: await outcome(() => api.verify({ pass: 'pw', encoded: encoded.replace('$v=19', '$v=1x'), type: api.ArgonType.Argon2i })),
        saltTooShort: await outcome(() => api.hash({ pass: 'pw', salt: 'abc', time: 1, mem: 64, hashLen: 16 })),
      };
    },
  },

  '@chainsafe/as-sha256': {
    glue: 'AssemblyScript module, hand-written glue: WebAssembly.validate picks the SIMD build, new WebAssembly.Module / Instance, views over exports.memory',
    load: () => import('@chainsafe/as-sha256'),
    async run(api, scale, check = true) {
      const data = bytesOf(20_000 * scale, 4);
      const blocks = [0, 1, 2, 3].map((k) => bytesOf(64, 11 + 2 * k)); // xorshift seeds are odd (seed | 1)
      let chain = bytesOf(64, 5);
      for (let i = 0; i < 100 * scale; i++) {
        const d = api.digest64(chain);
        chain = new Uint8Array(64);
        chain.set(d);
        chain.set(d, 32);
      }
      const sha = (b) => createHash('sha256').update(b).digest('hex');
      const batch = api.batchHash4UintArray64s(blocks).map(hex);
      return {
        simdEnabled: api.simdEnabled,
        agreesNodeCrypto: !check || (hex(api.digest(data)) === sha(data) && batch.every((d, k) => d === sha(blocks[k]))),
        digest: hex(api.digest(data)),
        digest64Chain: hex(chain.subarray(0, 32)),
        digest2Bytes32: hex(api.digest2Bytes32(blocks[0].subarray(0, 32), blocks[1].subarray(0, 32))),
        batchHash4UintArray64s: batch,
      };
    },
    async bad(api) {
      return {
        digest64Of63Bytes: await outcome(() => hex(api.digest64(new Uint8Array(63)))),
        batchOfThree: await outcome(() => api.batchHash4UintArray64s([new Uint8Array(64), new Uint8Array(64), new Uint8Array(64)]).map(hex)),
      };
    },
  },

  'fast-base64': {
    glue: 'hand-written: embedded SIMD and scalar modules (base64), WebAssembly.validate picks one, a module-level `WebAssembly` alias captured at load, memory.grow from JS',
    load: () => import('fast-base64'),
    async run(api, scale, check = true) {
      const data = bytesOf(30_000 * scale, 6);
      const text = await api.toBase64(data);
      const back = await api.toBytes(text);
      return {
        base64: digestOf(text), length: text.length, head: text.slice(0, 40), roundTrip: Buffer.compare(Buffer.from(back), Buffer.from(data)) === 0,
        agreesBuffer: !check || text === Buffer.from(data).toString('base64'),
      };
    },
    async bad(api) {
      // Not base64 at all: the module decodes whatever it is given (no validation in the glue).
      return { notBase64: await outcome(async () => hex(await api.toBytes('!!!!@@@@****____'))) };
    },
  },

  'brotli-wasm': {
    glue: 'wasm-bindgen (nodejs target): fs.readFileSync + new WebAssembly.Module / Instance at require time; views re-made when byteLength is 0 after memory.grow; JS Error objects for failures',
    load: () => Promise.resolve(require('brotli-wasm')),
    async run(api, scale, check = true) {
      // Quality 1 (fast) and 2: from quality 3 the encoder's setup (zeroing its hash tables) costs a
      // second per call on detwasm (brotli compress at quality 5 of 4 KB: 1.1 s; V8: 1 ms).
      const text = textOf(10_000 * scale, 7);
      const compressed = api.compress(text, { quality: 2 });
      const back = api.decompress(compressed);
      // The streaming interface (wasm-bindgen classes with free()).
      const cs = new api.CompressStream(1);
      const parts = [];
      let offset = 0;
      while (offset < text.length) {
        const r = cs.compress(text.subarray(offset, offset + 4096), 1 << 16);
        offset += r.input_offset;
        parts.push(r.buf);
        r.free();
      }
      for (;;) {
        const r = cs.compress(undefined, 1 << 16);
        parts.push(r.buf);
        const done = r.code === api.BrotliStreamResultCode.ResultSuccess;
        r.free();
        if (done) break;
      }
      cs.free();
      const streamed = Buffer.concat(parts);
      return {
        inputDigest: digestOf(text), compressedLength: compressed.length, compressed: digestOf(compressed), roundTrip: digestOf(back) === digestOf(text),
        streamedLength: streamed.length, streamed: digestOf(streamed), streamedRoundTrip: digestOf(api.decompress(streamed)) === digestOf(text),
        agreesNodeZlib: !check || (digestOf(brotliDecompressSync(compressed)) === digestOf(text) && digestOf(brotliDecompressSync(streamed)) === digestOf(text)),
      };
    },
    async bad(api) {
      const good = api.compress(textOf(2000, 8), { quality: 1 });
      const truncated = good.subarray(0, good.length >> 1);
      return {
        garbage: await outcome(() => digestOf(api.decompress(bytesOf(100, 9)))),
        truncated: await outcome(() => digestOf(api.decompress(truncated))),
      };
    },
  },

  'lz4-wasm-nodejs': {
    glue: 'wasm-bindgen (nodejs target, Rust lz4_flex): fs.readFileSync + new WebAssembly.Module / Instance; a Rust panic on corrupt input is a wasm unreachable trap',
    load: () => Promise.resolve(require('lz4-wasm-nodejs')),
    async run(api, scale, check = true) {
      const text = textOf(60_000 * scale, 10);
      const compressed = api.compress(text);
      const back = api.decompress(compressed);
      const random = bytesOf(20_000 * scale, 11);
      const randomCompressed = api.compress(random);
      return {
        compressedLength: compressed.length, compressed: digestOf(compressed), roundTrip: digestOf(back) === digestOf(text),
        randomCompressedLength: randomCompressed.length, randomRoundTrip: digestOf(api.decompress(randomCompressed)) === digestOf(random),
      };
    },
    async bad(api) {
      const good = api.compress(textOf(4000, 12));
      const corrupt = good.slice();
      corrupt.fill(0xff, 8, 40);
      return {
        corrupt: await outcome(() => digestOf(api.decompress(corrupt))),
        garbage: await outcome(() => digestOf(api.decompress(bytesOf(64, 13)))),
        // A size prefix of 2^32 - 1: the Vec allocation fails, Rust aborts, wasm traps (unreachable).
        hugeSizePrefix: await outcome(() => digestOf(api.decompress(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x10, 0x41])))),
      };
    },
  },

  'rabin-wasm': {
    glue: 'AssemblyScript with @assemblyscript/loader 0.9 (instantiateSync: new WebAssembly.Module / Instance, __allocArray / __retain / __release, views over exports.memory)',
    load: () => Promise.resolve(require('rabin-wasm')),
    async run(api, scale, check = true) {
      const data = bytesOf(32_000 * scale, 14);
      const rabin = await api.create(12, 1024, 8192, 64);
      const lengths = [...rabin.fingerprint(data)];
      const second = [...rabin.fingerprint(data.subarray(5000))];
      return { chunks: lengths.length, lengths, total: lengths.reduce((s, n) => s + n, 0), secondCall: second.slice(0, 8) };
    },
    async bad(api) {
      // A window larger than AssemblyScript's buffer allocation allows: the module's abort (a trap or the loader's Error).
      return {
        emptyInput: await outcome(async () => [...(await api.create(12, 1024, 8192, 64)).fingerprint(new Uint8Array(0))]),
        hugeWindow: await outcome(async () => [...(await api.create(12, 1024, 8192, 0x7fffffff)).fingerprint(bytesOf(100, 15))]),
      };
    },
  },

  'quickjs-emscripten-core': {
    glue: 'Emscripten (2024, QuickJS 2024-02 in 503 KB of wasm, variant @jitl/quickjs-wasmfile-release-sync): fs read + WebAssembly.instantiate, imports that call back into wasm (host functions, interrupt handler)',
    async load() {
      const { newQuickJSWASMModuleFromVariant } = await import('quickjs-emscripten-core');
      const { default: variant } = await import('@jitl/quickjs-wasmfile-release-sync');
      return newQuickJSWASMModuleFromVariant(variant);
    },
    async run(QuickJS, scale, check = true) {
      const vm = QuickJS.newContext();
      // A host function: wasm calls it, and it calls back into wasm to read its arguments and make its result.
      const mix = vm.newFunction('mix', (a, b) => vm.newNumber((vm.getNumber(a) * 31 + vm.getNumber(b)) % 1000003));
      vm.setProp(vm.global, 'mix', mix);
      mix.dispose();
      const program = `
        const n = ${60 * scale};
        const xs = [];
        let seed = 7;
        for (let i = 0; i < n; i++) { seed = (seed * 1103515245 + 12345) % 2147483648; xs.push({ id: i, v: seed / 2147483648, s: seed.toString(36) }); }
        xs.sort((a, b) => a.v - b.v || a.id - b.id);
        const text = xs.map((x) => x.s).join(',');
        const words = text.match(/[a-z]{3,}/g) ?? [];
        let h = 0;
        for (const x of xs) h = mix(h, x.id);
        const floats = [Math.sin(1e6), Math.exp(-3.5), Math.pow(2, 0.5), (0.1 + 0.2).toFixed(20), (123.456).toExponential(8), Number.parseFloat('1e-310'), 2 ** 53 + 1];
        JSON.stringify({ first: xs.slice(0, 5), words: words.length, longest: words.reduce((a, w) => (w.length > a.length ? w : a), ''), h, floats, big: (2n ** 100n).toString(16) });
      `;
      const result = vm.unwrapResult(vm.evalCode(program));
      const text = vm.getString(result);
      result.dispose();
      vm.dispose();
      const out = JSON.parse(text);
      if (!check) return out;
      // The same program on Node's own engine (with a JS mix): equal but for the libm-computed floats.
      const node = JSON.parse(new Function('mix', `return eval(${JSON.stringify(program)})`)((a, b) => (a * 31 + b) % 1000003));
      out.agreesNodeJs = JSON.stringify({ ...node, floats: node.floats.slice(3) }) === JSON.stringify({ ...out, floats: out.floats.slice(3) });
      return out;
    },
    async bad(QuickJS) {
      // One runtime and context for all (each new context costs ~0.4 s on detwasm, ~10 s under --jitless).
      const runtime = QuickJS.newRuntime();
      const vm = runtime.newContext();
      const evalOutcome = (code) => {
        const r = vm.evalCode(code);
        const out = r.error ? { error: vm.dump(r.error) } : { value: vm.dump(r.value) };
        (r.error ?? r.value).dispose();
        return out;
      };
      let polls = 0;
      const out = { syntax: evalOutcome('let x = ;'), thrown: evalOutcome('null.f()') };
      // The interrupt handler is a JS import the interpreter loop calls from wasm.
      runtime.setInterruptHandler(() => ++polls > 2);
      out.interrupted = evalOutcome('for (;;) {}');
      runtime.removeInterruptHandler();
      runtime.setMemoryLimit(1 << 22);
      out.outOfMemory = evalOutcome("'x'.repeat(1 << 23).length");
      out.afterwards = evalOutcome('[1, 2, 3].map((x) => x * x).join()');
      vm.dispose();
      runtime.dispose();
      return out;
    },
  },

  'sql.js': {
    glue: 'Emscripten (SQLite 3, 688 KB of wasm): fs read + WebAssembly.instantiate, a filesystem in JS, function pointers through the table, exceptions as JS errors',
    load: () => Promise.resolve(require('sql.js')).then((init) => init()),
    async run(SQL, scale, check = true) {
      const db = new SQL.Database();
      db.run('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL, weight REAL, tag BLOB)');
      const insert = db.prepare('INSERT INTO item (name, weight, tag) VALUES (?, ?, ?)');
      const noise = bytesOf(4 * 200 * scale, 16);
      for (let i = 0; i < 200 * scale; i++) {
        insert.run([`item-${(noise[i * 4] * 7919 + i) % 1000}`, (noise[i * 4 + 1] - 128) / 7.25, noise.subarray(i * 4, i * 4 + 4)]);
      }
      insert.free();
      db.run('CREATE INDEX item_name ON item (name)');
      const q = (sql) => db.exec(sql)[0]?.values ?? [];
      // JS functions called from SQL: sql.js adds them to the wasm table (Emscripten addFunction:
      // table.grow, a small wasm module made at run time to wrap the JS function); inside them the
      // glue calls back into wasm (sqlite3_value_*, sqlite3_result_*): re-entrant calls.
      db.create_function('mix', (a, b) => (a * 31 + b) % 1000003);
      db.create_aggregate('js_concat', { init: () => [], step: (acc, x) => { acc.push(x); return acc; }, finalize: (acc) => acc.join('|') });
      const out = {
        functions: q('SELECT sum(mix(id, length(name))), js_concat(name) FROM (SELECT * FROM item ORDER BY id LIMIT 20)'),
        count: q('SELECT count(*), sum(weight), min(name), max(name) FROM item'),
        groups: q("SELECT substr(name, 1, 6) AS k, count(*), printf('%.6f', avg(weight)), hex(max(tag)) FROM item GROUP BY k ORDER BY k"),
        window: q('SELECT id, name, sum(weight) OVER (ORDER BY name, id ROWS 3 PRECEDING) FROM item ORDER BY name, id LIMIT 12'),
        recursive: q('WITH RECURSIVE n(i, f) AS (SELECT 1, 1 UNION ALL SELECT i + 1, (f * (i + 1)) % 1000003 FROM n WHERE i < 1000) SELECT max(i), sum(f), total(f * 1.5) FROM n'),
        json: q("SELECT json_group_array(json_object('id', id, 'w', round(weight, 2))) FROM (SELECT * FROM item ORDER BY weight DESC LIMIT 5)"),
        floats: q("SELECT printf('%.17g', 0.1 + 0.2), 1e308 * 10, round(2.5), cast('12.5e-3' AS REAL), -0.0"),
      };
      if (check) out.agreesJs = out.count[0][0] === 200 * scale && out.functions[0][1] === q('SELECT name FROM item ORDER BY id LIMIT 20').map((r) => r[0]).join('|');
      out.file = digestOf(db.export());
      db.close();
      return out;
    },
    async bad(SQL) {
      const db = new SQL.Database();
      const r = {
        syntax: await outcome(() => db.exec('SELEC 1')),
        constraint: await outcome(() => {
          db.run('CREATE TABLE t (a NOT NULL)');
          db.run('INSERT INTO t VALUES (NULL)');
        }),
        notADatabase: await outcome(() => new SQL.Database(bytesOf(8192, 17)).exec('SELECT * FROM sqlite_master')),
      };
      db.close();
      return r;
    },
  },
};
