/**
 * Dispatch counts of the interpreter on one execute-suite workload or real-suite subject (sha256,
 * blake3, keccak256 on 256 KiB; coremix(2)): which IR ops (and which
 * adjacent pairs) run most, to choose what to fuse or speed up next. Not a benchmark.
 *   npm run build && node bench/opcount.mjs sort [top] [--gas default|strict]
 * Copies dist/ to a temporary folder, adds a counter in front of run.js's dispatch `switch`
 * and runs the workload once on the copy. Op names come from dist/interpreter/ir.js and the
 * wasm opcode table (IR ops 0x28-0xc4 keep their wasm opcode).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const gasAt = args.indexOf('--gas');
const gasName = gasAt >= 0 ? args.splice(gasAt, 2)[1] : undefined;
const [name, topArg] = args;
const top = topArg === undefined ? 25 : Number(topArg);
const dist = new URL('../dist/', import.meta.url);
const copy = mkdtempSync(join(tmpdir(), 'detwasm-opcount-'));
try {
  cpSync(dist, copy, { recursive: true });
  const runPath = join(copy, 'interpreter', 'run.js');
  const source = readFileSync(runPath, 'utf8');
  const marker = 'switch (code[pc++]) {';
  if (!source.includes(marker)) throw new Error(`run.js has no "${marker}"`);
  const counting = source.replace(marker,
    'const __op = code[pc++]; globalThis.__ops[__op]++; globalThis.__pairs[globalThis.__prev * 1024 + __op]++; globalThis.__prev = __op; switch (__op) {');
  writeFileSync(runPath, counting);
  globalThis.__ops = new Float64Array(1024);
  globalThis.__pairs = new Float64Array(1024 * 1024);
  globalThis.__prev = 0;

  const names = new Map();
  const wasmOps = await import(pathToFileURL(join(copy, 'decoder', 'opcodes.js')).href);
  for (const [k, v] of Object.entries(wasmOps)) if (typeof v === 'number' && v >= 0x28 && v <= 0xc4) names.set(v, k.toLowerCase());
  const ir = await import(pathToFileURL(join(copy, 'interpreter', 'ir.js')).href);
  for (const [k, v] of Object.entries(ir)) if (typeof v === 'number' && !k.endsWith('_BASE')) names.set(v, k.toLowerCase());
  const label = (op) => names.get(op) ?? `0x${op.toString(16)}`;

  const { SUBJECT_NAMES, meteredEngine, runnerFor } = await import('./subjects.mjs');
  if (!SUBJECT_NAMES.includes(name)) {
    console.error(`usage: node bench/opcount.mjs NAME [top]\nNAME: ${SUBJECT_NAMES.join(', ')}`);
    process.exit(2);
  }
  const engine = await import(pathToFileURL(join(copy, 'index.js')).href);
  // Real code on larger inputs than the A/B tools': a hash-wasm module on 256 KiB, coremix(2).
  runnerFor(name, meteredEngine(engine, gasName, '--gas'), { hashBytes: 256 * 1024, coremixIterations: 2 })();

  const total = globalThis.__ops.reduce((a, b) => a + b, 0);
  const rows = (arr, key) => [...arr.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).slice(0, top).map(([i, n]) => `${(100 * n / total).toFixed(1).padStart(5)}%  ${key(i)}`);
  console.log(`${name}: ${total} dispatches\n-- ops`);
  console.log(rows(globalThis.__ops, label).join('\n'));
  console.log('-- pairs');
  console.log(rows(globalThis.__pairs, (i) => `${label(Math.floor(i / 1024))} -> ${label(i % 1024)}`).join('\n'));
} finally {
  rmSync(copy, { recursive: true, force: true });
}
