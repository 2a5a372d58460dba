/**
 * GOLDEN gas figures of the example contracts (examples/contracts/*.wasm, the committed bytes; the
 * Rust poll's are for the bytes Debian's rustc 1.63 builds, scripts/build-rust-contracts.sh):
 * a fixed sequence of calls, each on the state the previous ones left, under the default
 * schedule, the strict schedule (1 gas per instruction on top) and the default schedule with
 * loop charges at the loop header. Gas is defined on wasm-level events only, so these numbers
 * must not move when the interpreter changes: they change only with a deliberate change of the
 * gas schedule, the host costs (DEFAULT_HOST_COSTS) or the example contracts, and then the whole
 * table is regenerated and reviewed in the same commit.
 *
 * Checked by hand: counter.reset = entry 100 + state_delete (call 100 + write 5000 + 5 key bytes
 * x 10) + log (call 100 + log 100 + 13 bytes) = 5463; the last counter.get = entry 100 + $itoa and
 * $load calls 200 + state_get (call 100 + read 1000 + 5 key bytes) + output_write (call 100 +
 * 1 byte) = 1506; the first poll.results (no poll yet; the committed wasm) = entry 100 + options()
 * and get_u64() calls 200 + memory.fill of its 64-byte buffer 64 + get() call 100 + state_get
 * (call 100 + read 1000 + 7 key bytes) + fail() call 100 + memory.fill of the 98-byte message
 * buffer 98 + 6 back-edges of its 7-character copy loop 600 + abort (call 100 + 14 bytes of
 * UTF-16 message) = 2483 (header: 7 loop entries, +100).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createVM, DEFAULT_GAS_SCHEDULE, MemoryState, STRICT_GAS_SCHEDULE } from '../../src/index.js';
import type { GasSchedule } from '../../src/index.js';
import { text } from './helpers.js';

const EXAMPLES = new URL('../../examples/contracts/', import.meta.url);
const CODE: Record<string, Uint8Array> = {
  counter: readFileSync(new URL('counter/counter.wasm', EXAMPLES)),
  token: readFileSync(new URL('token/token.wasm', EXAMPLES)),
  poll: readFileSync(new URL('poll/poll.wasm', EXAMPLES)),
};

interface Step {
  readonly contract: 'counter' | 'token' | 'poll';
  readonly method: string;
  readonly args: string;
  readonly caller: string;
  readonly output: string;
  readonly error: string | null;
  /** Gas under DEFAULT, STRICT, and DEFAULT with loopCharge 'header'. */
  readonly gas: readonly [number, number, number];
}

const STEPS: readonly Step[] = [
  { contract: 'counter', method: 'increment', args: '{"by": 5}', caller: '', output: '5', error: null, gas: [8987, 9276, 9187] },
  { contract: 'counter', method: 'increment', args: '', caller: '', output: '6', error: null, gas: [8379, 8513, 8679] },
  { contract: 'counter', method: 'increment', args: '{"by": 123456789}', caller: '', output: '123456795', error: null, gas: [10892, 11619, 11192] },
  { contract: 'counter', method: 'get', args: '', caller: '', output: '123456795', error: null, gas: [3323, 3807, 3523] },
  { contract: 'counter', method: 'reset', args: '', caller: '', output: '', error: null, gas: [5463, 5470, 5463] },
  { contract: 'counter', method: 'get', args: '', caller: '', output: '0', error: null, gas: [1506, 1552, 1606] },
  { contract: 'token', method: 'init', args: '{"supply": 1000000}', caller: 'alice', output: '', error: null, gas: [36869, 43637, 39169] },
  { contract: 'token', method: 'init', args: '{"supply": 5}', caller: 'bob', output: '', error: 'abort: already initialized at examples/contracts/token/token.ts:133:3', gas: [4756, 5672, 5056] },
  { contract: 'token', method: 'transfer', args: '{"to": "bob", "amount": 250}', caller: 'alice', output: '999750', error: null, gas: [66597, 81217, 73197] },
  { contract: 'token', method: 'transfer', args: '{"to": "carol", "amount": 100}', caller: 'bob', output: '150', error: null, gas: [63240, 77068, 70540] },
  { contract: 'token', method: 'transfer', args: '{"to": "carol", "amount": 1000}', caller: 'bob', output: '', error: 'abort: insufficient balance at examples/contracts/token/token.ts:148:3', gas: [18363, 24352, 23263] },
  { contract: 'token', method: 'transfer', args: '{"to": "bob"}', caller: 'alice', output: '', error: 'abort: missing field amount at examples/contracts/token/token.ts:91:15', gas: [7222, 9811, 9622] },
  { contract: 'token', method: 'balance_of', args: '{"account": "alice"}', caller: '', output: '999750', error: null, gas: [15573, 20074, 18173] },
  { contract: 'token', method: 'balance_of', args: '{"account": "nobody"}', caller: '', output: '0', error: null, gas: [12763, 16300, 15263] },
  { contract: 'token', method: 'total_supply', args: '', caller: '', output: '1000000', error: null, gas: [6359, 7690, 6859] },
  { contract: 'poll', method: 'results', args: '', caller: '', output: '', error: 'abort: no poll', gas: [2483, 2761, 2583] },
  { contract: 'poll', method: 'open', args: '{"options": 3, "deadline": 100}', caller: 'alice', output: '', error: null, gas: [31707, 37430, 35807] },
  { contract: 'poll', method: 'open', args: '{"options": 2}', caller: 'bob', output: '', error: 'abort: poll already open', gas: [8074, 10605, 10374] },
  { contract: 'poll', method: 'vote', args: '{"option": 1}', caller: 'bob', output: '1', error: null, gas: [26338, 29724, 28238] },
  { contract: 'poll', method: 'vote', args: '{"option": 1}', caller: 'bob', output: '', error: 'abort: already voted', gas: [11924, 14427, 13424] },
  { contract: 'poll', method: 'vote', args: '{"option": 2}', caller: 'carol', output: '1', error: null, gas: [26768, 30304, 28668] },
  { contract: 'poll', method: 'vote', args: '{"option": 1}', caller: 'dave', output: '2', error: null, gas: [26854, 30484, 28854] },
  { contract: 'poll', method: 'vote', args: '{"option": 7}', caller: 'erin', output: '', error: 'abort: no such option', gas: [9712, 11852, 11112] },
  { contract: 'poll', method: 'vote', args: '{"option": -1}', caller: 'erin', output: '', error: 'abort: numbers must be unsigned integers', gas: [5434, 6668, 6234] },
  { contract: 'poll', method: 'vote', args: 'not json', caller: 'erin', output: '', error: 'abort: bad JSON args', gas: [2388, 2770, 2588] },
  { contract: 'poll', method: 'results', args: '', caller: '', output: '{"open":true,"votes":[0,2,1]}', error: null, gas: [10892, 12924, 11892] },
  { contract: 'poll', method: 'close', args: '', caller: 'bob', output: '', error: 'abort: only the chair can close', gas: [6059, 6866, 6259] },
  { contract: 'poll', method: 'close', args: '', caller: 'alice', output: '{"winner":1,"votes":2}', error: null, gas: [19230, 21367, 20230] },
  { contract: 'poll', method: 'vote', args: '{"option": 0}', caller: 'frank', output: '', error: 'abort: poll closed', gas: [7532, 9309, 8932] },
  { contract: 'poll', method: 'results', args: '', caller: '', output: '{"open":false,"votes":[0,2,1]}', error: null, gas: [11195, 13396, 12295] },
];

const SCHEDULES: readonly { readonly name: string; readonly column: 0 | 1 | 2; readonly gas: GasSchedule }[] = [
  { name: 'default', column: 0, gas: DEFAULT_GAS_SCHEDULE },
  { name: 'strict', column: 1, gas: STRICT_GAS_SCHEDULE },
  { name: 'header', column: 2, gas: { ...DEFAULT_GAS_SCHEDULE, loopCharge: 'header' } },
];

// The JS tier (InstantiateOptions / VMOptions `tier: 'js'`) must charge exactly the same.
const TIERS = ['interpreter', 'js'] as const;

describe.each(SCHEDULES.flatMap((s) => TIERS.map((tier) => ({ ...s, tier }))))('golden gas, $name schedule, $tier', ({ column, gas, tier }) => {
  const vm = createVM({ gas, tier });
  const states = { counter: new MemoryState(), token: new MemoryState(), poll: new MemoryState() };
  it.each(STEPS.map((s, i) => ({ ...s, i })))('#$i $contract.$method($args) by "$caller"', ({ contract, method, args, caller, output, error, gas: figures }) => {
    const r = vm.call({ contractId: contract, code: CODE[contract]!, method, args, caller, gasLimit: 10_000_000, env: states[contract] });
    expect(r.error?.message ?? null).toBe(error);
    expect(text(r.output)).toBe(output);
    expect(r.gasUsed).toBe(figures[column]);
  });

  it('the same figures on a second VM, through callAsync, with a cold cache', async () => {
    const fresh = createVM({ gas, tier, cache: { maxEntries: 0 } });
    const again = { counter: new MemoryState(), token: new MemoryState(), poll: new MemoryState() };
    for (const s of STEPS) {
      const r = await fresh.callAsync({ contractId: s.contract, code: CODE[s.contract]!, method: s.method, args: s.args, caller: s.caller, gasLimit: 10_000_000, env: again[s.contract] });
      expect(r.gasUsed).toBe(s.gas[column]);
    }
  });
});

/**
 * GOLDEN figures of the same steps under the two example weighted schedules of examples/gas/
 * (README "Gas"): CosmWasm-like (150 per instruction, no call or loop events) and Soroban-like
 * (wasmi-style fuel per instruction class). Checked by hand for counter.reset: 7 instructions
 * (strict - default = 5470 - 5463) at 150 each plus the env costs (5463 - 3 calls x 100 = 5163)
 * = 6213. The poll's (the Rust contract, the last 15 steps) were recorded when it landed; the
 * gas meter (test/meter/examples.test.ts) checks its calls independently under a weighted schedule.
 */
const WEIGHTED: readonly { readonly name: string; readonly file: string; readonly gas: readonly number[] }[] = [
  {
    name: 'cosmwasm-like', file: 'cosmwasm-like.json',
    gas: [50437, 27179, 116242, 73623, 6213, 7906, 1069583, 144367, 2316967, 2195875, 930854, 403919, 695395, 550636, 206520,
      67021, 1014433, 443406, 774519, 506577, 797645, 811433, 405966, 238280, 110434, 463766, 166619, 504883, 340900, 489268],
  },
  {
    name: 'soroban-like', file: 'soroban-like.json',
    gas: [7776, 7653, 8359, 1707, 5250, 1212, 21854, 2695, 36373, 35524, 9877, 4218, 7661, 6272, 3139,
      1793, 26576, 4990, 23970, 9031, 24232, 24354, 6985, 2079, 1058, 9874, 3663, 17554, 5298, 10129],
  },
];

describe.each(WEIGHTED.flatMap((w) => TIERS.map((tier) => ({ ...w, tier }))))('golden gas, example schedule $name, $tier', ({ file, gas: figures, tier }) => {
  const schedule = (JSON.parse(readFileSync(new URL(`../../examples/gas/${file}`, import.meta.url), 'utf8')) as { schedule: Partial<GasSchedule> }).schedule;
  const vm = createVM({ gas: schedule, tier });
  const states = { counter: new MemoryState(), token: new MemoryState(), poll: new MemoryState() };
  it.each(STEPS.map((s, i) => ({ ...s, i })))('#$i $contract.$method($args) by "$caller"', ({ contract, method, args, caller, output, error, i }) => {
    const r = vm.call({ contractId: contract, code: CODE[contract]!, method, args, caller, gasLimit: 10_000_000, env: states[contract] });
    expect(r.error?.message ?? null).toBe(error);
    expect(text(r.output)).toBe(output);
    expect(r.gasUsed).toBe(figures[i]);
  });
});

describe('out of gas at any limit below a golden figure reports exactly the limit', () => {
  const figure = STEPS[8]!; // token.transfer alice -> bob
  it.each([1, 100, 5000, 30000, figure.gas[0] - 1])('limit %i', (limit) => {
    const state = new MemoryState();
    const vm = createVM();
    vm.call({ contractId: 'token', code: CODE['token']!, method: 'init', args: '{"supply": 1000000}', caller: 'alice', gasLimit: 1e7, env: state });
    const r = vm.call({ contractId: 'token', code: CODE['token']!, method: 'transfer', args: figure.args, caller: 'alice', gasLimit: limit, env: state });
    expect(r.error!.kind).toBe('outOfGas');
    expect(r.gasUsed).toBe(limit);
    const ok = vm.call({ contractId: 'token', code: CODE['token']!, method: 'transfer', args: figure.args, caller: 'alice', gasLimit: figure.gas[0], env: state });
    expect(ok.error).toBeNull();
    expect(ok.gasUsed).toBe(figure.gas[0]);
  });
});
