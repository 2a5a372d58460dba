/**
 * The one reviewed statement of which spec commands do not run, and why. The runner reports a
 * command it cannot run as "skipped" or "not yet run", never as passed, but a test asserting only
 * failures would still pass if commands silently stopped running; spec.test.ts therefore asserts,
 * per file, that the runner's counts equal the ones computed here from the JSON alone,
 * independently of runner.ts and of the engine's own `executes` declaration (detwasm-engine.ts).
 *
 * - skipped: text-format modules (`module_type: "text"`; the engine reads binaries only) of
 *   wast2json files, and the entries of the skip list (skips.ts); a file converted at test time
 *   (wast.ts) carries its text modules in memory, already through wasm-tools' parser, and runs them;
 * - not yet run: in `simd_*` files, every command that calls code (SIMD is decoded, validated and
 *   instantiated, not executed yet); elsewhere none. When SIMD execution lands, set
 *   IS_SIMD_EXECUTED to true: the expectation is then 0 everywhere.
 */
import type { Command, SpecFile } from './commands.js';
import { findSkip } from './skips.js';

/** Whether detwasm executes SIMD instructions (false until that milestone lands). */
export const IS_SIMD_EXECUTED = true;

/** Command kinds that call wasm code (spec interpreter README, "Scripts": actions and assertions on them). */
const CALLS_CODE_KINDS: readonly string[] = ['action', 'assert_return', 'assert_trap', 'assert_exhaustion'];

/**
 * What the runner must report for one command of `fileName`, other than passed or failed;
 * `modules` are the modules a converted file carries in memory (SpecFile.modules).
 */
export function expectedStatus(
  fileName: string,
  command: Command,
  modules?: ReadonlyMap<string, unknown>,
): 'skipped' | 'notRun' | 'runs' {
  if (findSkip(fileName, command.line) !== undefined) return 'skipped';
  if ((command as { readonly module_type?: string }).module_type === 'text' && modules === undefined) return 'skipped';
  if (!IS_SIMD_EXECUTED && fileName.startsWith('simd_') && CALLS_CODE_KINDS.includes(command.type)) return 'notRun';
  return 'runs';
}

/** Expected totals of one file: commands that run (and must pass), are skipped, are not yet run. */
export function expectedCounts(file: SpecFile): { passed: number; skipped: number; notRun: number } {
  const counts = { passed: 0, skipped: 0, notRun: 0 };
  for (const command of file.commands) {
    const status = expectedStatus(file.name, command, file.modules);
    if (status === 'runs') counts.passed++;
    else counts[status]++;
  }
  return counts;
}
