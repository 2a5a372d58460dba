/**
 * decode-validate suite: throughput (MB/s) of detwasm's `compile()` (decode, spec §5, plus
 * validate, spec §3) on the 5 largest binary modules of the core spec tests and on a generated
 * ~1.6 MB module (bench/workloads/large.wasm, see gen-large.mjs), next to V8's
 * `WebAssembly.validate` and `new WebAssembly.Module` on the same bytes. Node 20's V8 compiles
 * lazily (--wasm-lazy-compilation is on), so `new WebAssembly.Module` is validation plus setup,
 * not code generation. V8 also caches native modules by their bytes (--wasm-native-module-cache):
 * so the `new Module` case compiles a copy whose appended custom section changes on every op
 * (uncachedV8Compile in bench/lib.mjs).
 * Target: >= 30 MB/s for detwasm on the large module.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compile } from '../../dist/index.js';
import { REPO_DIR, readWorkload, runSuite, uncachedV8Compile } from '../lib.mjs';

const SPECTEST_CORE = path.resolve(REPO_DIR, '..', 'shared', 'spectest', 'core');
const LARGE_TARGET_MB_S = 30;

/** The `count` largest .wasm files of the core spec tests that both engines accept. */
function largestSpecModules(count) {
  if (!fs.existsSync(SPECTEST_CORE)) {
    console.warn(`decode-validate: ${SPECTEST_CORE} not found; spec-test modules skipped`);
    return [];
  }
  const files = fs.readdirSync(SPECTEST_CORE)
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => ({ name: f, size: fs.statSync(path.join(SPECTEST_CORE, f)).size }))
    .sort((x, y) => y.size - x.size || (x.name < y.name ? -1 : 1));
  const chosen = [];
  for (const f of files) {
    if (chosen.length === count) break;
    const bytes = new Uint8Array(fs.readFileSync(path.join(SPECTEST_CORE, f.name)));
    if (!WebAssembly.validate(bytes)) continue; // assert_invalid modules are not throughput cases
    chosen.push({ name: `spectest/${f.name}`, bytes });
  }
  return chosen;
}

/** Optional: decode without validating, through the built (non-public) decoder module. */
async function loadDecodeOnly() {
  try {
    const m = await import('../../dist/decoder/decode.js');
    return typeof m.decodeModule === 'function' ? m.decodeModule : null;
  } catch {
    return null;
  }
}

export async function run() {
  const modules = [{ name: 'large.wasm', bytes: readWorkload('large.wasm') }, ...largestSpecModules(5)];
  const decodeOnly = await loadDecodeOnly();
  const cases = [];
  for (const { name, bytes } of modules) {
    const group = `${name} (${(bytes.length / 1024).toFixed(1)} KiB)`;
    compile(bytes); // fails loudly here if detwasm rejects a module V8 accepts
    cases.push(
      { group, engine: 'detwasm', variant: 'compile', bytes: bytes.length, setup: () => () => compile(bytes) },
      { group, engine: 'v8', variant: 'validate', baseline: true, bytes: bytes.length, setup: () => () => WebAssembly.validate(bytes) },
      { group, engine: 'v8', variant: 'new Module', bytes: bytes.length, setup: () => uncachedV8Compile(bytes) },
    );
    if (decodeOnly !== null && name === 'large.wasm') {
      cases.push({ group, engine: 'detwasm', variant: 'decode only', bytes: bytes.length, setup: () => () => decodeOnly(bytes) });
    }
  }
  return runSuite('decode-validate', cases, {
    note: 'ratio = detwasm time per op / V8 WebAssembly.validate time per op on the same bytes',
    targets: (report) => {
      const c = report.cases.find((x) => x.group.startsWith('large.wasm') && x.variant === 'compile');
      const mbs = c.megabytesPerSecond;
      return { [`detwasm compile on large.wasm >= ${LARGE_TARGET_MB_S} MB/s`]: `${mbs.toFixed(1)} MB/s (${mbs >= LARGE_TARGET_MB_S ? 'met' : 'NOT met'})` };
    },
  });
}
