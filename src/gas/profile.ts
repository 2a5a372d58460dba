/**
 * The gas profile of a metered call (issue 11, item 3): per function, the call count and the
 * inclusive and exclusive gas, and per call path (stack) the exclusive gas, so that the folded
 * stacks of flame-graph tools can be written (profile-report.ts, flame-graph.ts). Gas is the
 * deterministic gas of the schedule, never time: the same call gives the same profile on every
 * node. The interpreter fills it (interpreter/profiler.ts); this file holds the plain data.
 *
 * Exclusive gas is the gas charged while the function was the innermost frame (a host function's
 * call cost and what it charges through `HostContext.chargeGas` go to the host function); the
 * exclusive gas of all functions sums exactly to the call's `gasUsed`. Inclusive gas is the gas
 * charged from the function's entry to its return, counted once per outermost activation, so a
 * recursive function is not counted twice.
 */

/** One function of a {@link GasProfile}. */
export interface FunctionGas {
  /** Name: the name section's, else `func N`; a host function's import name (`module.name`). */
  readonly name: string;
  /** Function index in its module's index space (imports first); -1 for a host function. */
  readonly funcIdx: number;
  /** Times the function was entered (calls, tail calls and the entry call). */
  readonly calls: number;
  /** Gas charged while it was the innermost frame. */
  readonly exclusiveGas: number;
  /** Gas charged while it was on the stack (once per outermost activation: no double count). */
  readonly inclusiveGas: number;
}

/** One call path of a {@link GasProfile}: the stack, outermost frame first. */
export interface StackGas {
  /** Function names, outermost (the entry function) first, innermost last. */
  readonly frames: readonly string[];
  /** Times this path was entered. */
  readonly calls: number;
  /** Gas charged while this path was the stack (its innermost function's exclusive gas here). */
  readonly exclusiveGas: number;
}

/**
 * The gas profile of a call (`{ profile: true }` on `invokeMetered`, `invokeMeteredAsync`,
 * `vm.call`, `vm.callAsync`, `wasi.start`). Frozen; every list in a defined order, so two nodes
 * that ran the same call have equal profiles.
 */
export interface GasProfile {
  /** Gas used by the call: the sum of `exclusiveGas` over `functions` (and over `stacks`). */
  readonly gasUsed: number;
  /**
   * Functions that were entered, sorted by exclusive gas (highest first), then inclusive gas
   * (highest first), then name, then first entry.
   */
  readonly functions: readonly FunctionGas[];
  /** Every call path entered, sorted by its frames (name by name, UTF-16 code unit order). */
  readonly stacks: readonly StackGas[];
}

/** Compares two strings by UTF-16 code units (deterministic; never locale-dependent). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two frame lists name by name, a prefix first. */
export function compareFrames(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareText(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * `floor(part * scale / total)` for non-negative safe integers, exact while `part * scale` is a
 * safe integer and within one unit otherwise (IEEE arithmetic: the same on every host).
 */
export function scaleDown(part: number, total: number, scale: number): number {
  if (total <= 0) return 0;
  const product = part * scale;
  if (Number.isSafeInteger(product)) return Math.floor(product / total);
  return Math.min(scale, Math.floor((part / total) * scale));
}

/** `part / total` as a percentage with two decimals (`12.34`), by integer arithmetic. */
export function percentText(part: number, total: number): string {
  const basisPoints = scaleDown(part, total, 10_000);
  const cents = basisPoints % 100;
  return `${(basisPoints - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}
