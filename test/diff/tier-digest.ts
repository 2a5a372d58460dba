/**
 * Determinism across JIT tiers (issue 5, item 3): one SHA-256 digest over everything detwasm
 * computes for a corpus of generated modules and for spec files, with gas on — every call's
 * results (as bits), trap code and exact `gasUsed`, and the state after it. tiers.test.ts runs
 * this in child processes under `node`, `node --jitless`, `node --no-opt` and `node --max-opt=1`
 * and requires one digest: a signaling NaN that changes bits in unoptimised code, or any other
 * tier-dependent behaviour, changes it.
 *
 * Imports no engine code: the detwasm API is passed in, so the children run it on dist/.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type * as Api from '../../src/index.js';
import type { GeneratedModule } from '../gen/module-gen.js';
import type { SpecEngine } from '../spec/engine.js';
import { runOnDetwasm } from './run-generated.js';
import type { DetwasmApi } from './run-generated.js';

/** Gas limit of every metered spec call: unreachable, so metering never changes a result. */
export const SPEC_GAS_LIMIT = Number.MAX_SAFE_INTEGER;

/** A running SHA-256 over lines of text. */
export class Digest {
  private readonly hash: Hash = createHash('sha256');
  lines = 0;

  add(line: string): void {
    this.hash.update(line);
    this.hash.update('\n');
    this.lines++;
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

/** Counts of what went into a digest. */
export interface DigestCounts {
  /** Generated test cases (modules or linked pairs). */
  cases: number;
  calls: number;
  specFiles: number;
  specCommands: number;
  specInvokes: number;
}

export function newCounts(): DigestCounts {
  return { cases: 0, calls: 0, specFiles: 0, specCommands: 0, specInvokes: 0 };
}

/**
 * Runs every module of the corpus (strict gas schedule) into the digest, on the interpreter and on
 * the JS tier (whose generated functions then run under each JIT tier of the child too).
 */
export function digestGenerated(api: DetwasmApi, corpus: readonly GeneratedModule[], d: Digest, counts: DigestCounts): void {
  for (const gm of corpus) {
    for (const name of ['strict', 'strict-js'] as const) {
      const run = runOnDetwasm(api, gm, name);
      d.add(JSON.stringify(run));
      counts.calls += run.steps.length;
    }
    counts.cases++;
  }
}

/** A call result as text: bits for numbers, `func` / `extern <n>` / `null` for references. */
function valueText(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'function') return 'func';
  const n = (v as { externref?: unknown }).externref;
  return `extern ${String(n)}`;
}

type Invoke = Api.Instance['invoke'];

/**
 * Wraps detwasm's spec engine (test/spec/detwasm-engine.ts, gas on) so that every call goes
 * through `invokeMetered` with {@link SPEC_GAS_LIMIT} and lands in the digest: export name,
 * results or trap code, gasUsed. The wrapped engine behaves exactly like the original otherwise
 * (results and errors are passed through), so the runner's verdicts are digested too.
 */
export function meteredSpecEngine(
  api: Pick<typeof Api, 'Trap'>, base: SpecEngine<Api.Module, Api.Instance>, d: Digest, counts: DigestCounts,
): SpecEngine<Api.Module, Api.Instance> {
  const exec = base.execution!;
  return {
    ...base,
    execution: {
      ...exec,
      instantiate(module, registry) {
        const instance = exec.instantiate(module, registry);
        const invoke: Invoke = (name, args = [], options) => {
          // Only bits go into the digest: a NaN read as a JS number has an engine-dependent payload
          // and String(-0) is '0', so a digest of numbers could agree across lines that differ.
          if (options?.floatBits !== true) throw new Error(`tier digest: ${name} invoked without { floatBits: true }`);
          const r = instance.invokeMetered(name, args, { gasLimit: SPEC_GAS_LIMIT, floatBits: true });
          counts.specInvokes++;
          const outcome = r.error === null
            ? r.results!.map(valueText).join(' ')
            : r.error instanceof api.Trap ? `trap ${r.error.code}` : `${r.error.kind}: ${r.error.message}`;
          d.add(`${name} -> ${outcome} gas ${r.gasUsed}`);
          if (r.error !== null) throw r.error;
          return r.results!;
        };
        Object.defineProperty(instance, 'invoke', { value: invoke });
        return instance;
      },
    },
  };
}
