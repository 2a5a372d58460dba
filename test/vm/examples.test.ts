/**
 * The example contracts (examples/contracts/): the committed .wasm files match their sources
 * (rebuilt here as scripts/build-contracts.sh builds them: wabt for the WAT counter, the
 * AssemblyScript compiler for the token), and both run through the VM as docs/ABI.md describes.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';
import { describe, expect, it } from 'vitest';
import { createVM, MemoryState } from '../../src/index.js';
import { stateText, text } from './helpers.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(REPO_ROOT + path));
const COUNTER = read('examples/contracts/counter/counter.wasm');
const TOKEN = read('examples/contracts/token/token.wasm');

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
