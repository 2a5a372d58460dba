/**
 * The gas profiler (issue 11, item 3): `{ profile: true }` on invokeMetered / invokeMeteredAsync /
 * vm.call / vm.callAsync / wasi.start. Checks the exact sum (exclusive gas of all functions ==
 * gasUsed) on every example contract and WASI program under the default and strict schedules;
 * call counts, inclusive and exclusive gas on hand-written modules (nesting, recursion, tail
 * calls, host calls, nested runs, traps, out of gas, async host functions); and that profiling
 * never changes results or gas.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  compile, createVM, createWasi, defineHostFunction, DEFAULT_GAS_SCHEDULE, foldedStacks, instantiate,
  MemoryState, STRICT_GAS_SCHEDULE, Tag, Trap, TrapCode, WasmException,
} from '../../src/index.js';
import type { CallOutcome, GasProfile, GasSchedule, WasiOptions } from '../../src/index.js';
import { wat, WASM2_FEATURES } from '../helpers/wat.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(EXAMPLES + path));

const SCHEDULES: readonly { readonly name: string; readonly gas: GasSchedule }[] = [
  { name: 'default', gas: DEFAULT_GAS_SCHEDULE },
  { name: 'strict', gas: STRICT_GAS_SCHEDULE },
];

/** Asserts the profile's invariants against the outcome's gasUsed; returns the profile. */
function checkProfile(profile: GasProfile | undefined, gasUsed: number): GasProfile {
  expect(profile).toBeDefined();
  const p = profile!;
  expect(p.gasUsed).toBe(gasUsed);
  expect(p.functions.reduce((s, f) => s + f.exclusiveGas, 0)).toBe(gasUsed);
  expect(p.stacks.reduce((s, f) => s + f.exclusiveGas, 0)).toBe(gasUsed);
  const folded = foldedStacks(p);
  expect(folded).toMatch(/^(?:[^;\n]+(?:;[^;\n]+)* \d+\n)*$/);
  expect(folded.split('\n').filter((l) => l !== '').reduce((s, l) => s + Number(l.slice(l.lastIndexOf(' ') + 1)), 0)).toBe(gasUsed);
  for (const f of p.functions) {
    expect(f.calls).toBeGreaterThan(0);
    expect(f.inclusiveGas).toBeGreaterThanOrEqual(f.exclusiveGas);
    expect(f.inclusiveGas).toBeLessThanOrEqual(gasUsed);
  }
  // Calls per function = entries of the paths that end in it.
  const calls = new Map<string, number>();
  for (const s of p.stacks) calls.set(s.frames.at(-1)!, (calls.get(s.frames.at(-1)!) ?? 0) + s.calls);
  const byName = new Map<string, number>();
  for (const f of p.functions) byName.set(f.name, (byName.get(f.name) ?? 0) + f.calls);
  expect(Object.fromEntries(calls)).toEqual(Object.fromEntries(byName));
  // Sorted as documented.
  for (let i = 1; i < p.functions.length; i++) {
    const a = p.functions[i - 1]!;
    const b = p.functions[i]!;
    expect(a.exclusiveGas > b.exclusiveGas || (a.exclusiveGas === b.exclusiveGas && a.inclusiveGas >= b.inclusiveGas)).toBe(true);
  }
  return p;
}

/** name -> [calls, exclusive, inclusive] (names unique in the modules below). */
function byFunction(p: GasProfile): Record<string, [number, number, number]> {
  return Object.fromEntries(p.functions.map((f) => [f.name, [f.calls, f.exclusiveGas, f.inclusiveGas]]));
}

/** folded text -> { 'a;b': gas } */
function folded(p: GasProfile): Record<string, number> {
  return Object.fromEntries(foldedStacks(p).trim().split('\n').filter((l) => l !== '').map((l) => {
    const at = l.lastIndexOf(' ');
    return [l.slice(0, at), Number(l.slice(at + 1))];
  }));
}

const CONTRACTS: readonly { readonly name: string; readonly path: string; readonly calls: readonly { method: string; args: string; caller: string }[] }[] = [
  {
    name: 'counter', path: 'contracts/counter/counter.wasm',
    calls: [
      { method: 'increment', args: '{"by": 41}', caller: 'alice' },
      { method: 'increment', args: '', caller: 'bob' },
      { method: 'get', args: '', caller: '' },
      { method: 'reset', args: '', caller: 'alice' },
      { method: 'nope', args: '', caller: '' }, // methodNotExported: an empty profile
    ],
  },
  {
    name: 'token', path: 'contracts/token/token.wasm',
    calls: [
      { method: 'init', args: '{"supply": 1000}', caller: 'alice' },
      { method: 'transfer', args: '{"to": "bob", "amount": 300}', caller: 'alice' },
      { method: 'transfer', args: '{"to": "carol", "amount": 301}', caller: 'bob' }, // aborts
      { method: 'balance_of', args: '{"account": "bob"}', caller: '' },
      { method: 'total_supply', args: '', caller: '' },
    ],
  },
  {
    name: 'poll (Rust)', path: 'contracts/poll/poll.wasm',
    calls: [
      { method: 'results', args: '', caller: '' }, // aborts: no poll
      { method: 'open', args: '{"options": 3}', caller: 'alice' },
      { method: 'vote', args: '{"option": 1}', caller: 'bob' },
      { method: 'vote', args: '{"option": 1}', caller: 'bob' }, // aborts: already voted
      { method: 'vote', args: 'not json', caller: 'erin' }, // aborts
      { method: 'close', args: '', caller: 'alice' },
      { method: 'results', args: '', caller: '' },
    ],
  },
];

const WASI_PROGRAMS: readonly { readonly path: string; readonly options: WasiOptions }[] = [
  { path: 'wasi/hello-c.wasm', options: { args: ['prog', '7', 'x y'], env: [['GREETING', 'hi']], seed: 42 } },
  { path: 'wasi/hello-rust.wasm', options: { args: ['prog', '3'], env: [['GREETING', 'hey']], seed: 7 } },
  { path: 'wasi/tinygo-imports.wasm', options: { args: ['prog', 'a', 'b'], stdin: new TextEncoder().encode('input'), seed: 9 } },
];

describe('examples: the exclusive gas of all functions is gasUsed', () => {
  describe.each(CONTRACTS)('contract $name', ({ name, path, calls }) => {
    const code = read(path);
    it.each(SCHEDULES)('under $name (vm.call and vm.callAsync; out of gas too)', async ({ gas }) => {
      const vm = createVM({ gas });
      const plain = new MemoryState();
      const profiled = new MemoryState();
      const profiledAsync = new MemoryState();
      for (const call of calls) {
        const r = vm.call({ contractId: name, code, ...call, gasLimit: 100_000_000, env: plain });
        // Out of gas half way (on the same state; a failed call writes nothing): the profile sums to the limit.
        if (r.gasUsed > 1) {
          const half = Math.floor(r.gasUsed / 2);
          const o = vm.call({ contractId: name, code, ...call, gasLimit: half, env: profiled, profile: true });
          expect(o.error?.kind).toBe('outOfGas');
          expect(o.gasUsed).toBe(half);
          checkProfile(o.profile, half);
        }
        const p = vm.call({ contractId: name, code, ...call, gasLimit: 100_000_000, env: profiled, profile: true });
        const a = await vm.callAsync({ contractId: name, code, ...call, gasLimit: 100_000_000, env: profiledAsync, profile: true });
        expect(r.profile).toBeUndefined();
        expect(p.gasUsed).toBe(r.gasUsed);
        expect(p.output).toEqual(r.output);
        expect(p.error).toEqual(r.error);
        expect(a.gasUsed).toBe(r.gasUsed);
        const profile = checkProfile(p.profile, p.gasUsed);
        expect(a.profile).toEqual(profile);
        if (r.error?.kind === 'methodNotExported') expect(profile.functions).toEqual([]);
        else expect(profile.functions.length).toBeGreaterThan(0);
      }
    });
  });

  describe.each(WASI_PROGRAMS)('WASI $path', ({ path, options }) => {
    const module = compile(read(path));
    it.each(SCHEDULES)('under $name', ({ gas }) => {
      const plain = createWasi(options);
      const r = plain.start(instantiate(module, plain.imports, { gas }));
      const wasi = createWasi(options);
      const p = wasi.start(instantiate(module, wasi.imports, { gas }), { profile: true });
      expect(r.profile).toBeUndefined();
      expect(p.gasUsed).toBe(r.gasUsed);
      expect(p.exitCode).toBe(r.exitCode);
      expect(wasi.stdoutText()).toBe(plain.stdoutText());
      const profile = checkProfile(p.profile, p.gasUsed);
      expect(profile.functions.some((f) => f.name.startsWith('wasi_snapshot_preview1.'))).toBe(true);
      expect(profile.stacks.every((s) => s.frames[0] === profile.stacks[0]!.frames[0])).toBe(true); // all under _start
    });
  });
});

/** A module with names (name section), instantiated under the default schedule (100 per call). */
function named(text: string, imports: Record<string, Record<string, unknown>> = {}, gas: GasSchedule = DEFAULT_GAS_SCHEDULE) {
  return instantiate(compile(wat(text, { ...WASM2_FEATURES, tail_call: true }, { debugNames: true })), imports, { gas });
}

const charge7 = defineHostFunction('env.charge', ['i32'], [], (ctx, _x: number) => {
  ctx.chargeGas(7);
});

describe('calls, exclusive and inclusive gas (default schedule: 100 per call)', () => {
  const TREE = `(module
    (import "env" "charge" (func $charge (param i32)))
    (func $leaf (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func $mid (param i32) (result i32) (call $leaf (call $leaf (local.get 0))))
    (func $main (export "main") (result i32)
      (call $charge (i32.const 0))
      (i32.add (call $mid (i32.const 1)) (i32.add (call $mid (i32.const 2)) (call $leaf (i32.const 3))))))`;

  it('counts calls and attributes gas on a call tree with a host function', () => {
    const inst = named(TREE, { env: { charge: charge7 } });
    const out = inst.invokeMetered('main', [], { gasLimit: 1_000_000, profile: true });
    expect(out.results).toEqual([3 + 4 + 4]);
    expect(out.gasUsed).toBe(907);
    const p = checkProfile(out.profile, 907);
    expect(byFunction(p)).toEqual({
      main: [1, 100, 907], mid: [2, 200, 600], leaf: [5, 500, 500], 'env.charge': [1, 107, 107],
    });
    expect(p.functions.map((f) => f.name)).toEqual(['leaf', 'mid', 'env.charge', 'main']);
    expect(p.functions.map((f) => f.funcIdx)).toEqual([1, 2, -1, 3]);
    expect(foldedStacks(p)).toBe('main 100\nmain;env.charge 107\nmain;leaf 100\nmain;mid 200\nmain;mid;leaf 400\n');
    expect(p.stacks.map((s) => [s.frames.join(';'), s.calls])).toEqual([
      ['main', 1], ['main;env.charge', 1], ['main;leaf', 1], ['main;mid', 2], ['main;mid;leaf', 4],
    ]);
    expect(Object.isFrozen(p) && Object.isFrozen(p.functions) && Object.isFrozen(p.stacks[0]!.frames)).toBe(true);
  });

  it('profiling changes neither results nor gas, and is the same on every run', () => {
    const inst = named(TREE, { env: { charge: charge7 } });
    const plain = inst.invokeMetered('main', [], { gasLimit: 1_000_000 });
    expect(plain.profile).toBeUndefined();
    expect('profile' in plain).toBe(false);
    const a = inst.invokeMetered('main', [], { gasLimit: 1_000_000, profile: true });
    const b = inst.invokeMetered('main', [], { gasLimit: 1_000_000, profile: true });
    expect(a.results).toEqual(plain.results);
    expect(a.gasUsed).toBe(plain.gasUsed);
    expect(b.profile).toEqual(a.profile);
    expect(inst.invokeMetered('main', [], { gasLimit: 1_000_000, profile: false }).profile).toBeUndefined();
  });

  it('names functions without a name `func N`', () => {
    const inst = instantiate(compile(wat(`(module (func $f (result i32) i32.const 1) (func (export "g") (result i32) (call $f)))`)), {}, { gas: DEFAULT_GAS_SCHEDULE });
    const p = checkProfile(inst.invokeMetered('g', [], { gasLimit: 1000, profile: true }).profile, 200);
    expect(folded(p)).toEqual({ 'func 1': 100, 'func 1;func 0': 100 });
  });

  it('recursion: inclusive gas counts each function once per outermost activation', () => {
    const inst = named(`(module
      (func $fact (export "fact") (param i64) (result i64)
        (if (result i64) (i64.le_u (local.get 0) (i64.const 1)) (then (i64.const 1))
          (else (i64.mul (local.get 0) (call $fact (i64.sub (local.get 0) (i64.const 1)))))))
      (func $even (export "even") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1)) (else (call $odd (i32.sub (local.get 0) (i32.const 1))))))
      (func $odd (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0)) (else (call $even (i32.sub (local.get 0) (i32.const 1)))))))`);
    const f = inst.invokeMetered('fact', [10n], { gasLimit: 1_000_000, profile: true });
    expect(f.results).toEqual([3628800n]);
    const p = checkProfile(f.profile, 1000);
    expect(byFunction(p)).toEqual({ fact: [10, 1000, 1000] });
    expect(p.stacks.map((s) => s.frames.length)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const e = inst.invokeMetered('even', [5], { gasLimit: 1_000_000, profile: true });
    expect(e.results).toEqual([0]);
    // even(5) odd(4) even(3) odd(2) even(1) odd(0): each 3 calls; even is outermost: 600 inclusive.
    expect(byFunction(checkProfile(e.profile, 600))).toEqual({ even: [3, 300, 600], odd: [3, 300, 500] });
  });

  it('tail calls: the callee replaces the caller on the stack', () => {
    const inst = named(`(module
      (import "env" "charge" (func $charge (param i32)))
      (func $c (param i32) (result i32) (local.get 0))
      (func $b (param i32) (result i32) (return_call $c (local.get 0)))
      (func $loop (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 7)) (else (return_call $loop (i32.sub (local.get 0) (i32.const 1))))))
      (func $toHost (param i32) (return_call $charge (local.get 0)))
      (func $main (export "main") (result i32)
        (call $toHost (i32.const 0))
        (i32.add (call $b (i32.const 1)) (call $loop (i32.const 999)))))`, { env: { charge: charge7 } });
    const out = inst.invokeMetered('main', [], { gasLimit: 10_000_000, profile: true });
    expect(out.results).toEqual([8]);
    const p = checkProfile(out.profile, 100 + 100 + 107 + 100 + 100 + 100_000);
    expect(byFunction(p)).toEqual({
      main: [1, 100, out.gasUsed], b: [1, 100, 100], c: [1, 100, 100], loop: [1000, 100_000, 100_000],
      toHost: [1, 100, 207], 'env.charge': [1, 107, 107],
    });
    // A tail call to a host function is a call from the caller (the caller returns after it).
    expect(folded(p)).toEqual({
      main: 100, 'main;b': 100, 'main;c': 100, 'main;loop': 100_000, 'main;toHost': 100, 'main;toHost;env.charge': 107,
    });
  });

  it('a host function that calls back into wasm: the nested run sits on the host frame', () => {
    let inst: ReturnType<typeof named> | null = null;
    const cb = defineHostFunction('env.cb', [], ['i32'], (ctx) => {
      ctx.chargeGas(5);
      const inner = (inst!.exports['inner'] as () => number)();
      // A trap of a nested run that the host function catches: its frames are popped.
      expect(() => (inst!.exports['boom'] as () => void)()).toThrow(Trap);
      return inner;
    });
    inst = named(`(module
      (import "env" "cb" (func $cb (result i32)))
      (func $leaf (result i32) (i32.const 2))
      (func $inner (export "inner") (result i32) (call $leaf))
      (func $boom (export "boom") (drop (call $leaf)) unreachable)
      (func $main (export "main") (result i32) (call $cb)))`, { env: { cb } });
    const out = inst.invokeMetered('main', [], { gasLimit: 1_000_000, profile: true });
    expect(out.error).toBeNull();
    const p = checkProfile(out.profile, 100 + 105 + 200 + 200);
    expect(folded(p)).toEqual({
      main: 100, 'main;env.cb': 105, 'main;env.cb;inner': 100, 'main;env.cb;inner;leaf': 100,
      'main;env.cb;boom': 100, 'main;env.cb;boom;leaf': 100,
    });
    expect(byFunction(p)['leaf']).toEqual([2, 200, 200]);
  });
});

describe('exceptions: unwinding pops every frame it passes', () => {
  it('a throw caught three frames up, a host function throwing, and an uncaught one', () => {
    const tag = new Tag({ parameters: ['i32'] });
    const host = defineHostFunction('env.boom', [], [], () => { throw new WasmException(tag, [5]); });
    const inst = instantiate(compile(wat(`(module
      (import "env" "t" (tag $t (param i32)))
      (import "env" "boom" (func $boom))
      (func $c (throw $t (i32.const 1)))
      (func $b (call $c))
      (func $a (call $b))
      (func $main (export "main") (result i32)
        (block $h (result i32) (try_table (catch $t $h) (call $a)) (i32.const 0))
        (block $g (result i32) (try_table (catch $t $g) (call $boom)) (i32.const 0))
        (i32.add))
      (func $out (export "out") (call $a)))`, { ...WASM2_FEATURES, exceptions: true }, { debugNames: true })), { env: { t: tag, boom: host } }, { gas: DEFAULT_GAS_SCHEDULE });
    const out = inst.invokeMetered('main', [], { gasLimit: 1_000_000, profile: true });
    expect(out.results).toEqual([6]);
    const p = checkProfile(out.profile, out.gasUsed);
    expect(byFunction(p)).toEqual({ main: [1, 100, 500], a: [1, 100, 300], b: [1, 100, 200], c: [1, 100, 100], 'env.boom': [1, 100, 100] });
    expect(folded(p)).toEqual({ main: 100, 'main;a': 100, 'main;a;b': 100, 'main;a;b;c': 100, 'main;env.boom': 100 });
    const uncaught = inst.invokeMetered('out', [], { gasLimit: 1_000_000, profile: true });
    expect(uncaught.error).toBeInstanceOf(WasmException);
    expect(byFunction(checkProfile(uncaught.profile, uncaught.gasUsed))).toEqual({ out: [1, 100, 400], a: [1, 100, 300], b: [1, 100, 200], c: [1, 100, 100] });
  });
});

describe('failed calls still return a consistent profile', () => {
  const MOD = `(module
    (import "env" "h" (func $h (param i32)))
    (func $spin (param i32) (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
    (func $trapper (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
    (func $mid (param i32) (result i32) (call $trapper (local.get 0)))
    (func $main (export "main") (param i32 i32) (result i32)
      (call $spin (local.get 1))
      (call $h (local.get 0))
      (call $mid (local.get 0))))`;
  const h = defineHostFunction('env.h', ['i32'], [], (_ctx, x: number) => {
    if (x === 99) throw new Error('host failure');
  });

  it.each(SCHEDULES)('a trap mid-call (integer divide by zero), under $name', ({ gas }) => {
    const inst = named(MOD, { env: { h } }, gas);
    const out = inst.invokeMetered('main', [0, 3], { gasLimit: 1_000_000, profile: true });
    expect(out.error).toBeInstanceOf(Trap);
    expect((out.error as Trap).code).toBe(TrapCode.INTEGER_DIVIDE_BY_ZERO);
    const p = checkProfile(out.profile, out.gasUsed);
    expect(Object.keys(folded(p))).toContain('main;mid;trapper');
    expect(byFunction(p)['trapper']![0]).toBe(1);
    expect(byFunction(p)['main']![2]).toBe(out.gasUsed);
  });

  it('a host function that fails: its call cost is its own', () => {
    const inst = named(MOD, { env: { h } });
    const out = inst.invokeMetered('main', [99, 1], { gasLimit: 1_000_000, profile: true });
    expect((out.error as Trap).code).toBe(TrapCode.HOST);
    const p = checkProfile(out.profile, 300);
    expect(folded(p)).toEqual({ main: 100, 'main;spin': 100, 'main;env.h': 100 });
  });

  it.each(SCHEDULES)('out of gas at every limit up to the full cost, under $name', ({ gas }) => {
    const inst = named(MOD, { env: { h } }, gas);
    const full = inst.invokeMetered('main', [1, 5], { gasLimit: 1_000_000 }).gasUsed;
    const seen = new Set<string>();
    for (let limit = 0; limit <= full; limit += gas === STRICT_GAS_SCHEDULE ? 1 : 50) {
      const out = inst.invokeMetered('main', [1, 5], { gasLimit: limit, profile: true });
      if (limit < full) expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
      expect(out.gasUsed).toBe(limit);
      const p = checkProfile(out.profile, limit);
      seen.add(p.stacks.map((s) => s.frames.at(-1)).join(','));
    }
    expect(seen.size).toBeGreaterThan(3); // ran out in different functions
  });

  it('out of gas at the entry call: the entry function, entered once, with no gas', () => {
    const inst = named(`(module (func (export "f") (param i32)))`, {}, DEFAULT_GAS_SCHEDULE);
    const out = inst.invokeMetered('f', [1], { gasLimit: 99, profile: true });
    expect((out.error as Trap).code).toBe(TrapCode.OUT_OF_GAS);
    expect(checkProfile(out.profile, 99).functions).toEqual([{ name: 'func 0', funcIdx: 0, calls: 1, exclusiveGas: 99, inclusiveGas: 99 }]);
  });
});

describe('async host functions (invokeMeteredAsync)', () => {
  const MOD = `(module
    (import "env" "get" (func $get (param i32) (result i32)))
    (func $twice (param i32) (result i32) (i32.add (call $get (local.get 0)) (call $get (local.get 0))))
    (func $main (export "main") (result i32) (i32.add (call $twice (i32.const 1)) (call $get (i32.const 2)))))`;
  const sync = defineHostFunction('env.get', ['i32'], ['i32'], (ctx, x: number) => {
    ctx.chargeGas(x);
    return x * 10;
  });
  const async = defineHostFunction('env.get', ['i32'], ['i32'], async (ctx, x: number) => {
    ctx.chargeGas(x);
    await new Promise((r) => setTimeout(r, 1));
    return x * 10;
  });

  it('gives the profile of the synchronous run', async () => {
    const s = named(MOD, { env: { get: sync } }).invokeMetered('main', [], { gasLimit: 1_000_000, profile: true });
    const a = await named(MOD, { env: { get: async } }).invokeMeteredAsync('main', [], { gasLimit: 1_000_000, profile: true });
    expect(a.results).toEqual([40]);
    expect(a.results).toEqual(s.results);
    expect(a.gasUsed).toBe(s.gasUsed);
    const p = checkProfile(a.profile, 100 + 100 + 101 + 101 + 102);
    expect(a.profile).toEqual(s.profile);
    expect(byFunction(p)['env.get']).toEqual([3, 304, 304]);
  });

  it('an async host function as the entry, and a rejected Promise', async () => {
    const entry = instantiate(compile(wat(`(module (import "env" "get" (func $get (param i32) (result i32))) (export "get" (func $get)))`)),
      { env: { get: async } }, { gas: DEFAULT_GAS_SCHEDULE });
    const out = await entry.invokeMeteredAsync('get', [3], { gasLimit: 1000, profile: true });
    expect(out.results).toEqual([30]);
    // A host function called directly has no instance, hence no call cost: only what it charges.
    expect(folded(checkProfile(out.profile, 3))).toEqual({ 'env.get': 3 });
    const failing = defineHostFunction('env.get', ['i32'], ['i32'], async (ctx, x: number) => {
      ctx.chargeGas(x);
      throw new Error('rejected');
    });
    const r = await named(MOD, { env: { get: failing } }).invokeMeteredAsync('main', [], { gasLimit: 1_000_000, profile: true });
    expect((r.error as Trap).code).toBe(TrapCode.HOST);
    expect(folded(checkProfile(r.profile, 301))).toEqual({ main: 100, 'main;twice': 100, 'main;twice;env.get': 101 });
  });
});

describe('bad input', () => {
  const inst = named(`(module (func (export "f")))`);
  it.each([['yes'], [1], [null], [{}]])('profile: %j is a TypeError', (bad) => {
    expect(() => inst.invokeMetered('f', [], { gasLimit: 10, profile: bad as never })).toThrow(new TypeError('profile must be a boolean'));
    expect(() => inst.invokeMeteredAsync('f', [], { gasLimit: 10, profile: bad as never })).toThrow(TypeError);
    const vm = createVM();
    expect(() => vm.call({ contractId: 'c', code: read('contracts/counter/counter.wasm'), method: 'get', gasLimit: 10, profile: bad as never }))
      .toThrow(new TypeError('profile must be a boolean'));
  });

  it('a CallOutcome without a profile has no profile key (the default path allocates nothing more)', () => {
    const out: CallOutcome = inst.invokeMetered('f', [], { gasLimit: 1000 });
    expect(Object.keys(out).sort()).toEqual(['error', 'gasUsed', 'results']);
  });
});
