/**
 * The gas schedules the independent meter checks detwasm under: the published ones (default,
 * strict), the 'header' loop charge, and custom schedules whose costs are distinct small numbers,
 * so that a cost charged for the wrong event, or once too often, changes the total.
 */
import { DEFAULT_GAS_SCHEDULE, STRICT_GAS_SCHEDULE } from '../../src/index.js';
import type { GasSchedule } from '../../src/index.js';

/** Names of {@link METER_SCHEDULES}. */
export type MeterScheduleName = 'default' | 'strict' | 'header' | 'strict-header' | 'custom' | 'custom-header' | 'weighted';

export const METER_SCHEDULES: Readonly<Record<MeterScheduleName, GasSchedule>> = Object.freeze({
  default: DEFAULT_GAS_SCHEDULE,
  strict: STRICT_GAS_SCHEDULE,
  header: Object.freeze({ ...DEFAULT_GAS_SCHEDULE, loopCharge: 'header' as const }),
  'strict-header': Object.freeze({ ...STRICT_GAS_SCHEDULE, loopCharge: 'header' as const }),
  custom: Object.freeze({
    call: 7, loop: 3, loopCharge: 'backedge' as const, instruction: 2, memoryByte: 5, tableElement: 11, memoryGrowPage: 13, gcObject: 23, gcByte: 29,
  }),
  'custom-header': Object.freeze({
    call: 1, loop: 1000, loopCharge: 'header' as const, instruction: 3, memoryByte: 2, tableElement: 17, memoryGrowPage: 19, gcObject: 31, gcByte: 37,
  }),
  // Weighted: a distinct cost per gas class and a few per-mnemonic overrides (no loop or call
  // event cost: br / call instructions pay), so an instruction priced by the wrong class shows.
  weighted: Object.freeze({
    call: 0, loop: 0, loopCharge: 'backedge', instruction: 1, memoryByte: 3, tableElement: 5, memoryGrowPage: 7, gcObject: 41, gcByte: 43,
    classCosts: {
      control: 2, call: 41, callIndirect: 43, variable: 4, load: 6, store: 8, memory: 10, const: 1, integer: 12,
      float: 14, division: 29, conversion: 16, table: 18, reference: 20, simd: 22,
    },
    instructionCosts: { 'global.get': 3, 'i64.mul': 31, br: 9, br_if: 11, br_table: 13, return_call: 47 },
  }),
});

/** Every schedule name, in a fixed order. */
export const ALL_METER_SCHEDULES: readonly MeterScheduleName[] = Object.freeze(Object.keys(METER_SCHEDULES) as MeterScheduleName[]);
