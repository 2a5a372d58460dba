/**
 * The Profiler's frame-change API on its own (src/interpreter/profiler.ts), as an unwinder will
 * drive it (exception handling pops several wasm frames at once): `unwindTo(depth)` is the same
 * as one `exit` per popped frame; two runs on one profiler (the contract VM's start function and
 * method) sum; gas charged with no frame open is kept, so the sum stays exact.
 */
import { describe, expect, it } from 'vitest';
import { Profiler } from '../../src/interpreter/profiler.js';
import type { FuncInst } from '../../src/interpreter/runtime.js';

const fn = (funcIdx: number, name = ''): FuncInst => ({ funcIdx, name }) as unknown as FuncInst;
const A = fn(0, 'a');
const B = fn(1, 'b');
const C = fn(2);
const H = fn(-1, 'env.h');

/** a -> b -> c -> b (recursion), 10 gas at each level; then the innermost three pop at gas 50. */
function drive(pop: (p: Profiler) => void): Profiler {
  const p = new Profiler();
  p.begin(100);
  p.enter(A, 100, false);
  p.enter(B, 90, false);
  p.enter(C, 80, false);
  p.enter(B, 70, false);
  expect(p.depth).toBe(4);
  pop(p);
  expect(p.depth).toBe(1);
  p.enter(H, 50, false);
  p.exit(40);
  p.finish(30);
  return p;
}

describe('Profiler', () => {
  it('unwindTo(depth) equals one exit per popped frame', () => {
    const a = drive((p) => p.unwindTo(1, 60));
    const b = drive((p) => {
      p.exit(60);
      p.exit(60);
      p.exit(60);
    });
    expect(b.profile()).toEqual(a.profile());
    const profile = a.profile();
    expect(profile.gasUsed).toBe(70);
    expect(profile.functions).toEqual([
      { name: 'a', funcIdx: 0, calls: 1, exclusiveGas: 30, inclusiveGas: 70 },
      { name: 'b', funcIdx: 1, calls: 2, exclusiveGas: 20, inclusiveGas: 30 }, // outermost b: 90 -> 60
      { name: 'func 2', funcIdx: 2, calls: 1, exclusiveGas: 10, inclusiveGas: 20 },
      { name: 'env.h', funcIdx: -1, calls: 1, exclusiveGas: 10, inclusiveGas: 10 },
    ]);
    expect(profile.stacks.map((s) => `${s.frames.join(';')} ${s.exclusiveGas}`)).toEqual([
      'a 30', 'a;b 10', 'a;b;func 2 10', 'a;b;func 2;b 10', 'a;env.h 10',
    ]);
  });

  it('a tail call replaces the innermost frame', () => {
    const p = new Profiler();
    p.begin(10);
    p.enter(A, 10, false);
    p.enter(B, 9, false);
    p.enter(C, 7, true);
    p.finish(4);
    expect(p.profile().stacks.map((s) => `${s.frames.join(';')} ${s.exclusiveGas}`)).toEqual(['a 1', 'a;b 2', 'a;func 2 3']);
  });

  it('sums two runs on one profiler; exit with no frame open is a no-op; gas outside frames is kept', () => {
    const p = new Profiler();
    p.begin(1000);
    p.enter(A, 1000, false);
    p.finish(900);
    p.begin(900); // the second run starts where the first ended
    p.exit(850); // nothing open
    p.enter(B, 850, false);
    p.finish(800);
    const profile = p.profile();
    expect(profile.gasUsed).toBe(200);
    expect(profile.functions.map((f) => [f.name, f.exclusiveGas])).toEqual([['a', 100], ['(no function)', 50], ['b', 50]]);
    expect(Object.isFrozen(profile) && Object.isFrozen(profile.stacks)).toBe(true);
  });
});
