/**
 * Hostile SIMD modules, the part that needs no SIMD execution (simd-cases.ts): detwasm compiles
 * and instantiates them within bounds and runs their non-SIMD functions, and V8 (the oracle)
 * computes what the execution cases of simd-execution.pending.ts expect of detwasm. The decode
 * limit on v128 locals is in front-end.test.ts.
 *
 * simd-execution.pending.ts holds the cases that run the SIMD code in detwasm (50,000 v128 locals
 * in a call and in recursion, a loop of v128 loads / shuffles / stores, metered and through the
 * VM). It is out of the run (not `*.test.ts`) until detwasm executes SIMD: rename it to
 * simd-execution.test.ts then.
 */
import { describe, expect, it } from 'vitest';
import { compile, instantiate } from '../../src/index.js';
import { V8_WASM } from '../diff/v8-api.js';
import { wat } from '../helpers/wat.js';
import { FLOORS } from './measure.js';
import { hostileSuite, PROBE_FIELDS } from './probe.js';
import { LOOP_MEMORY, MANY_V128_LOCALS_FIELDS, MANY_V128_LOCALS_RESULT, runOnV8, SHUFFLE_LOOP_FIELDS, V128_LOCALS } from './simd-cases.js';

const suite = hostileSuite('SIMD modules (compile, instantiate; V8 results)');
const { table } = suite;

const cases = [
  { name: `${V128_LOCALS.toLocaleString('en-US')} v128 locals`, fields: MANY_V128_LOCALS_FIELDS },
  { name: 'v128 load / shuffle / store loop', fields: `${LOOP_MEMORY} ${SHUFFLE_LOOP_FIELDS}` },
];

describe('SIMD hostile modules without SIMD execution', () => {
  it.each(cases)('$name: V8 validates it; detwasm compiles and instantiates it in bounds and runs its other functions', async ({ name, fields }) => {
    const bytes = wat(`${fields} ${PROBE_FIELDS}`);
    expect(V8_WASM.validate(bytes)).toBe(true);
    await table.run(`${name}: compile + instantiate`, 'none', FLOORS, 3, () => {
      // The probe is a function without SIMD code: it runs in a module that has some.
      suite.prober.record(instantiate(compile(bytes)));
    });
    suite.prober.expectFresh();
  });

  it(`V8 computes what "many" (${V128_LOCALS.toLocaleString('en-US')} v128 locals) is expected to return`, () => {
    expect(runOnV8(wat(MANY_V128_LOCALS_FIELDS), 'many', []).result).toBe(MANY_V128_LOCALS_RESULT);
  });

  it('V8 runs the loop deterministically, and it writes memory', () => {
    const bytes = wat(`${LOOP_MEMORY} ${SHUFFLE_LOOP_FIELDS}`);
    const none = runOnV8(bytes, 'shuffleLoop', [0]);
    const some = runOnV8(bytes, 'shuffleLoop', [10_000]);
    expect(runOnV8(bytes, 'shuffleLoop', [10_000])).toEqual(some);
    expect(some.memory).not.toBe(none.memory);
    expect(some.result).not.toBe(none.result);
  });
});
