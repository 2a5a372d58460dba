/**
 * The gas schedule: what each wasm-level event costs (plain integers, never BigInt). Costs are
 * defined on wasm events only — function calls, taken loop back-edges (or loop headers), bytes and
 * elements of bulk operations, pages of memory.grow, and optionally every instruction — never on
 * the interpreter's internal code, so an optimisation of the interpreter can never change a gas
 * figure. docs/RATIONALE.md ("Gas") records why each default is what it is.
 */

import { GAS_CLASSES, INSTRUCTION_CLASSES } from './instructions.js';
import type { GasClass } from './instructions.js';

export { GAS_CLASSES, INSTRUCTION_CLASSES } from './instructions.js';
export type { GasClass } from './instructions.js';

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
  /** Per GC object allocated (3.0 struct.new, array.new, ...), charged before allocating. */
  readonly gcObject: number;
  /**
   * Per byte of a GC object's fields or elements (packed i8 / i16 count 1 / 2, references 8),
   * charged before allocating, and per byte that array.fill / copy / init_data / init_elem touch.
   */
  readonly gcByte: number;
  /**
   * Per wasm instruction (0 = off). The "strict" schedule: each straight-line run of instructions
   * (split at block, loop, if, else, end, br, br_if, br_table, return) pays for all of its
   * instructions when it starts, like wasmi's and NEAR's per-block fuel. `classCosts` and
   * `instructionCosts` refine it per instruction: an instruction costs its `instructionCosts`
   * entry, else its class's `classCosts` entry, else `instruction` ({@link instructionCost}).
   */
  readonly instruction: number;
  /** Per-instruction costs by gas class (INSTRUCTION_CLASSES gives each instruction's class). */
  readonly classCosts?: Readonly<Partial<Record<GasClass, number>>>;
  /** Per-instruction costs by mnemonic (`'i64.div_s': 20`); they override the class costs. */
  readonly instructionCosts?: Readonly<Record<string, number>>;
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
  gcObject: 100,
  gcByte: 1,
  instruction: 0,
});

/** The strict schedule: the default plus 1 gas per instruction. */
export const STRICT_GAS_SCHEDULE: GasSchedule = Object.freeze({ ...DEFAULT_GAS_SCHEDULE, instruction: 1 });

/** A schedule that charges nothing (unmetered runs, e.g. the spec suite's "gas off"). */
export const FREE_GAS_SCHEDULE: GasSchedule = Object.freeze({
  call: 0, loop: 0, loopCharge: 'backedge' as const, memoryByte: 0, tableElement: 0, memoryGrowPage: 0, gcObject: 0, gcByte: 0, instruction: 0,
});

const COST_KEYS = ['call', 'loop', 'memoryByte', 'tableElement', 'memoryGrowPage', 'gcObject', 'gcByte', 'instruction'] as const;

function checkCost(what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_EVENT_COST) {
    throw new TypeError(`gas cost ${what} must be an integer in [0, ${MAX_EVENT_COST}]`);
  }
  return v;
}

/** A validated, frozen copy of a table of costs whose keys must be in `known` (`what` names it). */
function costTable(what: string, v: unknown, isKnown: (key: string) => boolean): Readonly<Record<string, number>> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new TypeError(`${what} must be an object of costs`);
  const out: Record<string, number> = {};
  for (const key of Object.keys(v).sort()) {
    if (!isKnown(key)) throw new TypeError(`${what}: unknown ${what === 'classCosts' ? 'gas class' : 'instruction'} '${key}'`);
    out[key] = checkCost(`${what}.${key}`, (v as Record<string, unknown>)[key]);
  }
  return Object.freeze(out);
}

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
      out[key] = checkCost(key, v);
    } else if (key === 'classCosts') {
      out[key] = costTable(key, v, (k) => (GAS_CLASSES as readonly string[]).includes(k));
    } else if (key === 'instructionCosts') {
      out[key] = costTable(key, v, (k) => Object.hasOwn(INSTRUCTION_CLASSES, k));
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

/** The part of a schedule baked into translated code. */
export type CodeCosts = Pick<GasSchedule, 'call' | 'loop' | 'loopCharge' | 'instruction' | 'classCosts' | 'instructionCosts'>;

/** A stable key of a schedule's code-affecting costs (translated code is cached per key). */
export function scheduleCodeKey(s: CodeCosts): string {
  const table = (t: Readonly<Record<string, number | undefined>> | undefined): string =>
    t === undefined ? '' : Object.keys(t).sort().map((k) => `${k}=${t[k]}`).join(',');
  return `${s.call}/${s.loop}/${s.loopCharge}/${s.instruction}/${table(s.classCosts)}/${table(s.instructionCosts)}`;
}

/**
 * What the wasm instruction `mnemonic` costs under `s`: its `instructionCosts` entry, else its
 * class's `classCosts` entry, else `instruction`. Charged as one sum per straight-line run.
 */
export function instructionCost(s: CodeCosts, mnemonic: string): number {
  const own = s.instructionCosts?.[mnemonic];
  if (own !== undefined) return own;
  const cls = INSTRUCTION_CLASSES[mnemonic];
  const byClass = cls === undefined ? undefined : s.classCosts?.[cls];
  return byClass ?? s.instruction;
}

/** Checks a gas limit: a non-negative safe integer. */
export function checkGasLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 0) {
    throw new TypeError('gas limit must be a non-negative safe integer');
  }
  return limit;
}
