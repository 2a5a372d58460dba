/**
 * The WASI preview1 sandbox (src/host/wasi/wasi.ts), one function at a time: each import is
 * called from a wasm wrapper (so it sees the caller's memory, as a program's calls do) and its
 * errno, memory effects, captured output, traps and gas are checked. Signatures are those of
 * `wasi_snapshot_preview1.witx` (WASI repo, legacy/preview1).
 */
import { describe, expect, it } from 'vitest';
import {
  compile, createWasi, DEFAULT_GAS_SCHEDULE, instantiate, LinkError, Trap, TrapCode, WASI_MODULE, WasiErrno,
  WasiExit, WasmError,
} from '../../../src/index.js';
import type { Instance, Memory, Wasi, WasiOptions } from '../../../src/index.js';
import { funcTypeToString } from '../../../src/types.js';
import { wat } from '../../helpers/wat.js';

const { SUCCESS, BADF, INVAL, NOSYS, SPIPE } = WasiErrno;

/** Every preview1 function with its core-wasm signature (witx lowered: handles, sizes, flags -> i32; u64 -> i64). */
const SIGNATURES: Readonly<Record<string, string>> = {
  args_get: '[i32 i32] -> [i32]',
  args_sizes_get: '[i32 i32] -> [i32]',
  environ_get: '[i32 i32] -> [i32]',
  environ_sizes_get: '[i32 i32] -> [i32]',
  clock_res_get: '[i32 i32] -> [i32]',
  clock_time_get: '[i32 i64 i32] -> [i32]',
  fd_advise: '[i32 i64 i64 i32] -> [i32]',
  fd_allocate: '[i32 i64 i64] -> [i32]',
  fd_close: '[i32] -> [i32]',
  fd_datasync: '[i32] -> [i32]',
  fd_fdstat_get: '[i32 i32] -> [i32]',
  fd_fdstat_set_flags: '[i32 i32] -> [i32]',
  fd_fdstat_set_rights: '[i32 i64 i64] -> [i32]',
  fd_filestat_get: '[i32 i32] -> [i32]',
  fd_filestat_set_size: '[i32 i64] -> [i32]',
  fd_filestat_set_times: '[i32 i64 i64 i32] -> [i32]',
  fd_pread: '[i32 i32 i32 i64 i32] -> [i32]',
  fd_prestat_get: '[i32 i32] -> [i32]',
  fd_prestat_dir_name: '[i32 i32 i32] -> [i32]',
  fd_pwrite: '[i32 i32 i32 i64 i32] -> [i32]',
  fd_read: '[i32 i32 i32 i32] -> [i32]',
  fd_readdir: '[i32 i32 i32 i64 i32] -> [i32]',
  fd_renumber: '[i32 i32] -> [i32]',
  fd_seek: '[i32 i64 i32 i32] -> [i32]',
  fd_sync: '[i32] -> [i32]',
  fd_tell: '[i32 i32] -> [i32]',
  fd_write: '[i32 i32 i32 i32] -> [i32]',
  path_create_directory: '[i32 i32 i32] -> [i32]',
  path_filestat_get: '[i32 i32 i32 i32 i32] -> [i32]',
  path_filestat_set_times: '[i32 i32 i32 i32 i64 i64 i32] -> [i32]',
  path_link: '[i32 i32 i32 i32 i32 i32 i32] -> [i32]',
  path_open: '[i32 i32 i32 i32 i32 i64 i64 i32 i32] -> [i32]',
  path_readlink: '[i32 i32 i32 i32 i32 i32] -> [i32]',
  path_remove_directory: '[i32 i32 i32] -> [i32]',
  path_rename: '[i32 i32 i32 i32 i32 i32] -> [i32]',
  path_symlink: '[i32 i32 i32 i32 i32] -> [i32]',
  path_unlink_file: '[i32 i32 i32] -> [i32]',
  poll_oneoff: '[i32 i32 i32 i32] -> [i32]',
  proc_exit: '[i32] -> []',
  proc_raise: '[i32] -> [i32]',
  sched_yield: '[] -> [i32]',
  random_get: '[i32 i32] -> [i32]',
  sock_accept: '[i32 i32 i32] -> [i32]',
  sock_recv: '[i32 i32 i32 i32 i32 i32] -> [i32]',
  sock_send: '[i32 i32 i32 i32 i32] -> [i32]',
  sock_shutdown: '[i32 i32] -> [i32]',
};

function typesOf(signature: string): { params: string[]; results: string[] } {
  const m = /^\[(.*)\] -> \[(.*)\]$/.exec(signature)!;
  const list = (s: string): string[] => (s === '' ? [] : s.split(' '));
  return { params: list(m[1]!), results: list(m[2]!) };
}

/** A module whose export `call` forwards to WASI function `name` (and `call2` to `name2`). */
function wrapperModule(names: readonly string[], data = '', pages = 1): Uint8Array {
  const parts = names.map((name, i) => {
    const { params, results } = typesOf(SIGNATURES[name]!);
    const sig = `${params.length ? `(param ${params.join(' ')})` : ''} ${results.length ? `(result ${results.join(' ')})` : ''}`;
    const gets = params.map((_, j) => `(local.get ${j})`).join(' ');
    return {
      imp: `(import "${WASI_MODULE}" "${name}" (func $f${i} ${sig}))`,
      fn: `(func (export "${name}") ${sig} (call $f${i} ${gets}))`,
    };
  });
  return wat(`(module ${parts.map((p) => p.imp).join('\n')}
    (memory (export "memory") ${pages})
    ${data}
    ${parts.map((p) => p.fn).join('\n')})`);
}

interface Setup {
  readonly wasi: Wasi;
  readonly instance: Instance;
  call(name: string, ...args: unknown[]): number;
  bytes(): Uint8Array;
  u32(ptr: number): number;
  u64(ptr: number): bigint;
  store(ptr: number, bytes: Uint8Array | number[]): void;
  storeU32(ptr: number, ...values: number[]): void;
}

function setup(
  names: readonly string[],
  options: WasiOptions = {},
  data = '',
  { metered = false, pages = 1 }: { metered?: boolean; pages?: number } = {},
): Setup {
  const wasi = createWasi(options);
  const instance = instantiate(compile(wrapperModule(names, data, pages)), wasi.imports, metered ? { gas: DEFAULT_GAS_SCHEDULE } : {});
  const memory = instance.exports.memory as Memory;
  const view = (): DataView => new DataView(memory.buffer);
  return {
    wasi,
    instance,
    call: (name, ...args) => instance.invoke(name, args)[0] as number,
    bytes: () => new Uint8Array(memory.buffer).slice(),
    u32: (ptr) => view().getUint32(ptr, true),
    u64: (ptr) => view().getBigUint64(ptr, true),
    store: (ptr, bytes) => new Uint8Array(memory.buffer).set(bytes, ptr),
    storeU32: (ptr, ...values) => values.forEach((v, i) => view().setUint32(ptr + 4 * i, v, true)),
  };
}

/** Asserts that `fn` throws the "out of bounds memory access" trap. */
function expectMemoryTrap(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Trap);
    expect((e as Trap).code).toBe(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS);
    expect((e as Trap).message).toBe('out of bounds memory access');
    return;
  }
  expect.unreachable('no trap');
}

const PAGE = 65536;

/** Whole-memory comparison (toEqual on 64 KiB arrays is slow). */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(actual, expected)).toBe(0);
}

describe('the import module', () => {
  const fns = createWasi().imports.wasi_snapshot_preview1;

  it('provides every preview1 function and nothing else', () => {
    expect(Object.keys(fns).sort()).toEqual(Object.keys(SIGNATURES).sort());
    expect(Object.keys(fns)).toHaveLength(46);
  });

  it.each(Object.entries(SIGNATURES))('%s has the witx signature %s', (name, signature) => {
    expect(funcTypeToString(fns[name]!.type)).toBe(signature);
    expect(fns[name]!.name).toBe(`wasi_snapshot_preview1.${name}`);
  });

  it('links a module importing all of them (what wasi-libc declares)', () => {
    const names = Object.keys(SIGNATURES);
    expect(() => instantiate(compile(wrapperModule(names)), createWasi().imports)).not.toThrow();
  });

  it('refuses a wrong signature with a LinkError', () => {
    const bytes = wat(`(module (import "${WASI_MODULE}" "fd_write" (func (param i32 i32 i32) (result i32))))`);
    expect(() => instantiate(compile(bytes), createWasi().imports)).toThrow(LinkError);
    expect(() => instantiate(compile(bytes), createWasi().imports)).toThrow(
      /^incompatible import type: wasi_snapshot_preview1\.fd_write \(expected func \[i32 i32 i32\] -> \[i32\], got func \[i32 i32 i32 i32\] -> \[i32\]\)$/,
    );
  });
});

describe('fd_write', () => {
  // "hello" at 100, " world" at 200; iovecs at 0.
  const DATA = '(data (i32.const 100) "hello") (data (i32.const 200) " world\\n")';

  it('captures stdout and stderr separately and reports the bytes written', () => {
    const s = setup(['fd_write'], {}, DATA);
    s.storeU32(0, 100, 5, 200, 7);
    expect(s.call('fd_write', 1, 0, 2, 40)).toBe(SUCCESS);
    expect(s.u32(40)).toBe(12);
    expect(s.call('fd_write', 2, 0, 1, 40)).toBe(SUCCESS);
    expect(s.u32(40)).toBe(5);
    expect(s.wasi.stdoutText()).toBe('hello world\n');
    expect(s.wasi.stderrText()).toBe('hello');
    expect(s.wasi.stdout()).toEqual(new TextEncoder().encode('hello world\n'));
    expect(s.wasi.isStdoutTruncated).toBe(false);
  });

  it('accepts zero iovecs and empty iovecs', () => {
    const s = setup(['fd_write'], {}, DATA);
    expect(s.call('fd_write', 1, 0, 0, 40)).toBe(SUCCESS);
    expect(s.u32(40)).toBe(0);
    s.storeU32(0, 100, 0);
    expect(s.call('fd_write', 1, 0, 1, 40)).toBe(SUCCESS);
    expect(s.wasi.stdoutText()).toBe('');
  });

  it.each([
    { fd: 0, errno: BADF }, // stdin is not writable
    { fd: 3, errno: BADF },
    { fd: -1, errno: BADF },
    { fd: 1000, errno: BADF },
  ])('fd $fd -> errno $errno, nothing written', ({ fd, errno }) => {
    const s = setup(['fd_write'], {}, DATA);
    s.storeU32(0, 100, 5);
    s.storeU32(40, 0xdeadbeef);
    expect(s.call('fd_write', fd, 0, 1, 40)).toBe(errno);
    expect(s.u32(40)).toBe(0xdeadbeef);
    expect(s.wasi.stdoutText()).toBe('');
  });

  it.each([
    { name: 'iovec array past the end', iovs: PAGE - 4, count: 1, buf: 0, len: 0, out: 40 },
    { name: 'iovec count too large', iovs: 0, count: 0x2000_0000, buf: 0, len: 0, out: 40 },
    { name: 'buffer past the end', iovs: 0, count: 1, buf: PAGE - 2, len: 3, out: 40 },
    { name: 'buffer at 2^32 - 1', iovs: 0, count: 1, buf: 0xffffffff, len: 1, out: 40 },
    { name: 'nwritten past the end', iovs: 0, count: 1, buf: 100, len: 5, out: PAGE - 3 },
  ])('$name: trap, nothing captured', ({ iovs, count, buf, len, out }) => {
    const s = setup(['fd_write'], {}, DATA);
    if (iovs === 0) s.storeU32(0, buf, len);
    expectMemoryTrap(() => s.call('fd_write', 1, iovs, count, out));
    expect(s.wasi.stdoutText()).toBe('');
  });

  it('keeps the first maxOutputBytes, marks the stream truncated, and tells the program all was written', () => {
    const s = setup(['fd_write'], { maxOutputBytes: 8 }, DATA);
    s.storeU32(0, 100, 5, 200, 7);
    expect(s.call('fd_write', 1, 0, 2, 40)).toBe(SUCCESS);
    expect(s.u32(40)).toBe(12);
    expect(s.wasi.stdoutText()).toBe('hello wo');
    expect(s.wasi.isStdoutTruncated).toBe(true);
    expect(s.call('fd_write', 1, 0, 2, 40)).toBe(SUCCESS); // still accepted once full
    expect(s.u32(40)).toBe(12);
    expect(s.wasi.stdoutText()).toBe('hello wo');
    expect(s.wasi.isStderrTruncated).toBe(false);
    expect(s.call('fd_write', 2, 0, 1, 40)).toBe(SUCCESS); // each stream has its own cap
    expect(s.wasi.stderrText()).toBe('hello');
  });

  it('with maxOutputBytes 0 keeps nothing', () => {
    const s = setup(['fd_write'], { maxOutputBytes: 0 }, DATA);
    s.storeU32(0, 100, 5);
    expect(s.call('fd_write', 2, 0, 1, 40)).toBe(SUCCESS);
    expect(s.wasi.stderr()).toEqual(new Uint8Array(0));
    expect(s.wasi.isStderrTruncated).toBe(true);
  });

  it('grows its buffer past the initial size without losing bytes', () => {
    const s = setup(['fd_write'], { maxOutputBytes: 5000 });
    const text = Array.from({ length: 4000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    s.store(1000, new TextEncoder().encode(text));
    for (let i = 0; i < 4; i++) {
      s.storeU32(0, 1000 + i * 1000, 1000);
      expect(s.call('fd_write', 1, 0, 1, 40)).toBe(SUCCESS);
    }
    expect(s.wasi.stdoutText()).toBe(text);
  });

  it('returns INVAL when the total does not fit the u32 result, capturing nothing', () => {
    // 4097 in-bounds iovecs of 1 MiB each (16-page memory): 2^32 + 2^20 bytes in all.
    const s = setup(['fd_write'], {}, '', { pages: 16 });
    for (let i = 0; i < 4097; i++) s.storeU32(PAGE + i * 8, 0, 0x10_0000);
    expect(s.call('fd_write', 1, PAGE, 4097, 40)).toBe(INVAL);
    expect(s.wasi.stdoutText()).toBe('');
    expect(s.call('fd_write', 1, PAGE, 4095, 40)).toBe(SUCCESS); // 4095 MiB fits
    expect(s.u32(40)).toBe(4095 * 0x10_0000);
  });
});

describe('fd_read (stdin)', () => {
  it('reads the host-given bytes across iovecs, then reports end of file', () => {
    const s = setup(['fd_read'], { stdin: 'abcdefgh' });
    s.storeU32(0, 100, 3, 200, 2);
    expect(s.call('fd_read', 0, 0, 2, 40)).toBe(SUCCESS);
    expect(s.u32(40)).toBe(5);
    expect(new TextDecoder().decode(s.bytes().slice(100, 103))).toBe('abc');
    expect(new TextDecoder().decode(s.bytes().slice(200, 202))).toBe('de');
    expect(s.call('fd_read', 0, 0, 2, 40)).toBe(SUCCESS);
    expect(s.u32(40)).toBe(3); // "fgh": the first iovec filled, the second untouched
    expect(new TextDecoder().decode(s.bytes().slice(100, 103))).toBe('fgh');
    expect(new TextDecoder().decode(s.bytes().slice(200, 202))).toBe('de');
    expect(s.call('fd_read', 0, 0, 2, 40)).toBe(SUCCESS);
    expect(s.u32(40)).toBe(0);
  });

  it('takes stdin as bytes, and is empty by default', () => {
    const s = setup(['fd_read'], { stdin: new Uint8Array([0, 255, 7]) });
    s.storeU32(0, 100, 16);
    expect(s.call('fd_read', 0, 0, 1, 40)).toBe(SUCCESS);
    expect(s.u32(40)).toBe(3);
    expect([...s.bytes().slice(100, 103)]).toEqual([0, 255, 7]);
    const empty = setup(['fd_read']);
    empty.storeU32(0, 100, 16);
    empty.storeU32(40, 99);
    expect(empty.call('fd_read', 0, 0, 1, 40)).toBe(SUCCESS);
    expect(empty.u32(40)).toBe(0);
  });

  it.each([1, 2, 3, 42])('fd %i is not readable: BADF', (fd) => {
    const s = setup(['fd_read'], { stdin: 'x' });
    s.storeU32(0, 100, 1);
    expect(s.call('fd_read', fd, 0, 1, 40)).toBe(BADF);
  });

  it('traps on an out-of-bounds buffer before consuming input', () => {
    const s = setup(['fd_read'], { stdin: 'xyz' });
    s.storeU32(0, 100, 1, PAGE - 1, 2);
    expectMemoryTrap(() => s.call('fd_read', 0, 0, 2, 40));
    s.storeU32(0, 100, 3);
    expect(s.call('fd_read', 0, 0, 1, 40)).toBe(SUCCESS);
    expect(new TextDecoder().decode(s.bytes().slice(100, 103))).toBe('xyz');
  });
});

describe('args and environ', () => {
  const NAMES = ['args_sizes_get', 'args_get', 'environ_sizes_get', 'environ_get'];

  it('are empty by default', () => {
    const s = setup(NAMES);
    s.storeU32(0, 7, 7);
    expect(s.call('args_sizes_get', 0, 4)).toBe(SUCCESS);
    expect([s.u32(0), s.u32(4)]).toEqual([0, 0]);
    s.storeU32(0, 7, 7);
    expect(s.call('environ_sizes_get', 0, 4)).toBe(SUCCESS);
    expect([s.u32(0), s.u32(4)]).toEqual([0, 0]);
    const before = s.bytes();
    expect(s.call('args_get', PAGE, PAGE)).toBe(SUCCESS); // nothing to write: pointers unused
    expect(s.call('environ_get', 100, 200)).toBe(SUCCESS);
    expectSameBytes(s.bytes(), before);
  });

  it('args_get writes NUL-terminated UTF-8 strings and their pointers', () => {
    const s = setup(NAMES, { args: ['prog', 'héllo', ''] });
    expect(s.call('args_sizes_get', 0, 4)).toBe(SUCCESS);
    expect([s.u32(0), s.u32(4)]).toEqual([3, 5 + 7 + 1]);
    expect(s.call('args_get', 100, 200)).toBe(SUCCESS);
    expect([s.u32(100), s.u32(104), s.u32(108)]).toEqual([200, 205, 212]);
    expect([...s.bytes().slice(200, 213)]).toEqual([...new TextEncoder().encode('prog\0héllo\0\0')]);
  });

  it('environ_get writes NAME=VALUE strings in the given order', () => {
    const s = setup(NAMES, { env: [['B', '2'], ['A', 'x=y'], ['EMPTY', '']] });
    expect(s.call('environ_sizes_get', 0, 4)).toBe(SUCCESS);
    expect([s.u32(0), s.u32(4)]).toEqual([3, 4 + 6 + 7]);
    expect(s.call('environ_get', 100, 200)).toBe(SUCCESS);
    expect([s.u32(100), s.u32(104), s.u32(108)]).toEqual([200, 204, 210]);
    expect(new TextDecoder().decode(s.bytes().slice(200, 217))).toBe('B=2\0A=x=y\0EMPTY=\0');
  });

  it.each([
    { name: 'args_sizes_get', args: [PAGE - 2, 0] },
    { name: 'args_sizes_get', args: [0, PAGE] },
    { name: 'args_get', args: [PAGE - 4, 0] }, // two pointers need 8 bytes
    { name: 'args_get', args: [0, PAGE - 3] }, // "a\0bc\0" needs 5 bytes
    { name: 'environ_get', args: [-1, 0] },
  ])('$name($args) out of bounds: trap', ({ name, args }) => {
    const s = setup(NAMES, { args: ['a', 'bc'], env: [['K', 'V']] });
    expectMemoryTrap(() => s.call(name, ...args));
  });
});

describe('clocks', () => {
  it.each([
    { id: 0, name: 'realtime' },
    { id: 1, name: 'monotonic' },
  ])('clock_time_get($name) is the host time; precision is ignored', ({ id }) => {
    const s = setup(['clock_time_get', 'clock_res_get'], { timeNs: 1_700_000_000_123_456_789n, clockResolutionNs: 1000 });
    expect(s.call('clock_time_get', id, 0n, 8)).toBe(SUCCESS);
    expect(s.u64(8)).toBe(1_700_000_000_123_456_789n);
    expect(s.call('clock_time_get', id, -1n, 8)).toBe(SUCCESS);
    expect(s.u64(8)).toBe(1_700_000_000_123_456_789n); // it does not advance
    expect(s.call('clock_res_get', id, 16)).toBe(SUCCESS);
    expect(s.u64(16)).toBe(1000n);
  });

  it('defaults to time 0 and resolution 1 ns, and takes numbers and the full u64 range', () => {
    const s = setup(['clock_time_get', 'clock_res_get']);
    s.store(8, [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(s.call('clock_time_get', 0, 0n, 8)).toBe(SUCCESS);
    expect(s.u64(8)).toBe(0n);
    expect(s.call('clock_res_get', 0, 8)).toBe(SUCCESS);
    expect(s.u64(8)).toBe(1n);
    const n = setup(['clock_time_get'], { timeNs: 5_000_000_000 });
    expect(n.call('clock_time_get', 1, 0n, 8)).toBe(SUCCESS);
    expect(n.u64(8)).toBe(5_000_000_000n);
    const max = setup(['clock_time_get'], { timeNs: (1n << 64n) - 1n });
    expect(max.call('clock_time_get', 0, 0n, 8)).toBe(SUCCESS);
    expect(max.u64(8)).toBe((1n << 64n) - 1n);
  });

  it.each([2, 3, 4, -1])('clock id %i (CPU-time and unknown clocks) -> INVAL, nothing written', (id) => {
    const s = setup(['clock_time_get', 'clock_res_get'], { timeNs: 99 });
    expect(s.call('clock_time_get', id, 0n, 8)).toBe(INVAL);
    expect(s.call('clock_res_get', id, 8)).toBe(INVAL);
    expect(s.u64(8)).toBe(0n);
  });

  it('traps on an out-of-bounds result pointer', () => {
    const s = setup(['clock_time_get', 'clock_res_get']);
    expectMemoryTrap(() => s.call('clock_time_get', 0, 0n, PAGE - 7));
    expectMemoryTrap(() => s.call('clock_res_get', 1, PAGE));
  });
});

describe('random_get', () => {
  const hex = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

  it('fills the buffer from the seeded stream (pinned bytes)', () => {
    const s = setup(['random_get'], { seed: 42 });
    expect(s.call('random_get', 100, 16)).toBe(SUCCESS);
    expect(hex(s.bytes().slice(100, 116))).toBe(RANDOM_SEED_42_16);
  });

  it('is one stream across calls, whatever the chunking', () => {
    const s = setup(['random_get'], { seed: 42 });
    let at = 100;
    for (const n of [1, 0, 3, 5, 7]) {
      expect(s.call('random_get', at, n)).toBe(SUCCESS);
      at += n;
    }
    expect(hex(s.bytes().slice(100, 116))).toBe(RANDOM_SEED_42_16);
  });

  it('gives the same bytes for 7 and 7n, and different bytes for other seeds', () => {
    const first = (seed: WasiOptions['seed']): string => {
      const s = setup(['random_get'], seed === undefined ? {} : { seed });
      s.call('random_get', 0, 8);
      return hex(s.bytes().slice(0, 8));
    };
    expect(first(7)).toBe(first(7n));
    expect(first(7)).toBe(first(new Uint8Array([7, 0, 0, 0, 0, 0, 0, 0])));
    const all = [first(undefined), first(new Uint8Array(0)), first(7), first(8), first(new Uint8Array([7])), first(2n ** 64n - 1n)];
    expect(all[0]).toBe(all[1]); // the default seed is the empty byte string
    expect(new Set(all.slice(1)).size).toBe(5);
  });

  it('traps on an out-of-bounds buffer and writes nothing', () => {
    const s = setup(['random_get']);
    expectMemoryTrap(() => s.call('random_get', PAGE - 4, 5));
    expect(s.bytes().slice(PAGE - 4)).toEqual(new Uint8Array(4));
  });
});

describe('proc_exit', () => {
  it.each([
    { arg: 0, code: 0 },
    { arg: 3, code: 3 },
    { arg: 255, code: 255 },
    { arg: -1, code: 0xffffffff }, // exitcode is u32
  ])('proc_exit($arg) throws WasiExit with code $code and records it', ({ arg, code }) => {
    const s = setup(['proc_exit', 'sched_yield']);
    expect(s.wasi.exitCode).toBeNull();
    let thrown: unknown;
    try {
      s.instance.invoke('proc_exit', [arg]);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(WasiExit);
    expect(thrown).toBeInstanceOf(WasmError);
    expect((thrown as WasiExit).kind).toBe('exit');
    expect((thrown as WasiExit).code).toBe(code);
    expect((thrown as WasiExit).message).toBe(`exit with code ${code}`);
    expect((thrown as WasiExit).name).toBe('WasiExit');
    expect(s.wasi.exitCode).toBe(code);
  });

  it('ends a metered call: the error is the WasiExit, gas is reported', () => {
    const s = setup(['proc_exit'], {}, '', { metered: true });
    const out = s.instance.invokeMetered('proc_exit', [9], { gasLimit: 1000 });
    expect(out.error).toBeInstanceOf(WasiExit);
    expect((out.error as WasiExit).code).toBe(9);
    expect(out.results).toBeNull();
    expect(out.gasUsed).toBe(200); // the entry call + the host call
  });
});

describe('descriptors: fdstat, prestat, close', () => {
  const NAMES = ['fd_fdstat_get', 'fd_prestat_get', 'fd_prestat_dir_name', 'fd_close', 'fd_write', 'fd_read'];

  it.each([
    { fd: 0, rights: (1n << 1n) | (1n << 27n) }, // fd_read | poll_fd_readwrite
    { fd: 1, rights: (1n << 6n) | (1n << 27n) }, // fd_write | poll_fd_readwrite
    { fd: 2, rights: (1n << 6n) | (1n << 27n) },
  ])('fd_fdstat_get($fd): a character device', ({ fd, rights }) => {
    const s = setup(NAMES);
    s.store(100, new Array(24).fill(0xaa));
    expect(s.call('fd_fdstat_get', fd, 100)).toBe(SUCCESS);
    const b = s.bytes();
    expect(b[100]).toBe(2); // filetype::character_device
    expect(b[101]).toBe(0);
    expect(b[102] | (b[103]! << 8)).toBe(0); // fdflags
    expect(s.u64(108)).toBe(rights);
    expect(s.u64(116)).toBe(0n);
  });

  it('fd_fdstat_get: BADF for other fds, trap out of bounds', () => {
    const s = setup(NAMES);
    expect(s.call('fd_fdstat_get', 3, 100)).toBe(BADF);
    expect(s.bytes().slice(100, 124)).toEqual(new Uint8Array(24));
    expectMemoryTrap(() => s.call('fd_fdstat_get', 1, PAGE - 23));
  });

  it.each([0, 1, 2, 3, 4, 1024, -1])('fd_prestat_get(%i) and fd_prestat_dir_name: BADF (no preopens)', (fd) => {
    const s = setup(NAMES);
    expect(s.call('fd_prestat_get', fd, 100)).toBe(BADF);
    expect(s.call('fd_prestat_dir_name', fd, 100, 16)).toBe(BADF);
    expect(s.bytes().slice(100, 116)).toEqual(new Uint8Array(16));
  });

  it('fd_close closes a stdio fd once; a closed fd is BADF everywhere', () => {
    const s = setup(NAMES, { stdin: 'abc' });
    expect(s.call('fd_close', 1)).toBe(SUCCESS);
    expect(s.call('fd_close', 1)).toBe(BADF);
    s.storeU32(0, 100, 1);
    expect(s.call('fd_write', 1, 0, 1, 40)).toBe(BADF);
    expect(s.call('fd_fdstat_get', 1, 100)).toBe(BADF);
    expect(s.call('fd_write', 2, 0, 1, 40)).toBe(SUCCESS); // the others stay open
    expect(s.call('fd_close', 0)).toBe(SUCCESS);
    expect(s.call('fd_read', 0, 0, 1, 40)).toBe(BADF);
    expect(s.call('fd_close', 3)).toBe(BADF);
  });
});

const ERRNO_NAMES: Readonly<Record<number, string>> = { [SUCCESS]: 'SUCCESS', [BADF]: 'BADF', [INVAL]: 'INVAL', [NOSYS]: 'NOSYS', [SPIPE]: 'SPIPE' };

/** The functions that only answer an errno: [name, args with fd 1, errno on stdio, args with fd 3]. */
const ERRNO_ONLY: readonly (readonly [string, unknown[], number, unknown[]])[] = [
  ['fd_advise', [1, 0n, 0n, 0], SPIPE, [3, 0n, 0n, 0]],
  ['fd_allocate', [1, 0n, 10n], SPIPE, [3, 0n, 10n]],
  ['fd_datasync', [1], NOSYS, [3]],
  ['fd_fdstat_set_flags', [1, 1], NOSYS, [3, 1]],
  ['fd_fdstat_set_rights', [1, 0n, 0n], NOSYS, [3, 0n, 0n]],
  ['fd_filestat_get', [1, 100], NOSYS, [3, 100]],
  ['fd_filestat_set_size', [1, 0n], NOSYS, [3, 0n]],
  ['fd_filestat_set_times', [1, 0n, 0n, 0], NOSYS, [3, 0n, 0n, 0]],
  ['fd_pread', [1, 0, 1, 0n, 100], SPIPE, [3, 0, 1, 0n, 100]],
  ['fd_pwrite', [1, 0, 1, 0n, 100], SPIPE, [3, 0, 1, 0n, 100]],
  ['fd_readdir', [1, 100, 64, 0n, 200], NOSYS, [3, 100, 64, 0n, 200]],
  ['fd_renumber', [1, 2], NOSYS, [1, 3]],
  ['fd_seek', [1, 0n, 0, 100], SPIPE, [3, 0n, 0, 100]],
  ['fd_sync', [1], NOSYS, [3]],
  ['fd_tell', [1, 100], SPIPE, [3, 100]],
  ['path_create_directory', [1, 0, 1], NOSYS, [3, 0, 1]],
  ['path_filestat_get', [1, 0, 0, 1, 100], NOSYS, [3, 0, 0, 1, 100]],
  ['path_filestat_set_times', [1, 0, 0, 1, 0n, 0n, 0], NOSYS, [3, 0, 0, 1, 0n, 0n, 0]],
  ['path_link', [1, 0, 0, 1, 2, 0, 1], NOSYS, [1, 0, 0, 1, 3, 0, 1]],
  ['path_open', [1, 0, 0, 1, 0, 2n, 0n, 0, 100], NOSYS, [3, 0, 0, 1, 0, 2n, 0n, 0, 100]],
  ['path_readlink', [1, 0, 1, 100, 16, 200], NOSYS, [3, 0, 1, 100, 16, 200]],
  ['path_remove_directory', [1, 0, 1], NOSYS, [3, 0, 1]],
  ['path_rename', [1, 0, 1, 2, 0, 1], NOSYS, [1, 0, 1, 3, 0, 1]],
  ['path_symlink', [0, 1, 1, 0, 1], NOSYS, [0, 1, 3, 0, 1]],
  ['path_unlink_file', [1, 0, 1], NOSYS, [3, 0, 1]],
  ['sock_accept', [1, 0, 100], NOSYS, [3, 0, 100]],
  ['sock_recv', [1, 0, 1, 0, 100, 104], NOSYS, [3, 0, 1, 0, 100, 104]],
  ['sock_send', [1, 0, 1, 0, 100], NOSYS, [3, 0, 1, 0, 100]],
  ['sock_shutdown', [1, 0], NOSYS, [3, 0]],
];

describe('everything else: an errno, no memory touched, no host resource reached', () => {
  it.each(ERRNO_ONLY.map(([name, onStdio, errno, onOther]) => ({ name, onStdio, errno, onOther, errnoName: ERRNO_NAMES[errno] })))(
    '$name: on stdio -> $errnoName, on fd 3 (not open) -> BADF', ({ name, onStdio, errno, onOther }) => {
    const s = setup([name]);
    s.store(0, new TextEncoder().encode('/etc/passwd'));
    const before = s.bytes();
    expect(s.call(name, ...onStdio)).toBe(errno);
    expect(s.call(name, ...onOther)).toBe(BADF);
    expectSameBytes(s.bytes(), before);
  });

  it('path_open of an absolute path on any fd never opens anything', () => {
    const s = setup(['path_open']);
    s.store(0, new TextEncoder().encode('/etc/passwd'));
    for (const fd of [3, 4, 5, -100]) expect(s.call('path_open', fd, 0, 0, 11, 0, 2n, 0n, 0, 100)).toBe(BADF);
    expect(s.u32(100)).toBe(0);
  });

  it.each([
    { name: 'poll_oneoff', args: [0, 100, 1, 200], errno: NOSYS },
    { name: 'poll_oneoff', args: [0, 100, 0, 200], errno: NOSYS },
    { name: 'proc_raise', args: [9], errno: NOSYS },
    { name: 'sched_yield', args: [], errno: SUCCESS },
  ])('$name($args) -> $errno', ({ name, args, errno }) => {
    const s = setup([name]);
    expect(s.call(name, ...args)).toBe(errno);
  });
});

describe('gas', () => {
  // With the default schedule a call through the wrapper costs 100 (entry) + 100 (host call).
  const BASE = 200;

  it.each([
    { gasPerByte: 1, expected: BASE + 2 * 8 + 12 },
    { gasPerByte: 3, expected: BASE + 3 * (2 * 8 + 12) },
    { gasPerByte: 0, expected: BASE },
  ])('fd_write of 12 bytes in 2 iovecs with gasPerByte $gasPerByte costs $expected', ({ gasPerByte, expected }) => {
    const s = setup(['fd_write'], { gasPerByte, maxOutputBytes: 4 }, '', { metered: true });
    s.storeU32(0, 100, 5, 200, 7);
    const out = s.instance.invokeMetered('fd_write', [1, 0, 2, 40], { gasLimit: 1_000_000 });
    expect(out.error).toBeNull();
    expect(out.gasUsed).toBe(expected); // dropped bytes cost like kept ones
  });

  it.each([
    { name: 'random_get', args: [0, 1000], expected: BASE + 1000 },
    { name: 'args_get', args: [0, 100], expected: BASE + 2 * 4 + 6 }, // "a\0" "bcd\0" and 2 pointers
    { name: 'environ_get', args: [0, 100], expected: BASE + 1 * 4 + 4 }, // "K=V\0"
    { name: 'args_sizes_get', args: [0, 4], expected: BASE },
    { name: 'clock_time_get', args: [0, 0n, 8], expected: BASE },
    { name: 'path_open', args: [3, 0, 0, 1, 0, 0n, 0n, 0, 100], expected: BASE },
  ])('$name costs $expected', ({ name, args, expected }) => {
    const s = setup([name], { args: ['a', 'bcd'], env: [['K', 'V']] }, '', { metered: true });
    const out = s.instance.invokeMetered(name, args, { gasLimit: 1_000_000 });
    expect(out.error).toBeNull();
    expect(out.gasUsed).toBe(expected);
  });

  it('fd_read charges for the bytes delivered', () => {
    const s = setup(['fd_read'], { stdin: 'abc' }, '', { metered: true });
    s.storeU32(0, 100, 10);
    expect(s.instance.invokeMetered('fd_read', [0, 0, 1, 40], { gasLimit: 1_000_000 }).gasUsed).toBe(BASE + 8 + 3);
    expect(s.instance.invokeMetered('fd_read', [0, 0, 1, 40], { gasLimit: 1_000_000 }).gasUsed).toBe(BASE + 8);
  });

  it('runs out of gas before the work: a large random_get writes nothing', () => {
    const s = setup(['random_get'], {}, '', { metered: true, pages: 16 });
    const out = s.instance.invokeMetered('random_get', [0, 16 * PAGE], { gasLimit: 100_000 });
    expect(out.error).toBeInstanceOf(Trap);
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(out.gasUsed).toBe(100_000);
    expect(s.bytes().every((b) => b === 0)).toBe(true);
  });

  it('an fd_write past the gas limit captures nothing', () => {
    const s = setup(['fd_write'], {}, '', { metered: true });
    s.storeU32(0, 100, 1000);
    const out = s.instance.invokeMetered('fd_write', [1, 0, 1, 40], { gasLimit: BASE + 8 + 999 });
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(s.wasi.stdout()).toEqual(new Uint8Array(0));
  });
});

describe('options', () => {
  it.each<{ options: unknown; message: string }>([
    { options: null, message: 'WASI options must be an object' },
    { options: { args: 'a' }, message: 'args must be an array of strings' },
    { options: { args: [1] }, message: 'args[0] must be a string' },
    { options: { args: ['a', 'b\0c'] }, message: 'args[1] must not contain NUL characters' },
    { options: { env: { A: '1' } }, message: 'env must be an array of [name, value] pairs' },
    { options: { env: [['A']] }, message: 'env[0] must be a [name, value] pair' },
    { options: { env: [['', 'x']] }, message: "env[0] name must be a non-empty string without '='" },
    { options: { env: [['A=B', 'x']] }, message: "env[0] name must be a non-empty string without '='" },
    { options: { env: [['A', 1]] }, message: 'env[0] value must be a string' },
    { options: { env: [['A', 'x\0']] }, message: 'env[0] must not contain NUL characters' },
    { options: { stdin: [1, 2] }, message: 'stdin must be a Uint8Array or a string' },
    { options: { seed: -1 }, message: 'seed must be a non-negative safe integer or a u64 bigint' },
    { options: { seed: 2n ** 64n }, message: 'seed must be a non-negative safe integer or a u64 bigint' },
    { options: { seed: 'abc' }, message: 'seed must be a non-negative safe integer or a u64 bigint' },
    { options: { timeNs: 1.5 }, message: 'timeNs must be a non-negative safe integer or a u64 bigint' },
    { options: { timeNs: -1n }, message: 'timeNs must be a non-negative safe integer or a u64 bigint' },
    { options: { clockResolutionNs: 0 }, message: 'clockResolutionNs must be positive' },
    { options: { maxOutputBytes: -1 }, message: 'maxOutputBytes must be a non-negative integer up to 2^32 - 1' },
    { options: { maxOutputBytes: 2 ** 32 }, message: 'maxOutputBytes must be a non-negative integer up to 2^32 - 1' },
    { options: { gasPerByte: 0.5 }, message: 'gasPerByte must be a non-negative safe integer' },
  ])('$options: TypeError "$message"', ({ options, message }) => {
    expect(() => createWasi(options as WasiOptions)).toThrow(new TypeError(message));
  });

  it('copies byte options: later changes by the host do not leak in', () => {
    const stdin = new Uint8Array([1, 2, 3]);
    const seed = new Uint8Array([9]);
    const s = setup(['fd_read', 'random_get'], { stdin, seed });
    const reference = setup(['random_get'], { seed: new Uint8Array([9]) });
    stdin[0] = 99;
    seed[0] = 0;
    s.storeU32(0, 100, 3);
    s.call('fd_read', 0, 0, 1, 40);
    expect([...s.bytes().slice(100, 103)]).toEqual([1, 2, 3]);
    s.call('random_get', 200, 8);
    reference.call('random_get', 200, 8);
    expect(s.bytes().slice(200, 208)).toEqual(reference.bytes().slice(200, 208));
  });
});

/** First 16 bytes of the stream for seed 42 (8 little-endian bytes 2a 00 .. 00); pinned. */
const RANDOM_SEED_42_16 = 'd380e2deb448002b858eb8b2c7a55589';
