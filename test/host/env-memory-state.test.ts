/**
 * MemoryState (src/host/memory-state.ts), the default HostEnv: byte keys and values copied in and
 * out, listing in key byte order (never insertion order).
 */
import { describe, expect, it } from 'vitest';
import { MemoryState } from '../../src/index.js';
import { bytes, stateText } from '../vm/helpers.js';

describe('MemoryState', () => {
  it('gets, sets and deletes byte keys; missing keys are null', () => {
    const s = new MemoryState();
    expect(s.get(bytes('a'))).toBeNull();
    s.set(bytes('a'), bytes('1'));
    expect(s.get(bytes('a'))).toEqual(bytes('1'));
    s.set(bytes('a'), bytes('2'));
    expect(s.size).toBe(1);
    s.delete(bytes('a'));
    s.delete(bytes('never'));
    expect(s.size).toBe(0);
  });

  it('copies in and out: callers cannot change stored bytes', () => {
    const key = bytes('k');
    const value = bytes('v');
    const s = new MemoryState();
    s.set(key, value);
    value[0] = 0x78;
    key[0] = 0x78;
    const got = s.get(bytes('k'))!;
    expect(got).toEqual(bytes('v'));
    got[0] = 0x79;
    expect(s.get(bytes('k'))).toEqual(bytes('v'));
  });

  it('lists entries sorted by key bytes, a prefix first', () => {
    const s = new MemoryState([['b', '2'], ['ab', '3'], ['a', '1'], [new Uint8Array([0xff]), 'x'], [new Uint8Array([0]), 'z']]);
    expect(s.entries().map(([k]) => Array.from(k))).toEqual([[0], [0x61], [0x61, 0x62], [0x62], [0xff]]);
    expect(stateText(s.entries().slice(1, 4))).toEqual([['a', '1'], ['ab', '3'], ['b', '2']]);
  });

  it('distinguishes keys that differ only in bytes JS strings would merge', () => {
    const s = new MemoryState();
    s.set(new Uint8Array([0xc3, 0xa9]), bytes('utf8'));
    s.set(new Uint8Array([0xe9]), bytes('latin1'));
    expect(s.size).toBe(2);
  });

  it('rejects non-bytes', () => {
    expect(() => new MemoryState([[5 as never, 'x']])).toThrow(new TypeError('state key must be a Uint8Array or a string'));
    expect(() => new MemoryState().set(bytes('k'), {} as never)).toThrow(new TypeError('state value must be a Uint8Array or a string'));
  });
});
