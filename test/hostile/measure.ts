/**
 * Test helper of the hostile suite: runs one hostile case, measures its wall time and heap
 * growth, checks them against the case's bounds, and keeps the worst figures per case for the
 * table each test file prints (and the closing note quotes).
 *
 * Time bounds here are hang detectors, not benchmarks (STYLE.md forbids timed tests elsewhere):
 * each is about 5x the worst time measured on the CI runtime, plain and under coverage, so only
 * a hang or an unbounded loop trips it. Heap growth is `heapUsed` + `arrayBuffers` after the run
 * minus before it, the garbage collector run first (`--expose-gc` set at run time): what the case
 * allocated and had not yet freed, an upper bound of what it kept.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { expect } from 'vitest';

v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** What one run of a case cost. */
export interface Cost {
  /** Wall time in milliseconds. */
  readonly timeMs: number;
  /** Growth of the JS heap (heapUsed), in bytes; 0 when it shrank. */
  readonly heapBytes: number;
  /** Growth of ArrayBuffer backing stores (memories, stacks), in bytes; 0 when it shrank. */
  readonly bufferBytes: number;
}

/** Bounds of a case: time in milliseconds, heap and buffer growth in bytes. */
export interface Bounds {
  readonly timeMs: number;
  readonly heapBytes: number;
  readonly bufferBytes: number;
}

export const MB = 1024 * 1024;

interface Row {
  readonly name: string;
  readonly limit: string;
  readonly bounds: Bounds;
  worst: Cost;
  runs: number;
}

/** The worst costs of the cases of one test file, printed by {@link CostTable.print}. */
export class CostTable {
  private readonly rows: Row[] = [];
  private readonly title: string;

  constructor(title: string) {
    this.title = title;
  }

  /**
   * Runs `fn` `runs` times (each measured on its own), asserts every run within `bounds`, records
   * the worst figures under `name` and returns the value of each run. `limit` names what stops
   * the case. Errors thrown by `fn` propagate (a case expecting an error catches it itself).
   */
  async run<T>(name: string, limit: string, bounds: Bounds, runs: number, fn: () => T | Promise<T>): Promise<T[]> {
    let row = this.rows.find((r) => r.name === name);
    if (row === undefined) {
      row = { name, limit, bounds, worst: { timeMs: 0, heapBytes: 0, bufferBytes: 0 }, runs: 0 };
      this.rows.push(row);
    }
    const values: T[] = [];
    for (let i = 0; i < runs; i++) {
      collectGarbage();
      const before = process.memoryUsage();
      const start = performance.now();
      const value = await fn();
      const timeMs = performance.now() - start;
      const after = process.memoryUsage();
      const cost: Cost = {
        timeMs,
        heapBytes: Math.max(0, after.heapUsed - before.heapUsed),
        bufferBytes: Math.max(0, after.arrayBuffers - before.arrayBuffers),
      };
      row.worst = {
        timeMs: Math.max(row.worst.timeMs, cost.timeMs),
        heapBytes: Math.max(row.worst.heapBytes, cost.heapBytes),
        bufferBytes: Math.max(row.worst.bufferBytes, cost.bufferBytes),
      };
      row.runs++;
      values.push(value);
      expect(cost.timeMs, `${name}: time (a hang?)`).toBeLessThan(bounds.timeMs);
      expect(cost.heapBytes, `${name}: heap growth`).toBeLessThan(bounds.heapBytes);
      expect(cost.bufferBytes, `${name}: ArrayBuffer growth`).toBeLessThan(bounds.bufferBytes);
    }
    return values;
  }

  /** Prints the worst time and heap of every case (a markdown table). */
  print(): void {
    const mb = (n: number): string => (n / MB).toFixed(1);
    const lines = [
      `hostile suite: ${this.title} (worst of all runs; bounds in parentheses)`,
      '| case | stopped by | runs | worst time ms | heap MB | buffers MB |',
      '|---|---|---|---|---|---|',
    ];
    for (const r of this.rows) {
      lines.push(`| ${r.name} | ${r.limit} | ${r.runs} | ${r.worst.timeMs.toFixed(1)} (${r.bounds.timeMs}) | ` +
        `${mb(r.worst.heapBytes)} (${mb(r.bounds.heapBytes)}) | ${mb(r.worst.bufferBytes)} (${mb(r.bounds.bufferBytes)}) |`);
    }
    console.log(lines.join('\n'));
  }
}

/**
 * Floors of every bound: below them, noise (a garbage collection, the optimising compiler, a
 * busy shared CI machine, coverage instrumentation) is larger than the case itself. Measured: a
 * 10-million-gas loop once grew the heap by 16 MB (optimised code and its feedback).
 */
const MIN_TIME_MS = 250;
const MIN_HEAP_MB = 32;
const MIN_BUFFER_MB = 16;

/**
 * Bounds from milliseconds and mebibytes, each raised to its floor. Callers pass about 5x the
 * worst time measured (plain and under coverage) and 3x to 5x the worst heap.
 */
export function bounds(timeMs: number, heapMB: number, bufferMB: number): Bounds {
  return {
    timeMs: Math.max(timeMs, MIN_TIME_MS),
    heapBytes: Math.max(heapMB, MIN_HEAP_MB) * MB,
    bufferBytes: Math.max(bufferMB, MIN_BUFFER_MB) * MB,
  };
}

/** The floors themselves: the bounds of a case that should take next to nothing. */
export const FLOORS: Bounds = bounds(0, 0, 0);
