/**
 * The `detwasm` command line (src/cli.ts): `main()` in-process with modules assembled by wabt,
 * plus spawn tests of bin/detwasm.js (dist/ is built by `pretest`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(REPO_ROOT, 'bin', 'detwasm.js');

const run = runCli;

const VALIDATE_USAGE = "usage: detwasm validate FILE.wasm [--features SPEC] (try 'detwasm --help')\n";
const INVOKE_USAGE = "usage: detwasm run FILE.wasm --invoke NAME [ARGS...] [--gas N] [--features SPEC] [--tier js] (try 'detwasm --help')\n";
const CALL_USAGE = "usage: detwasm call FILE.wasm --method NAME --gas N [--args JSON] [--state FILE.json] [--features SPEC] [--tier js] (try 'detwasm --help')\n";

const dir = mkdtempSync(join(tmpdir(), 'detwasm-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIXTURES: Record<string, string> = {
  'full.wasm': `(module
    (import "env" "f" (func (param i32)))
    (import "env" "g" (func))
    (import "env" "glob" (global i32))
    (memory (export "memory") 1)
    (table (export "table") 1 funcref)
    (global (mut i32) (i32.const 0))
    (global i64 (i64.const 1))
    (global f32 (f32.const 0))
    (func (export "a") (result i32) (i32.const 1))
    (func (export "b"))
    (func (export "c")))`,
  'single.wasm': `(module (import "a" "b" (func)) (export "e" (func 0)))`,
  'bad-body.wasm': `(module (func (result i32) (i64.const 0)))`,
  'bad-export.wasm': `(module (export "x" (func 5)))`,
  'calc.wasm': `(module
    (func $fib (export "fib") (param i32) (result i32)
      (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
        (then (local.get 0))
        (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                       (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
    (func $div (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
    (func $outer (export "outer") (param i32) (result i32) (call $div (local.get 0) (i32.const 0)))
    (func (export "mix") (param i64 f32 f64) (result i64 f32 f64) (local.get 0) (local.get 1) (local.get 2))
    (func (export "vadd") (param v128 v128) (result v128) (i32x4.add (local.get 0) (local.get 1)))
    (func (export "vconst") (result v128 i32) (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 255) (i32.const 7))
    (global (export "g") i32 (i32.const 1)))`,
  'needs-import.wasm': `(module (import "env" "f" (func)) (func (export "x") (call 0)))`,
};

function path(name: string): string {
  return join(dir, name);
}

beforeAll(async () => {
  const wabt = await wabtInit();
  for (const [name, wat] of Object.entries(FIXTURES)) {
    const m = wabt.parseWat(name, wat); // no validate(): some fixtures are invalid on purpose
    writeFileSync(path(name), m.toBinary({ write_debug_names: true }).buffer);
    m.destroy();
  }
  writeFileSync(path('empty.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  writeFileSync(path('truncated.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0]));
  writeFileSync(path('bad-magic.wasm'), new Uint8Array([0, 0x61, 0x73, 0x78, 1, 0, 0, 0]));
});

describe('detwasm validate', () => {
  it.each([
    { file: 'full.wasm', line: 'ok: 3 imports, 5 exports, 5 functions (2 imported), 1 memory, 1 table, 4 globals' },
    { file: 'single.wasm', line: 'ok: 1 import, 1 export, 1 function (1 imported), 0 memories, 0 tables, 0 globals' },
    { file: 'empty.wasm', line: 'ok: 0 imports, 0 exports, 0 functions (0 imported), 0 memories, 0 tables, 0 globals' },
  ])('$file: prints the summary, exit 0', async ({ file, line }) => {
    expect(await run(['validate', path(file)])).toEqual({ code: 0, stdout: `${line}\n`, stderr: '' });
  });

  it.each([
    { file: 'truncated.wasm', stderr: /^malformed: unexpected end at offset 0x4\n$/ },
    { file: 'bad-magic.wasm', stderr: /^malformed: magic header not detected at offset 0x0\n$/ },
    { file: 'bad-body.wasm', stderr: /^invalid: type mismatch[^\n]* in func 0 at offset 0x[0-9a-f]+\n$/ },
    { file: 'bad-export.wasm', stderr: /^invalid: unknown function[^\n]* at offset 0x[0-9a-f]+\n$/ },
  ])('$file: prints the typed error with its offset, exit 1', async ({ file, stderr }) => {
    const r = await run(['validate', path(file)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(stderr);
  });

  it('reports an unreadable file in one line, exit 2', async () => {
    const missing = path('missing.wasm');
    const r = await run(['validate', missing]);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `detwasm: cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'\n`,
    });
    const d = await run(['validate', dir]);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/^detwasm: cannot read .*: EISDIR[^\n]*\n$/);
  });
});

describe('arguments', () => {
  it.each([
    { argv: [], stderr: "detwasm: missing command (try 'detwasm --help')\n" },
    { argv: ['frobnicate'], stderr: "detwasm: unknown command 'frobnicate' (try 'detwasm --help')\n" },
    { argv: ['validate'], stderr: `detwasm: missing module file; ${VALIDATE_USAGE}` },
    { argv: ['validate', 'a.wasm', 'b.wasm'], stderr: `detwasm: one module file at a time; ${VALIDATE_USAGE}` },
    { argv: ['validate', '--strict'], stderr: `detwasm: unknown option --strict; ${VALIDATE_USAGE}` },
    { argv: ['validate', 'a.wasm', '--features'], stderr: `detwasm: --features needs a value; ${VALIDATE_USAGE}` },
    { argv: ['run', '--invoke', 'f'], stderr: `detwasm: missing module file; ${INVOKE_USAGE}` },
    { argv: ['run', 'a.wasm', '--invoke'], stderr: `detwasm: --invoke needs a value; ${INVOKE_USAGE}` },
    { argv: ['run', 'a.wasm', '--invoke', 'f', '--invoke', 'g'], stderr: `detwasm: --invoke given twice; ${INVOKE_USAGE}` },
    { argv: ['run', 'a.wasm', '--invoke', 'f', '--fast'], stderr: `detwasm: unknown option --fast; ${INVOKE_USAGE}` },
    { argv: ['run', 'a.wasm', '--invoke', 'f', '--gas', '-1'], stderr: `detwasm: --gas takes a non-negative safe integer, got "-1"; ${INVOKE_USAGE}` },
    { argv: ['run', 'a.wasm', '--invoke', 'f', '--seed', '1'], stderr: `detwasm: --seed is for WASI commands (run FILE without --invoke); ${INVOKE_USAGE}` },
    { argv: ['call', 'x.wasm', 'f'], stderr: `detwasm: unexpected argument "f"; ${CALL_USAGE}` },
    { argv: ['run', 'a.wasm', '--invoke', 'f', '--tier', 'fast'], stderr: `detwasm: --tier takes interpreter or js, got "fast"; ${INVOKE_USAGE}` },
    { argv: ['run', 'a.wasm', '--invoke', 'f', '--tier'], stderr: `detwasm: --tier needs a value; ${INVOKE_USAGE}` },
  ])('$argv: one line on stderr, exit 2', async ({ argv, stderr }) => {
    expect(await run(argv)).toEqual({ code: 2, stdout: '', stderr });
  });

  it.each([['--help'], ['-h'], ['help']])('%s lists the commands, exit 0', async (flag) => {
    const r = await run([flag]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: detwasm <command>/);
    for (const verb of ['validate FILE.wasm', 'run FILE.wasm --invoke NAME', 'call CONTRACT.wasm']) expect(r.stdout).toContain(verb);
  });
});

describe('detwasm run', () => {
  it.each([
    { argv: ['fib', '20'], stdout: 'i32:6765\n' },
    { argv: ['fib', '0x0a'], stdout: 'i32:55\n' },
    { argv: ['div', '-7', '2'], stdout: 'i32:-3\n' },
    { argv: ['div', '4294967295', '1'], stdout: 'i32:-1\n' },
    { argv: ['mix', '-9223372036854775808', '1.5', '-inf'], stdout: 'i64:-9223372036854775808\nf32:1.5\nf64:-inf\n' },
    { argv: ['mix', '1', 'nan', '-0'], stdout: 'i64:1\nf32:nan:0x7fc00000\nf64:-0\n' },
    // v128: the 128-bit value in hex, lane byte 15 first (i32x4 lanes 1 2 3 4 are 0x...04_...03_...02_...01)
    { argv: ['vconst'], stdout: 'v128:0xff0e0d0c0b0a09080706050403020100\ni32:7\n' },
    { argv: ['vadd', 'v128:0x00000004000000030000000200000001', '0x10'], stdout: 'v128:0x00000004000000030000000200000011\n' },
    { argv: ['vadd', '0xffffffff', '0x1'], stdout: 'v128:0x00000000000000000000000000000000\n' },
  ])('invoke $argv prints TYPE:VALUE per result, exit 0', async ({ argv, stdout }) => {
    expect(await run(['run', path('calc.wasm'), '--invoke', ...argv])).toEqual({ code: 0, stdout, stderr: '' });
  });

  it.each([['interpreter'], ['js']])('--tier %s: the same results, traps and gas', async (tier) => {
    // (div is an integer function the JS tier takes; outer calls it.)
    for (const argv of [['div', '-7', '2'], ['outer', '5'], ['fib', '15', '--gas', '100000'], ['div', '9', '3', '--gas', '1000']]) {
      expect(await run(['run', path('calc.wasm'), '--invoke', ...argv, '--tier', tier]), argv.join(' ')).toEqual(await run(['run', path('calc.wasm'), '--invoke', ...argv]));
    }
    expect(await run(['run', path('calc.wasm'), '--invoke', 'div', '9', '3', '--gas', '1000', '--tier', tier])).toEqual({ code: 0, stdout: 'i32:3\n', stderr: 'gas used: 100\n' });
  });

  it('prints a trap with its wasm stack (names from the name section), exit 1', async () => {
    expect(await run(['run', path('calc.wasm'), '--invoke', 'outer', '5'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'trap: integer divide by zero\n  at div (func 1)\n  at outer (func 2)\n',
    });
  });

  it.each([
    { argv: ['fib'], stderr: 'detwasm: fib takes 1 argument(s) (i32), got 0\n' },
    { argv: ['fib', '1', '2'], stderr: 'detwasm: fib takes 1 argument(s) (i32), got 2\n' },
    { argv: ['fib', 'x'], stderr: 'detwasm: argument 1 ("x") is not a valid i32\n' },
    { argv: ['fib', '4294967296'], stderr: 'detwasm: argument 1 ("4294967296") is not a valid i32\n' },
    { argv: ['mix', '1', '2', 'abc'], stderr: 'detwasm: argument 3 ("abc") is not a valid f64\n' },
    { argv: ['vadd', '1', '0x1'], stderr: 'detwasm: argument 1 ("1") is not a valid v128\n' },
    { argv: ['vadd', '0x1', `0x${'f'.repeat(33)}`], stderr: `detwasm: argument 2 ("0x${'f'.repeat(33)}") is not a valid v128\n` },
    { argv: ['nope'], stderr: 'detwasm: no exported function named "nope"\n' },
    { argv: ['g'], stderr: 'detwasm: no exported function named "g"\n' },
  ])('bad arguments $argv: one line, exit 2', async ({ argv, stderr }) => {
    expect(await run(['run', path('calc.wasm'), '--invoke', ...argv])).toEqual({ code: 2, stdout: '', stderr });
  });

  it('reports link errors and rejected modules in one line, exit 1', async () => {
    const link = await run(['run', path('needs-import.wasm'), '--invoke', 'x']);
    expect(link.code).toBe(1);
    expect(link.stderr).toMatch(/^link error: unknown import: env\.f [^\n]*\n$/);
    const bad = await run(['run', path('bad-body.wasm'), '--invoke', 'x']);
    expect(bad).toEqual({ code: 1, stdout: '', stderr: expect.stringMatching(/^invalid: type mismatch in func 0 at offset 0x[0-9a-f]+\n$/) });
    const missing = await run(['run', path('does-not-exist.wasm'), '--invoke', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^detwasm: cannot read [^\n]*\n$/);
  });
});

describe('bin/detwasm.js', () => {
  it('runs the built CLI: --help exits 0', () => {
    const r = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('validate FILE.wasm');
  });

  it('passes the exit code through: an invalid module exits 1', () => {
    const r = spawnSync(process.execPath, [BIN, 'validate', path('bad-body.wasm')], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^invalid: type mismatch/);
  });

  it('without dist/ prints one line asking for a build, exit 2', () => {
    const fake = join(dir, 'pkg');
    mkdirSync(join(fake, 'bin'), { recursive: true });
    copyFileSync(BIN, join(fake, 'bin', 'detwasm.js'));
    writeFileSync(join(fake, 'package.json'), '{ "type": "module" }\n');
    const r = spawnSync(process.execPath, [join(fake, 'bin', 'detwasm.js'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('detwasm: dist/cli.js is missing; run `npm run build` first\n');
  });
});
