/**
 * Real npm packages with wasm run their own glue on `detwasm/js-api` (issue 14 item 4): each
 * package of test/js-api/packages/workloads.mjs runs in a child process three ways, on the same
 * fixed inputs:
 *   (a) plain `node`: V8's own WebAssembly (the oracle);
 *   (b) plain `node --import detwasm-preload.mjs`: `installWebAssembly({ force: true })` from the
 *       built dist/js-api/install.js replaces V8's before the package is loaded;
 *   (c) `node --jitless --import detwasm-preload.mjs`: no native WebAssembly at all.
 * The printed output (results and the outcomes of corrupt or invalid inputs) of (b) and (c) must
 * equal (a)'s byte for byte, the preload's witness must show that (b) and (c) read the exports of
 * detwasm's Instances (and (a) none), and every `agrees*` field (a result checked against
 * node:crypto, node:zlib, Buffer or Node's JS) must be true. Runs dist/ (`npm run build`, which
 * `npm test` does first). Cost: ~30 s of CPU in all (27 child processes, 2 at a time).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGES } from './packages/workloads.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DRIVER = fileURLToPath(new URL('./packages/run-package.mjs', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./packages/detwasm-preload.mjs', import.meta.url));
/** A run under --jitless of the slowest package took ~10 s of CPU; a loaded machine may double it. */
const RUN_TIMEOUT_MS = 240_000;

interface Witness { readonly hostHadWebAssembly: boolean; readonly installed: boolean; readonly instances: number }
interface Run {
  readonly package: string;
  readonly version: string;
  readonly engine: 'v8' | 'detwasm' | 'none';
  readonly witness: Witness | null;
  readonly output: Record<string, unknown>;
  readonly bad: Record<string, unknown>;
  /** output and bad as the child serialised them: compared byte for byte. */
  readonly text: string;
  readonly wallMs: number;
}

const WAYS = {
  v8: [] as string[],
  detwasm: ['--import', PRELOAD],
  jitless: ['--jitless', '--import', PRELOAD],
} as const;
type Way = keyof typeof WAYS;

/** A tiny pool: at most `limit` child processes at once (the machine has 2 cores). */
function pool(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await job();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

function runPackage(name: string, way: Way): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [...WAYS[way], DRIVER, name], { cwd: ROOT, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      if (error !== null) {
        reject(new Error(`${name} (${way}) failed: ${error.message}\n${stderr.slice(-4000)}`));
        return;
      }
      const line = stdout.trim().split('\n').at(-1) ?? '';
      const parsed = JSON.parse(line) as Omit<Run, 'text' | 'wallMs'>;
      resolve({ ...parsed, text: JSON.stringify([parsed.output, parsed.bad]), wallMs: performance.now() - started });
    });
  });
}

const NAMES = Object.keys(PACKAGES);
const runs = new Map<string, Promise<Run>>();

beforeAll(() => {
  if (!existsSync(`${ROOT}dist/js-api/install.js`)) throw new Error('dist/ is missing: run `npm run build` (npm test does)');
  const limit = pool(Math.max(1, Math.min(2, availableParallelism())));
  // The slow way first for every package, so the pool is never left with one long run at the end.
  for (const way of ['jitless', 'detwasm', 'v8'] as const) {
    for (const name of NAMES) {
      const p = limit(() => runPackage(name, way));
      p.catch(() => {}); // reported by the test that awaits it
      runs.set(`${name}|${way}`, p);
    }
  }
});

const get = (name: string, way: Way): Promise<Run> => runs.get(`${name}|${way}`)!;

/** Every `agrees*` key of an output (a result checked against an oracle outside wasm). */
function agreements(output: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(output).filter(([k]) => k.startsWith('agrees')));
}

describe.each(NAMES)('%s', (name) => {
  it('runs on V8 (plain node): no detwasm witness, its oracle checks hold', async () => {
    const v8 = await get(name, 'v8');
    expect(v8.engine).toBe('v8');
    expect(v8.witness).toBeNull();
    expect(v8.package).toBe(name);
    for (const value of Object.values(agreements(v8.output))) expect(value).toBe(true);
  }, RUN_TIMEOUT_MS);

  it.each(['detwasm', 'jitless'] as const)('on detwasm/js-api (%s): output and bad-input outcomes equal V8\'s byte for byte', async (way) => {
    const [v8, ours] = await Promise.all([get(name, 'v8'), get(name, way)]);
    expect(ours.text).toBe(v8.text);
    expect(ours.version).toBe(v8.version);
    expect(ours.engine).toBe('detwasm');
    expect(ours.witness).toStrictEqual({ hostHadWebAssembly: way === 'detwasm', installed: true, instances: expect.any(Number) });
    expect(ours.witness!.instances).toBeGreaterThan(0);
  }, RUN_TIMEOUT_MS);
});

/** Specific outcomes of bad input, on every way (the equality above makes them the same everywhere). */
describe.each(['v8', 'detwasm', 'jitless'] as const)('bad input (%s)', (way) => {
  it('a wasm trap surfaces as the namespace\'s RuntimeError: lz4 with a 2^32 - 1 size prefix (Rust alloc failure -> unreachable)', async () => {
    const run = await get('lz4-wasm-nodejs', way);
    expect(run.bad['hugeSizePrefix']).toStrictEqual({ threw: 'RuntimeError', isRuntimeError: true, message: 'unreachable' });
    expect(run.bad['corrupt']).toStrictEqual({ threw: 'string', value: 'the offset to copy is not contained in the decompressed buffer' });
  }, RUN_TIMEOUT_MS);

  it('errors made in wasm reach the glue: SQLite, Argon2, brotli, QuickJS, AssemblyScript abort', async () => {
    const [sql, argon2, brotli, quickjs, rabin] = await Promise.all(['sql.js', 'argon2-browser', 'brotli-wasm', 'quickjs-emscripten-core', 'rabin-wasm'].map((n) => get(n, way)));
    expect(sql!.bad['syntax']).toStrictEqual({ threw: 'Error', isRuntimeError: false, message: 'near "SELEC": syntax error' });
    expect(sql!.bad['notADatabase']).toMatchObject({ message: 'file is not a database' });
    expect(argon2!.bad['wrongPassword']).toStrictEqual({ threw: 'object', value: { message: 'The password does not match the supplied hash', code: -35 } });
    expect(brotli!.bad['truncated']).toMatchObject({ threw: 'string' });
    expect(quickjs!.bad).toMatchObject({ interrupted: { error: { name: 'InternalError', message: 'interrupted' } }, outOfMemory: { error: { message: 'out of memory' } }, afterwards: { value: '1,4,9' } });
    expect(rabin!.bad['hugeWindow']).toMatchObject({ threw: 'Error', message: expect.stringMatching(/^abort: /) });
  }, RUN_TIMEOUT_MS);
});
