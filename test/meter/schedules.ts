/**
 * The gas schedules the independent meter checks detwasm under: the published ones (default,
 * strict), the 'header' loop charge, and custom schedules whose costs are distinct small numbers,
 * so that a cost charged for the wrong event, or once too often, changes the total.
 */
import { DEFAULT_GAS_SCHEDULE, STRICT_GAS_SCHEDULE } from '../../src/index.js';
import type { GasSchedule } from '../../src/index.js';

/** Names of {@link METER_SCHEDULES}. */
export type MeterScheduleName = 'default' | 'strict' | 'header' | 'strict-header' | 'custom' | 'custom-header';

export const METER_SCHEDULES: Readonly<Record<MeterScheduleName, GasSchedule>> = Object.freeze({
  default: DEFAULT_GAS_SCHEDULE,
  strict: STRICT_GAS_SCHEDULE,
  header: Object.freeze({ ...DEFAULT_GAS_SCHEDULE, loopCharge: 'header' as const }),
  'strict-header': Object.freeze({ ...STRICT_GAS_SCHEDULE, loopCharge: 'header' as const }),
  custom: Object.freeze({
    call: 7, loop: 3, loopCharge: 'backedge' as const, instruction: 2, memoryByte: 5, tableElement: 11, memoryGrowPage: 13,
  }),
  'custom-header': Object.freeze({
    call: 1, loop: 1000, loopCharge: 'header' as const, instruction: 3, memoryByte: 2, tableElement: 17, memoryGrowPage: 19,
  }),
});

/** Every schedule name, in a fixed order. */
export const ALL_METER_SCHEDULES: readonly MeterScheduleName[] = Object.freeze(Object.keys(METER_SCHEDULES) as MeterScheduleName[]);
