/**
 * Test generator: fast-check arbitraries of generated modules (test/gen/module-gen.ts).
 *
 * A module is a pure function of a choice-word array (test/gen/choices.ts), so the arbitrary is an
 * arbitrary of uint32 arrays mapped through the generator: fast-check generates and replays it from
 * a seed, and shrinks a failing module by shrinking its words (fewer words: fewer instructions;
 * smaller words: earlier, simpler options).
 */
import fc from 'fast-check';
import { Choices } from './choices.js';
import { generateCase } from './module-gen.js';
import type { GeneratedModule, GenOptions } from './module-gen.js';

/** Most choice words one module consumes with the default options is ~2,000; beyond: all zero. */
export const DEFAULT_MAX_WORDS = 4096;

/** Arbitrary choice-word arrays (lengths spread over [0, maxWords]). */
export function choiceWordsArb(maxWords: number = DEFAULT_MAX_WORDS): fc.Arbitrary<Uint32Array> {
  return fc.uint32Array({ maxLength: maxWords, size: 'max' });
}

/** Arbitrary generated test cases (valid modules or linked pairs, with their calls). */
export function generatedModuleArb(options: GenOptions = {}, maxWords: number = DEFAULT_MAX_WORDS): fc.Arbitrary<GeneratedModule> {
  return choiceWordsArb(maxWords).map((words) => generateCase(Choices.fromWords(words), options));
}
