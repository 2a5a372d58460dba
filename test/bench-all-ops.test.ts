/**
 * The all-ops module of the warm-up bench (scripts/all-ops.ts → bench/workloads/all-ops.mjs,
 * run by bench/all-ops.mjs) does what the bench says it does: it runs without a trap under
 * every schedule, computes the same under each, and reaches every IR op of run() but the
 * listed few and the superinstructions (counted on a copy of dist/ with a counter in front of run()'s switch, as
 * bench/opcount.mjs counts). A new IR op that it does not reach fails here: extend
 * scripts/all-ops.ts (or, for an op it cannot reach without a trap, this list).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import * as engine from '../src/index.js';
import { ALL_OPS_ARGS, allOpsBytes, runAllOps, type AllOpsEngine } from '../bench/all-ops.mjs';

/** IR ops outside SIMD that the module does not reach, and why. */
const NOT_REACHED: Readonly<Record<string, string>> = {
  UNREACHABLE: 'it traps',
  RETHROW: 'legacy exceptions',
  GAS_WIDE: 'a straight-line run costing 2^31 gas or more',
  INDEX64: 'memory64', MEM_ACCESS: 'memory64 / multi-memory', MEMORY_SIZE_X: 'memory64 / multi-memory', MEMORY_GROW_X: 'memory64 / multi-memory',
  CONST128: 'v128', MOVE_V128: 'v128', SELECT_V128: 'v128', GLOBAL_GET_V128: 'v128', GLOBAL_SET_V128: 'v128',
};

const asEngine = (e: object): AllOpsEngine => e as unknown as AllOpsEngine;

describe('bench all-ops module', () => {
  it('runs under every schedule with the same results, which depend on the arguments', () => {
    const rows = runAllOps(asEngine(engine));
    const sets = ALL_OPS_ARGS.length;
    expect(rows).toHaveLength(4 * sets);
    for (let k = sets; k < rows.length; k++) expect(rows[k]).toEqual(rows[k % sets]);
    expect(new Set(rows.slice(0, sets).map((r) => JSON.stringify(r))).size).toBe(sets);
    for (const r of rows) for (const v of r) expect(typeof v).toBe('number');
  });

  it('is valid under the default features and traps when its argument rules are broken', () => {
    const module = engine.compile(allOpsBytes());
    const instance = engine.instantiate(module, { w: { h: (x: number) => x + 1 } });
    const args = [...ALL_OPS_ARGS[0]!];
    args[1] = 0; // b = 0: i32.div_s traps
    expect(() => instance.invoke('run', args)).toThrow(/integer divide by zero/);
    expect(() => engine.instantiate(module, {})).toThrow(engine.LinkError);
  });

  describe('IR ops reached (a counting copy of dist/)', () => {
    const copy = mkdtempSync(join(tmpdir(), 'detwasm-all-ops-'));
    afterAll(() => rmSync(copy, { recursive: true, force: true }));

    it('reaches every IR op outside SIMD except the listed ones', async () => {
      cpSync(new URL('../dist/', import.meta.url), copy, { recursive: true });
      const runPath = join(copy, 'interpreter', 'run.js');
      const marker = 'switch (code[pc++]) {';
      const source = readFileSync(runPath, 'utf8');
      expect(source).toContain(marker);
      writeFileSync(runPath, source.replace(marker, 'const __op = code[pc++]; globalThis.__allOpsCount[__op]++; switch (__op) {'));
      const counts = new Float64Array(0x800);
      (globalThis as Record<string, unknown>)['__allOpsCount'] = counts;
      const url = (p: string): string => pathToFileURL(join(copy, p)).href;
      const ir = (await import(url('interpreter/ir.js'))) as Record<string, unknown>;
      const copied = (await import(url('index.js'))) as object;
      runAllOps(asEngine(copied));
      const missed: string[] = [];
      let reached = 0;
      for (const [name, v] of Object.entries(ir)) {
        // Superinstructions (FUSED_*) replace adjacent pairs, which the module's patterns do not aim at.
        if (typeof v !== 'number' || name.endsWith('_BASE') || name.startsWith('FUSED_') || (v >= 0x200 && v < 0x400)) continue;
        if (counts[v]! > 0) reached++;
        else missed.push(name);
      }
      expect(missed.sort()).toEqual(Object.keys(NOT_REACHED).sort());
      expect(reached).toBeGreaterThan(300);
    });
  });
});
