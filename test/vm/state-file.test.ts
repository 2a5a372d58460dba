/**
 * The CLI's state file (src/vm/state-file.ts): UTF-8 text as it is, `hex:` for other bytes, keys
 * written in byte order, and a round trip through MemoryState.
 */
import { describe, expect, it } from 'vitest';
import { MemoryState } from '../../src/index.js';
import { decodeStateText, encodeStateText, stateFromJson, stateToJson } from '../../src/vm/state-file.js';
import { bytes } from './helpers.js';

describe('state file', () => {
  it.each<{ name: string; raw: Uint8Array; text: string }>([
    { name: 'text', raw: bytes('balance:alice'), text: 'balance:alice' },
    { name: 'empty', raw: new Uint8Array(0), text: '' },
    { name: 'unicode', raw: bytes('\u00e9\u{1f600}'), text: '\u00e9\u{1f600}' },
    { name: 'invalid UTF-8', raw: new Uint8Array([0xff, 0x00, 0x10]), text: 'hex:ff0010' },
    { name: 'text that looks like hex', raw: bytes('hex:41'), text: 'hex:6865783a3431' },
    { name: 'a BOM is kept', raw: new Uint8Array([0xef, 0xbb, 0xbf, 0x61]), text: '\ufeffa' },
  ])('$name: encodes and decodes', ({ raw, text }) => {
    expect(encodeStateText(raw)).toBe(text);
    expect(decodeStateText(text)).toEqual(raw);
  });

  it('accepts upper-case hex and rejects bad hex', () => {
    expect(decodeStateText('hex:ABcd')).toEqual(new Uint8Array([0xab, 0xcd]));
    expect(() => decodeStateText('hex:abc')).toThrow(new TypeError('bad hex in state file: "hex:abc"'));
    expect(() => decodeStateText('hex:zz')).toThrow(TypeError);
  });

  it('writes keys in byte order (integer-like keys too), two-space indented, trailing newline', () => {
    const s = new MemoryState([['b', '1'], ['10', 'x'], ['9', 'y'], [new Uint8Array([0xff]), new Uint8Array([0xfe])], ['c', new Uint8Array([1])]]);
    expect(stateToJson(s)).toBe('{\n  "10": "x",\n  "9": "y",\n  "b": "1",\n  "c": "\\u0001",\n  "hex:ff": "hex:fe"\n}\n');
    expect(stateToJson(new MemoryState())).toBe('{}\n');
  });

  it('round-trips through JSON', () => {
    const s = new MemoryState([['count', '42'], [new Uint8Array([0, 1, 2]), new Uint8Array([0xfe])]]);
    const back = stateFromJson(JSON.parse(stateToJson(s)));
    expect(back.entries()).toEqual(s.entries());
  });

  it.each<{ json: unknown; message: string }>([
    { json: [], message: 'state file must hold a JSON object' },
    { json: null, message: 'state file must hold a JSON object' },
    { json: 'x', message: 'state file must hold a JSON object' },
    { json: { a: 1 }, message: 'state value of "a" must be a string' },
  ])('rejects $json', ({ json, message }) => {
    expect(() => stateFromJson(json)).toThrow(new TypeError(message));
  });
});
