/**
 * One run of a named workload on a given build, for the A/B tools (bench/ab.mjs,
 * bench/callgrind.mjs, bench/opcount.mjs): an execute kernel (bench/suites/execute.mjs), a
 * hash-wasm subject (sha256, blake3, keccak256: one hash of 32 KiB by default) or coremix
 * (coremix(1) by default).
 */
import { WORKLOADS, detwasmWorkload } from './suites/execute.mjs';
import { HASH_SUBJECTS, coremixBytes, extractHashWasm, hashInput, hashWith } from './real-subjects.mjs';

/** Every name {@link runnerFor} knows. */
export const SUBJECT_NAMES = [...WORKLOADS.map((w) => w.name), ...HASH_SUBJECTS.map((s) => s.name), 'coremix'];

/**
 * `engine` (a build's index.js) with `instantiate` under the gas schedule named `gasName`
 * ('default' or 'strict'), or `engine` itself for undefined; `what` names the option in the error
 * for another name (bench/opcount.mjs `--gas`, bench/callgrind.mjs `CG_GAS`).
 */
export function meteredEngine(engine, gasName, what) {
  if (gasName === undefined) return engine;
  const gas = { default: engine.DEFAULT_GAS_SCHEDULE, strict: engine.STRICT_GAS_SCHEDULE }[gasName];
  if (gas === undefined) throw new Error(`${what} must be default or strict, not ${gasName}`);
  return { compile: engine.compile, instantiate: (module) => engine.instantiate(module, {}, { gas }) };
}

/**
 * `() => result` running workload `name` once on `engine` (a build's index.js, or an object with
 * its `compile` and `instantiate`), or undefined for an unknown name. A hash subject hashes
 * `hashBytes` of bench/real-subjects.mjs's input; coremix runs `coremixIterations`.
 */
export function runnerFor(name, engine, { hashBytes = 32 * 1024, coremixIterations = 1 } = {}) {
  const w = WORKLOADS.find((x) => x.name === name);
  if (w !== undefined) return detwasmWorkload(w, engine);
  const hash = HASH_SUBJECTS.find((s) => s.name === name);
  if (hash === undefined && name !== 'coremix') return undefined;
  const exports = engine.instantiate(engine.compile(hash !== undefined ? extractHashWasm(hash.dist) : coremixBytes())).exports;
  if (hash === undefined) return () => exports.coremix(coremixIterations);
  const input = hashInput(hashBytes);
  return () => hashWith(hash, (n, a) => exports[n](...a), () => exports.memory.buffer, input);
}
