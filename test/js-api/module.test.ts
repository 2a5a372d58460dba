/**
 * `Module` (constructor, static exports / imports / customSections), `validate`, `compile` and
 * `CompileError` on V8 and detwasm; bad input is a TypeError (sync) or a rejection (promises).
 */
import { describe, expect, it } from 'vitest';
import { name, section } from '../helpers/binary.js';
import { wat } from '../helpers/wat.js';
import { IMPLS } from './impls.js';

const BYTES = wat(`
  (import "env" "f" (func (param i32)))
  (import "env" "mem" (memory 1))
  (import "m" "g" (global i32))
  (import "m" "t" (table 1 funcref))
  (func (export "run"))
  (global (export "g2") i32 (i32.const 0))
  (table (export "tab") 1 externref)
  (export "memory" (memory 0))
`);

/** BYTES of an empty module plus custom sections `name` -> payload. */
function withCustom(...sections: readonly (readonly [string, readonly number[]])[]): Uint8Array {
  const base = [...wat('')];
  for (const [n, payload] of sections) base.push(...section(0, [...name(n), ...payload]));
  return new Uint8Array(base);
}


const INVALID = wat('(func (result i32))'); // decodes, does not validate
const MALFORMED = new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]);

describe.each(IMPLS)('Module: %s', (name, api) => {
  // (V8 also refuses a DataView, which WebIDL's BufferSource includes; detwasm takes it.)
  it('compiles an ArrayBuffer, a Uint8Array and a view at an offset; copies the bytes at once', () => {
    expect(new api.Module(BYTES)).toBeInstanceOf(api.Module);
    expect(new api.Module(BYTES.slice().buffer)).toBeInstanceOf(api.Module);
    const padded = new Uint8Array(BYTES.length + 8);
    padded.set(BYTES, 4);
    const view = padded.subarray(4, 4 + BYTES.length);
    const m = new api.Module(view);
    view.fill(0);
    expect(Module_exports(api, m)).toContain('run');
    expect(() => new api.Module(view)).toThrow(api.CompileError);
  });

  it.each([['undefined', undefined], ['a number', 1], ['a string', 'x'], ['an array', [0, 97, 115, 109]], ['{}', {}]])(
    'new Module(%s) is a TypeError', (_l, bad) => {
      expect(() => new api.Module(bad as ArrayBuffer)).toThrow(TypeError);
    },
  );

  it.each([['malformed', MALFORMED], ['invalid', INVALID], ['empty', new Uint8Array(0)]])('a %s module is a CompileError', (_l, bytes) => {
    let err: unknown;
    try {
      new api.Module(bytes);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(api.CompileError);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(api.LinkError);
    expect((err as Error).name).toBe('CompileError');
  });

  it('Module.imports and Module.exports list kinds in order', () => {
    const m = new api.Module(BYTES);
    // detwasm adds each entry's `type` (type reflection, type-reflection.test.ts); V8 without
    // --experimental-wasm-type-reflection has none.
    const entries = [...api.Module.imports(m), ...api.Module.exports(m)];
    expect(entries.map((e) => 'type' in e)).toStrictEqual(entries.map(() => name === 'detwasm'));
    const untyped = <T extends object>(list: T[]): Omit<T, 'type'>[] => list.map(({ type: _type, ...rest }: T & { type?: unknown }) => rest);
    expect(untyped(api.Module.imports(m))).toStrictEqual([
      { module: 'env', name: 'f', kind: 'function' },
      { module: 'env', name: 'mem', kind: 'memory' },
      { module: 'm', name: 'g', kind: 'global' },
      { module: 'm', name: 't', kind: 'table' },
    ]);
    expect(untyped(api.Module.exports(m))).toStrictEqual([
      { name: 'run', kind: 'function' },
      { name: 'g2', kind: 'global' },
      { name: 'tab', kind: 'table' },
      { name: 'memory', kind: 'memory' },
    ]);
    expect(api.Module.exports(m)).not.toBe(api.Module.exports(m));
  });

  it('the static functions refuse what is not a Module', () => {
    expect(() => api.Module.exports({} as never)).toThrow(TypeError);
    expect(() => api.Module.imports(undefined as never)).toThrow(TypeError);
    expect(() => api.Module.customSections(BYTES as never, 'x')).toThrow(TypeError);
  });

  it('Module.customSections: the contents of each section of that name, in order, as fresh ArrayBuffers', () => {
    const m = new api.Module(withCustom(['a', [1, 2, 3]], ['b', [9]], ['a', []]));
    const a = api.Module.customSections(m, 'a');
    expect(a.map((b) => [...new Uint8Array(b)])).toStrictEqual([[1, 2, 3], []]);
    expect(a[0]).toBeInstanceOf(ArrayBuffer);
    expect(api.Module.customSections(m, 'c')).toStrictEqual([]);
    expect(api.Module.customSections(m, 'a')[0]).not.toBe(a[0]);
    expect(() => api.Module.customSections(m, undefined as never)).toThrow(TypeError);
  });
});

function Module_exports(api: (typeof IMPLS)[number][1], m: object): string[] {
  return api.Module.exports(m as never).map((e) => e.name);
}

describe.each(IMPLS)('validate / compile: %s', (_name, api) => {
  it('validate: true, false, TypeError', () => {
    expect(api.validate(BYTES)).toBe(true);
    expect(api.validate(BYTES.buffer as ArrayBuffer)).toBe(true);
    expect(api.validate(INVALID)).toBe(false);
    expect(api.validate(MALFORMED)).toBe(false);
    expect(() => api.validate('x' as never)).toThrow(TypeError);
  });

  it('compile resolves to a Module', async () => {
    const m = await api.compile(BYTES);
    expect(m).toBeInstanceOf(api.Module);
  });

  it('compile rejects (never throws) a CompileError or a TypeError', async () => {
    const bad = api.compile(INVALID);
    expect(bad).toBeInstanceOf(Promise);
    await expect(bad).rejects.toBeInstanceOf(api.CompileError);
    let p: Promise<unknown> | undefined;
    expect(() => { p = api.compile(42 as never); }).not.toThrow();
    await expect(p).rejects.toBeInstanceOf(TypeError);
  });

  it('CompileError, LinkError and RuntimeError are distinct Error subclasses', () => {
    for (const E of [api.CompileError, api.LinkError, api.RuntimeError]) {
      const e = new E('msg');
      expect(e).toBeInstanceOf(Error);
      expect(e.message).toBe('msg');
      expect(e.name).toBe(E.name);
    }
    expect(new api.CompileError('x')).not.toBeInstanceOf(api.RuntimeError);
    expect(new api.LinkError('x')).not.toBeInstanceOf(api.CompileError);
    expect(new api.RuntimeError('x')).not.toBeInstanceOf(api.LinkError);
  });
});
