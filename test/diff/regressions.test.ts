/**
 * Replays every recorded differential divergence (test/diff/regressions/*.json, written by the
 * fuzz run, see regressions/README.md) against V8 under every gas schedule, with the gas meter
 * (test/meter) under each of its schedules: each must now agree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { ALL_METER_SCHEDULES } from '../meter/schedules.js';
import { checkModule, newStats } from './check.js';
import { describeFinding, REGRESSIONS_DIR } from './report.js';
import type { RegressionRecord } from './report.js';
import { moduleFromJson } from './run-generated.js';

const files = readdirSync(REGRESSIONS_DIR).filter((f) => f.endsWith('.json')).sort();

describe(`differential regressions (${files.length} recorded)`, () => {
  it('has its folder and format description', () => {
    expect(readdirSync(REGRESSIONS_DIR)).toContain('README.md');
  });

  it.each(files)('%s agrees with V8', (file) => {
    const record = JSON.parse(readFileSync(join(REGRESSIONS_DIR, file), 'utf8')) as RegressionRecord;
    const gm = moduleFromJson(record.module);
    const f = checkModule(api, gm, newStats(), ['strict', 'default', 'free'], true, ALL_METER_SCHEDULES);
    if (f !== null) throw new Error(`${describeFinding(gm, f, record.origin)}\n(found as: ${record.finding})`);
  });
});
