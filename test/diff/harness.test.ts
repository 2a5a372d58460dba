/**
 * The differential harness itself (run-generated.ts, check.ts): the comparison rules, table-driven,
 * and proof that it notices a broken engine (a detwasm whose results, traps or memory are
 * slightly off must be reported), so a green differential run means something.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { Choices } from '../gen/choices.js';
import { generateCase, generateModule } from '../gen/module-gen.js';
import type { GeneratedModule } from '../gen/module-gen.js';
import { checkModule, newStats } from './check.js';
import { findingSignature } from './report.js';
import { shrink } from './shrink.js';
import { compareRuns, moduleFromJson, moduleToJson } from './run-generated.js';
import type { DetwasmApi, EngineRun, Outcome } from './run-generated.js';

const F32 = 0x7d;
const F64 = 0x7c;
const I32 = 0x7f;

function gmWith(results: number[]): GeneratedModule {
  return {
    bytes: new Uint8Array(0), entries: [{ name: 'w0', params: [], results: results as never }], calls: [{ entry: 'w0', args: [] }],
    memory: null, globals: [], tables: [], hostImports: [], globalImports: [],
    provides: { funcs: [], memory: null, tables: [], globals: [] }, provider: null,
  };
}

function run(outcome: Outcome, state = 's'): EngineRun {
  return { instantiate: { kind: 'ok', values: [] }, state: '', steps: [{ entry: 'w0', outcome, state, gasUsed: 0 }] };
}

const ok = (...values: string[]): Outcome => ({ kind: 'ok', values });
const trap = (t: string): Outcome => ({ kind: 'trap', trap: t });

describe('compareRuns', () => {
  it.each([
    { name: 'equal i32', types: [I32], v8: ok('5'), dw: ok('5'), agree: true },
    { name: 'different i32', types: [I32], v8: ok('5'), dw: ok('6'), agree: false },
    { name: 'f32 NaN vs other NaN', types: [F32], v8: ok('ffc00000'), dw: ok('7fc00000'), agree: true },
    { name: 'f32 NaN vs number', types: [F32], v8: ok('ffc00000'), dw: ok('3f800000'), agree: false },
    { name: 'f32 -0 vs +0', types: [F32], v8: ok('80000000'), dw: ok('0'), agree: false },
    { name: 'f64 NaN vs NaN', types: [F64], v8: ok('fff8000000000000'), dw: ok('7ff8000000000000'), agree: true },
    { name: 'i32 bits of a NaN are not floats', types: [I32], v8: ok('ffc00000'), dw: ok('7fc00000'), agree: false },
    { name: 'same trap', types: [], v8: trap('unreachable'), dw: trap('trap 1'), agree: true },
    { name: 'other trap', types: [], v8: trap('unreachable'), dw: trap('trap 2'), agree: false },
    { name: 'V8 truncation message: overflow', types: [], v8: trap('float unrepresentable in integer range'), dw: trap('trap 3'), agree: true },
    { name: 'V8 truncation message: NaN', types: [], v8: trap('float unrepresentable in integer range'), dw: trap('trap 4'), agree: true },
    { name: 'null slot', types: [], v8: trap('null function or function signature mismatch'), dw: trap('trap 8'), agree: true },
    { name: 'trap vs result', types: [I32], v8: trap('unreachable'), dw: ok('1'), agree: false },
    { name: 'result vs trap', types: [I32], v8: ok('1'), dw: trap('trap 1'), agree: false },
    { name: 'unmapped V8 message', types: [], v8: trap('something new'), dw: trap('trap 1'), agree: false },
    { name: 'internal error', types: [], v8: trap('unreachable'), dw: trap('unexpected InternalError: x'), agree: false },
  ])('$name', ({ types, v8, dw, agree }) => {
    const d = compareRuns(gmWith(types), run(v8), run(dw));
    expect(d === null).toBe(agree);
  });

  it('compares the state after each call', () => {
    const d = compareRuns(gmWith([I32]), run(ok('1'), 'mem 1 aa'), run(ok('1'), 'mem 1 ab'));
    expect(d).toMatchObject({ step: 0, what: 'state' });
  });

  it.each([
    { name: 'detwasm out of gas', v8: ok(), dw: trap('trap 11') },
    { name: 'V8 out of stack, detwasm on to its fuel trap', v8: trap('call stack exhausted'), dw: trap('trap 1') },
  ])('reports a resource limit ($name) as a limit divergence', ({ v8, dw }) => {
    expect(compareRuns(gmWith([]), run(v8), run(dw))).toMatchObject({ step: 0, what: 'limit' });
  });

  it('reports V8 running out of stack in the start function as a limit divergence', () => {
    const v8: EngineRun = { instantiate: trap('call stack exhausted'), state: '', steps: [] };
    const dw: EngineRun = { instantiate: trap('trap 1'), state: '', steps: [] };
    expect(compareRuns(gmWith([]), v8, dw)).toMatchObject({ step: -1, what: 'limit' });
  });

  it('compares stack exhaustion in both as an agreement', () => {
    expect(compareRuns(gmWith([]), run(trap('call stack exhausted')), run(trap('trap 10')))).toBeNull();
  });
});

/** detwasm with one deliberate bug: `mutate` rewrites each call's outcome. */
function brokenApi(mutate: (r: api.CallOutcome) => api.CallOutcome): DetwasmApi {
  return {
    ...api,
    instantiate: (module, imports, options) => {
      const instance = api.instantiate(module, imports, options);
      const invokeMetered = instance.invokeMetered.bind(instance);
      Object.defineProperty(instance, 'invokeMetered', { value: (...a: Parameters<typeof invokeMetered>) => mutate(invokeMetered(...a)) });
      return instance;
    },
  };
}

describe('checkModule notices a broken engine', () => {
  const corpus = Array.from({ length: 60 }, (_, i) => generateModule(Choices.fromSeed(9000 + i)));

  it.each([
    {
      name: 'an i32 result off by one',
      mutate: (r: api.CallOutcome): api.CallOutcome => (r.results !== null && typeof r.results[0] === 'number'
        ? { ...r, results: [(r.results[0] + 1) | 0, ...r.results.slice(1)] } : r),
    },
    {
      name: 'a trap reported as another trap',
      mutate: (r: api.CallOutcome): api.CallOutcome => (r.error instanceof api.Trap && r.error.code === api.TrapCode.UNREACHABLE
        ? { ...r, error: new api.Trap(api.TrapCode.INTEGER_OVERFLOW) } : r),
    },
    {
      name: 'a trap swallowed',
      mutate: (r: api.CallOutcome): api.CallOutcome => (r.error !== null ? { ...r, error: null, results: [] } : r),
    },
  ])('$name', ({ mutate }) => {
    const broken = brokenApi(mutate);
    const found = corpus.filter((gm) => checkModule(broken, gm, newStats()) !== null).length;
    expect(found).toBeGreaterThan(0);
    // The real engine agrees on the same corpus.
    expect(corpus.filter((gm) => checkModule(api, gm, newStats()) !== null)).toEqual([]);
  });

  it('notices a memory write that went wrong', () => {
    const broken = brokenApi((r) => r);
    const withMemory = corpus.filter((gm) => gm.memory !== null);
    let found = 0;
    for (const gm of withMemory) {
      // Corrupt one byte of memory after instantiation: every later state snapshot differs.
      const b2: DetwasmApi = {
        ...broken,
        instantiate: (module, imports, options) => {
          const instance = api.instantiate(module, imports, options);
          const mem = instance.exports[gm.memory!] as { buffer: ArrayBuffer };
          if (mem.buffer.byteLength > 0) new Uint8Array(mem.buffer)[0]! ^= 1;
          return instance;
        },
      };
      if (checkModule(b2, gm, newStats()) !== null) found++;
    }
    // Every module whose instantiation succeeds with a non-empty memory is caught.
    expect(found).toBeGreaterThan(withMemory.length / 2);
  });
});

/** Candidate modules the shrink test may check: the tail cuts and chunk zeroing, and a few more. */
const SHRINK_CHECKS = 300;

describe('shrink', () => {
  it('reduces a failing case to a small module that fails the same way', () => {
    // A broken engine: every i32 result 7 comes back as 8.
    const broken = brokenApi((r) => (r.results !== null && r.results[0] === 7 ? { ...r, results: [8, ...r.results.slice(1)] } : r));
    let words: Uint32Array | null = null;
    let signature = '';
    for (let seed = 0; words === null; seed++) {
      const recording = Choices.fromSeed(seed, true);
      const f = checkModule(broken, generateCase(recording), newStats(), ['strict']);
      if (f !== null) {
        words = recording.recorded();
        signature = findingSignature(f);
      }
    }
    // A budget of checks, never of seconds: the same result on a fast or a slow machine.
    const small = shrink(broken, words, {}, signature, { checks: SHRINK_CHECKS }, ['strict']);
    // Fewer or smaller choices, and a module at most 3/4 of the original's size (this case, the
    // first failing seed counting from 0 (371), shrinks 363 -> 240 bytes by zeroing choices in the
    // first 284 checks; fast-check's shrinker, given ~18,000 more, also cuts its length).
    expect(small.length).toBeLessThanOrEqual(words.length);
    const bytesOf = (w: Uint32Array): number => generateCase(Choices.fromWords(w)).bytes.length;
    expect(bytesOf(small)).toBeLessThan(bytesOf(words) * 0.75);
    const f = checkModule(broken, generateCase(Choices.fromWords(small)), newStats(), ['strict']);
    expect(f === null ? '' : findingSignature(f)).toBe(signature);
    // Deterministic: the same budget gives the same words again.
    expect(shrink(broken, words, {}, signature, { checks: SHRINK_CHECKS }, ['strict'])).toEqual(small);
  });
});

describe('regression file format', () => {
  it('round-trips generated modules and linked pairs through JSON', () => {
    for (let seed = 0; seed < 30; seed++) {
      const gm = generateCase(Choices.fromSeed(seed));
      const back = moduleFromJson(JSON.parse(JSON.stringify(moduleToJson(gm))));
      expect(back).toEqual(gm);
    }
  });
});
