/**
 * The one reviewed skip list of the spec runner (STYLE.md, "Tests": skips come from one list with
 * a reason each). An entry skips one command, identified by its JSON file and `.wast` line.
 * Keep it empty unless a spec test is wrong for a deterministic engine; text-format modules are
 * not listed here (the runner reports them as "skipped (text)" by command kind).
 */

export interface SkipEntry {
  /** JSON file name, e.g. `float_exprs.json`. */
  readonly file: string;
  /** Line of the command in the `.wast` source. */
  readonly line: number;
  /** Why the command cannot run; reviewed with the entry. */
  readonly reason: string;
}

export const SKIPS: readonly SkipEntry[] = [];

/** The skip entry of a command, if any. */
export function findSkip(file: string, line: number): SkipEntry | undefined {
  return SKIPS.find((s) => s.file === file && s.line === line);
}
