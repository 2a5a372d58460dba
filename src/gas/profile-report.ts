/**
 * Text reports of a {@link GasProfile}: the top-functions table and the folded stacks that
 * flamegraph.pl, inferno (`inferno-flamegraph`) and speedscope read (Brendan Gregg's
 * stackcollapse format: one `a;b;c 1234` line per call path, outermost frame first, then a space
 * and the path's exclusive gas). Pure functions of the profile: no host API, the same text on
 * every node.
 */
import { compareFrames, percentText } from './profile.js';
import type { GasProfile } from './profile.js';

/**
 * A frame name as a folded-stacks field: `;` separates frames and a line break ends the line, so
 * both become `_` (spaces are kept: the tools split the count off at the last space).
 */
export function foldedFrameName(name: string): string {
  return name.replace(/[;\r\n]/g, '_');
}

/**
 * The folded stacks of a profile: one `outer;...;inner GAS` line per call path with non-zero
 * exclusive gas, sorted by path, each line ending in `\n` (empty text when no gas was charged).
 * The gas of all lines sums to `profile.gasUsed`. Paths whose names only differ in `;` or line
 * breaks are merged.
 */
export function foldedStacks(profile: GasProfile): string {
  const lines: { frames: string[]; gas: number }[] = [];
  for (const s of profile.stacks) {
    if (s.exclusiveGas === 0) continue;
    lines.push({ frames: s.frames.map(foldedFrameName), gas: s.exclusiveGas });
  }
  lines.sort((a, b) => compareFrames(a.frames, b.frames));
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    let gas = lines[i]!.gas;
    while (i + 1 < lines.length && compareFrames(lines[i]!.frames, lines[i + 1]!.frames) === 0) gas += lines[++i]!.gas;
    out += `${lines[i]!.frames.join(';')} ${gas}\n`;
  }
  return out;
}

/** Default number of rows of {@link profileTable}. */
export const DEFAULT_PROFILE_TABLE_ROWS = 20;

function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

/**
 * The top `rows` functions of a profile (by exclusive gas, the profile's order) as a text table:
 * exclusive gas and its share of `gasUsed`, inclusive gas and its share, calls, name; then a line
 * for the functions left out. Every line ends in `\n`. Throws TypeError when `rows` is not a
 * non-negative safe integer.
 */
export function profileTable(profile: GasProfile, rows: number = DEFAULT_PROFILE_TABLE_ROWS): string {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new TypeError('rows must be a non-negative safe integer');
  const total = profile.gasUsed;
  const shown = profile.functions.slice(0, rows);
  const cells = shown.map((f) => [
    String(f.exclusiveGas), percentText(f.exclusiveGas, total), String(f.inclusiveGas), percentText(f.inclusiveGas, total),
    String(f.calls), f.name,
  ]);
  const head = ['exclusive', '%', 'inclusive', '%', 'calls', 'function'];
  const widths = head.map((h, c) => Math.max(h.length, ...cells.map((row) => row[c]!.length)));
  const line = (row: readonly string[]): string =>
    `${row.slice(0, 5).map((cell, c) => padStart(cell, widths[c]!)).join('  ')}  ${row[5]!}`.trimEnd() + '\n';
  let calls = 0;
  for (const f of profile.functions) calls += f.calls;
  let out = `gas used: ${total} (${profile.functions.length} function${profile.functions.length === 1 ? '' : 's'}, ${calls} call${calls === 1 ? '' : 's'})\n`;
  out += line(head);
  for (const row of cells) out += line(row);
  const rest = profile.functions.slice(rows);
  if (rest.length > 0) {
    let gas = 0;
    for (const f of rest) gas += f.exclusiveGas;
    out += `... ${rest.length} more function${rest.length === 1 ? '' : 's'}: ${gas} exclusive gas (${percentText(gas, total)}%)\n`;
  }
  return out;
}

