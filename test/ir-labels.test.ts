/**
 * The dispatch loop's shape rules (STYLE.md "The hot loop"): every `case` label in run.ts is a
 * numeric literal whose comment names the op it handles, and that name matches ir.ts (or the wasm
 * mnemonic, for ops that keep their wasm number); every IR op is handled; and run() stays under
 * the bytecode size V8 still optimises (60 KB on Node 20).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as ir from '../src/interpreter/ir.js';
import { MNEMONICS } from '../src/decoder/opcodes.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const source = readFileSync(`${ROOT}src/interpreter/run.ts`, 'utf8');

/** IR constants by value (every export of ir.ts is an op number). */
const irNames = new Map<number, string>();
for (const [name, value] of Object.entries(ir)) {
  if (typeof value === 'number') irNames.set(value, name);
}

/** The wasm mnemonic an IR number stands for when it keeps the wasm numbering (one-byte opcodes). */
function wasmMnemonic(v: number): string | undefined {
  return v < 0x100 && MNEMONICS[v] !== '' && irNames.get(v) === MNEMONICS[v]!.replace(/\./g, '_').toUpperCase() ? MNEMONICS[v] : undefined;
}

const simdSource = readFileSync(`${ROOT}src/interpreter/simd.ts`, 'utf8');

function labelsOf(text: string): { text: string; name: string }[] {
  return [...text.matchAll(/^\s*case ([^:]+):\s*(?:\{\s*)?\/\/ (\S+)/gm)].map((m) => ({ text: m[1]!, name: m[2]! }));
}

/** The first SIMD op number: run() sends every op from here on to runSimd (simd.ts). */
const SIMD_FIRST = 0x200;

describe.each([
  { file: 'run.ts', text: source, min: 150, handles: (v: number) => v < SIMD_FIRST },
  { file: 'simd.ts', text: simdSource, min: 250, handles: (v: number) => v >= SIMD_FIRST },
])('$file case labels', ({ text, min, handles }) => {
  const labels = labelsOf(text);

  it('has labels to check', () => {
    expect(labels.length).toBeGreaterThan(min);
  });

  it('uses only numeric literal labels (V8 builds a jump table only for literals)', () => {
    const cases = [...text.matchAll(/^\s*case ([^:]+):/gm)].map((m) => m[1]!);
    expect(cases.filter((c) => !/^0x[0-9a-f]+$/.test(c))).toEqual([]);
  });

  it.each(labels)('case $text names its op ($name)', ({ text: label, name }) => {
    const value = Number(label);
    const wasm = wasmMnemonic(value) ?? (value >= SIMD_FIRST ? MNEMONICS[value] : undefined);
    const irName = irNames.get(value);
    const asIr = name.replace(/\./g, '_').toUpperCase();
    expect(wasm === name || irName === asIr, `${label}: comment "${name}", ir ${irName}, wasm ${wasm}`).toBe(true);
  });

  it('handles every IR op of its range, each once', () => {
    const values = labels.map((l) => Number(l.text));
    expect(new Set(values).size).toBe(values.length);
    const handled = new Set(values);
    const missing = [...irNames].filter(([v]) => handles(v) && !handled.has(v)).map(([, n]) => n);
    expect(missing).toEqual([]);
    expect(values.filter((v) => !handles(v))).toEqual([]);
  });
});

describe('run() bytecode size', () => {
  it('stays under 60 KB so V8 optimises it', () => {
    const script = `
      import { compile, instantiate } from './dist/index.js';
      // (module (func (export "f") (result i32) i32.const 1))
      const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,127,3,2,1,0,7,5,1,1,102,0,0,10,6,1,4,0,65,1,11]);
      instantiate(compile(bytes)).exports.f();`;
    const r = spawnSync(process.execPath, ['--print-bytecode', '--print-bytecode-filter=run', '--input-type=module', '-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(r.status, r.stderr).toBe(0);
    // Other functions named `run` may print too (Node internals); the dispatch loop is the largest.
    const lengths = [...r.stdout.matchAll(/Bytecode length: (\d+)/g)].map((m) => Number(m[1]));
    expect(lengths.length, 'no bytecode printed for run()').toBeGreaterThan(0);
    const length = Math.max(...lengths);
    expect(length).toBeGreaterThan(1000);
    expect(length).toBeLessThan(60_000);
  });
});
