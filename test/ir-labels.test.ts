/**
 * The dispatch loop's shape rules (STYLE.md "The hot loop"): every `case` label in run.ts is a
 * numeric literal whose comment names the op it handles, and that name matches ir.ts (or the wasm
 * mnemonic, for ops that keep their wasm number); every IR op is handled once, by run() or by
 * runCold() (both in run.ts) or by simd.ts; and run() stays under
 * the bytecode size V8 still optimises (60 KB on Node 20).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/**
 * Bytecode length of the largest function named `name` once `script` ran, or with `script` null
 * once node ran `args` (the function is compiled to bytecode on its first call; other functions
 * of that name, e.g. Node internals, print too).
 */
function bytecodeLength(name: string, script: string | null, args: readonly string[] = []): number {
  const source = script === null ? args : ['--input-type=module', '-e', script];
  const r = spawnSync(process.execPath, ['--print-bytecode', `--print-bytecode-filter=${name}`, ...source], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  expect(r.status, r.stderr).toBe(0);
  const lengths = [...r.stdout.matchAll(/Bytecode length: (\d+)/g)].map((m) => Number(m[1]));
  expect(lengths.length, `no bytecode printed for ${name}()`).toBeGreaterThan(0);
  return Math.max(...lengths);
}

/**
 * A module whose "f" runs one SIMD op of simdLow (i8x16.splat, 0xFD 0x0f) and one of simdHigh
 * (i32x4.add, 0xFD 0xae 0x01): (v128.const 0) (i32.const 3) i8x16.splat i32x4.add i32x4.extract_lane 0
 */
const SIMD_SCRIPT = `
  import { compile, instantiate } from './dist/index.js';
  const body = [0, 0xfd, 12, ...new Array(16).fill(0), 0x41, 3, 0xfd, 0x0f, 0xfd, 0xae, 0x01, 0xfd, 0x1b, 0, 0x0b];
  const bytes = new Uint8Array([0,97,115,109,1,0,0,0, 1,5,1,0x60,0,1,0x7f, 3,2,1,0, 7,5,1,1,0x66,0,0,
    10, body.length + 2, 1, body.length, ...body]);
  if (instantiate(compile(bytes)).exports.f() !== 0x03030303) throw new Error('wrong result');`;

/** Runs `f` of (module (func (export "f") (result i32) i32.const 1)), checking its result: run() is compiled. */
const RUN_F = `const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,5,1,96,0,1,127,3,2,1,0,7,5,1,1,102,0,0,10,6,1,4,0,65,1,11]);
  if (instantiate(compile(bytes)).exports.f() !== 1) throw new Error('wrong result');`;

describe('dispatch functions stay under the bytecode size TurboFan optimizes (61,440 on Node 20-26)', () => {
  it.each([
    ['run', `
      import { compile, instantiate } from './dist/index.js';
      ${RUN_F}`],
    ['simdLow', SIMD_SCRIPT],
    ['simdHigh', SIMD_SCRIPT],
  ])('%s() stays under 60 KB', (name, script) => {
    const length = bytecodeLength(name, script);
    console.log(`${name}(): ${length} bytes of bytecode, ${60_000 - length} of headroom under the 60,000 budget`);
    expect(length).toBeGreaterThan(1000);
    expect(length).toBeLessThan(60_000);
  });

  it('run() as the tests load it (vite-node\'s transform of src/) stays under 61,440 too', () => {
    // Vite's SSR transform turns every use of an imported name into a property load of the module
    // object, so this form is ~1.5 KB larger than tsc's. Past 61,440 bytes TurboFan never
    // compiles it, and the suites that run src/ under vitest run ~10× slower: a hostile test's
    // time bound failed at 61,446 bytes (docs/RATIONALE.md "Metered loops").
    const dir = mkdtempSync(join(tmpdir(), 'detwasm-run-size-'));
    try {
      const script = join(dir, 'run-size.ts');
      writeFileSync(script, `import { compile, instantiate } from ${JSON.stringify(join(ROOT, 'src', 'index.ts'))};\n${RUN_F}`);
      const length = bytecodeLength('run', null, [join(ROOT, 'node_modules', 'vite-node', 'vite-node.mjs'), script]);
      console.log(`run() under vite-node: ${length} bytes of bytecode, ${61_440 - length} of headroom under 61,440`);
      expect(length).toBeGreaterThan(1000);
      expect(length).toBeLessThan(61_440);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
