/**
 * The examples through the independent gas meter (issue 11, item 4): the example contracts
 * (examples/contracts) called through `createVM` and the WASI programs (examples/wasi) run through
 * `createWasi`, each also instrumented by the meter and run on V8 with the same host functions
 * (test/meter/examples.ts). Under every meter schedule the VM's gasUsed (vm.call and
 * vm.callAsync) and wasi.start's must equal the meter's count, call by call, and both sides must produce the same output, logs, events,
 * state, exit code and stdout / stderr.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, createVM, createWasi, instantiate, MemoryState } from '../../src/index.js';
import type { HostCosts, WasiOptions } from '../../src/index.js';
import { callContractOnV8, runWasiOnV8 } from './examples.js';
import type { ContractCall } from './examples.js';
import { ALL_METER_SCHEDULES, METER_SCHEDULES } from './schedules.js';

const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(EXAMPLES + path));

const decoder = new TextDecoder();

/** State entries as text, sorted. */
function stateOf(s: MemoryState): string[] {
  return s.entries().map(([k, v]) => `${decoder.decode(k)}=${decoder.decode(v)}`).sort();
}

const CONTRACTS: readonly { readonly name: string; readonly path: string; readonly calls: readonly ContractCall[] }[] = [
  {
    name: 'counter',
    path: 'contracts/counter/counter.wasm',
    calls: [
      { method: 'increment', args: '{"by": 41}', caller: 'alice' },
      { method: 'increment', args: '', caller: 'bob' },
      { method: 'get', args: '', caller: '' },
      { method: 'reset', args: '', caller: 'alice' },
      { method: 'get', args: '', caller: '' },
    ],
  },
  {
    name: 'token',
    path: 'contracts/token/token.wasm',
    calls: [
      { method: 'init', args: '{"supply": 1000}', caller: 'alice' },
      { method: 'transfer', args: '{"to": "bob", "amount": 300}', caller: 'alice' },
      { method: 'transfer', args: '{"to": "carol", "amount": 301}', caller: 'bob' }, // aborts: insufficient balance
      { method: 'balance_of', args: '{"account": "bob"}', caller: '' },
      { method: 'total_supply', args: '', caller: '' },
      { method: 'init', args: '{"supply": 1}', caller: 'mallory' }, // aborts: already initialized
      { method: 'transfer', args: '{"to": "bob", "amount": 0}', caller: 'alice' }, // aborts
      { method: 'transfer', args: '{"to": "dave", "amount": 99999999999999999999}', caller: 'alice' }, // aborts: overflow
      { method: 'transfer', args: '{"to": "dave", "amount": 7}', caller: 'bob' },
    ],
  },
  {
    name: 'poll (Rust)',
    path: 'contracts/poll/poll.wasm',
    calls: [
      { method: 'results', args: '', caller: '' }, // aborts: no poll
      { method: 'open', args: '{"options": 3}', caller: 'alice' },
      { method: 'vote', args: '{"option": 1}', caller: 'bob' },
      { method: 'vote', args: '{"option": 1}', caller: 'bob' }, // aborts: already voted
      { method: 'vote', args: '{"option": 2}', caller: 'carol' },
      { method: 'vote', args: 'not json', caller: 'erin' }, // aborts
      { method: 'close', args: '', caller: 'alice' },
      { method: 'results', args: '', caller: '' },
    ],
  },
];

/** Calls of CONTRACTS that abort (the token's four, the poll's three). */
const ABORTING_CALLS = 7;

/** Host costs besides the defaults: every cost distinct, so a charge for the wrong event shows. */
const HOST_COSTS: readonly (Partial<HostCosts> | undefined)[] = [
  undefined,
  { copyByte: 3, stateRead: 17, stateReadByte: 2, stateWrite: 29, stateWriteByte: 5, event: 41, eventByte: 7, log: 13, logByte: 11 },
];

const WASI_PROGRAMS: readonly { readonly path: string; readonly options: WasiOptions }[] = [
  { path: 'wasi/hello-c.wasm', options: { args: ['prog', '7', 'x y'], env: [['GREETING', 'hi']], seed: 42, timeNs: 1_700_000_000_123_456_789n } },
  { path: 'wasi/hello-c.wasm', options: { args: ['prog'], seed: 1 } },
  { path: 'wasi/hello-rust.wasm', options: { args: ['prog', '3'], env: [['GREETING', 'hey']], seed: 7, timeNs: 5n } },
  { path: 'wasi/tinygo-imports.wasm', options: { args: ['prog', 'a', 'b'], stdin: new TextEncoder().encode('input'), seed: 9 } },
];

describe('examples: the meter counts the gas of contracts and WASI programs as detwasm reports it', () => {
  const counts = { contractCalls: 0, failedContractCalls: 0, wasiRuns: 0 };

  describe.each(CONTRACTS)('contract $name', ({ name, path, calls }) => {
    const code = read(path);
    it.each(ALL_METER_SCHEDULES.flatMap((s) => HOST_COSTS.map((h, i) => ({ s, h, label: `${s}${i === 0 ? '' : ', custom host costs'}` }))))(
      'under $label: every call agrees (vm.call and vm.callAsync)',
      async ({ s, h }) => {
        const schedule = METER_SCHEDULES[s];
        const vm = createVM({ gas: schedule, ...(h === undefined ? {} : { hostCosts: h }) });
        const dwState = new MemoryState();
        const asyncState = new MemoryState();
        const v8State = new MemoryState();
        for (const call of calls) {
          const r = vm.call({ contractId: name, code, ...call, gasLimit: 100_000_000, env: dwState });
          const ra = await vm.callAsync({ contractId: name, code, ...call, gasLimit: 100_000_000, env: asyncState });
          const m = callContractOnV8(code, name, call, v8State, schedule, h);
          const what = `${call.method}(${call.args}) by ${call.caller}`;
          expect(m.gasUsed, `${what}: meter vs detwasm gasUsed`).toBe(r.gasUsed);
          expect(ra.gasUsed, `${what}: callAsync`).toBe(r.gasUsed);
          expect(m.error === null, `${what}: failed on V8 (${String(m.error)}) / in detwasm (${r.error?.message})`).toBe(r.error === null);
          expect(decoder.decode(m.output), what).toBe(decoder.decode(r.output));
          expect(m.logs, what).toEqual(r.logs);
          const events = (list: readonly { name: string; data: Uint8Array }[]): string[][] => list.map((e) => [e.name, decoder.decode(e.data)]);
          if (r.error === null) expect(events(m.events), what).toEqual(events(r.events));
          expect(stateOf(v8State), what).toEqual(stateOf(dwState));
          if (r.error === null) counts.contractCalls++;
          else counts.failedContractCalls++;
        }
      },
    );
  });

  describe.each(WASI_PROGRAMS)('WASI $path $options.args', ({ path, options }) => {
    const bytes = read(path);
    const module = compile(bytes);
    it.each(ALL_METER_SCHEDULES)('under %s: gasUsed, exit code and output agree', (s) => {
      const schedule = METER_SCHEDULES[s];
      const wasi = createWasi(options);
      const r = wasi.start(instantiate(module, wasi.imports, { gas: schedule }), { gasLimit: Number.MAX_SAFE_INTEGER });
      const m = runWasiOnV8(bytes, options, schedule);
      expect(m.error).toBeNull();
      expect(r.error).toBeNull();
      expect(m.gasUsed).toBe(r.gasUsed);
      expect(m.exitCode).toBe(r.exitCode);
      expect(m.stdout).toBe(wasi.stdoutText());
      expect(m.stderr).toBe(wasi.stderrText());
      expect(m.stdout.length).toBeGreaterThan(0);
      counts.wasiRuns++;
    });
  });

  it('compared every call and run', () => {
    console.log(`gas meter, examples: ${counts.contractCalls} contract calls that succeeded, ${counts.failedContractCalls} that ` +
      `failed and ${counts.wasiRuns} WASI runs agree (schedules ${ALL_METER_SCHEDULES.join(', ')})`);
    const callsPerSchedule = CONTRACTS.reduce((n, c) => n + c.calls.length, 0) * HOST_COSTS.length;
    expect(counts.contractCalls + counts.failedContractCalls).toBe(callsPerSchedule * ALL_METER_SCHEDULES.length);
    expect(counts.failedContractCalls).toBe(ABORTING_CALLS * HOST_COSTS.length * ALL_METER_SCHEDULES.length);
    expect(counts.wasiRuns).toBe(WASI_PROGRAMS.length * ALL_METER_SCHEDULES.length);
  });
});
