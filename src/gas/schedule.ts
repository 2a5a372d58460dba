/**
 * The gas schedule: what each wasm-level event costs (plain integers, never BigInt). Costs are
 * defined on wasm events only — function calls, taken loop back-edges (or loop headers), bytes and
 * elements of bulk operations, pages of memory.grow, and optionally every instruction — never on
 * the interpreter's internal code, so an optimisation of the interpreter can never change a gas
 * figure. docs/RATIONALE.md ("Gas") records why each default is what it is.
 */

/** Where the per-iteration loop cost is charged. */
export type LoopCharge = 'backedge' | 'header';

export interface GasSchedule {
  /** Every function call: wasm or host (WASI included), and the entry call itself. */
  readonly call: number;
  /** Every loop iteration: each taken branch back to a loop ('backedge'), or each loop header entry ('header'). */
  readonly loop: number;
  /**
   * 'backedge' (default): `loop` is charged on every taken branch back to a loop header.
   * 'header': charged each time the loop header is reached, on entry and on every back-edge —
   * what loop-header instrumentation (the original chain's) charged.
   */
  readonly loopCharge: LoopCharge;
  /** Per byte of memory.fill / memory.copy / memory.init, charged before the work. */
  readonly memoryByte: number;
  /** Per element of table.fill / table.copy / table.init / table.grow, charged before the work. */
  readonly tableElement: number;
  /** Per page of memory.grow (the requested delta), charged before growing. */
  readonly memoryGrowPage: number;
  /**
   * Per wasm instruction (0 = off). The "strict" schedule: each straight-line run of instructions
   * (split at block, loop, if, else, end, br, br_if, br_table, return) pays for all of its
   * instructions when it starts, like wasmi's and NEAR's per-block fuel.
   */
  readonly instruction: number;
}

/** Largest cost of one event (costs are baked into the code as int32 immediates). */
export const MAX_EVENT_COST = 0x7fffffff;

/** The default schedule (see docs/RATIONALE.md, "Gas"). */
export const DEFAULT_GAS_SCHEDULE: GasSchedule = Object.freeze({
  call: 100,
  loop: 100,
  loopCharge: 'backedge' as const,
  memoryByte: 1,
  tableElement: 1,
  memoryGrowPage: 65536,
  instruction: 0,
});

/** The strict schedule: the default plus 1 gas per instruction. */
export const STRICT_GAS_SCHEDULE: GasSchedule = Object.freeze({ ...DEFAULT_GAS_SCHEDULE, instruction: 1 });

/** A schedule that charges nothing (unmetered runs, e.g. the spec suite's "gas off"). */
export const FREE_GAS_SCHEDULE: GasSchedule = Object.freeze({
  call: 0, loop: 0, loopCharge: 'backedge' as const, memoryByte: 0, tableElement: 0, memoryGrowPage: 0, instruction: 0,
});

const COST_KEYS = ['call', 'loop', 'memoryByte', 'tableElement', 'memoryGrowPage', 'instruction'] as const;

/**
 * Validates a (partial) schedule on top of `base` and returns a frozen copy. Throws TypeError for
 * an unknown key, a non-integer or negative cost, or a cost above {@link MAX_EVENT_COST}.
 */
export function resolveGasSchedule(overrides?: Partial<GasSchedule>, base: GasSchedule = DEFAULT_GAS_SCHEDULE): GasSchedule {
  if (overrides === undefined) return base;
  if (overrides === null || typeof overrides !== 'object') throw new TypeError('gas schedule must be an object');
  // A frozen override object cannot change: its result is remembered (every contract call
  // instantiates with the VM's frozen schedule).
  const isFrozen = Object.isFrozen(overrides);
  if (isFrozen) {
    const hit = resolvedFrozen.get(overrides);
    if (hit !== undefined && hit.base === base) return hit.schedule;
  }
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(overrides)) {
    const v = (overrides as Record<string, unknown>)[key];
    if (key === 'loopCharge') {
      if (v !== 'backedge' && v !== 'header') throw new TypeError("loopCharge must be 'backedge' or 'header'");
      out[key] = v;
    } else if ((COST_KEYS as readonly string[]).includes(key)) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_EVENT_COST) {
        throw new TypeError(`gas cost ${key} must be an integer in [0, ${MAX_EVENT_COST}]`);
      }
      out[key] = v;
    } else {
      throw new TypeError(`unknown gas schedule key: ${key}`);
    }
  }
  const schedule = Object.freeze(out) as unknown as GasSchedule;
  if (isFrozen) resolvedFrozen.set(overrides, { base, schedule });
  return schedule;
}

/** resolveGasSchedule's results for frozen override objects, with the base they were resolved on. */
const resolvedFrozen = new WeakMap<object, { readonly base: GasSchedule; readonly schedule: GasSchedule }>();

/** A stable key of a schedule's code-affecting costs (translated code is cached per key). */
export function scheduleCodeKey(s: Pick<GasSchedule, 'call' | 'loop' | 'loopCharge' | 'instruction'>): string {
  return `${s.call}/${s.loop}/${s.loopCharge}/${s.instruction}`;
}

/** Checks a gas limit: a non-negative safe integer. */
export function checkGasLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) {
    throw new TypeError('gas limit must be a non-negative safe integer');
  }
  return limit;
}
