/**
 * The module generator with SIMD code (GenOptions.simd, test/gen/simd-gen.ts): every generated
 * SIMD module validates in V8 (`WebAssembly.validate`) and in detwasm (`validate`), runs on V8
 * without a JS-boundary TypeError (no v128 crosses the JS API), gives detwasm's results, traps and
 * memory on every schedule, covers every SIMD instruction of WebAssembly 2.0, and is a pure
 * function of its choices; without the option no SIMD code is generated.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { checkModule, formatStats, newStats } from '../diff/check.js';
import { describeFinding, watOf } from '../diff/report.js';
import { runOnV8 } from '../diff/run-generated.js';
import { V8_WASM } from '../diff/v8-api.js';
import { Choices } from './choices.js';
import { generateCase, generateModule } from './module-gen.js';
import type { GeneratedModule } from './module-gen.js';
import { SIMD_OPS } from './simd-ops.js';

const SEED = Number(process.env['GEN_SEED'] ?? 424242);
const CASES = 300;

/** The mnemonics at the start of each line of a module's text (wasm2wat: report.ts watOf). */
function mnemonicsOf(text: string, into: Set<string>): void {
  for (const line of text.split('\n')) {
    const name = /^\s*([a-z0-9_.]+)/.exec(line);
    if (name !== null) into.add(name[1]!);
  }
}

function modulesOf(gm: GeneratedModule): GeneratedModule[] {
  return gm.provider === null ? [gm] : [gm.provider, gm];
}

describe(`module generator with SIMD (seed ${SEED}, ${CASES} cases)`, () => {
  const corpus = Array.from({ length: CASES }, (_, i) => generateCase(Choices.fromSeed(SEED + i), { simd: true }));

  it('generates modules V8 and detwasm both validate, and covers every SIMD instruction', () => {
    const seen = new Set<string>();
    for (const gm of corpus) {
      for (const m of modulesOf(gm)) {
        expect(V8_WASM.validate(m.bytes)).toBe(true);
        expect(() => api.validate(m.bytes)).not.toThrow();
        mnemonicsOf(watOf(m.bytes), seen);
      }
    }
    expect(SIMD_OPS.length).toBe(236);
    expect(SIMD_OPS.map((o) => o.name).filter((n) => !seen.has(n))).toEqual([]);
  });

  it('runs on V8 without a JS-boundary error; detwasm agrees with V8 on every call, gas off and on', () => {
    const stats = newStats();
    let calls = 0;
    let simdCalls = 0;
    for (const [i, gm] of corpus.entries()) {
      // No v128 crosses the JS API: nothing but wasm traps (a TypeError would be 'unexpected').
      const v8 = runOnV8(gm);
      const outcomes = [v8.instantiate, ...v8.steps.map((s) => s.outcome)];
      expect(outcomes.filter((o) => o.kind === 'trap' && o.trap.startsWith('unexpected'))).toEqual([]);
      const f = checkModule(api, gm, stats, ['strict', 'free']);
      if (f !== null) throw new Error(describeFinding(gm, f, `generator seed ${SEED + i} (simd)`));
      const simdEntries = new Set(gm.entries.filter((e) => e.hasSimd === true).map((e) => e.name));
      calls += gm.calls.length;
      simdCalls += gm.calls.filter((c) => simdEntries.has(c.entry)).length;
    }
    console.log(`SIMD generator (seed ${SEED}): ${calls} calls, ${simdCalls} of them to a function with SIMD code ` +
      `(${((100 * simdCalls) / calls).toFixed(1)}%); ${formatStats(stats)}`);
    expect(stats.cases).toBe(CASES);
    expect(stats.limitSkipped).toBe(0);
    expect(stats.executions, 'every call compared under both schedules').toBe(2 * stats.calls);
    expect(simdCalls).toBeGreaterThan(calls / 2);
  });

  it('is a pure function of the choices (seeded stream = its recorded words)', () => {
    for (let seed = 0; seed < 20; seed++) {
      const recording = Choices.fromSeed(seed, true);
      const a = generateModule(recording, { simd: true });
      const b = generateModule(Choices.fromWords(recording.recorded()), { simd: true });
      expect(b.bytes).toEqual(a.bytes);
      expect(b.calls).toEqual(a.calls);
    }
  });

  it('generates no SIMD code without the option', () => {
    for (let seed = 0; seed < 100; seed++) {
      const gm = generateCase(Choices.fromSeed(SEED + seed));
      for (const m of modulesOf(gm)) {
        expect(m.entries.filter((e) => e.hasSimd === true)).toEqual([]);
        // No SIMD instruction, and no v128 anywhere (types, locals, globals).
        const text = watOf(m.bytes);
        expect(text.startsWith('(module')).toBe(true);
        expect(text).not.toMatch(/v128|[if](8x16|16x8|32x4|64x2)\./);
      }
      expect(generateCase(Choices.fromSeed(SEED + seed), { simd: false }).bytes).toEqual(gm.bytes);
    }
  });
});
