/**
 * The type of `Instance.exports` (issue 11 item 7): under `strict`, `instance.exports.fib(20)`
 * type-checks, as the README's first example writes it. Checked twice: this file is compiled by
 * `tsc -p tsconfig.test.json` (strict), and a test compiles a user's file against the shipped
 * declarations (dist/index.d.ts; `npm run build` first) with the TypeScript API.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, instantiate, Memory } from '../../src/index.js';
import type { ExportValue, Exports } from '../../src/index.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIB = readFileSync(join(REPO_ROOT, 'examples/api/fib.wasm'));

const dir = mkdtempSync(join(tmpdir(), 'detwasm-exports-types-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Instance.exports', () => {
  it('exports.fib(20) compiles under strict and returns the JS API shape', () => {
    const instance = instantiate(compile(FIB));
    const n: number = instance.exports.fib(20);
    expect(n).toBe(6765);
    const exports: Exports = instance.exports;
    const value: ExportValue = exports.divide;
    expect(typeof value).toBe('function');
    expect(() => {
      // @ts-expect-error: exports are read-only (and frozen at run time)
      instance.exports.fib = 1;
    }).toThrow(TypeError);
  });

  it('a precise shape can be stated', () => {
    const typed = instantiate(compile(FIB)).exports as { fib(n: number): number; memory?: Memory };
    expect(typed.fib(10)).toBe(55);
  });

  it("a user's strict file type-checks against dist/index.d.ts", () => {
    const file = join(dir, 'user.ts');
    const index = join(REPO_ROOT, 'dist', 'index.js');
    writeFileSync(file, `import { compile, instantiate, Memory } from ${JSON.stringify(index)};
declare const bytes: Uint8Array;
const instance = instantiate(compile(bytes));
const n: number = instance.exports.fib(20);
const m: Memory = instance.exports.memory;
export const out: [number, Memory] = [n, m];
`);
    const program = ts.createProgram([file], {
      strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022, types: [], skipLibCheck: false,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
  });
});
