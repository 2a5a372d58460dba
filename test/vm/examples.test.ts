/**
 * The example contracts (examples/contracts/): the committed .wasm files match their sources
 * (rebuilt here as scripts/build-contracts.sh builds them: wabt for the WAT counter, the
 * AssemblyScript compiler for the token; the Rust poll needs Debian's rustc, so
 * `scripts/build-rust-contracts.sh --check` does that one), and all three run through the VM as
 * docs/ABI.md describes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { compile, createVM, MemoryState, STRICT_GAS_SCHEDULE } from '../../src/index.js';
import type { CallResult, VM } from '../../src/index.js';
import { asyncEnv, stateText, text } from './helpers.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(REPO_ROOT + path));
const COUNTER = read('examples/contracts/counter/counter.wasm');
const TOKEN = read('examples/contracts/token/token.wasm');
const POLL = read('examples/contracts/poll/poll.wasm');

describe('committed bytes match the sources (run scripts/build-contracts.sh after editing one)', () => {
  it('counter.wat -> counter.wasm (wabt)', async () => {
    const wabt = await wabtInit();
    const src = 'examples/contracts/counter/counter.wat';
    const m = wabt.parseWat(src, readFileSync(REPO_ROOT + src, 'utf8'), { multi_value: true });
    m.resolveNames();
    m.validate();
    const built = new Uint8Array(m.toBinary({}).buffer);
    m.destroy();
    expect(built).toEqual(COUNTER);
  });

  it('token.ts -> token.wasm (AssemblyScript, asc --runtime stub -O3)', async () => {
    const asc = (await import('assemblyscript/asc')).default;
    let wasm: Uint8Array | null = null;
    const previous = process.cwd();
    process.chdir(REPO_ROOT); // asc names files relative to the working directory (abort messages)
    try {
      const { error, stderr } = await asc.main(
        ['examples/contracts/token/token.ts', '--runtime', 'stub', '-O3', '-o', 'token.wasm'],
        { writeFile: (name: string, contents: Uint8Array | string) => { if (name.endsWith('.wasm')) wasm = contents as Uint8Array; } },
      );
      expect(error, stderr.toString()).toBeNull();
    } finally {
      process.chdir(previous);
    }
    expect(wasm).not.toBeNull();
    expect(new Uint8Array(wasm!)).toEqual(TOKEN);
  });
});

describe('counter (WAT)', () => {
  it('increments, reads, resets: output, events, logs and state', () => {
    const vm = createVM();
    const state = new MemoryState();
    const call = (method: string, args = '') => vm.call({ contractId: 'counter', code: COUNTER, method, args, gasLimit: 100_000, env: state });
    const r1 = call('increment', '{"by": 41}');
    expect(text(r1.output)).toBe('41');
    expect(r1.events.map((e) => [e.name, text(e.data)])).toEqual([['incremented', '41']]);
    expect(stateText(state.entries())).toEqual([['count', '41']]);
    expect(text(call('increment').output)).toBe('42');
    expect(text(call('get').output)).toBe('42');
    const reset = call('reset');
    expect(reset.logs).toEqual(['counter reset']);
    expect(state.size).toBe(0);
    expect(text(call('get').output)).toBe('0');
  });

  it('validates as a deployable contract', () => {
    expect(() => createVM().validate(COUNTER)).not.toThrow();
  });
});

describe('token (AssemblyScript)', () => {
  it('init, transfer, balances, events; aborts are trap errors with the message and location', async () => {
    const vm = createVM();
    const state = new MemoryState();
    const call = (method: string, args: string, caller = '') => vm.call({ contractId: 'token', code: TOKEN, method, args, caller, gasLimit: 1_000_000, env: state });
    const init = call('init', '{"supply": 1000}', 'alice');
    expect(init.error).toBeNull();
    expect(init.logs).toEqual(['minted 1000 to alice']);
    const t = call('transfer', '{"to": "bob", "amount": 300}', 'alice');
    expect(text(t.output)).toBe('700');
    expect(t.events.map((e) => [e.name, JSON.parse(text(e.data))])).toEqual([['transfer', { from: 'alice', to: 'bob', amount: 300 }]]);
    expect(stateText(state.entries())).toEqual([['balance:alice', '700'], ['balance:bob', '300'], ['supply', '1000']]);

    const poor = call('transfer', '{"to": "carol", "amount": 301}', 'bob');
    expect(poor.error).toMatchObject({
      kind: 'trap', trap: 'abort', message: 'abort: insufficient balance at examples/contracts/token/token.ts:148:3', isTxFailure: true,
    });
    expect(poor.error!.wasmStack[0]).toBe('env.abort');
    expect(text(call('balance_of', '{"account": "bob"}').output)).toBe('300');
    expect(text(call('total_supply', '').output)).toBe('1000');
    expect(call('init', '{"supply": 1}', 'mallory').error!.message).toBe('abort: already initialized at examples/contracts/token/token.ts:133:3');
    expect(call('transfer', '{"to": "bob", "amount": 0}', 'alice').error!.message).toMatch(/^abort: amount must be positive at /);
    expect(call('transfer', '{"to": "bob", "amount": 99999999999999999999}', 'alice').error!.message).toMatch(/^abort: amount overflows u64 at /);

    // The same sequence through callAsync on an async state gives the same state.
    const asyncState = new MemoryState();
    const wrapped = {
      get: async (k: Uint8Array) => asyncState.get(k),
      set: async (k: Uint8Array, v: Uint8Array) => asyncState.set(k, v),
      delete: async (k: Uint8Array) => asyncState.delete(k),
    };
    await vm.callAsync({ contractId: 'token', code: TOKEN, method: 'init', args: '{"supply": 1000}', caller: 'alice', gasLimit: 1e6, env: wrapped });
    const ta = await vm.callAsync({ contractId: 'token', code: TOKEN, method: 'transfer', args: '{"to": "bob", "amount": 300}', caller: 'alice', gasLimit: 1e6, env: wrapped });
    expect(ta.gasUsed).toBe(t.gasUsed);
    expect(stateText(asyncState.entries())).toEqual([['balance:alice', '700'], ['balance:bob', '300'], ['supply', '1000']]);
  });
});

describe('poll (Rust, no_std)', () => {
  interface Call {
    readonly method: string;
    readonly args?: string;
    readonly caller?: string;
    readonly blockHeight?: number;
  }
  const run = (vm: VM, state: MemoryState, { method, args = '', caller = '', blockHeight = 0 }: Call): CallResult =>
    vm.call({ contractId: 'poll', code: POLL, method, args, caller, blockHeight, gasLimit: 1_000_000, env: state });
  const events = (r: CallResult) => r.events.map((e) => [e.name, JSON.parse(text(e.data))]);

  /** A poll of 3 options opened by alice (votes until height 100), bob and dave for 1, carol for 2. */
  function votedPoll(vm: VM): MemoryState {
    const state = new MemoryState();
    for (const c of [
      { method: 'open', args: '{"options": 3, "deadline": 100}', caller: 'alice' },
      { method: 'vote', args: '{"option": 1}', caller: 'bob' },
      { method: 'vote', args: '{"option": 2}', caller: 'carol' },
      { method: 'vote', args: '{"option": 1}', caller: 'dave', blockHeight: 100 },
    ]) expect(run(vm, state, c).error).toBeNull();
    return state;
  }

  it('is a deployable contract: one page of memory, four methods, env imports only', () => {
    expect(() => createVM().validate(POLL)).not.toThrow();
    const m = compile(POLL);
    expect(m.imports.every((i) => i.module === 'env' && i.kind === 'function')).toBe(true);
    expect(m.imports.map((i) => i.name).sort()).toEqual(
      ['abort', 'block_height', 'caller', 'emit_event', 'input_length', 'input_read', 'log', 'output_write', 'state_get', 'state_set']);
    expect(m.exports.filter((e) => e.kind === 'function').map((e) => [e.name, e.type])).toEqual(
      ['open', 'vote', 'close', 'results'].map((name) => [name, '[] -> []']));
    expect(m.exports.find((e) => e.kind === 'memory')).toEqual({ name: 'memory', kind: 'memory', type: '1' }); // one page, no maximum
  });

  it('open, vote, results, close: outputs, events, logs and state', () => {
    const vm = createVM();
    const state = new MemoryState();
    const open = run(vm, state, { method: 'open', args: '{"options": 3, "deadline": 100}', caller: 'alice' });
    expect(open.error).toBeNull();
    expect(text(open.output)).toBe('');
    expect(events(open)).toEqual([['opened', { chair: 'alice', options: 3, deadline: 100 }]]);
    expect(stateText(state.entries())).toEqual([['chair', 'alice'], ['deadline', '100'], ['options', '3']]);

    const bob = run(vm, state, { method: 'vote', args: '{"option": 1}', caller: 'bob' });
    expect(text(bob.output)).toBe('1');
    expect(events(bob)).toEqual([['voted', { voter: 'bob', option: 1 }]]);
    expect(stateText(bob.writes.map((w) => [w.key, w.value!]))).toEqual([['voter:bob', '1'], ['votes:1', '1']]);
    expect(text(run(vm, state, { method: 'vote', args: '{ "option" : 2 }', caller: 'carol' }).output)).toBe('1');
    // The deadline is the last height that takes votes; a caller ID is JSON-escaped in the event.
    const dave = run(vm, state, { method: 'vote', args: '{"option":1}', caller: 'd"a\\ve', blockHeight: 100 });
    expect(text(dave.output)).toBe('2');
    expect(text(dave.events[0]!.data)).toBe('{"voter":"d\\"a\\\\ve","option":1}');
    expect(events(dave)).toEqual([['voted', { voter: 'd"a\\ve', option: 1 }]]);

    expect(JSON.parse(text(run(vm, state, { method: 'results' }).output))).toEqual({ open: true, votes: [0, 2, 1] });
    const close = run(vm, state, { method: 'close', caller: 'alice' });
    expect(close.error).toBeNull();
    expect(JSON.parse(text(close.output))).toEqual({ winner: 1, votes: 2 });
    expect(events(close)).toEqual([['closed', { winner: 1, votes: 2 }]]);
    expect(close.logs).toEqual(['poll closed']);
    expect(JSON.parse(text(run(vm, state, { method: 'results' }).output))).toEqual({ open: false, votes: [0, 2, 1] });
    expect(stateText(state.entries())).toEqual([
      ['chair', 'alice'], ['closed', '1'], ['deadline', '100'], ['options', '3'],
      ['voter:bob', '1'], ['voter:carol', '2'], ['voter:d"a\\ve', '1'], ['votes:1', '2'], ['votes:2', '1'],
    ]);
  });

  it('a tie goes to the lower option; a poll nobody voted in is won by option 0 with 0 votes', () => {
    const vm = createVM();
    const state = new MemoryState();
    run(vm, state, { method: 'open', args: '{"options": 16}', caller: 'alice' });
    expect(JSON.parse(text(run(vm, state, { method: 'results' }).output)).votes).toEqual(new Array(16).fill(0));
    run(vm, state, { method: 'vote', args: '{"option": 15}', caller: 'bob' });
    run(vm, state, { method: 'vote', args: '{"option": 9}', caller: 'carol' });
    expect(JSON.parse(text(run(vm, state, { method: 'close', caller: 'alice' }).output))).toEqual({ winner: 9, votes: 1 });
    const empty = new MemoryState();
    run(vm, empty, { method: 'open', args: '{"options": 1}', caller: 'alice' });
    expect(JSON.parse(text(run(vm, empty, { method: 'close', caller: 'alice' }).output))).toEqual({ winner: 0, votes: 0 });
  });

  const failures: readonly (Call & { readonly message: string })[] = [
    { method: 'vote', args: 'not json', caller: 'erin', message: 'bad JSON args' },
    { method: 'vote', args: '', caller: 'erin', message: 'bad JSON args' },
    { method: 'vote', args: '{"option": 0', caller: 'erin', message: 'bad JSON args' },
    { method: 'vote', args: '{"option": 0} x', caller: 'erin', message: 'bad JSON args' },
    { method: 'vote', args: '{"option": 0,}', caller: 'erin', message: 'bad JSON args' },
    { method: 'vote', args: '{"option": 01}', caller: 'erin', message: 'bad JSON args' },
    { method: 'vote', args: '{"opt\\u0069on": 0}', caller: 'erin', message: 'bad JSON args' },
    { method: 'vote', args: '{"option": "0"}', caller: 'erin', message: 'numbers must be unsigned integers' },
    { method: 'vote', args: '{"option": -1}', caller: 'erin', message: 'numbers must be unsigned integers' },
    { method: 'vote', args: '{"option": 1.5}', caller: 'erin', message: 'numbers must be unsigned integers' },
    { method: 'vote', args: '{"option": 18446744073709551616}', caller: 'erin', message: 'number too large' },
    { method: 'vote', args: '{"option": 0, "option": 1}', caller: 'erin', message: 'duplicate field' },
    { method: 'vote', args: '{"choice": 0}', caller: 'erin', message: 'missing field option' },
    { method: 'vote', args: `{"option": 0, "pad": "${'x'.repeat(256)}"}`, caller: 'erin', message: 'args too long' },
    { method: 'vote', args: '{"option": 3}', caller: 'erin', message: 'no such option' },
    { method: 'vote', args: '{"option": 0}', caller: 'bob', message: 'already voted' },
    { method: 'vote', args: '{"option": 0}', caller: '', message: 'no caller' },
    { method: 'vote', args: '{"option": 0}', caller: 'e'.repeat(65), message: 'caller ID too long' },
    { method: 'vote', args: '{"option": 0}', caller: 'erin', blockHeight: 101, message: 'voting ended' },
    { method: 'close', caller: 'bob', message: 'only the chair can close' },
    { method: 'close', caller: '', message: 'no caller' },
    { method: 'open', args: '{"options": 2}', caller: 'bob', message: 'poll already open' },
  ];

  const show = (c: Call): string => `${c.method}(${c.args ?? ''}) by "${c.caller ?? ''}"${c.blockHeight === undefined ? '' : ` at height ${c.blockHeight}`}`;
  it.each(failures.map((c) => ({ ...c, name: show(c) })))('$name fails cleanly: abort: $message', (c) => {
    const vm = createVM();
    const state = votedPoll(vm);
    const before = stateText(state.entries());
    const r = run(vm, state, c);
    expect(r.error).toMatchObject({ kind: 'trap', trap: 'abort', message: `abort: ${c.message}`, isTxFailure: true, isConsensus: true });
    expect(r.error!.wasmStack[0]).toBe('env.abort');
    expect(r.output.length).toBe(0);
    expect(r.events).toEqual([]);
    expect(r.writes).toEqual([]);
    expect(stateText(state.entries())).toEqual(before);
    expect(r.gasUsed).toBeGreaterThan(0);
    // The same failing call again: the same gas (a failure changes nothing).
    expect(run(vm, state, c).gasUsed).toBe(r.gasUsed);
  });

  it.each([
    { method: 'open', args: '{"options": 0}', message: 'options must be 1 to 16' },
    { method: 'open', args: '{"options": 17}', message: 'options must be 1 to 16' },
    { method: 'open', args: '{"deadline": 5}', message: 'missing field options' },
    { method: 'vote', args: '{"option": 0}', message: 'no poll' },
    { method: 'close', args: '', message: 'no poll' },
    { method: 'results', args: '', message: 'no poll' },
  ].map((c) => ({ ...c, name: show(c) })))('$name before a poll is open: abort: $message', ({ method, args, message }) => {
    const state = new MemoryState();
    const r = run(createVM(), state, { method, args, caller: 'alice' });
    expect(r.error).toMatchObject({ kind: 'trap', trap: 'abort', message: `abort: ${message}` });
    expect(state.size).toBe(0);
  });

  it('after close no vote and no second close', () => {
    const vm = createVM();
    const state = votedPoll(vm);
    expect(run(vm, state, { method: 'close', caller: 'alice' }).error).toBeNull();
    expect(run(vm, state, { method: 'vote', args: '{"option": 0}', caller: 'frank' }).error!.message).toBe('abort: poll closed');
    expect(run(vm, state, { method: 'close', caller: 'alice' }).error!.message).toBe('abort: poll closed');
  });

  it('deterministic: the same calls on equal states give the same results and gas, sync or async, default or strict', async () => {
    for (const gas of [undefined, STRICT_GAS_SCHEDULE]) {
      const [a, b] = [createVM({ gas }), createVM({ gas, cache: { maxEntries: 0 } })];
      const [sa, sb] = [votedPoll(a), votedPoll(b)];
      const wrapped = asyncEnv(sb);
      for (const c of [
        { method: 'results' },
        { method: 'vote', args: '{"option": 0}', caller: 'erin' },
        { method: 'vote', args: '{"option": 0}', caller: 'erin' },
        { method: 'close', caller: 'alice' },
      ]) {
        const ra = run(a, sa, c);
        const rb = await b.callAsync({ contractId: 'poll', code: POLL, method: c.method, args: c.args ?? '', caller: c.caller ?? '', gasLimit: 1_000_000, env: wrapped });
        expect(rb.error?.message ?? null).toBe(ra.error?.message ?? null);
        expect(text(rb.output)).toBe(text(ra.output));
        expect(rb.gasUsed).toBe(ra.gasUsed);
      }
      expect(stateText(sb.entries())).toEqual(stateText(sa.entries()));
    }
  });

  it('out of gas at every limit below a vote\'s figure: gasUsed is the limit and nothing is written', () => {
    const vm = createVM();
    const state = votedPoll(vm);
    const vote = { method: 'vote', args: '{"option": 0}', caller: 'erin' };
    const full = run(vm, votedPoll(vm), vote);
    expect(full.error).toBeNull();
    for (const limit of [1, 100, 1000, full.gasUsed >> 1, full.gasUsed - 1]) {
      const r = vm.call({ contractId: 'poll', code: POLL, ...vote, gasLimit: limit, env: state });
      expect(r.error!.kind).toBe('outOfGas');
      expect(r.gasUsed).toBe(limit);
      expect(r.writes).toEqual([]);
    }
    expect(run(vm, state, vote).gasUsed).toBe(full.gasUsed);
  });
});
