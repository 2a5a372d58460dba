/**
 * One run of a named workload on a given build, for the A/B tools (bench/ab.mjs,
 * bench/callgrind.mjs): an execute kernel (bench/suites/execute.mjs), a hash-wasm subject
 * (sha256, blake3, keccak256: one hash of 32 KiB) or coremix (coremix(1)).
 */
import { WORKLOADS, detwasmWorkload } from './suites/execute.mjs';
import { HASH_SUBJECTS, coremixBytes, extractHashWasm, hashInput, hashWith } from './real-subjects.mjs';

/** Every name {@link runnerFor} knows. */
export const SUBJECT_NAMES = [...WORKLOADS.map((w) => w.name), ...HASH_SUBJECTS.map((s) => s.name), 'coremix'];

/** `() => result` running workload `name` once on `engine` (a build's index.js), or undefined. */
export function runnerFor(name, engine) {
  const w = WORKLOADS.find((x) => x.name === name);
  if (w !== undefined) return detwasmWorkload(w, engine);
  const hash = HASH_SUBJECTS.find((s) => s.name === name);
  if (hash === undefined && name !== 'coremix') return undefined;
  const exports = engine.instantiate(engine.compile(hash !== undefined ? extractHashWasm(hash.dist) : coremixBytes())).exports;
  if (hash === undefined) return () => exports.coremix(1);
  const input = hashInput(32 * 1024);
  return () => hashWith(hash, (n, a) => exports[n](...a), () => exports.memory.buffer, input);
}
