/**
 * The interpreter's implementation of {@link HostContext}: one object per machine, pointed at the
 * calling instance's memory before each host call (so a host function never holds a stale view
 * after memory.grow). Every access is bounds-checked and traps like a wasm access would.
 */
import { Trap, TrapCode } from '../errors.js';
import type { HostContext } from '../host/abi.js';
import { memoryTrap } from '../host/abi.js';
import type { Machine } from './machine.js';
import type { MemoryInst } from './runtime.js';

const decoder = new TextDecoder('utf-8', { fatal: false });

export class MachineHostContext implements HostContext {
  private readonly m: Machine;
  /** The calling instance's memory (set before each call). */
  memory: MemoryInst | null;

  constructor(m: Machine) {
    this.m = m;
    this.memory = null;
  }

  get memorySize(): number {
    return this.memory === null ? 0 : this.memory.view.byteLength;
  }

  private check(ptr: number, length: number): MemoryInst {
    const mem = this.memory;
    if (mem === null || !Number.isInteger(ptr) || !Number.isInteger(length) || ptr < 0 || length < 0 ||
      ptr + length > mem.view.byteLength) {
      return memoryTrap();
    }
    return mem;
  }

  read(ptr: number, length: number): Uint8Array {
    const mem = this.check(ptr >>> 0, length);
    return mem.bytes.slice(ptr >>> 0, (ptr >>> 0) + length);
  }

  write(ptr: number, bytes: Uint8Array): void {
    const mem = this.check(ptr >>> 0, bytes.length);
    mem.bytes.set(bytes, ptr >>> 0);
  }

  readU32(ptr: number): number {
    return this.check(ptr >>> 0, 4).view.getUint32(ptr >>> 0, true);
  }

  writeU32(ptr: number, value: number): void {
    this.check(ptr >>> 0, 4).view.setUint32(ptr >>> 0, value >>> 0, true);
  }

  readU64(ptr: number): bigint {
    return this.check(ptr >>> 0, 8).view.getBigUint64(ptr >>> 0, true);
  }

  writeU64(ptr: number, value: bigint): void {
    this.check(ptr >>> 0, 8).view.setBigUint64(ptr >>> 0, BigInt.asUintN(64, value), true);
  }

  readString(ptr: number, length: number): string {
    const mem = this.check(ptr >>> 0, length);
    return decoder.decode(mem.bytes.subarray(ptr >>> 0, (ptr >>> 0) + length));
  }

  chargeGas(amount: number): void {
    if (!Number.isSafeInteger(amount) || amount < 0) throw new TypeError('gas amount must be a non-negative safe integer');
    this.m.gas -= amount;
    if (this.m.gas < 0) throw new Trap(TrapCode.OUT_OF_GAS, []);
  }

  get gasLeft(): number {
    return Math.max(0, this.m.gas);
  }
}
