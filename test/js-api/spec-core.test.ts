/**
 * The official core spec suite (../shared/spectest/core, Wasm 2.0 with SIMD) through the JS API,
 * as a JS embedder runs it (spec-runner.ts): once on V8's `WebAssembly`, once on `detwasm/js-api`,
 * one test per JSON file. detwasm must fail exactly the commands of DETWASM_FAILURES below, each
 * with its reason (so a new failure, or a fixed one, fails the test): commands that V8 fails too
 * (what a JS number cannot carry) and commands of the 2.0 suite that Wasm 3.0 made valid (detwasm's
 * JS API accepts 3.0; V8 11.3 has neither multi-memory nor GC's constant expressions by default,
 * V8 13.6 of Node 24 accepts them and fails the same 19 commands). Both run the same commands
 * (the skip rules are the runner's, not the engine's); the counts are printed per file and in total.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, WASM_2_0 } from '../../src/index.js';
import { JS_API_FEATURES } from '../../src/js-api/module.js';
import { WebAssembly as detwasmApi } from '../../src/js-api/index.js';
import { loadSpecFile, readModuleFile } from '../spec/commands.js';
import type { ActionCommand, AssertModuleCommand, Command, JsonExpected } from '../spec/commands.js';
import { hasSpecSuite, isCI, listSpecFiles, SPEC_CORE_DIR } from '../spec/paths.js';
import { f64FromBits } from './impls.js';
import type { Api } from './impls.js';
import { formatJsApiIssue, jsArgument, resultMatches, runFileOnJsApi } from './spec-runner.js';
import type { JsApiFileReport, JsApiIssue } from './spec-runner.js';

const native = (globalThis as unknown as { WebAssembly: Api }).WebAssembly;

/** Why a command fails on detwasm/js-api. */
type Reason = 'f32-snan-argument' | 'wasm-3.0';

const REASONS: Readonly<Record<Reason, string>> = {
  // JS API ToWebAssemblyValue(f32): a NaN Number becomes nan(n) with canon <= n: quiet. The
  // invoke passes nan:0x200000, whose bits no Number can bring into an f32 parameter.
  'f32-snan-argument': 'an f32 signalling-NaN argument: ToWebAssemblyValue makes every NaN from a Number quiet (V8 fails it too)',
  // Checked below: detwasm rejects the module with Wasm 2.0 features and accepts it with the JS API's.
  'wasm-3.0': 'valid in Wasm 3.0, which detwasm/js-api accepts (multi-memory: a memory index LEB, two memories; GC: global.get of a non-imported global in a constant expression)',
};

/** The commands detwasm/js-api fails, by `file:line`, with the reason. */
const DETWASM_FAILURES: Readonly<Record<string, Reason>> = {
  'conversions.json:657': 'f32-snan-argument',
  'conversions.json:658': 'f32-snan-argument',
  // binary.wast: memory.size / memory.grow with a "long" zero byte: a memory index in 3.0.
  ...Object.fromEntries([146, 166, 185, 204, 243, 262, 280, 298].map((l) => [`binary.json:${l}`, 'wasm-3.0' as const])),
  // global.get of a module-defined immutable global in a segment offset / global initializer.
  'data.json:89': 'wasm-3.0', 'data.json:93': 'wasm-3.0', 'elem.json:171': 'wasm-3.0', 'elem.json:175': 'wasm-3.0',
  'global.json:352': 'wasm-3.0', 'global.json:356': 'wasm-3.0',
  // Two memories.
  'imports.json:488': 'wasm-3.0', 'imports.json:492': 'wasm-3.0', 'imports.json:496': 'wasm-3.0',
  'memory.json:10': 'wasm-3.0', 'memory.json:11': 'wasm-3.0',
};

/** Command kinds whose error message detwasm must give in the spec's words. */
const SPEC_WORDED: readonly string[] = ['assert_trap', 'assert_exhaustion', 'assert_uninstantiable', 'assert_unlinkable'];

const key = (i: JsApiIssue): string => `${i.file}:${i.line}`;

describe('core spec suite through the JS API (V8 and detwasm/js-api)', () => {
  if (!hasSpecSuite()) {
    it('is present (fails with CI=true)', () => {
      expect(isCI(), `spec suite not found at ${SPEC_CORE_DIR}`).toBe(false);
    });
    return;
  }
  const files = listSpecFiles();
  const reports = new Map<string, { readonly v8: JsApiFileReport; readonly detwasm: JsApiFileReport }>();

  it.each(files)('%s', (name) => {
    const file = loadSpecFile(join(SPEC_CORE_DIR, name));
    const v8 = runFileOnJsApi(file, native);
    const detwasm = runFileOnJsApi(file, detwasmApi);
    reports.set(name, { v8, detwasm });
    // The same commands ran on both (the skip rules look at the commands only).
    expect(detwasm.skipped).toEqual(v8.skipped);
    expect(detwasm.passed + detwasm.failures.length).toBe(v8.passed + v8.failures.length);
    const known = Object.keys(DETWASM_FAILURES).filter((k) => k.startsWith(`${name}:`));
    const unexpected = detwasm.failures.filter((i) => !known.includes(key(i))).map(formatJsApiIssue);
    expect(unexpected, `${name}: detwasm/js-api fails commands not in DETWASM_FAILURES`).toEqual([]);
    const failedNow = detwasm.failures.map(key);
    expect(known.filter((k) => !failedNow.includes(k)), `${name}: these pass now: take them out of DETWASM_FAILURES`).toEqual([]);
    // Failing where V8 passes is allowed only for what Wasm 3.0 made valid.
    const v8Failed = new Set(v8.failures.map(key));
    for (const i of detwasm.failures) {
      if (!v8Failed.has(key(i))) expect(DETWASM_FAILURES[key(i)], formatJsApiIssue(i)).toBe('wasm-3.0');
    }
    const misworded = detwasm.mismatches.filter((i) => SPEC_WORDED.includes(i.kind)).map(formatJsApiIssue);
    expect(misworded, `${name}: detwasm messages not in the spec's words`).toEqual([]);
  });

  it('every Wasm 3.0 entry: detwasm rejects the module with 2.0 features, accepts it with the JS API\'s', () => {
    const entries = Object.entries(DETWASM_FAILURES).filter(([, r]) => r === 'wasm-3.0');
    expect(entries.length).toBe(19);
    for (const [where] of entries) {
      const [name, line] = where.split(':') as [string, string];
      const file = loadSpecFile(join(SPEC_CORE_DIR, name));
      const c = file.commands.find((x) => x.line === Number(line)) as AssertModuleCommand;
      expect(['assert_malformed', 'assert_invalid']).toContain(c.type);
      const bytes = readModuleFile(file, c.filename);
      // detwasm's error names the 3.0 feature the module needs.
      expect(() => compile(bytes, { features: WASM_2_0 }), where).toThrow(/requires feature '(multi-memory|gc)'$/);
      expect(() => compile(bytes, { features: JS_API_FEATURES }), where).not.toThrow();
    }
  });

  afterAll(() => {
    if (reports.size === 0) return;
    const lines: string[] = [];
    const total = { v8: { passed: 0, failed: 0, mismatches: 0 }, detwasm: { passed: 0, failed: 0, mismatches: 0 } };
    const skipped: Record<string, number> = {};
    for (const [name, r] of reports) {
      for (const engine of ['v8', 'detwasm'] as const) {
        total[engine].passed += r[engine].passed;
        total[engine].failed += r[engine].failures.length;
        total[engine].mismatches += r[engine].mismatches.length;
      }
      for (const [label, n] of Object.entries(r.v8.skipped)) skipped[label] = (skipped[label] ?? 0) + n;
      if (r.v8.failures.length + r.detwasm.failures.length > 0) {
        lines.push(`  ${name}: V8 ${r.v8.failures.length} failed, detwasm ${r.detwasm.failures.length} failed`);
      }
    }
    const all = reports.size === files.length && readdirSync(SPEC_CORE_DIR).filter((f) => f.endsWith('.json')).length === files.length;
    console.log(
      `core spec suite through the JS API (${reports.size}${all ? '' : ` of ${files.length}`} files, V8 ${process.versions.v8}):\n` +
      `  V8: ${total.v8.passed} passed, ${total.v8.failed} failed (${total.v8.mismatches} messages not the spec text)\n` +
      `  detwasm/js-api: ${total.detwasm.passed} passed, ${total.detwasm.failed} failed (${total.detwasm.mismatches} messages not the spec text)\n` +
      `  skipped on both by rule: ${Object.entries(skipped).map(([k, n]) => `${k} ${n}`).join(', ')}\n` +
      `  detwasm's failures: ${Object.entries(REASONS).map(([r, text]) => `${Object.values(DETWASM_FAILURES).filter((x) => x === r).length} ${text}`).join('; ')}\n` +
      `files with failures:\n${lines.join('\n')}`,
    );
  });
});

/** f32 bits as the number the JS API returns (the widening). */
function f32Number(bits: number): number {
  return new Float32Array(new Uint32Array([bits]).buffer)[0]!;
}

describe('the JS API runner\'s result checks', () => {
  const e = (type: string, value?: string): JsonExpected => (value === undefined ? { type } : { type, value });
  it.each([
    { name: 'i32 as a signed number', x: -1, p: e('i32', '4294967295'), ok: true },
    { name: 'i32: a bigint is not an i32', x: -1n, p: e('i32', '4294967295'), ok: false },
    { name: 'i32: -0 is not 0', x: -0, p: e('i32', '0'), ok: false },
    { name: 'i64 as a BigInt', x: -2n, p: e('i64', '18446744073709551614'), ok: true },
    { name: 'i64: a number is not an i64', x: 1, p: e('i64', '1'), ok: false },
    { name: 'f64 bits exactly', x: f64FromBits(0x7ff4000000000001n), p: e('f64', String(0x7ff4000000000001n)), ok: true },
    { name: 'f64: -0 is not 0', x: -0, p: e('f64', '0'), ok: false },
    { name: 'f64 canonical NaN, negative', x: f64FromBits(0xfff8000000000000n), p: e('f64', 'nan:canonical'), ok: true },
    { name: 'f64 canonical: another payload fails', x: f64FromBits(0x7ff8000000000001n), p: e('f64', 'nan:canonical'), ok: false },
    { name: 'f64 arithmetic NaN', x: f64FromBits(0x7ff8000000000001n), p: e('f64', 'nan:arithmetic'), ok: true },
    { name: 'f64 arithmetic: a signalling NaN fails', x: f64FromBits(0x7ff4000000000000n), p: e('f64', 'nan:arithmetic'), ok: false },
    { name: 'f32 literal', x: Math.fround(1.1), p: e('f32', String(0x3f8ccccd)), ok: true },
    { name: 'f32: a number that is no f32 fails', x: 1.1, p: e('f32', String(0x3f8ccccd)), ok: false },
    { name: 'f32 canonical NaN', x: f32Number(0x7fc00000), p: e('f32', 'nan:canonical'), ok: true },
    { name: 'f32 canonical: a payload fails', x: f32Number(0x7fc00001), p: e('f32', 'nan:canonical'), ok: false },
    { name: 'f32 NaN literal: sign and payload compared, the quiet bit not', x: f32Number(0x7fe00000), p: e('f32', String(0x7fa00000)), ok: true },
    { name: 'f32 NaN literal: another payload fails', x: f32Number(0x7fc00001), p: e('f32', String(0x7fa00000)), ok: false },
    { name: 'f32 NaN literal: the other sign fails', x: f32Number(0xffa00000), p: e('f32', String(0x7fa00000)), ok: false },
    { name: 'externref host value by identity', x: jsArgument({ type: 'externref', value: '3' }), p: e('externref', '3'), ok: true },
    { name: 'externref: another host value fails', x: jsArgument({ type: 'externref', value: '4' }), p: e('externref', '3'), ok: false },
    { name: 'externref null is not undefined', x: undefined, p: e('externref', 'null'), ok: false },
    { name: 'funcref: any function', x: (): void => {}, p: e('funcref', '0'), ok: true },
    { name: 'funcref null', x: null, p: e('funcref', 'null'), ok: true },
  ])('$name', ({ x, p, ok }) => {
    expect(resultMatches(x, p)).toBe(ok);
  });

  it('throws for a type it cannot check, and for a non-null funcref argument', () => {
    expect(() => resultMatches(1, e('v128', '0'))).toThrow('unsupported result type v128');
    expect(() => jsArgument({ type: 'funcref', value: '0' })).toThrow('can only be null');
  });
});

describe.skipIf(!hasSpecSuite())('the JS API runner fails wrong outcomes on both engines', () => {
  it.each([['V8', native], ['detwasm', detwasmApi]] as const)('%s: a changed result, a trap that returns, a module that links', (_name, api) => {
    const file = loadSpecFile(join(SPEC_CORE_DIR, 'linking.json'));
    const firstReturn = file.commands.find((c) => c.type === 'assert_return') as ActionCommand;
    const firstUnlinkable = file.commands.find((c) => c.type === 'assert_unlinkable')!;
    const commands = file.commands.map((c): Command => {
      if (c === firstReturn) return { ...firstReturn, expected: [{ type: 'i32', value: '12345' }] };
      if (c.line === firstReturn.line + 1 && c.type === 'assert_return') return { ...(c as ActionCommand), type: 'assert_trap', text: 'unreachable' };
      if (c === firstUnlinkable) return { ...(c as AssertModuleCommand), filename: 'linking.0.wasm', text: 'unknown import' };
      return c;
    });
    const r = runFileOnJsApi({ ...file, commands }, api);
    expect(r.failures.map((i) => [i.line, i.kind, i.expected])).toEqual([
      [firstReturn.line, 'assert_return', '[i32:12345]'],
      [firstReturn.line + 1, 'assert_trap', 'RuntimeError: unreachable'],
      [firstUnlinkable.line, 'assert_unlinkable', 'LinkError: unknown import'],
    ]);
  });
});
