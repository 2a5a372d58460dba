/**
 * The module generator (issue 5, item 1): every generated module validates in V8 and in detwasm,
 * generation is a pure function of the choices, short choice sequences still give valid modules
 * (what shrinking relies on), and the generated corpus covers every non-SIMD 2.0 instruction and
 * every element / data segment form.
 */
import fc from 'fast-check';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';
import { V8_WASM } from '../diff/v8-api.js';
import { V8_SUPPORTS } from '../diff/v8-features.js';
import { generatedModuleArb } from './arbitrary.js';
import { Choices } from './choices.js';
import { generateCase, generateModule } from './module-gen.js';
import { LOADS, NUM_OPS, STORES } from './ops.js';

const SEED = Number(process.env['GEN_SEED'] ?? 424242);

const wabt = await wabtInit();

function watOf(bytes: Uint8Array): string {
  const m = wabt.readWasm(bytes, { readDebugNames: false, exceptions: true, tail_call: true, extended_const: true, memory64: true });
  try {
    return m.toText({ foldExprs: false, inlineExport: false });
  } finally {
    m.destroy();
  }
}

/** Every non-SIMD instruction of WebAssembly 2.0, as wasm2wat prints it. */
const INSTRUCTIONS: readonly string[] = [
  'unreachable', 'nop', 'block', 'loop', 'if', 'else', 'br', 'br_if', 'br_table', 'return', 'call', 'call_indirect',
  'drop', 'select', 'select (result', 'local.get', 'local.set', 'local.tee', 'global.get', 'global.set',
  'table.get', 'table.set', 'table.size', 'table.grow', 'table.fill', 'table.copy', 'table.init', 'elem.drop',
  'memory.size', 'memory.grow', 'memory.fill', 'memory.copy', 'memory.init', 'data.drop',
  'i32.const', 'i64.const', 'f32.const', 'f64.const', 'ref.null func', 'ref.null extern', 'ref.is_null', 'ref.func',
  ...NUM_OPS.map((o) => o.name), ...LOADS.map((o) => o.name), ...STORES.map((o) => o.name),
];

/** The mnemonics (and segment forms) in a module's text. */
function mnemonicsOf(text: string, into: Set<string>): void {
  for (const line of text.split('\n')) {
    const t = line.trim();
    const m = /^([a-z0-9_.]+)/.exec(t);
    if (m !== null) into.add(m[1]!);
    if (t.startsWith('select (result')) into.add('select (result');
    if (t.startsWith('ref.null func')) into.add('ref.null func');
    if (t.startsWith('ref.null extern')) into.add('ref.null extern');
    if (t.startsWith('(elem')) into.add(`elem ${/declare/.test(t) ? 'declarative' : /\(i32.const|\(global.get|\(table/.test(t) ? 'active' : 'passive'}`);
    if (t.startsWith('(data')) into.add(`data ${/\(i32.const|\(global.get/.test(t) ? 'active' : 'passive'}`);
    if (t.startsWith('(start')) into.add('start');
    if (t.startsWith('(import')) into.add(`import ${/\(global/.test(t) ? 'global' : /\(memory/.test(t) ? 'memory' : /\(table/.test(t) ? 'table' : 'func'}`);
  }
}

describe(`module generator (seed ${SEED})`, () => {
  it('generates modules that V8 and detwasm both accept', () => {
    fc.assert(
      fc.property(generatedModuleArb(), (gm) => {
        for (const m of gm.provider === null ? [gm] : [gm.provider, gm]) {
          expect(() => new V8_WASM.Module(m.bytes)).not.toThrow();
          expect(() => compile(m.bytes)).not.toThrow();
        }
        expect(gm.entries.length).toBeGreaterThan(0);
        expect(gm.calls.length).toBeGreaterThanOrEqual(gm.entries.length);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('generates valid modules from empty, short and all-ones choice sequences', () => {
    const cases = [new Uint32Array(0), Uint32Array.of(1), Uint32Array.of(0xffffffff, 7, 3), new Uint32Array(50).fill(0xffffffff)];
    for (const words of cases) {
      const gm = generateModule(Choices.fromWords(words));
      expect(() => new V8_WASM.Module(gm.bytes)).not.toThrow();
    }
  });

  it('is a pure function of the choices (seeded stream = its recorded words)', () => {
    for (let seed = 0; seed < 20; seed++) {
      const recording = Choices.fromSeed(seed, true);
      const a = generateModule(recording);
      const b = generateModule(Choices.fromSeed(seed));
      const c = generateModule(Choices.fromWords(recording.recorded()));
      expect(b.bytes).toEqual(a.bytes);
      expect(c.bytes).toEqual(a.bytes);
      expect(c.calls).toEqual(a.calls);
    }
  });

  it('covers every non-SIMD 2.0 instruction, segment form and import kind in 1,500 cases', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 1500; seed++) {
      const gm = generateCase(Choices.fromSeed(SEED + seed));
      mnemonicsOf(watOf(gm.bytes), seen);
      if (gm.provider !== null) mnemonicsOf(watOf(gm.provider.bytes), seen);
    }
    const forms = [
      'elem active', 'elem passive', 'elem declarative', 'data active', 'data passive', 'start', 'import func', 'import global',
      'import memory', 'import table',
    ];
    const missing = [...INSTRUCTIONS, ...forms].filter((i) => !seen.has(i));
    expect(missing).toEqual([]);
  });

  it('emits the 3.0 features V8 runs, when asked, in 300 cases (tail calls, extended-const, legacy exceptions, memory64)', () => {
    const seen = new Set<string>();
    let caughtExports = 0;
    for (let seed = 0; seed < 300; seed++) {
      const gm = generateCase(Choices.fromSeed(SEED + seed), { tailCalls: true, exceptions: true, extendedConst: true, memory64: seed % 2 === 0 });
      for (const m of gm.provider === null ? [gm] : [gm.provider, gm]) {
        expect(() => compile(m.bytes)).not.toThrow();
        // extended-const, memory64: V8 11.3 (Node 20) only behind flags; differential.test.ts runs those in a child.
        if (V8_SUPPORTS['extended-const'] && V8_SUPPORTS['memory64']) expect(() => new V8_WASM.Module(m.bytes)).not.toThrow();
        const text = watOf(m.bytes);
        mnemonicsOf(text, seen);
        // Module fields (wasm2wat indents them by two spaces; a constant expression may span lines).
        for (const field of text.split('\n  (')) {
          const t = `(${field.trim()}`;
          if (t.startsWith('(tag')) seen.add('tag');
          if (t.startsWith('(import') && /\(tag/.test(t)) seen.add('import tag');
          if (t.startsWith('(export') && /\(tag/.test(t)) seen.add('export tag');
          if (t.startsWith('(global') && /i(32|64)\.(add|sub|mul)/.test(t)) seen.add('extended-const global');
          if ((t.startsWith('(data') || t.startsWith('(elem')) && /i(32|64)\.(add|sub|mul)/.test(t)) seen.add('extended-const offset');
          if (/^\((memory|import "a" "mem" \(memory)[^\n]*\bi64\b/.test(t)) seen.add('memory64');
          if (t.startsWith('(data') && /i64\.const/.test(t)) seen.add('memory64 data offset');
          if (/offset=\d{10,}/.test(t)) seen.add('memory64 offset past 2^32');
        }
        if (m.globals.some((g) => g.name === 'caught')) caughtExports++;
      }
    }
    const wanted = [
      'return_call', 'return_call_indirect', 'try', 'catch', 'catch_all', 'delegate', 'rethrow', 'throw', 'tag', 'import tag',
      'export tag', 'extended-const global', 'extended-const offset', 'memory64', 'memory64 data offset', 'memory64 offset past 2^32',
      'i64.extend_i32_u', 'i32.wrap_i64',
    ];
    expect(wanted.filter((w) => !seen.has(w))).toEqual([]);
    expect(caughtExports).toBeGreaterThanOrEqual(300);
  });

  it('emits try_table with every catch clause and throw_ref, which detwasm accepts, and V8 where it runs them (V8 12.4+, Node 22+)', () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const gm = generateCase(Choices.fromSeed(SEED + seed), { exceptions: true, tryTable: true, tailCalls: true });
      for (const m of gm.provider === null ? [gm] : [gm.provider, gm]) {
        if (V8_SUPPORTS.exceptions) expect(() => new V8_WASM.Module(m.bytes)).not.toThrow();
        expect(() => compile(m.bytes)).not.toThrow();
        const text = watOf(m.bytes);
        mnemonicsOf(text, seen);
        for (const k of ['(catch ', '(catch_ref ', '(catch_all ', '(catch_all_ref ']) if (text.includes(k)) seen.add(k);
      }
    }
    expect(['try_table', 'throw_ref', '(catch ', '(catch_ref ', '(catch_all ', '(catch_all_ref '].filter((w) => !seen.has(w))).toEqual([]);
  });

  it('generates tail calls and legacy exceptions V8 accepts (on every Node line)', () => {
    fc.assert(
      fc.property(generatedModuleArb({ tailCalls: true, exceptions: true }), (gm) => {
        for (const m of gm.provider === null ? [gm] : [gm.provider, gm]) {
          expect(() => new V8_WASM.Module(m.bytes)).not.toThrow();
          expect(() => compile(m.bytes)).not.toThrow();
        }
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('leaves the default corpus as it was: the 3.0 options consume no choice when off', () => {
    for (let seed = 0; seed < 20; seed++) {
      const a = generateCase(Choices.fromSeed(seed));
      const b = generateCase(Choices.fromSeed(seed), { tailCalls: false, exceptions: false, extendedConst: false, memory64: false, tryTable: false });
      expect(b.bytes).toEqual(a.bytes);
    }
  });

  it('is a pure function of the choices with every 3.0 option on', () => {
    const options = { tailCalls: true, exceptions: true, extendedConst: true, memory64: true, tryTable: true };
    for (let seed = 0; seed < 20; seed++) {
      const recording = Choices.fromSeed(seed, true);
      const a = generateCase(recording, options);
      const c = generateCase(Choices.fromWords(recording.recorded()), options);
      expect(c.bytes).toEqual(a.bytes);
      expect(c.calls).toEqual(a.calls);
    }
  });
});
