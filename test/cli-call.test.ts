/**
 * `detwasm call` (src/cli.ts): runs the example contracts with a state file, prints output, gas,
 * logs and events; a failed call prints its error line (exit 1); bad arguments are one line
 * (exit 2). Plus one spawn of the built bin/detwasm.js (dist/ is built by `pretest`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const COUNTER = join(REPO_ROOT, 'examples/contracts/counter/counter.wasm');
const TOKEN = join(REPO_ROOT, 'examples/contracts/token/token.wasm');
const dir = mkdtempSync(join(tmpdir(), 'detwasm-cli-call-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = runCli;

const USAGE_TAIL = "; usage: detwasm call FILE.wasm --method NAME --gas N [--args JSON] [--state FILE.json] [--features SPEC] [--tier js] (try 'detwasm --help')\n";

describe('detwasm call', () => {
  it('runs the counter with a state file that it creates and updates', async () => {
    const state = join(dir, 'counter.json');
    const first = await run(['call', COUNTER, '--method', 'increment', '--args', '{"by": 5}', '--gas', '100000', '--state', state]);
    expect(first).toEqual({ code: 0, stdout: 'output: 5\ngas used: 8987\nevent: incremented 5\n', stderr: '' });
    expect(readFileSync(state, 'utf8')).toBe('{\n  "count": "5"\n}\n');
    const second = await run(['call', COUNTER, '--method', 'increment', '--gas', '100000', '--state', state]);
    expect(second.stdout).toBe('output: 6\ngas used: 8379\nevent: incremented 6\n');
    const reset = await run(['call', COUNTER, '--method', 'reset', '--gas', '100000', '--state', state]);
    expect(reset).toEqual({ code: 0, stdout: 'output: \ngas used: 5463\nlog: counter reset\n', stderr: '' });
    expect(readFileSync(state, 'utf8')).toBe('{}\n');
  });

  it('runs the token with a caller; a failed call prints its error, exit 1, and leaves the state file alone', async () => {
    const state = join(dir, 'token.json');
    const init = await run(['call', TOKEN, '--method', 'init', '--args', '{"supply": 100}', '--gas', '1000000', '--state', state, '--caller', 'alice']);
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/^output: \ngas used: \d+\nlog: minted 100 to alice\n$/);
    const before = readFileSync(state, 'utf8');
    expect(before).toBe('{\n  "balance:alice": "100",\n  "supply": "100"\n}\n');
    const fail = await run(['call', TOKEN, '--method', 'transfer', '--args', '{"to": "bob", "amount": 500}', '--gas', '1000000', '--state', state, '--caller', 'alice']);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/^gas used: \d+\n$/);
    expect(fail.stderr).toBe('error: trap: abort: insufficient balance at examples/contracts/token/token.ts:148:3\n  at env.abort\n  at func 27\n');
    expect(readFileSync(state, 'utf8')).toBe(before);
  });

  it('--tier js: the counter gives the same output, gas and state file', async () => {
    for (const tier of ['interpreter', 'js']) {
      const state = join(dir, `counter-${tier}.json`);
      const first = await run(['call', COUNTER, '--method', 'increment', '--args', '{"by": 5}', '--gas', '100000', '--state', state, '--tier', tier]);
      expect(first).toEqual({ code: 0, stdout: 'output: 5\ngas used: 8987\nevent: incremented 5\n', stderr: '' });
      expect(readFileSync(state, 'utf8')).toBe('{\n  "count": "5"\n}\n');
    }
  });

  it('out of gas: error line, gas used = limit, exit 1', async () => {
    const r = await run(['call', COUNTER, '--method', 'increment', '--gas', '1000']);
    expect(r).toEqual({ code: 1, stdout: 'gas used: 1000\n', stderr: 'error: outOfGas: out of gas\n' });
  });

  it('an unknown method and invalid code are failed calls (exit 1)', async () => {
    expect(await run(['call', COUNTER, '--method', 'nope', '--gas', '10'])).toEqual({
      code: 1, stdout: 'gas used: 0\n', stderr: 'error: methodNotExported: no exported function named "nope"\n',
    });
    const bad = join(dir, 'bad.wasm');
    writeFileSync(bad, new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0]));
    expect(await run(['call', bad, '--method', 'm', '--gas', '10'])).toEqual({
      code: 1, stdout: 'gas used: 0\n', stderr: 'error: invalidCode: malformed: unexpected end at offset 0x4\n',
    });
  });

  it('passes block height and time, and the contract ID (default: the file name without .wasm)', async () => {
    const probe = join(dir, 'probe.wasm');
    // outputs contract_id, then block_height and block_time as 8 bytes each (hex in the output line)
    const wabt = await (await import('wabt')).default();
    const m = wabt.parseWat('probe.wat', `(module
      (import "env" "contract_id" (func $id (param i32 i32) (result i32)))
      (import "env" "block_height" (func $h (result i64)))
      (import "env" "block_time" (func $t (result i64)))
      (import "env" "output_write" (func $out (param i32 i32)))
      (memory 1)
      (func (export "m") (local $n i32)
        (local.set $n (call $id (i32.const 0) (i32.const 100)))
        (call $out (i32.const 0) (local.get $n)))
      (func (export "block")
        (i64.store (i32.const 0) (call $h))
        (i64.store (i32.const 8) (call $t))
        (call $out (i32.const 0) (i32.const 16))))`);
    writeFileSync(probe, m.toBinary({}).buffer);
    m.destroy();
    expect((await run(['call', probe, '--method', 'm', '--gas', '10000'])).stdout).toMatch(/^output: probe\n/);
    expect((await run(['call', probe, '--method', 'm', '--gas', '10000', '--contract-id', 'c1'])).stdout).toMatch(/^output: c1\n/);
    const b = await run(['call', probe, '--method', 'block', '--gas', '10000', '--block-height', '258', '--block-time', '1']);
    expect(b.stdout).toMatch(/^output: hex:02010000000000000100000000000000\n/);
  });

  it.each<{ name: string; argv: string[]; why: string }>([
    { name: 'no file', argv: [], why: 'missing contract file' },
    { name: 'flag as file', argv: ['--method', 'm'], why: 'missing contract file' },
    { name: 'no method', argv: ['x.wasm', '--gas', '1'], why: '--method is required' },
    { name: 'no gas', argv: ['x.wasm', '--method', 'm'], why: '--gas is required' },
    { name: 'bad gas', argv: ['x.wasm', '--method', 'm', '--gas', '1e6'], why: '--gas takes a non-negative safe integer, got "1e6"' },
    { name: 'huge gas', argv: ['x.wasm', '--method', 'm', '--gas', '9007199254740992'], why: '--gas takes a non-negative safe integer, got "9007199254740992"' },
    { name: 'bad JSON', argv: ['x.wasm', '--method', 'm', '--gas', '1', '--args', '{a:1}'], why: '--args is not valid JSON: "{a:1}"' },
    { name: 'unknown flag', argv: ['x.wasm', '--method', 'm', '--gas', '1', '--fast', 'yes'], why: 'unknown option --fast' },
    { name: 'stray word', argv: ['x.wasm', 'f'], why: 'unexpected argument "f"' },
    { name: 'missing value', argv: ['x.wasm', '--method'], why: '--method needs a value' },
    { name: 'twice', argv: ['x.wasm', '--method', 'a', '--method', 'b', '--gas', '1'], why: '--method given twice' },
    { name: 'bad height', argv: ['x.wasm', '--method', 'a', '--gas', '1', '--block-height', '-1'], why: '--block-height must be an integer in [0, 2^63), got "-1"' },
  ])('bad arguments ($name): one line, exit 2', async ({ argv, why }) => {
    expect(await run(['call', ...argv])).toEqual({ code: 2, stdout: '', stderr: `detwasm: ${why}${USAGE_TAIL}` });
  });

  it('an unreadable contract or a bad state file: one line, exit 2', async () => {
    const missing = join(dir, 'missing.wasm');
    const r = await run(['call', missing, '--method', 'm', '--gas', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^detwasm: cannot read .*missing\.wasm: ENOENT[^\n]*\n$/);
    const badState = join(dir, 'bad.json');
    for (const [content, message] of [
      ['{not json', /^detwasm: bad state file .*bad\.json: [^\n]+\n$/],
      ['[1]', /^detwasm: bad state file .*bad\.json: state file must hold a JSON object\n$/],
      ['{"a": 1}', /^detwasm: bad state file .*bad\.json: state value of "a" must be a string\n$/],
    ] as const) {
      writeFileSync(badState, content);
      const s = await run(['call', COUNTER, '--method', 'get', '--gas', '10000', '--state', badState]);
      expect(s.code).toBe(2);
      expect(s.stdout).toBe('');
      expect(s.stderr).toMatch(message);
    }
    const stateDir = await run(['call', COUNTER, '--method', 'get', '--gas', '10000', '--state', dir]);
    expect(stateDir.code).toBe(2);
    expect(stateDir.stderr).toMatch(/^detwasm: cannot read .*: EISDIR[^\n]*\n$/);
  });

  it('help lists the call verb and the state file format', async () => {
    const r = await run(['--help']);
    expect(r.stdout).toContain('call CONTRACT.wasm --method NAME --gas N [--args JSON] [--state FILE.json] [--features SPEC]');
    expect(r.stdout).toContain('"hex:..."');
  });
});

describe('bin/detwasm.js call', () => {
  it('runs the built CLI on the counter example', () => {
    const bin = join(REPO_ROOT, 'bin', 'detwasm.js');
    // Like test/cli.test.ts: the spawn needs dist/ (`npm test` builds it first); a missing or stale
    // build (one from before the VM) is a failure, never a silent pass.
    expect(existsSync(join(REPO_ROOT, 'dist', 'vm', 'vm.js')), 'dist/ is missing or predates the VM: run `npm run build`').toBe(true);
    const state = join(dir, 'spawn.json');
    copyFileSync(COUNTER, join(dir, 'counter.wasm'));
    const r = spawnSync(process.execPath, [bin, 'call', join(dir, 'counter.wasm'), '--method', 'increment', '--args', '{"by":2}', '--gas', '100000', '--state', state], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('output: 2\ngas used: 8886\nevent: incremented 2\n'); // one char less to scan than '{"by": 5}'
    expect(JSON.parse(readFileSync(state, 'utf8'))).toEqual({ count: '2' });
  });
});
