/**
 * Real WASI programs under the deterministic sandbox (src/host/wasi/): the committed builds in
 * examples/wasi/ — C (clang + wasi-libc), Rust (rustc's std for wasm32-wasi) and a module with
 * TinyGo wasip1's imports (WAT) — run through `instantiate` + `_start`. Checks their output, exit
 * codes, bounded output, gas, and that two runs with the same inputs are identical to the byte
 * (stdout, stderr, whole memory, gas). scripts/build-wasi-examples.sh rebuilds the fixtures.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compile, createWasi, DEFAULT_GAS_SCHEDULE, instantiate, STRICT_GAS_SCHEDULE, Trap, TrapCode, WasiExit,
} from '../../../src/index.js';
import type { GasSchedule, Memory, Module, WasiOptions } from '../../../src/index.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/wasi/', import.meta.url));
const load = (name: string): Module => compile(readFileSync(`${EXAMPLES}${name}`));

const C = load('hello-c.wasm');
const RUST = load('hello-rust.wasm');
const TINYGO = load('tinygo-imports.wasm');

const OPTIONS: WasiOptions = {
  args: ['prog', '7', 'x y'],
  env: [['GREETING', 'hi'], ['A', 'b=c']],
  seed: 42,
  timeNs: 1_700_000_000_123_456_789n,
};

interface Run {
  readonly exitCode: number | null;
  readonly error: unknown;
  readonly gasUsed: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Uint8Array;
  readonly isStdoutTruncated: boolean;
  readonly memory: Uint8Array;
}

function runProgram(module: Module, options: WasiOptions, gasLimit = 100_000_000, gas: Partial<GasSchedule> = DEFAULT_GAS_SCHEDULE): Run {
  const wasi = createWasi(options);
  const instance = instantiate(module, wasi.imports, { gas });
  const result = wasi.start(instance, { gasLimit });
  return {
    ...result,
    stdout: wasi.stdoutText(),
    stderr: wasi.stderrText(),
    stdoutBytes: wasi.stdout(),
    isStdoutTruncated: wasi.isStdoutTruncated,
    memory: new Uint8Array((instance.exports.memory as Memory).buffer).slice(),
  };
}

const C_STDOUT = [
  'hello from C',
  'argc=3',
  'argv[0]=prog',
  'argv[1]=7',
  'argv[2]=x y',
  'env GREETING=hi',
  'env A=b=c',
  'random=d380e2deb448002b', // the first 8 bytes of seed 42's stream
  'realtime=1700000000.123456789',
  'monotonic=1700000000.123456789',
  'fopen=failed', // no preopened directory: wasi-libc cannot even resolve the path
  'path_open errno=8', // EBADF from the raw call on fd 3
  '',
].join('\n');

const RUST_STDOUT = [
  'hello from Rust',
  'args=["prog", "7", "x y"]',
  'GREETING=hi',
  'unix seconds=1700000000',
  'sum 1..=100 = 5050',
  '',
].join('\n');

const TINYGO_OPTIONS: WasiOptions = { args: ['tinygo', 'x'], env: [['K', 'V']], stdin: 'hello', seed: 1n, timeNs: 5n };
const TINYGO_STDOUT = [
  'tinygo-shaped module',
  'argc=2',
  'arg tinygo',
  'arg x',
  'env K=V',
  'stdout filetype=2',
  'fd_prestat_get(3)=8',
  'fd_prestat_dir_name(3)=8',
  'random=3cdea2fbae83e75b',
  'time=5',
  'fd_seek(1)=70',
  'fd_filestat_get(1)=52',
  'path_open(3)=8',
  'poll_oneoff=52',
  'stdin=hello',
  'fd_close(0)=0',
  'fd_close(0)=8',
  'fd_read(0)=8',
  '',
].join('\n');

describe('the C program (wasi-libc)', () => {
  it('prints its arguments, environment, seeded random bytes and block time; exits through proc_exit', () => {
    const r = runProgram(C, OPTIONS);
    expect(r.error).toBeNull();
    expect(r.stdout).toBe(C_STDOUT);
    expect(r.stderr).toBe('to stderr\n');
    expect(r.exitCode).toBe(7);
  });

  it('returns from _start with exit code 0 when main returns 0', () => {
    const r = runProgram(C, { args: ['prog'] });
    expect(r.exitCode).toBe(0);
    expect(r.error).toBeNull();
    expect(r.stdout).toContain('realtime=0.000000000\n');
    expect(r.stdout).toContain('random=77e2e8a8ae16c822\n'); // the default (empty) seed
  });

  it('runs with no arguments at all (argc = 0, the default)', () => {
    const r = runProgram(C, {});
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^hello from C\nargc=0\nrandom=77e2e8a8ae16c822\n/);
  });

  it('runs through instantiate + invoke("_start"): proc_exit surfaces as WasiExit', () => {
    const wasi = createWasi(OPTIONS);
    const instance = instantiate(C, wasi.imports);
    expect(() => instance.invoke('_start')).toThrow(WasiExit);
    expect(wasi.exitCode).toBe(7);
    expect(wasi.stdoutText()).toBe(C_STDOUT);
  });
});

describe('the Rust program (std, wasm32-wasi)', () => {
  it('prints to stdout and stderr and exits with std::process::exit', () => {
    const r = runProgram(RUST, OPTIONS);
    expect(r.error).toBeNull();
    expect(r.stdout).toBe(RUST_STDOUT);
    expect(r.stderr).toBe('to stderr\n');
    expect(r.exitCode).toBe(7);
  });

  it.each([
    { args: ['prog'], exitCode: 0 }, // main returns: _start returns
    { args: ['prog', '0'], exitCode: 0 },
    { args: ['prog', '1'], exitCode: 1 },
    { args: ['prog', '255'], exitCode: 255 },
    { args: ['prog', '-1'], exitCode: 0xffffffff }, // exit(-1): the u32 exit code
  ])('args $args -> exit code $exitCode', ({ args, exitCode }) => {
    const r = runProgram(RUST, { args });
    expect(r.error).toBeNull();
    expect(r.exitCode).toBe(exitCode);
    expect(r.stdout).toContain('GREETING unset\nunix seconds=0\n');
  });

  it('runs through instantiate + invoke("_start") and returns normally', () => {
    const wasi = createWasi({ args: ['prog'] });
    expect(instantiate(RUST, wasi.imports).invoke('_start')).toEqual([]);
    expect(wasi.exitCode).toBeNull();
    expect(wasi.stdoutText()).toMatch(/^hello from Rust\n/);
  });

  it('keeps the first maxOutputBytes of its output and still exits normally', () => {
    const r = runProgram(RUST, { ...OPTIONS, maxOutputBytes: 20 });
    expect(r.stdout).toBe(RUST_STDOUT.slice(0, 20));
    expect(r.isStdoutTruncated).toBe(true);
    expect(r.exitCode).toBe(7);
  });
});

describe('the TinyGo-imports module (WAT)', () => {
  it('links and gets what each import promises', () => {
    const r = runProgram(TINYGO, TINYGO_OPTIONS);
    expect(r.error).toBeNull();
    expect(r.stdout).toBe(TINYGO_STDOUT);
    expect(r.exitCode).toBe(2); // proc_exit(argc)
  });

  it('declares the imports of a TinyGo wasip1 binary', () => {
    expect(TINYGO.imports.map((i) => i.name).sort()).toEqual([
      'args_get', 'args_sizes_get', 'clock_time_get', 'environ_get', 'environ_sizes_get', 'fd_close', 'fd_fdstat_get',
      'fd_filestat_get', 'fd_prestat_dir_name', 'fd_prestat_get', 'fd_read', 'fd_seek', 'fd_write', 'path_open',
      'poll_oneoff', 'proc_exit', 'random_get',
    ]);
    expect(new Set(TINYGO.imports.map((i) => i.module))).toEqual(new Set(['wasi_snapshot_preview1']));
  });
});

describe('determinism', () => {
  const PROGRAMS = [
    { name: 'C', module: C, options: OPTIONS },
    { name: 'Rust', module: RUST, options: OPTIONS },
    { name: 'TinyGo imports', module: TINYGO, options: TINYGO_OPTIONS },
  ];

  it.each(PROGRAMS)('$name: two runs with the same inputs agree on output, memory, exit code and gas', ({ module, options }) => {
    for (const schedule of [DEFAULT_GAS_SCHEDULE, STRICT_GAS_SCHEDULE]) {
      const a = runProgram(module, options, 100_000_000, schedule);
      const b = runProgram(module, options, 100_000_000, schedule);
      expect(a.error).toBeNull();
      expect(b.exitCode).toBe(a.exitCode);
      expect(b.gasUsed).toBe(a.gasUsed);
      expect(a.gasUsed).toBeGreaterThan(0);
      expect(Buffer.compare(b.stdoutBytes, a.stdoutBytes)).toBe(0);
      expect(b.stderr).toBe(a.stderr);
      expect(b.memory.length).toBe(a.memory.length);
      expect(Buffer.compare(b.memory, a.memory)).toBe(0);
    }
  });

  it('a different seed or time changes only what depends on it', () => {
    const base = runProgram(C, OPTIONS);
    const seeded = runProgram(C, { ...OPTIONS, seed: 43 });
    const later = runProgram(C, { ...OPTIONS, timeNs: 1_800_000_000_000_000_000n });
    const lines = (s: string): string[] => s.split('\n');
    const diff = (a: string, b: string): string[] => lines(b).filter((l, i) => l !== lines(a)[i]);
    expect(diff(base.stdout, seeded.stdout)).toEqual([expect.stringMatching(/^random=[0-9a-f]{16}$/)]);
    expect(diff(base.stdout, later.stdout)).toEqual(['realtime=1800000000.000000000', 'monotonic=1800000000.000000000']);
  });

  it('out of gas stops the program at the same point: gasUsed is the limit, output identical', () => {
    const a = runProgram(C, OPTIONS, 20_000);
    const b = runProgram(C, OPTIONS, 20_000);
    expect(a.error).toBeInstanceOf(Trap);
    expect((a.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(a.exitCode).toBeNull();
    expect(a.gasUsed).toBe(20_000);
    expect(b.stdout).toBe(a.stdout);
    expect(Buffer.compare(b.memory, a.memory)).toBe(0);
  });
});
