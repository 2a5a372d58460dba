/**
 * The V8 side of the independent gas meter: instruments modules (test/meter/instrument.ts), runs
 * them on Node's native WebAssembly (tests only), charges host calls where detwasm charges them
 * (the call cost at the callee's entry: a wrapper of each host function), and reads the count:
 * one i64 global that every instrumented instance imports, plus the host calls' charges. Also an
 * adapter that runs detwasm's typed host functions
 * (`defineHostFunction`: WASI, the contract env) on V8, with a HostContext over the instance's
 * exported memory whose `chargeGas` adds to the count: a host function's own charges are part of
 * the gas detwasm reports.
 *
 * {@link costsOf} turns a GasSchedule into the meter's costs. The per-instruction cost is a
 * function of the mnemonic; today every schedule is flat (`instruction`). When GasSchedule gains
 * weighted costs (an `instructionCost(schedule, mnemonic)` in src/gas/schedule.ts), costsOf
 * returns `(m) => instructionCost(schedule, m)` and nothing else here changes.
 */
import { instructionCost, Trap, TrapCode } from '../../src/index.js';
import type { GasSchedule, HostContext, HostFunction } from '../../src/index.js';
import type { V8GasMeter } from '../diff/run-generated.js';
import { V8_WASM } from '../diff/v8-api.js';
import type { V8Global, V8Memory } from '../diff/v8-api.js';
import { GAS_IMPORT_MODULE, GAS_IMPORT_NAME, instrument, MEMORY_EXPORT } from './instrument.js';
import type { InstrumentOptions, Instrumented, MeterCosts } from './instrument.js';

/** The meter's costs of a detwasm gas schedule. */
export function costsOf(schedule: GasSchedule): MeterCosts {
  return {
    call: schedule.call,
    loop: schedule.loop,
    loopCharge: schedule.loopCharge,
    memoryByte: schedule.memoryByte,
    tableElement: schedule.tableElement,
    memoryGrowPage: schedule.memoryGrowPage,
    instructionCost: (m: string) => instructionCost(schedule, m),
  };
}

/**
 * Counts gas over instrumented V8 instances and host calls (one meter per run being compared):
 * every instance imports the meter's one counter global ({@link Meter.imports}).
 */
export class Meter implements V8GasMeter {
  readonly costs: MeterCosts;
  readonly options: InstrumentOptions;
  /** Import object entries every instrumented module needs (merge into its imports). */
  readonly imports: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  private readonly counter: V8Global;
  private hostGas = 0;

  constructor(costs: MeterCosts, options: InstrumentOptions = {}) {
    this.costs = costs;
    this.options = options;
    this.counter = new V8_WASM.Global({ value: 'i64', mutable: true }, 0n);
    this.imports = { [GAS_IMPORT_MODULE]: { [GAS_IMPORT_NAME]: this.counter } };
  }

  /** Instrumented bytes of a module. */
  instrument(bytes: Uint8Array): Uint8Array {
    return this.instrumented(bytes).bytes;
  }

  /** An instrumented module with what the meter added to it. */
  instrumented(bytes: Uint8Array): Instrumented {
    return instrument(bytes, this.costs, this.options);
  }

  /** A host function that pays the call cost on entry, then runs `f`. */
  host<F extends (...args: never[]) => unknown>(f: F): F {
    const meter = this;
    const call = this.costs.call;
    return function charged(this: unknown, ...args: never[]): unknown {
      meter.hostGas += call;
      return f.apply(this, args);
    } as F;
  }

  /**
   * A typed detwasm host function for V8: pays the call cost, then calls it with a context over
   * `memory()` (the calling instance's memory, null before it exists) whose chargeGas counts here.
   */
  hostFunction(h: HostFunction, memory: () => ArrayBuffer | null): (...args: never[]) => unknown {
    const ctx = new V8HostContext(memory, (n) => {
      this.hostGas += n;
    });
    const fn = h.fn as (ctx: HostContext, ...args: unknown[]) => unknown;
    return this.host((...args: never[]) => fn(ctx, ...args));
  }

  /** Gas counted so far. */
  read(): number {
    const total = Number(this.counter.value as bigint) + this.hostGas;
    if (!Number.isSafeInteger(total)) throw new Error(`meter: count ${total} is past 2^53`);
    return total;
  }
}

/** The memory export of an instrumented instance (`meter.memory`), or null. */
export function memoryOf(exports: Record<string, unknown> | null): ArrayBuffer | null {
  const m = exports === null ? undefined : (exports[MEMORY_EXPORT] as V8Memory | undefined);
  return m === undefined ? null : m.buffer;
}

function oob(): never {
  throw new Trap(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, []);
}

/** HostContext (src/host/abi.ts) over a V8 memory: bounds-checked, little-endian. */
class V8HostContext implements HostContext {
  private readonly memory: () => ArrayBuffer | null;
  private readonly charge: (n: number) => void;

  constructor(memory: () => ArrayBuffer | null, charge: (n: number) => void) {
    this.memory = memory;
    this.charge = charge;
  }

  get memorySize(): number {
    return this.memory()?.byteLength ?? 0;
  }

  get gasLeft(): number {
    return Number.MAX_SAFE_INTEGER;
  }

  private view(ptr: number, length: number): DataView {
    const buf = this.memory();
    const p = ptr >>> 0;
    if (buf === null || !Number.isSafeInteger(length) || length < 0 || p + length > buf.byteLength) oob();
    return new DataView(buf, p, length);
  }

  read(ptr: number, length: number): Uint8Array {
    const v = this.view(ptr, length);
    return new Uint8Array(v.buffer, v.byteOffset, length).slice();
  }

  write(ptr: number, bytes: Uint8Array): void {
    const v = this.view(ptr, bytes.length);
    new Uint8Array(v.buffer, v.byteOffset, bytes.length).set(bytes);
  }

  readU32(ptr: number): number {
    return this.view(ptr, 4).getUint32(0, true);
  }

  writeU32(ptr: number, value: number): void {
    this.view(ptr, 4).setUint32(0, value >>> 0, true);
  }

  readU64(ptr: number): bigint {
    return this.view(ptr, 8).getBigUint64(0, true);
  }

  writeU64(ptr: number, value: bigint): void {
    this.view(ptr, 8).setBigUint64(0, BigInt.asUintN(64, value), true);
  }

  readString(ptr: number, length: number): string {
    return new TextDecoder().decode(this.read(ptr, length));
  }

  chargeGas(amount: number): void {
    if (!Number.isSafeInteger(amount) || amount < 0) throw new TypeError('gas amount must be a non-negative safe integer');
    this.charge(amount);
  }
}
