/**
 * Which WebAssembly 3.0 features the V8 of this process runs (the oracle of the differential
 * tests): each is probed by validating a minimal module that needs it. Measured (2026-12, probes
 * below, `node --v8-options | grep -i wasm`):
 *
 * | feature                    | Node 20 (V8 11.3)                      | 22 (12.4) | 24 (13.6) | 26 (14.6) |
 * |----------------------------|----------------------------------------|-----------|-----------|-----------|
 * | tail-call                  | yes                                    | yes       | yes       | yes       |
 * | legacy-exceptions          | yes                                    | yes       | yes       | yes       |
 * | extended-const             | with --experimental-wasm-extended-const| yes       | yes       | yes       |
 * | memory64 (i64 memories)    | with --experimental-wasm-memory64      | yes       | yes       | yes       |
 * | table64 (i64 tables)       | no                                     | no        | yes       | yes       |
 * | multi-memory               | no                                     | yes       | yes       | yes       |
 * | exceptions (try_table, exnref) | no                                 | yes       | yes       | yes       |
 *
 * V8 14.6 (Node 26) refuses a module that mixes legacy and new exception instructions ("module
 * uses a mix of legacy and new exception handling instructions"); 12.4 and 13.6 accept the mix. So
 * the generator never mixes them (module-gen.ts GenOptions.tryTable).
 *
 * Flags go to child processes only ({@link V8_FLAGS}; vitest workers run the machine's node as is).
 */
import { V8_WASM } from './v8-api.js';

/** A 3.0 feature the probes know (detwasm's feature names, plus table64). */
export type ProbedFeature =
  | 'tail-call' | 'extended-const' | 'multi-memory' | 'memory64' | 'table64' | 'legacy-exceptions' | 'exceptions';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const TYPE_VOID = [0x01, 0x04, 0x01, 0x60, 0x00, 0x00]; // type section: [] -> []
const ONE_FUNC = [0x03, 0x02, 0x01, 0x00]; // function section: one function of type 0
const TAG_VOID = [0x0d, 0x03, 0x01, 0x00, 0x00]; // tag section: one tag of type 0

function code(body: readonly number[]): number[] {
  return [0x0a, body.length + 2, 0x01, body.length, ...body];
}

/** The section bytes of each probe module (after the header). */
const PROBES: Readonly<Record<ProbedFeature, readonly number[]>> = {
  'tail-call': [...TYPE_VOID, ...ONE_FUNC, ...code([0x00, 0x12, 0x00, 0x0b])], // return_call 0
  'extended-const': [0x06, 0x09, 0x01, 0x7f, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b], // global i32 (1 + 2)
  'multi-memory': [0x05, 0x05, 0x02, 0x00, 0x00, 0x00, 0x00], // two memories
  'memory64': [0x05, 0x03, 0x01, 0x04, 0x00], // memory i64 0
  'table64': [0x04, 0x04, 0x01, 0x70, 0x04, 0x00], // table i64 0 funcref
  // try; throw 0; catch 0; end
  'legacy-exceptions': [...TYPE_VOID, ...ONE_FUNC, ...TAG_VOID, ...code([0x00, 0x06, 0x40, 0x08, 0x00, 0x07, 0x00, 0x0b, 0x0b])],
  // try_table (catch_all 0); throw 0; end
  'exceptions': [...TYPE_VOID, ...ONE_FUNC, ...TAG_VOID, ...code([0x00, 0x1f, 0x40, 0x01, 0x02, 0x00, 0x08, 0x00, 0x0b, 0x0b])],
};

/** The probe module of `feature` (exported for the hostile tests and for child processes). */
export function probeModule(feature: ProbedFeature): Uint8Array {
  return new Uint8Array([...HEADER, ...PROBES[feature]]);
}

function probe(feature: ProbedFeature): boolean {
  if (V8_WASM === undefined) return false;
  try {
    return V8_WASM.validate(probeModule(feature));
  } catch {
    return false;
  }
}

/** Whether this process's V8 runs each feature (all false under --jitless). */
export const V8_SUPPORTS: Readonly<Record<ProbedFeature, boolean>> = Object.freeze(
  Object.fromEntries((Object.keys(PROBES) as ProbedFeature[]).map((f) => [f, probe(f)])) as Record<ProbedFeature, boolean>,
);

/** The V8 flag that turns a feature on where it is not on by default (V8 11.3, Node 20), if any. */
export const V8_FLAGS: Readonly<Partial<Record<ProbedFeature, string>>> = Object.freeze({
  'extended-const': '--experimental-wasm-extended-const',
  'memory64': '--experimental-wasm-memory64',
});
