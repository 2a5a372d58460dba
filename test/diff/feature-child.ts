/**
 * Child process of the differential run for features this node's V8 runs only behind a flag
 * (test/diff/v8-features.ts V8_FLAGS; vitest workers never get V8 flags): differential.test.ts
 * starts `node <flags> node_modules/vite-node/vite-node.mjs test/diff/feature-child.ts <job>`,
 * where the job is JSON `{ firstSeed, cases, options, schedules }`; the child checks the seeded
 * cases against its (flagged) V8 and prints one JSON line: `{ version, supports, stats, finding }`
 * (finding: the first divergence described as text, or null).
 */
import * as api from '../../src/index.js';
import { Choices } from '../gen/choices.js';
import { generateCase } from '../gen/module-gen.js';
import type { GenOptions } from '../gen/module-gen.js';
import { checkModule, newStats } from './check.js';
import type { ScheduleName } from './run-generated.js';
import { describeFinding } from './report.js';
import { V8_SUPPORTS } from './v8-features.js';

/** What the parent asks for. */
export interface FeatureJob {
  readonly firstSeed: number;
  readonly cases: number;
  readonly options: GenOptions;
  readonly schedules: readonly ScheduleName[];
}

const job = JSON.parse(process.argv[2] ?? '{}') as FeatureJob;
const stats = newStats();
let finding: string | null = null;
for (let i = 0; i < job.cases && finding === null; i++) {
  const seed = job.firstSeed + i;
  const gm = generateCase(Choices.fromSeed(seed), job.options);
  const f = checkModule(api, gm, stats, job.schedules);
  if (f !== null) finding = describeFinding(gm, f, `fuzz seed ${seed} (${JSON.stringify(job.options)})`);
}
process.stdout.write(`${JSON.stringify({ version: process.version, supports: V8_SUPPORTS, stats, finding })}\n`);
