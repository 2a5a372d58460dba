/**
 * The examples (examples/contracts, examples/wasi) on V8 through the independent gas meter, set up
 * as detwasm runs them, so that their gas can be compared with detwasm's:
 *   - a contract call as `vm.call` makes it: a fresh instance whose `env` imports are the VM's own
 *     env functions (src/host/env.ts, an EnvSession per call) adapted to V8, the start function
 *     (deferred by the meter) and then the method under one count; the env functions' own charges
 *     (DEFAULT_HOST_COSTS or the VM's hostCosts, charged through HostContext.chargeGas) are part
 *     of the count, as they are part of the VM's gasUsed; state writes committed on success;
 *   - a WASI program as `wasi.start` runs it: `_start` with createWasi's functions adapted to V8;
 *     `proc_exit` ends the run with its code.
 */
import { createWasi, DEFAULT_CALL_LIMITS, WasiExit } from '../../src/index.js';
import type { GasSchedule, HostCosts, HostEnv, HostFunction, WasiOptions } from '../../src/index.js';
import { createEnvModule, EnvSession, resolveHostCosts } from '../../src/host/env.js';
import type { ContractEvent } from '../../src/host/env.js';
import { V8_WASM } from '../diff/v8-api.js';
import { START_EXPORT } from './instrument.js';
import { costsOf, memoryOf, Meter } from './v8-meter.js';

/** One contract call (the fields of a VM CallRequest the examples use). */
export interface ContractCall {
  readonly method: string;
  readonly args: string;
  readonly caller: string;
}

/** What a contract call produced on V8. */
export interface V8ContractResult {
  readonly gasUsed: number;
  readonly output: Uint8Array;
  readonly logs: readonly string[];
  readonly events: readonly ContractEvent[];
  /** What the run threw (a trap, an abort), or null. */
  readonly error: unknown;
}

/** Host functions adapted to V8 through `meter`, each reading the memory of `exportsOf()`. */
function adapt(meter: Meter, fns: Readonly<Record<string, HostFunction>>, exportsOf: () => Record<string, unknown> | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, h] of Object.entries(fns)) out[name] = meter.hostFunction(h, () => memoryOf(exportsOf()));
  return out;
}

/** Runs `call` of contract `code` on V8 under `schedule` and `hostCosts`, against `state`. */
export function callContractOnV8(
  code: Uint8Array, contractId: string, call: ContractCall, state: HostEnv, schedule: GasSchedule, hostCosts?: Partial<HostCosts>,
): V8ContractResult {
  const meter = new Meter(costsOf(schedule), { deferStart: true });
  const session = new EnvSession(
    { contractId, caller: call.caller, blockHeight: 0n, blockTime: 0n, args: new TextEncoder().encode(call.args) },
    state, DEFAULT_CALL_LIMITS, resolveHostCosts(hostCosts), false,
  );
  let exports: Record<string, unknown> | null = null;
  const env = adapt(meter, createEnvModule(session), () => exports);
  const module = new V8_WASM.Module(meter.instrument(code));
  let error: unknown = null;
  try {
    exports = new V8_WASM.Instance(module, { env, ...meter.imports }).exports;
    const start = exports[START_EXPORT] as (() => void) | undefined;
    if (start !== undefined) start();
    (exports[call.method] as () => void)();
    session.commitSync();
  } catch (e) {
    error = e;
  }
  return { gasUsed: meter.read(), output: session.output, logs: session.logs, events: session.events, error };
}

/** What a WASI program did on V8. */
export interface V8WasiResult {
  readonly gasUsed: number;
  /** proc_exit's code, 0 when `_start` returned, null when it trapped. */
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly error: unknown;
}

/** Runs WASI program `bytes` on V8 under `schedule` (a fresh createWasi(options), as detwasm's run gets). */
export function runWasiOnV8(bytes: Uint8Array, options: WasiOptions, schedule: GasSchedule): V8WasiResult {
  const meter = new Meter(costsOf(schedule), { deferStart: true });
  const wasi = createWasi(options);
  let exports: Record<string, unknown> | null = null;
  const imports = { wasi_snapshot_preview1: adapt(meter, wasi.imports.wasi_snapshot_preview1, () => exports), ...meter.imports };
  exports = new V8_WASM.Instance(new V8_WASM.Module(meter.instrument(bytes)), imports).exports;
  (exports[START_EXPORT] as (() => void) | undefined)?.();
  // detwasm runs a start function during instantiation, outside wasi.start's gas.
  const before = meter.read();
  let exitCode: number | null = 0;
  let error: unknown = null;
  try {
    (exports['_start'] as () => void)();
  } catch (e) {
    if (e instanceof WasiExit) {
      exitCode = e.code;
    } else {
      exitCode = null;
      error = e;
    }
  }
  return { gasUsed: meter.read() - before, exitCode, stdout: wasi.stdoutText(), stderr: wasi.stderrText(), error };
}
