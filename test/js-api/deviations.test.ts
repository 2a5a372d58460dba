/**
 * detwasm/js-api only: the error mapping (detwasm's WasmError family -> the JS API's classes,
 * messages kept) and the known deviations from the JS API, each asserted as it is so a fix (or
 * a regression) shows up. README "JS API" lists the same deviations.
 */
import { describe, expect, it } from 'vitest';
import { InvalidError, LinkError as WasmLinkError, MalformedError, Trap, TrapCode } from '../../src/errors.js';
import { CompileError, LinkError, Memory, Module, RuntimeError } from '../../src/js-api/index.js';
import { toJsApiError } from '../../src/js-api/errors.js';
import { wat } from '../helpers/wat.js';

describe('toJsApiError', () => {
  const cause = new RangeError('from JS');
  it.each([
    { name: 'MalformedError', from: new MalformedError('unexpected end', 3), cls: CompileError, message: 'unexpected end' },
    { name: 'InvalidError', from: new InvalidError('type mismatch', 0, 5), cls: CompileError, message: 'type mismatch' },
    { name: 'LinkError', from: new WasmLinkError('unknown import', 'env', 'f', 'func', 'nothing'), cls: LinkError, message: 'unknown import' },
    { name: 'Trap', from: new Trap(TrapCode.UNREACHABLE), cls: RuntimeError, message: 'unreachable' },
    { name: 'Trap(OUT_OF_BOUNDS)', from: new Trap(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS), cls: RuntimeError, message: 'out of bounds memory access' },
  ])('$name -> $cls.name with the message kept', ({ from, cls, message }) => {
    const e = toJsApiError(from) as Error;
    expect(e).toBeInstanceOf(cls);
    expect(e.message).toBe(message);
  });

  it('Trap(HOST) with a cause gives the cause itself; other values pass unchanged', () => {
    expect(toJsApiError(new Trap(TrapCode.HOST, [], { cause }))).toBe(cause);
    expect(toJsApiError(cause)).toBe(cause);
    expect(toJsApiError(7)).toBe(7);
    expect(toJsApiError(new Trap(TrapCode.HOST))).toBeInstanceOf(RuntimeError);
  });

  it('a CompileError from a module carries detwasm\'s message', () => {
    expect(() => new Module(wat('(func (result i32))'))).toThrow(/type mismatch|expected/);
  });
});

describe('known deviations of detwasm/js-api (asserted as they are)', () => {
  it('initial memory sizes past detwasm\'s cap (16384 pages) are RangeErrors', () => {
    expect(() => new Memory({ initial: 16385 })).toThrow(RangeError);
  });
});
