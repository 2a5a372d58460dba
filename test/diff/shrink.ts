/**
 * Shrinking of a failing differential case: its choice words (test/gen/choices.ts) are made
 * smaller while the case keeps failing the same way (same finding signature), so the module
 * written to test/diff/regressions/ is close to minimal. Used by the fuzz run (fuzz-cli.ts).
 */
import fc from 'fast-check';
import { choiceWordsArb, DEFAULT_MAX_WORDS } from '../gen/arbitrary.js';
import { Choices } from '../gen/choices.js';
import { generateCase } from '../gen/module-gen.js';
import type { GenOptions } from '../gen/module-gen.js';
import type { MeterScheduleName } from '../meter/schedules.js';
import { checkModule, newStats } from './check.js';
import type { DetwasmApi, RunName } from './run-generated.js';
import { findingSignature } from './report.js';

/**
 * How long shrinking may go on. `checks` counts candidate modules generated and run (on V8 and
 * detwasm): a budget of checks gives the same result on a fast or a slow machine, so tests use it
 * (STYLE.md "Tests": never wall-clock time). `seconds` is a wall-clock limit for the fuzz CLI,
 * whose result may then depend on the machine. Shrinking stops at whichever runs out first, or
 * when no candidate is left.
 */
export interface ShrinkBudget {
  readonly checks?: number;
  readonly seconds?: number;
}

/**
 * Shrinks the choice words of a failing module while it keeps failing with the same signature,
 * within `budget`: first cuts the tail (exhausted choices are 0, the simplest option, so a
 * shorter prefix is a smaller program), then zeroes chunks of halving sizes, then runs
 * fast-check's array shrinker (fixed seed) from the result. Returns the smallest failing words
 * seen (fewest words, then smallest sum).
 */
export function shrink(
  engine: DetwasmApi, words: Uint32Array, options: GenOptions, signature: string, budget: ShrinkBudget,
  schedules: readonly RunName[] = ['strict', 'default', 'free'], meterSchedules: readonly MeterScheduleName[] = [],
): Uint32Array {
  const scratch = newStats();
  let best = words;
  let bestSum = sumOf(words);
  let checksLeft = budget.checks ?? Infinity;
  const deadline = budget.seconds === undefined ? Infinity : Date.now() + budget.seconds * 1000;
  const hasBudget = (): boolean => checksLeft > 0 && Date.now() < deadline;
  const sameFailure = (w: Uint32Array): boolean => {
    checksLeft--;
    const gm = generateCase(Choices.fromWords(w), options);
    const f = checkModule(engine, gm, scratch, schedules, true, meterSchedules);
    const isSame = f !== null && findingSignature(f) === signature;
    if (isSame && (w.length < best.length || (w.length === best.length && sumOf(w) < bestSum))) {
      best = w;
      bestSum = sumOf(w);
    }
    return isSame;
  };
  for (let cut = best.length >> 1; cut >= 1 && hasBudget();) {
    if (!sameFailure(best.slice(0, best.length - cut))) cut >>= 1;
  }
  for (let size = best.length >> 1; size >= 1; size >>= 1) {
    for (let at = 0; at < best.length && hasBudget(); at += size) {
      const w = best.slice();
      w.fill(0, at, at + size);
      if (sumOf(w) < bestSum) sameFailure(w);
    }
  }
  if (hasBudget()) {
    // Once the budget is spent, every further candidate counts as "does not fail", so fast-check
    // stops after the candidates of the current level (cheap: nothing is generated or run).
    fc.check(fc.property(choiceWordsArb(Math.max(best.length, DEFAULT_MAX_WORDS)), (w) => !hasBudget() || !sameFailure(w)), {
      examples: [[best]],
      numRuns: 1,
      seed: 1,
    });
  }
  return best;
}

function sumOf(w: Uint32Array): number {
  let s = 0;
  for (const x of w) s += x;
  return s;
}
