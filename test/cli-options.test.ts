/**
 * The command line as a newcomer finds it (issue 11 item 7), run through the built binary
 * (bin/detwasm.js -> dist/cli.js; `npm run build` first): `--gas` with `--invoke` in any option
 * order, `--features SPEC` on every verb that loads a module, the text format through the optional
 * peer dependency wabt (and the advice without it), `call --state` that cannot save, `--version`,
 * NaN results with their sign and bits, and the WASI `--seed` default.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_BIN, runBin } from './helpers/cli.js';
import { wat } from './helpers/wat.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const COUNTER = join(REPO_ROOT, 'examples/contracts/counter/counter.wasm');
const HELLO_C = join(REPO_ROOT, 'examples/wasi/hello-c.wasm');
const HELLO_RUST = join(REPO_ROOT, 'examples/wasi/hello-rust.wasm');
const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const dir = mkdtempSync(join(tmpdir(), 'detwasm-cli-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CALC_WAT = `(module
  (func $fib (export "fib") (param i32) (result i32)
    (if (result i32) (i32.lt_u (local.get 0) (i32.const 2))
      (then (local.get 0))
      (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1)))
                     (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
  (func $spin (export "spin") (loop $l (br $l)))
  (func $neg (export "neg") (param f64) (result f64) (f64.neg (local.get 0)))
  (func $id32 (export "id32") (param f32) (result f32) (local.get 0))
  (func $ext (export "ext") (param i32) (result i32) (i32.extend8_s (local.get 0))))`;

function file(name: string, bytes: Uint8Array | string): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const CALC = file('calc.wasm', wat(CALC_WAT, undefined, { debugNames: true }));
const CALC_TEXT = file('calc.wat', CALC_WAT);

describe('run --invoke --gas', () => {
  it('a looping export stops: out of gas, "gas used: N" on stderr, exit 1', () => {
    const r = runBin(['run', CALC, '--invoke', 'spin', '--gas', '100000'], { timeoutMs: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('gas used: 100000\ntrap: out of gas\n  at spin (func 1)\n');
  });

  it.each([
    ['--gas first', ['run', '--gas', '1000000', CALC, '--invoke', 'fib', '10']],
    ['--gas between', ['run', CALC, '--gas', '1000000', '--invoke', 'fib', '10']],
    ['--gas after the arguments', ['run', CALC, '--invoke', 'fib', '10', '--gas', '1000000']],
    ['hex limit', ['run', CALC, '--invoke', 'fib', '--gas', '0xf4240', '10']],
  ])('in any option order (%s): the results and the gas used (177 calls of 100)', (_, argv) => {
    expect(runBin(argv)).toEqual({ code: 0, status: 0, stdout: 'i32:55\n', stderr: 'gas used: 17700\n' });
  });

  it('a limit just below what the call needs: out of gas at the limit', () => {
    const r = runBin(['run', CALC, '--invoke', 'fib', '10', '--gas', '17699']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^gas used: 17699\ntrap: out of gas\n {2}at fib \(func 0\)\n/);
  });
});

describe('--features SPEC on every verb', () => {
  const BAD_SPEC = /^detwasm: --features: features must start with a preset, got 'wasm9' \(presets: wasm1, wasm2, wasm3, default; then ,\+name \/ ,-name with a feature name: mutable-globals, [^\n]*memory64, exceptions, legacy-exceptions, function-references, gc\); usage: [^\n]*\n$/;

  it.each([
    ['validate', ['validate', CALC, '--features', 'wasm9']],
    ['run --invoke', ['run', CALC, '--invoke', 'fib', '1', '--features', 'wasm9']],
    ['run (WASI)', ['run', HELLO_C, '--features', 'wasm9']],
    ['call', ['call', COUNTER, '--method', 'get', '--gas', '100000', '--features', 'wasm9']],
  ])('%s: an unknown preset is one line listing the valid names, exit 2', (_, argv) => {
    const r = runBin(argv);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(BAD_SPEC);
  });

  it('an unknown feature item names the valid ones, exit 2', () => {
    const r = runBin(['validate', CALC, '--features', 'wasm2,-float']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^detwasm: --features: bad features item '-float' \(presets: wasm1, wasm2, wasm3, default; then ,\+name \/ ,-name with a feature name: mutable-globals, [^\n]*, floats, [^\n]*\n$/);
  });

  it('validate: a module that needs a disabled feature is invalid, naming it (exit 1); enabled it passes', () => {
    const off = runBin(['validate', CALC, '--features', 'wasm2,-floats']);
    expect(off.status).toBe(1);
    expect(off.stderr).toMatch(/^invalid: type f64 requires feature 'floats' at offset 0x[0-9a-f]+\n$/);
    expect(runBin(['validate', '--features', 'wasm2', CALC]).stdout).toBe('ok: 0 imports, 5 exports, 5 functions (0 imported), 0 memories, 0 tables, 0 globals\n');
    const mvp = runBin(['validate', CALC, '--features', 'wasm1']);
    expect(mvp.status).toBe(1);
    expect(mvp.stderr).toMatch(/^invalid: instruction i32\.extend8_s requires feature 'sign-extension' in func 4 at offset 0x[0-9a-f]+\n$/);
    expect(runBin(['validate', CALC, '--features', 'wasm1,+sign-extension']).status).toBe(0);
  });

  it('run --invoke compiles with the features', () => {
    const r = runBin(['run', CALC, '--features', 'wasm1', '--invoke', 'fib', '3']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/requires feature 'sign-extension'/);
    expect(runBin(['run', CALC, '--features', 'wasm2', '--invoke', 'fib', '3']).stdout).toBe('i32:2\n');
  });

  it('run (WASI) compiles with the features', () => {
    const r = runBin(['run', HELLO_C, '--features', 'wasm2,-floats']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^invalid: type f64 requires feature 'floats'/);
    expect(runBin(['run', HELLO_C, '--features', 'wasm2', '--', 'x']).status).toBe(0);
    expect(runBin(['run', HELLO_RUST, '--features', 'wasm2,-floats']).status).toBe(0); // integer-only
  });

  it('call creates the VM with the features: the counter needs multi-value', () => {
    const r = runBin(['call', COUNTER, '--method', 'get', '--gas', '100000', '--features', 'wasm1']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe("error: invalidCode: invalid: a function type with several results requires feature 'multi-value' at offset 0x27\n");
    expect(runBin(['call', COUNTER, '--method', 'get', '--gas', '100000', '--features', 'wasm2']).stdout).toMatch(/^output: 0\n/);
  });
});

describe('the text format (.wat)', () => {
  it('with wabt installed: run, validate and call read .wat', () => {
    expect(runBin(['run', CALC_TEXT, '--invoke', 'fib', '20'])).toEqual({ code: 0, status: 0, stdout: 'i32:6765\n', stderr: '' });
    expect(runBin(['validate', CALC_TEXT]).stdout).toBe('ok: 0 imports, 5 exports, 5 functions (0 imported), 0 memories, 0 tables, 0 globals\n');
    const counterText = join(REPO_ROOT, 'examples/contracts/counter/counter.wat');
    const fromText = runBin(['call', counterText, '--method', 'increment', '--args', '{"by": 5}', '--gas', '100000']);
    const fromBinary = runBin(['call', COUNTER, '--method', 'increment', '--args', '{"by": 5}', '--gas', '100000']);
    expect(fromText).toEqual(fromBinary);
    expect(fromText.stdout).toBe('output: 5\ngas used: 8987\nevent: incremented 5\n');
  });

  it('names from the text reach trap stacks; --features applies to text too', () => {
    const r = runBin(['run', CALC_TEXT, '--invoke', 'spin', '--gas', '500']);
    expect(r.stderr).toBe('gas used: 500\ntrap: out of gas\n  at spin (func 1)\n');
    expect(runBin(['validate', CALC_TEXT, '--features', 'wasm2,-floats']).status).toBe(1);
  });

  it('text that does not parse: one line, exit 1', () => {
    const bad = file('bad.wat', '(module (func (export "f") (i32.bogus)))');
    const r = runBin(['validate', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^malformed \(text format\): [^\n]*i32\.bogus[^\n]* in .*bad\.wat\n$/);
  });

  it('text without a .wat name is recognised (not "magic header not detected")', () => {
    const noExt = file('calc-text', CALC_WAT);
    expect(runBin(['run', noExt, '--invoke', 'fib', '7']).stdout).toBe('i32:13\n');
  });

  it('without wabt: says how to convert, exit 2; binary modules still run', () => {
    // A copy of the package outside this repository: `import('wabt')` finds no node_modules.
    const pkg = join(dir, 'no-wabt');
    mkdirSync(join(pkg, 'bin'), { recursive: true });
    cpSync(join(REPO_ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
    cpSync(CLI_BIN, join(pkg, 'bin', 'detwasm.js'));
    cpSync(join(REPO_ROOT, 'package.json'), join(pkg, 'package.json'));
    const bin = join(pkg, 'bin', 'detwasm.js');
    const r = runBin(['run', CALC_TEXT, '--invoke', 'fib', '20'], { bin, cwd: pkg });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `detwasm: ${CALC_TEXT} is in the WebAssembly text format; reading it needs the optional package wabt (npm i wabt), ` +
        `or convert it first: wat2wasm ${CALC_TEXT} -o ${join(dir, 'calc')}.wasm\n`,
    );
    expect(runBin(['run', CALC, '--invoke', 'fib', '20'], { bin, cwd: pkg }).stdout).toBe('i32:6765\n');
    expect(runBin(['--version'], { bin, cwd: pkg }).stdout).toBe(`detwasm ${VERSION}\n`);
  });
});

describe('call --state that cannot be written', () => {
  it('says plainly that the state was not saved, exit 1', () => {
    const state = join(dir, 'no-such-dir', 'state.json');
    const r = runBin(['call', COUNTER, '--method', 'increment', '--gas', '100000', '--state', state]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('output: 1\ngas used: 8178\nevent: incremented 1\n');
    expect(r.stderr).toBe(`detwasm: state NOT saved: cannot write ${state}: ENOENT: no such file or directory, open '${state}'\n`);
  });

  it('--help documents it with the exit codes', () => {
    const help = runBin(['--help']).stdout;
    expect(help).toContain('When it cannot be written: "state NOT saved: ..." on stderr, exit 1');
    expect(help).toMatch(/Exit codes: 0 ok; 1 malformed, invalid or unlinkable module, a trap, a failed contract call or\na state or profile file not saved; 2 bad arguments/);
  });
});

describe('--version', () => {
  it.each([['--version'], ['-V'], ['version']])('%s prints the package version, exit 0', (flag) => {
    expect(runBin([flag])).toEqual({ code: 0, status: 0, stdout: `detwasm ${VERSION}\n`, stderr: '' });
  });
});

describe('NaN results and arguments keep their sign and bits', () => {
  it.each([
    { argv: ['neg', 'nan'], stdout: 'f64:-nan:0xfff8000000000000\n' },
    { argv: ['neg', '-nan'], stdout: 'f64:nan:0x7ff8000000000000\n' },
    { argv: ['neg', 'nan:0x7ff0000000000001'], stdout: 'f64:-nan:0xfff0000000000001\n' },
    { argv: ['neg', 'f64:-nan:0xfff4000000000000'], stdout: 'f64:nan:0x7ff4000000000000\n' },
    { argv: ['id32', '-nan'], stdout: 'f32:-nan:0xffc00000\n' },
    { argv: ['id32', 'nan:0x7fa00001'], stdout: 'f32:nan:0x7fa00001\n' },
    { argv: ['id32', '-nan:0xff800001'], stdout: 'f32:-nan:0xff800001\n' },
    { argv: ['neg', '-0x10'], stdout: 'f64:16\n' },
    { argv: ['neg', 'f64:1.5'], stdout: 'f64:-1.5\n' },
    { argv: ['neg', '-inf'], stdout: 'f64:inf\n' },
  ])('$argv -> $stdout', ({ argv, stdout }) => {
    expect(runBin(['run', CALC, '--invoke', ...argv])).toEqual({ code: 0, status: 0, stdout, stderr: '' });
  });

  it.each([
    ['nan:0x1', 'id32'], // not a NaN: the bits of a denormal (WAT's nan:0x... is a payload; this is the whole pattern)
    ['-nan:0x7fc00000', 'id32'], // the sign does not match the bits
    ['nan:0x7ff8000000000000', 'id32'], // wider than 32 bits
    ['nan:0x7f800000', 'id32'], // infinity
    ['i32:1', 'neg'], // a prefix of another type
  ])('%s is not a valid argument of %s, exit 2', (arg, name) => {
    const r = runBin(['run', CALC, '--invoke', name, arg]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^detwasm: argument 1 \("[^"]+"\) is not a valid f(32|64)\n$/);
  });
});

describe('WASI --seed', () => {
  const randomLine = (r: { stdout: string }): string => /^random=.*$/m.exec(r.stdout)?.[0] ?? '';

  it('absent: the empty seed, the same bytes on every run (as --help says); --seed N changes them', () => {
    const a = runBin(['run', HELLO_C]);
    const b = runBin(['run', HELLO_C]);
    expect(randomLine(a)).toMatch(/^random=[0-9a-f]{16}$/);
    expect(randomLine(b)).toBe(randomLine(a));
    expect(randomLine(runBin(['run', HELLO_C, '--seed', '0x']))).toBe(''); // bad value: no run
    expect(randomLine(runBin(['run', HELLO_C, '--seed', '1']))).not.toBe(randomLine(a));
    const help = runBin(['--help']).stdout;
    expect(help).not.toContain('default none');
    expect(help).toContain('default: the\n                       empty seed, one fixed stream, the same bytes on every run');
  });
});

describe('--profile FILE / --profile-svg FILE (run and call)', () => {
  const foldedSum = (path: string): number =>
    readFileSync(path, 'utf8').trim().split('\n').reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);

  it('run --invoke: the folded stacks sum to the gas used, the table is on stderr, the SVG is written', () => {
    const folded = join(dir, 'fib.folded');
    const svg = join(dir, 'fib.svg');
    const r = runBin(['run', CALC, '--invoke', 'fib', '10', '--profile', folded, '--profile-svg', svg]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('i32:55\n');
    expect(r.stderr).toMatch(/^gas used: 17700\ngas used: 17700 \(1 function, 177 calls\)\n.*\n +17700 +100\.00 +17700 +100\.00 +177  fib\n$/);
    expect(foldedSum(folded)).toBe(17700);
    expect(readFileSync(folded, 'utf8').split('\n')[0]).toBe('fib 100');
    const text = readFileSync(svg, 'utf8');
    expect(text).toContain('<svg');
    expect(text.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('call: the profile of the contract call (start function and method) sums to its gas', () => {
    const folded = join(dir, 'counter.folded');
    const r = runBin(['call', COUNTER, '--method', 'get', '--gas', '1000000', '--profile', folded]);
    expect(r.status).toBe(0);
    const used = Number(/gas used: (\d+)/.exec(r.stdout + r.stderr)![1]);
    expect(used).toBeGreaterThan(0);
    expect(foldedSum(folded)).toBe(used);
  });

  it('run (WASI): profiled without --gas, metered without a limit', () => {
    const folded = join(dir, 'hello.folded');
    const r = runBin(['run', HELLO_C, '--profile', folded]);
    expect(r.status).toBe(0);
    const used = Number(/^gas used: (\d+)$/m.exec(r.stderr)![1]);
    expect(foldedSum(folded)).toBe(used);
  });

  it('a file that cannot be written: "profile NOT written", exit 1; a missing value: exit 2', () => {
    const r = runBin(['run', CALC, '--invoke', 'fib', '5', '--profile', join(dir, 'no', 'such', 'dir', 'x.folded')]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('i32:5\n');
    expect(r.stderr).toMatch(/detwasm: profile NOT written: cannot write .*x\.folded: /);
    const missing = runBin(['run', CALC, '--invoke', 'fib', '5', '--profile']);
    expect(missing.status).toBe(2);
  });
});
