/**
 * Property tests of the front end (decoder §5 + validator §3 + instantiation §4.5.4) on hostile
 * input, with fast-check and fixed, printed seeds (replay one with `FUZZ_SEED=<seed>`; raise the
 * effort with `FUZZ_RUNS=<n>`): `compile` returns or throws MalformedError / InvalidError only,
 * and a compiled module without a start function instantiates or throws LinkError / Trap only.
 *
 * Inputs: random bytes (raw, behind a valid header, as well-framed random sections) and random
 * mutations of every valid binary module of the spec suite (../shared/spectest/core). The fuzzing
 * machinery lives in test/helpers/front-end-fuzz.ts so a longer fuzz run can reuse it.
 */
import { describe, expect, it } from 'vitest';
import { hasSpecSuite, isCI, SPEC_CORE_DIR } from '../spec/paths.js';
import {
  applyMutations, checkFrontEnd, fuzzMutations, fuzzRandomBytes, loadSpecModules,
} from '../helpers/front-end-fuzz.js';
import type { Mutation } from '../helpers/front-end-fuzz.js';
import { moduleOf, section, SEC, vec, name } from '../helpers/binary.js';
import { wat } from '../helpers/wat.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20250917);
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 20000);

describe(`front end on random bytes (fast-check seed ${SEED}, ${RUNS} runs)`, () => {
  it('compile throws only MalformedError / InvalidError; instantiate only LinkError / Trap', () => {
    const stats = fuzzRandomBytes({ seed: SEED, numRuns: RUNS });
    console.log(`random bytes, seed ${SEED}:`, stats);
    expect(stats.malformed).toBeGreaterThan(0);
    // Well-framed random sections reach past the header and the section framing sometimes.
    expect(stats.compiled + stats.instantiated + stats['link-error'] + stats.trap + stats.invalid).toBeGreaterThan(0);
  });
});

const haveSuite = hasSpecSuite();
const requireSuite = isCI();

describe(`front end on mutated spec modules (fast-check seed ${SEED}, ${RUNS} runs)`, () => {
  if (!haveSuite && !requireSuite) {
    console.warn(`front-end mutation property not run: no spec suite at ${SPEC_CORE_DIR} (set CI=true to make this fail)`);
  }

  it.runIf(haveSuite || requireSuite)('compile throws only MalformedError / InvalidError; instantiate only LinkError / Trap', () => {
    expect(haveSuite, `spec suite missing at ${SPEC_CORE_DIR} (CI=true)`).toBe(true);
    const modules = loadSpecModules(SPEC_CORE_DIR);
    expect(modules.length).toBeGreaterThan(1000);
    const stats = fuzzMutations(modules, { seed: SEED, numRuns: RUNS });
    console.log(`mutated spec modules (${modules.length} modules), seed ${SEED}:`, stats);
    // The mutations must explore every outcome, or the property proves little.
    expect(stats.malformed).toBeGreaterThan(0);
    expect(stats.invalid).toBeGreaterThan(0);
    expect(stats.instantiated + stats['link-error'] + stats.trap + stats.compiled).toBeGreaterThan(0);
  });

  it.runIf(haveSuite || requireSuite)('every unmutated spec module compiles', () => {
    expect(haveSuite, `spec suite missing at ${SPEC_CORE_DIR} (CI=true)`).toBe(true);
    const modules = loadSpecModules(SPEC_CORE_DIR);
    expect(modules.length).toBeGreaterThan(1000);
    for (const m of modules) {
      const outcome = checkFrontEnd(m.bytes, { instantiate: false });
      expect(outcome, m.name).toBe('compiled');
    }
  });
});

describe('mutation operators', () => {
  // (func (result i32) (i32.const 5)) as a well-known module to mutate.
  const base = wat('(func (result i32) (i32.const 5))');

  it.each<{ name: string; mutations: Mutation[]; check: (out: Uint8Array) => void }>([
    { name: 'flip', mutations: [{ kind: 'flip', pos: 0, bit: 0 }], check: (o) => expect(o[0]).toBe(1) },
    { name: 'set wraps the position', mutations: [{ kind: 'set', pos: base.length + 1, value: 0xaa }], check: (o) => expect(o[1]).toBe(0xaa) },
    { name: 'truncate', mutations: [{ kind: 'truncate', pos: 3 }], check: (o) => expect(o.length).toBe(3) },
    { name: 'insert', mutations: [{ kind: 'insert', pos: 8, bytes: [1, 2], fixSizes: false }], check: (o) => expect([...o.subarray(8, 10)]).toEqual([1, 2]) },
    { name: 'delete', mutations: [{ kind: 'delete', pos: 8, count: 2, fixSizes: false }], check: (o) => expect(o.length).toBe(base.length - 2) },
  ])('$name', ({ mutations, check }) => {
    const copy = base.slice();
    const out = applyMutations(base, mutations);
    expect(base).toEqual(copy); // the input is never modified
    check(out);
  });

  it('stretch with sizes fixed keeps the module valid (i32.const 5 -> 5-byte LEB)', () => {
    const at = base.lastIndexOf(0x41) + 1; // the immediate of i32.const
    expect(base[at]).toBe(5);
    const out = applyMutations(base, [{ kind: 'stretch', pos: at, width: 5, signed: false, fixSizes: true }]);
    expect(out.length).toBe(base.length + 4);
    expect([...out.subarray(at, at + 5)]).toEqual([0x85, 0x80, 0x80, 0x80, 0x00]);
    expect(checkFrontEnd(out)).toBe('instantiated');
    // Without fixing the sizes, the body and section sizes are now wrong.
    const raw = applyMutations(base, [{ kind: 'stretch', pos: at, width: 5, signed: false, fixSizes: false }]);
    expect(checkFrontEnd(raw)).toBe('malformed');
    // Over 5 bytes: "integer representation too long" in context.
    const long = applyMutations(base, [{ kind: 'stretch', pos: at, width: 6, signed: false, fixSizes: true }]);
    expect(checkFrontEnd(long)).toBe('malformed');
  });

  it('stretch of a negative value pads with sign bytes', () => {
    const neg = wat('(func (result i32) (i32.const -3))');
    const at = neg.lastIndexOf(0x41) + 1;
    const out = applyMutations(neg, [{ kind: 'stretch', pos: at, width: 3, signed: true, fixSizes: true }]);
    expect([...out.subarray(at, at + 3)]).toEqual([0xfd, 0xff, 0x7f]);
    expect(checkFrontEnd(out)).toBe('instantiated');
  });

  it('checkFrontEnd classifies link errors and traps', () => {
    expect(checkFrontEnd(wat('(import "m" "f" (func))'))).toBe('link-error');
    expect(checkFrontEnd(wat('(memory 1) (data (i32.const 65536) "x")'))).toBe('trap');
    expect(checkFrontEnd(wat('(func $f (loop (br 0))) (start $f)'))).toBe('compiled'); // never instantiated
    expect(checkFrontEnd(moduleOf(section(SEC.export, vec([[...name('x'), 0x00, 0x00]]))))).toBe('invalid');
  });
});
