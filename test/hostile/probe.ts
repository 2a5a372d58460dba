/**
 * Test helper of the hostile suite: the "next call is unaffected" checks. A probe is a small,
 * deterministic computation (a loop with a call per iteration, so it exercises frames, locals,
 * branches and gas) whose results and exact gas are recorded before a hostile case and compared
 * after it:
 *   - on a fresh instance of a separate baseline module (nothing leaks through shared engine
 *     state: idle machines, the nested-run counter, the active machine, the type-id table);
 *   - on the same instance that ran the hostile case (its own state is still sound);
 *   - through the contract VM: the same VM, its module cache, the next call of another contract
 *     and of the hostile contract itself.
 *
 * API:
 *   - `PROBE_FIELDS`: WAT fields defining `$probe_sum` and exporting "probe" [i32] -> [i32].
 *   - `CONTRACT_HEAD` / `CONTRACT_PROBE`: the `env.output_write` import, a 1-page memory and a
 *     "probe" method [] -> [] writing `$probe_sum(200)` as 4 output bytes (a contract's start).
 *   - `Prober`: records baselines and asserts them again (`expectInstance`, `expectFresh`).
 *   - `VMProber`: the same for `vm.call` (`expectVM`).
 *   - `hostileSuite(title)`: a test file's shared setup: its cost table (printed after all its
 *     tests) and its probers (made before them).
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { compile, createVM, DEFAULT_GAS_SCHEDULE, instantiate } from '../../src/index.js';
import type { CallOutcome, CallResult, Instance, Module, VM } from '../../src/index.js';
import { wat } from '../helpers/wat.js';
import { CostTable } from './measure.js';

/** Probe argument: 200 loop iterations. */
export const PROBE_N = 200;
/** Gas limit of probe calls (far above what they use). */
export const PROBE_GAS = 10_000_000;

/** Sum of i*i for i < n, one call per iteration. No memory, tables or globals. */
const PROBE_CORE = `
  (func $probe_inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $probe_sum (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $i))))
        (local.set $i (call $probe_inc (local.get $i)))
        (br $next)))
    (local.get $s))`;

export const PROBE_FIELDS: string = `${PROBE_CORE}
  (func (export "probe") (param i32) (result i32) (call $probe_sum (local.get 0)))`;

/** Imports and memory every probe contract starts with (imports must precede definitions). */
export const CONTRACT_HEAD = '(import "env" "output_write" (func $out (param i32 i32)))';

export const CONTRACT_PROBE: string = `(memory 1) ${PROBE_CORE}
  (func (export "probe")
    (i32.store (i32.const 0) (call $probe_sum (i32.const ${PROBE_N})))
    (call $out (i32.const 0) (i32.const 4)))`;

/** Expected probe result: sum of i*i for i < PROBE_N, as an i32. */
export const PROBE_RESULT: number = (() => {
  let s = 0;
  for (let i = 0; i < PROBE_N; i++) s = (s + i * i) | 0;
  return s;
})();

function metered(inst: Instance): CallOutcome {
  return inst.invokeMetered('probe', [PROBE_N], { gasLimit: PROBE_GAS });
}

/** Baselines of the instantiate + invokeMetered path. */
export class Prober {
  private readonly baseModule: Module;
  private readonly baseline: CallOutcome;

  constructor() {
    this.baseModule = compile(wat(PROBE_FIELDS));
    this.baseline = metered(instantiate(this.baseModule, {}, { gas: DEFAULT_GAS_SCHEDULE }));
    expect(this.baseline.error).toBeNull();
    expect(this.baseline.results).toEqual([PROBE_RESULT]);
    expect(this.baseline.gasUsed).toBeGreaterThan(0);
  }

  /** The probe of a (fresh) instance, to compare with {@link expectInstance} later. */
  record(inst: Instance): CallOutcome {
    const outcome = metered(inst);
    expect(outcome.error).toBeNull();
    expect(outcome.results).toEqual([PROBE_RESULT]);
    return outcome;
  }

  /** A fresh instance of the baseline module: same results and gas as before any case. */
  expectFresh(): void {
    expect(metered(instantiate(this.baseModule, {}, { gas: DEFAULT_GAS_SCHEDULE }))).toEqual(this.baseline);
  }

  /** The instance that ran a case, and a fresh baseline instance: both as recorded. */
  expectInstance(inst: Instance, recorded: CallOutcome): void {
    expect(metered(inst)).toEqual(recorded);
    this.expectFresh();
  }
}

/** Baselines of the contract VM path. */
export class VMProber {
  readonly vm: VM;
  private readonly probeCode: Uint8Array;
  private readonly baseline: CallResult;

  constructor(vm: VM = createVM()) {
    this.vm = vm;
    this.probeCode = wat(`${CONTRACT_HEAD} ${CONTRACT_PROBE}`);
    this.baseline = this.callProbe('probe-contract', this.probeCode);
  }

  private callProbe(contractId: string, code: Uint8Array): CallResult {
    const r = this.vm.call({ contractId, code, method: 'probe', gasLimit: PROBE_GAS });
    expect(r.error).toBeNull();
    expect(new DataView(r.output.buffer, r.output.byteOffset, r.output.byteLength).getInt32(0, true)).toBe(PROBE_RESULT);
    return r;
  }

  /** The probe method of a hostile contract, before the case (its baseline). */
  record(contractId: string, code: Uint8Array): CallResult {
    return this.callProbe(contractId, code);
  }

  /**
   * After a case: the probe contract gives the same output and gas as before any case, and, when
   * given, the hostile contract's own probe method gives what it gave before the case.
   */
  expectVM(hostile?: { contractId: string; code: Uint8Array; recorded: CallResult }): void {
    expect(this.callProbe('probe-contract', this.probeCode)).toEqual(this.baseline);
    if (hostile !== undefined) expect(this.callProbe(hostile.contractId, hostile.code)).toEqual(hostile.recorded);
  }
}

/** The shared state of a hostile test file (see {@link hostileSuite}). */
export interface HostileSuite {
  readonly table: CostTable;
  /** Set before the file's tests run. */
  prober: Prober;
  vmProber: VMProber;
}

/** Registers a hostile test file's hooks: probers made before all tests, the table printed after. */
export function hostileSuite(title: string): HostileSuite {
  const suite = { table: new CostTable(title) } as HostileSuite;
  beforeAll(() => {
    suite.prober = new Prober();
    suite.vmProber = new VMProber();
  });
  afterAll(() => {
    suite.table.print();
  });
  return suite;
}
