/**
 * Tests of the spec runner itself: value parsing and matching (NaN classes, v128 lanes, refs),
 * command dispatch with a scripted compile-only engine, and the execution handlers against the
 * host's V8 on real spec files (the interpreter will reuse them unchanged).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidError, MalformedError } from '../../src/errors.js';
import type { ActionCommand, Command, JsonExpected, JsonValue, SpecFile } from './commands.js';
import { loadSpecFile } from './commands.js';
import { classifyDetwasmError } from './detwasm-engine.js';
import type { SpecEngine } from './engine.js';
import { capabilitiesOf } from './engine.js';
import { hasSpecSuite, isCI, SPEC_CORE_DIR } from './paths.js';
import { formatIssue, formatReportLine, messagesAgree, runFile } from './runner.js';
import { SKIPS } from './skips.js';
import type { SpecValue } from './values.js';
import { formatPattern, formatValue, matches, parseArg, parsePattern } from './values.js';
import { v8Engine } from './v8-engine.js';

const LAX = { strictNaN: false };
const STRICT = { strictNaN: true };

describe('values', () => {
  it.each<{ name: string; json: JsonValue; expected: string }>([
    { name: 'i32 max unsigned', json: { type: 'i32', value: '4294967295' }, expected: 'i32:4294967295' },
    { name: 'i64 sign bit', json: { type: 'i64', value: '9223372036854775808' }, expected: 'i64:9223372036854775808' },
    { name: 'f32 signalling NaN bits kept', json: { type: 'f32', value: '2141192192' }, expected: 'f32:0x7fa00000' },
    { name: 'f64 bits', json: { type: 'f64', value: '9221120237041090560' }, expected: 'f64:0x7ff8000000000000' },
    {
      name: 'v128 i16 lanes little-endian',
      json: { type: 'v128', lane_type: 'i16', value: ['1', '65535', '0', '0', '0', '0', '0', '258'] },
      expected: 'v128:0100ffff000000000000000000000201',
    },
    { name: 'externref number', json: { type: 'externref', value: '7' }, expected: 'externref:7' },
    { name: 'funcref null', json: { type: 'funcref', value: 'null' }, expected: 'funcref:null' },
  ])('parseArg: $name', ({ json, expected }) => {
    expect(formatValue(parseArg(json))).toBe(expected);
  });

  it('parseArg rejects an unknown type and a reference without value', () => {
    expect(() => parseArg({ type: 'i128', value: '0' })).toThrow('unsupported argument type i128');
    expect(() => parseArg({ type: 'externref' })).toThrow('reference argument without value');
  });

  const f32 = (bits: number): SpecValue => ({ type: 'f32', bits });
  const f64 = (bits: bigint): SpecValue => ({ type: 'f64', bits });
  it.each<{ name: string; actual: SpecValue; pattern: JsonExpected; lax: boolean; strict: boolean }>([
    { name: 'exact i32', actual: { type: 'i32', bits: 42 }, pattern: { type: 'i32', value: '42' }, lax: true, strict: true },
    { name: 'i32 differs', actual: { type: 'i32', bits: 41 }, pattern: { type: 'i32', value: '42' }, lax: false, strict: false },
    { name: 'type differs', actual: { type: 'i32', bits: 0 }, pattern: { type: 'f32', value: '0' }, lax: false, strict: false },
    { name: 'canonical f32 NaN', actual: f32(0x7fc00000), pattern: { type: 'f32', value: 'nan:canonical' }, lax: true, strict: true },
    { name: 'negative canonical f32 NaN', actual: f32(0xffc00000), pattern: { type: 'f32', value: 'nan:canonical' }, lax: true, strict: true },
    { name: 'arithmetic NaN is not canonical', actual: f32(0x7fc00001), pattern: { type: 'f32', value: 'nan:canonical' }, lax: false, strict: false },
    { name: 'arithmetic f32 NaN (lax only)', actual: f32(0x7fc00001), pattern: { type: 'f32', value: 'nan:arithmetic' }, lax: true, strict: false },
    { name: 'signalling NaN is not arithmetic', actual: f32(0x7fa00000), pattern: { type: 'f32', value: 'nan:arithmetic' }, lax: false, strict: false },
    { name: 'infinity is not a NaN', actual: f32(0x7f800000), pattern: { type: 'f32', value: 'nan:arithmetic' }, lax: false, strict: false },
    { name: 'canonical f64 NaN', actual: f64(0x7ff8000000000000n), pattern: { type: 'f64', value: 'nan:canonical' }, lax: true, strict: true },
    { name: 'arithmetic f64 NaN (lax only)', actual: f64(0xfff8000000000001n), pattern: { type: 'f64', value: 'nan:arithmetic' }, lax: true, strict: false },
    {
      name: 'v128 f32 lanes with NaN classes',
      actual: { type: 'v128', bytes: new Uint8Array([0, 0, 0xc0, 0x7f, 1, 0, 0xc0, 0x7f, 0, 0, 0x80, 0x3f, 0, 0, 0, 0]) },
      pattern: { type: 'v128', lane_type: 'f32', value: ['nan:canonical', 'nan:arithmetic', '1065353216', '0'] },
      lax: true,
      strict: false,
    },
    {
      name: 'v128 i8 lane differs',
      actual: { type: 'v128', bytes: new Uint8Array(16) },
      pattern: { type: 'v128', lane_type: 'i8', value: ['0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '1'] },
      lax: false,
      strict: false,
    },
    { name: 'externref number', actual: { type: 'externref', ref: 3 }, pattern: { type: 'externref', value: '3' }, lax: true, strict: true },
    { name: 'externref other number', actual: { type: 'externref', ref: 4 }, pattern: { type: 'externref', value: '3' }, lax: false, strict: false },
    { name: 'externref null', actual: { type: 'externref', ref: null }, pattern: { type: 'externref', value: 'null' }, lax: true, strict: true },
    { name: 'funcref any non-null', actual: { type: 'funcref', ref: 'func' }, pattern: { type: 'funcref', value: '0' }, lax: true, strict: true },
    { name: 'funcref null vs non-null', actual: { type: 'funcref', ref: null }, pattern: { type: 'funcref', value: '0' }, lax: false, strict: false },
    {
      name: 'either alternative',
      actual: { type: 'i32', bits: 2 },
      pattern: { type: 'either', either: [{ type: 'i32', value: '1' }, { type: 'i32', value: '2' }] },
      lax: true,
      strict: true,
    },
  ])('matches: $name', ({ actual, pattern, lax, strict }) => {
    const p = parsePattern(pattern);
    expect(matches(actual, p, LAX)).toBe(lax);
    expect(matches(actual, p, STRICT)).toBe(strict);
  });

  it('formats patterns for reports', () => {
    expect(formatPattern(parsePattern({ type: 'f32', value: 'nan:arithmetic' }))).toBe('f32:nan:arithmetic');
    expect(formatPattern(parsePattern({ type: 'f64', value: '0' }))).toBe('f64:0x0000000000000000');
    expect(formatPattern(parsePattern({ type: 'externref' }))).toBe('externref:non-null');
    expect(formatPattern(parsePattern({ type: 'v128', lane_type: 'i64', value: ['1', '2'] }))).toBe('v128:i64[1 2]');
  });
});

describe('messagesAgree', () => {
  it.each([
    ['unexpected end', 'unexpected end of section or function', true],
    ['unexpected end of section or function', 'unexpected end', true],
    ['type mismatch', 'type mismatch', true],
    ['integer too large', 'integer representation too long', false],
  ] as const)('%s ~ %s -> %s', (expected, got, agree) => {
    expect(messagesAgree(expected, got)).toBe(agree);
  });
});

describe('skip list', () => {
  it('is empty, or every entry names a file, a line and a reason', () => {
    for (const s of SKIPS) {
      expect(s.file).toMatch(/\.json$/);
      expect(s.line).toBeGreaterThan(0);
      expect(s.reason.length).toBeGreaterThan(10);
    }
    expect(SKIPS).toEqual([]);
  });
});

describe('runner dispatch (compile-only engine)', () => {
  // Module files hold a script for the fake engine: "ok", "malformed:MSG", "invalid:MSG", "boom".
  const dir = mkdtempSync(join(tmpdir(), 'detwasm-spec-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'ok.wasm': 'ok',
    'bad.wasm': 'malformed:unexpected end of section or function',
    'inv.wasm': 'invalid:type mismatch',
    'boom.wasm': 'boom',
    'text.wat': '(module quote "")',
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);

  const engine: SpecEngine<string, never> = {
    name: 'fake',
    compile(bytes) {
      const text = new TextDecoder().decode(bytes);
      if (text.startsWith('malformed:')) throw new MalformedError(text.slice(10), 3);
      if (text.startsWith('invalid:')) throw new InvalidError(text.slice(8), 5, 0);
      if (text === 'boom') throw new TypeError('engine bug');
      return text;
    },
    classify: classifyDetwasmError,
    strictNaN: true,
  };

  const commands: Command[] = [
    { type: 'module', line: 1, filename: 'ok.wasm' },
    { type: 'module', line: 2, filename: 'inv.wasm' },
    { type: 'assert_malformed', line: 3, filename: 'bad.wasm', text: 'unexpected end', module_type: 'binary' },
    { type: 'assert_malformed', line: 4, filename: 'bad.wasm', text: 'integer too large', module_type: 'binary' },
    { type: 'assert_malformed', line: 5, filename: 'inv.wasm', text: 'type mismatch', module_type: 'binary' },
    { type: 'assert_malformed', line: 6, filename: 'text.wat', text: 'unknown operator', module_type: 'text' },
    { type: 'assert_invalid', line: 7, filename: 'inv.wasm', text: 'type mismatch', module_type: 'binary' },
    { type: 'assert_invalid', line: 8, filename: 'ok.wasm', text: 'type mismatch', module_type: 'binary' },
    { type: 'assert_invalid', line: 9, filename: 'boom.wasm', text: 'type mismatch', module_type: 'binary' },
    { type: 'assert_invalid', line: 10, filename: 'missing.wasm', text: 'type mismatch', module_type: 'binary' },
    { type: 'assert_return', line: 11, action: { type: 'invoke', field: 'f', args: [] }, expected: [] },
    { type: 'assert_trap', line: 12, action: { type: 'invoke', field: 'f', args: [] }, expected: [], text: 'unreachable' },
    { type: 'register', line: 13, as: 'M' },
    { type: 'assert_unlinkable', line: 14, filename: 'ok.wasm', text: 'unknown import', module_type: 'binary' },
    { type: 'assert_exception', line: 15 },
  ];
  const file: SpecFile = { name: 'fake.json', dir, sourceFilename: 'fake.wast', commands };
  const report = runFile(file, engine);

  it('reports the engine as compile-only', () => {
    expect(capabilitiesOf(engine)).toEqual({ compile: true, execute: false });
  });

  it('counts passed, failed, skipped and not-yet-run commands', () => {
    expect(report.passed).toBe(4); // lines 1, 3, 4, 7
    expect(report.compileOnly).toBe(1);
    expect(report.skipped).toEqual({ 'assert_malformed (text)': 1 });
    expect(report.notRun).toEqual({
      assert_return: 1,
      assert_trap: 1,
      register: 1,
      assert_unlinkable: 1,
      assert_exception: 1,
    });
    expect(report.failed).toBe(report.failures.length);
    expect(report.passed + report.failed + 1 + 5).toBe(commands.length);
  });

  it('lists each failure with line, kind, expected and got', () => {
    expect(report.failures.map(formatIssue)).toEqual([
      'fake.json:2 module: expected module compiles, got invalid: type mismatch',
      'fake.json:5 assert_malformed: expected malformed: type mismatch, got invalid: type mismatch',
      'fake.json:8 assert_invalid: expected invalid: type mismatch, got compiled without error',
      'fake.json:9 assert_invalid: expected invalid: type mismatch, got unknown: engine bug',
      expect.stringMatching(/^fake\.json:10 assert_invalid: expected assert_invalid runs, got runner error: ENOENT/) as string,
    ]);
  });

  it('records message mismatches without failing', () => {
    expect(report.mismatches.map(formatIssue)).toEqual([
      'fake.json:4 assert_malformed: expected integer too large, got unexpected end of section or function',
    ]);
  });

  it('formats the report line', () => {
    expect(formatReportLine(report)).toBe(
      'fake.json: 4 passed, 5 failed, 1 skipped (assert_malformed (text) 1), 5 not yet run ' +
        '(assert_exception 1, assert_return 1, assert_trap 1, assert_unlinkable 1, register 1); ' +
        '1 module compiled, not instantiated',
    );
  });
});

// The execution handlers, checked against V8 on spec files whose values cross the JS API intact
// (no v128, no signalling-NaN payloads) and that have no assert_malformed (V8 cannot tell
// malformed from invalid). Every command kind with an execution handler occurs in these files.
// Skipped without the suite, except under CI, where loading the files then fails.
describe.skipIf(!hasSpecSuite() && !isCI())('runner execution handlers (V8 reference engine)', () => {
  it.each([
    'i32.json', 'i64.json', 'f32.json', 'linking.json', 'imports.json', 'exports.json', 'call_indirect.json',
    'data.json', 'elem.json', 'start.json', 'memory_grow.json', 'table_copy.json', 'ref_is_null.json',
    'skip-stack-guard-page.json', 'call.json', 'global.json', 'bulk.json', 'fac.json', 'names.json',
  ])('%s runs without failures', (name) => {
    const report = runFile(loadSpecFile(join(SPEC_CORE_DIR, name)), v8Engine());
    const failures = report.failures.filter((f) => f.kind !== 'assert_malformed').map(formatIssue);
    expect(failures).toEqual([]);
    expect(report.notRun).toEqual({});
    expect(report.compileOnly).toBe(0);
  });

  it('fails an assert_return whose value differs and an assert_trap that returns', () => {
    const file = loadSpecFile(join(SPEC_CORE_DIR, 'fac.json'));
    const commands = file.commands.map((c): Command => {
      const a = c as ActionCommand;
      if (a.type === 'assert_return' && a.line === 102) return { ...a, expected: [{ type: 'i64', value: '1' }] };
      if (a.type === 'assert_return' && a.line === 103) return { ...a, type: 'assert_trap', text: 'unreachable' };
      return c;
    });
    const report = runFile({ ...file, commands }, v8Engine());
    expect(report.failures.map(formatIssue)).toEqual([
      'fac.json:102 assert_return: expected [i64:1], got [i64:7034535277573963776]',
      'fac.json:103 assert_trap: expected trap: unreachable, got returned [i64:7034535277573963776]',
    ]);
  });
});
