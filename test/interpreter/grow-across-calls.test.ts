/**
 * A memory that grows inside a call is seen at its new size by the caller once the call returns:
 * run() keeps memory 0's views in locals across wasm frames and reads them again where they can
 * change (memory.grow in any frame of the same instance, a host call, a return into another
 * instance, which may share the memory). Each case grows in a callee, then the caller stores and
 * loads past the old end; a stale view would trap out of bounds or lose the value.
 */
import { describe, expect, it } from 'vitest';
import { thrown } from '../helpers/thrown.js';
import { wat } from '../helpers/wat.js';
import { compile, defineHostFunction, instantiate, Memory, Trap, TrapCode } from '../../src/index.js';
import type { HostContext } from '../../src/index.js';

const PAGE = 65536;

/** The module that uses the grown page: `use` calls `$grow` (imported or its own), then writes past the old end. */
const USE = `
  (func (export "use") (param $v i32) (result i32)
    (drop (call $grow (i32.const 1)))
    (i32.store (i32.const ${PAGE + 8}) (local.get $v))
    (i32.load (i32.const ${PAGE + 8})))
  (func (export "size") (result i32) (memory.size))`;

describe('memory growth inside a call, seen by the caller after it returns', () => {
  it('a callee of the same instance grows memory 0', () => {
    const inst = instantiate(compile(wat(`(module (memory 1)
      (func $grow (param i32) (result i32) (memory.grow (local.get 0)))
      ${USE})`)));
    expect(inst.exports.use!(0x1234567)).toBe(0x1234567);
    expect(inst.exports.size!()).toBe(2);
  });

  it('a callee in another instance grows the memory both share', () => {
    const owner = instantiate(compile(wat(`(module (memory (export "mem") 1)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`)));
    const user = instantiate(compile(wat(`(module
      (import "owner" "mem" (memory 1))
      (import "owner" "grow" (func $grow (param i32) (result i32)))
      ${USE})`)), { owner: owner.exports as never });
    expect(user.exports.use!(-7)).toBe(-7);
    expect(user.exports.size!()).toBe(2);
    expect(new Int32Array((owner.exports.mem as Memory).buffer, PAGE + 8, 1)[0]).toBe(-7);
  });

  it('a callee in another instance with its own memory grows it; the caller keeps its own', () => {
    const other = instantiate(compile(wat(`(module (memory 1)
      (func (export "grow") (param i32) (result i32) (memory.grow (i32.const 3))))`)));
    const user = instantiate(compile(wat(`(module
      (import "other" "grow" (func $grow (param i32) (result i32)))
      (memory 1)
      ${USE})`)), { other: other.exports as never });
    // The caller's memory did not grow: the store past its end traps, and its size is still 1.
    const e = thrown(() => user.exports.use!(5));
    expect(e).toBeInstanceOf(Trap);
    expect((e as Trap).code).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect(user.exports.size!()).toBe(1);
  });

  it('a host function grows the caller\'s memory', () => {
    const mem = new Memory({ initial: 1, maximum: 4 });
    const grow = defineHostFunction('grow', ['i32'], ['i32'], (_ctx: HostContext, n: number) => mem.grow(n));
    const user = instantiate(compile(wat(`(module
      (import "env" "mem" (memory 1))
      (import "env" "grow" (func $grow (param i32) (result i32)))
      ${USE})`)), { env: { mem, grow } });
    expect(user.exports.use!(99)).toBe(99);
    expect(mem.buffer.byteLength).toBe(2 * PAGE);
  });

  it('a callee of a callee in another instance grows the shared memory (A -> B -> A)', () => {
    const a = instantiate(compile(wat(`(module (memory (export "mem") 1)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))`)));
    const b = instantiate(compile(wat(`(module
      (import "a" "grow" (func $inner (param i32) (result i32)))
      (func (export "grow") (param i32) (result i32) (call $inner (local.get 0))))`)), { a: a.exports as never });
    const user = instantiate(compile(wat(`(module
      (import "a" "mem" (memory 1))
      (import "b" "grow" (func $grow (param i32) (result i32)))
      ${USE})`)), { a: a.exports as never, b: b.exports as never });
    expect(user.exports.use!(31)).toBe(31);
    expect(user.exports.size!()).toBe(2);
  });
});
