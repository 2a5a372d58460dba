/**
 * `detwasm run FILE.wasm` without `--invoke` (src/cli.ts): runs a WASI command's `_start` in the
 * deterministic sandbox (src/host/wasi/), prints its stdout and stderr, and exits with its exit
 * code. Runs main() in-process on the committed examples/wasi/ programs and on small WAT modules.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { wat } from './helpers/wat.js';

const EXAMPLES = fileURLToPath(new URL('../examples/wasi/', import.meta.url));
const C = join(EXAMPLES, 'hello-c.wasm');
const RUST = join(EXAMPLES, 'hello-rust.wasm');
const TINYGO = join(EXAMPLES, 'tinygo-imports.wasm');

const run = runCli;

const dir = mkdtempSync(join(tmpdir(), 'detwasm-cli-wasi-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, wat(text));
  return path;
}

/** Writes "bye\n" to stdout, then proc_exit(code). */
const WRITE_AND_EXIT = (code: number): string => `(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "bye\\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 4))
    (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const ${code}))))`;

describe('detwasm run FILE.wasm (WASI)', () => {
  it('runs the C program: stdout, stderr, argv = base name + ARGS, exit code from proc_exit', async () => {
    const r = await run(['run', C, '--env', 'GREETING=hi', '--seed', '42', '--time-ns', '1700000000123456789', '--', '5', 'x y']);
    expect(r.code).toBe(5);
    expect(r.stderr).toBe('to stderr\n');
    expect(r.stdout).toBe([
      'hello from C',
      'argc=3',
      'argv[0]=hello-c.wasm',
      'argv[1]=5',
      'argv[2]=x y',
      'env GREETING=hi',
      'random=d380e2deb448002b',
      'realtime=1700000000.123456789',
      'monotonic=1700000000.123456789',
      'fopen=failed',
      'path_open errno=8',
      '',
    ].join('\n'));
  });

  it('runs the Rust program; arguments may come without "--"; exit 0 when _start returns', async () => {
    expect(await run(['run', RUST])).toEqual({
      code: 0,
      stdout: 'hello from Rust\nargs=["hello-rust.wasm"]\nGREETING unset\nunix seconds=0\nsum 1..=100 = 5050\n',
      stderr: 'to stderr\n',
    });
    const r = await run(['run', RUST, '3']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('args=["hello-rust.wasm", "3"]\n');
  });

  it('gives the same output on every run (defaults: no seed, time 0)', async () => {
    const a = await run(['run', C, 'a']);
    const b = await run(['run', C, 'a']);
    expect(b).toEqual(a);
    expect(a.stdout).toContain('random=77e2e8a8ae16c822\nrealtime=0.000000000\n');
  });

  it('feeds --stdin FILE to fd 0', async () => {
    const input = join(dir, 'input.txt');
    writeFileSync(input, 'piped');
    const r = await run(['run', TINYGO, '--stdin', input, '--seed', '1', '--time-ns', '5', 'x']);
    expect(r.code).toBe(2); // proc_exit(argc)
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('arg tinygo-imports.wasm\narg x\n');
    expect(r.stdout).toContain('random=3cdea2fbae83e75b\ntime=5\n');
    expect(r.stdout).toContain('stdin=piped\n');
  });

  it('--gas runs metered and prints the gas used; out of gas is a trap (exit 1) after the output so far', async () => {
    const ok = await run(['run', RUST, '--gas', '10000000']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/^to stderr\ngas used: \d+\n$/);
    const again = await run(['run', RUST, '--gas', '10000000']);
    expect(again.stderr).toBe(ok.stderr); // deterministic gas
    const out = await run(['run', RUST, '--gas', '100']);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^gas used: 100\ntrap: out of gas\n( {2}at [^\n]+\n)+$/);
  });

  it.each([
    { code: 0, expected: 0 },
    { code: 42, expected: 42 },
    { code: 255, expected: 255 },
    { code: 256, expected: 255 }, // above 255: a shell would see only 8 bits
    { code: -1, expected: 255 },
  ])('proc_exit($code) -> exit code $expected, output shown', async ({ code, expected }) => {
    const path = fixture(`exit-${code}.wasm`, WRITE_AND_EXIT(code));
    expect(await run(['run', path])).toEqual({ code: expected, stdout: 'bye\n', stderr: '' });
  });

  it('proc_exit in the start function (during instantiation) is the exit code', async () => {
    const path = fixture('start-exit.wasm', `(module
      (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
      (memory (export "memory") 1)
      (func $s (call $exit (i32.const 9)))
      (start $s)
      (func (export "_start") unreachable))`);
    expect(await run(['run', path])).toEqual({ code: 9, stdout: '', stderr: '' });
  });

  it('a trap in a WASI call (a bad pointer) exits 1 with the trap, after the output so far', async () => {
    const path = fixture('trap.wasm', `(module
      (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 100) "partial\\n")
      (func (export "_start")
        (i32.store (i32.const 0) (i32.const 100))
        (i32.store (i32.const 4) (i32.const 8))
        (drop (call $w (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
        (drop (call $w (i32.const 1) (i32.const 70000) (i32.const 1) (i32.const 8)))))`);
    const r = await run(['run', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('partial\n');
    // A trap raised inside a host function carries no wasm stack (yet): only the message line.
    expect(r.stderr).toMatch(/^trap: out of bounds memory access\n( {2}at [^\n]+\n)*$/);
  });

  it.each([
    {
      name: 'no _start export',
      text: '(module (func (export "main")))',
      code: 2,
      stderr: (p: string) => `detwasm: ${p} exports no _start function (not a WASI command; call an export with --invoke NAME)\n`,
    },
    {
      name: 'an import outside WASI',
      text: '(module (import "env" "f" (func)) (func (export "_start")))',
      code: 1,
      stderr: () => 'link error: unknown import: env.f (expected func, got nothing)\n',
    },
  ])('$name -> exit $code', async ({ name, text, code, stderr }) => {
    const path = fixture(`${name.replace(/\W+/g, '-')}.wasm`, text);
    expect(await run(['run', path])).toEqual({ code, stdout: '', stderr: stderr(path) });
  });

  const USAGE_TAIL = "usage: detwasm run FILE.wasm [--env NAME=VALUE]... [--seed N] [--time-ns N] [--stdin FILE] [--gas N] [--features SPEC] [--tier js] [--] [ARGS...] (try 'detwasm --help')\n";

  it.each([
    { args: ['--bogus'], why: 'unknown option --bogus' },
    { args: ['--env'], why: '--env needs a value' },
    { args: ['--env', 'NOEQUALS'], why: '--env takes NAME=VALUE, got "NOEQUALS"' },
    { args: ['--env', '=x'], why: '--env takes NAME=VALUE, got "=x"' },
    { args: ['--seed', '-1'], why: '--seed takes an unsigned 64-bit integer, got "-1"' },
    { args: ['--seed', '18446744073709551616'], why: '--seed takes an unsigned 64-bit integer, got "18446744073709551616"' },
    { args: ['--time-ns', '1.5'], why: '--time-ns takes an unsigned 64-bit integer, got "1.5"' },
    { args: ['--gas', '9007199254740992'], why: '--gas takes a non-negative safe integer, got "9007199254740992"' },
  ])('$args: usage error, exit 2', async ({ args, why }) => {
    expect(await run(['run', C, ...args])).toEqual({ code: 2, stdout: '', stderr: `detwasm: ${why}; ${USAGE_TAIL}` });
  });

  it('reports an unreadable module or stdin file, exit 2', async () => {
    const missing = join(dir, 'missing.wasm');
    const r = await run(['run', missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`detwasm: cannot read ${missing}: ENOENT: no such file or directory, open '${missing}'\n`);
    const s = await run(['run', C, '--stdin', missing]);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/^detwasm: cannot read .*missing\.wasm: ENOENT/);
  });

  it('keeps "run FILE --invoke NAME" as it was', async () => {
    const path = fixture('calc.wasm', '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))');
    expect(await run(['run', path, '--invoke', 'add', '2', '3'])).toEqual({ code: 0, stdout: 'i32:5\n', stderr: '' });
  });

  it('documents the WASI form in --help', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toContain('run FILE.wasm [--env NAME=VALUE]... [--seed N] [--time-ns N] [--stdin FILE] [--gas N]');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain("The exit code is the program's: 0 when _start returns, proc_exit's code otherwise");
    expect(r.stdout.replace(/\s+/g, ' ')).toContain("Each stream keeps its first 16 MiB (the API's default: 64 KiB)");
  });
});
