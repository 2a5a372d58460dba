/**
 * Reporting of differential findings: the module as text (wabt's wasm2wat, in the `wabt` npm
 * package) with its calls, a stable signature to group findings, and regression files
 * (test/diff/regressions/<name>.json + .wasm) that regressions.test.ts replays.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import type { GeneratedModule } from '../gen/module-gen.js';
import type { Finding } from './check.js';
import { moduleToJson } from './run-generated.js';

/** Folder of the regression files. */
export const REGRESSIONS_DIR: string = fileURLToPath(new URL('./regressions/', import.meta.url));

const wabt = await wabtInit();

/** The module as WAT, with generated names when wabt can apply them (else a hex dump). */
export function watOf(bytes: Uint8Array): string {
  for (const withNames of [true, false]) {
    try {
      const m = wabt.readWasm(bytes, { readDebugNames: false, exceptions: true, tail_call: true, extended_const: true, memory64: true });
      try {
        if (withNames) {
          m.generateNames();
          m.applyNames();
        }
        return m.toText({ foldExprs: false, inlineExport: false });
      } finally {
        m.destroy();
      }
    } catch {
      // wabt's name generation fails on some modules (clashing names): retry without names.
    }
  }
  return `(wabt cannot print it)\n${Buffer.from(bytes).toString('hex')}`;
}

function argText(a: number | bigint): string {
  return typeof a === 'bigint' ? `${a}n` : String(a);
}

/** The calls of a generated module, one per line. */
export function callsText(gm: GeneratedModule): string {
  return gm.calls.map((c, i) => `  ${i}: ${c.entry}(${c.args.map(argText).join(', ')})`).join('\n');
}

/** A full description of a finding: what differed, the calls, the module text. */
export function describeFinding(gm: GeneratedModule, f: Finding, origin: string): string {
  const what = f.what === 'gas' ? 'the gas meter (test/meter) and detwasm disagree'
    : f.what === 'meter' ? 'the gas meter\'s instrumented module differs from the original' : 'detwasm differs from V8';
  return `${what} (${origin}; detwasm gas schedule ${f.schedule}): ${f.detail}\n` +
    `calls:\n${callsText(gm)}\nmodule (${gm.bytes.length} bytes):\n${watOf(gm.bytes)}`;
}

/**
 * A signature grouping findings of the same kind (what differed and how, without the numbers),
 * used to keep a shrunk module failing the same way and to report each kind once.
 */
export function findingSignature(f: Finding): string {
  const detail = f.detail
    .replace(/^(after )?call \d+ \(w\d+\):?\s*/, '')
    .replace(/\[[^\]]*\]/g, '[]')
    .replace(/\b[0-9a-f]{6,}\b/g, '#')
    .replace(/\d+/g, '#');
  return `${f.what}: ${detail.split('\n')[0]!.slice(0, 80)}`;
}

/** What a regression file holds. */
export interface RegressionRecord {
  /** How the case was found: `fuzz seed <n>` or `fast-check seed <n> path <p>`. */
  readonly origin: string;
  /** The divergence when it was found. */
  readonly finding: string;
  readonly schedule: string;
  /** The module and its calls (run-generated.ts moduleToJson). */
  readonly module: unknown;
}

/** Writes `<name>.json` (replayed by regressions.test.ts) and `<name>.wasm` (for tools). */
export function writeRegression(name: string, gm: GeneratedModule, f: Finding, origin: string, dir: string = REGRESSIONS_DIR): string {
  mkdirSync(dir, { recursive: true });
  const record: RegressionRecord = { origin, finding: f.detail, schedule: f.schedule, module: moduleToJson(gm) };
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(join(dir, `${name}.wasm`), gm.bytes);
  return path;
}
