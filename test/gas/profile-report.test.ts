/**
 * Reports of a gas profile (src/gas/profile-report.ts, src/gas/flame-graph.ts): the folded-stacks
 * format, the table, the SVG (well-formed, escaped, integer coordinates), and a fast-check
 * property on random call trees: calls, exclusive and inclusive gas and folded stacks equal a
 * model computed from the tree (seed printed; replay with `FUZZ_SEED=<seed>`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compile, defineHostFunction, DEFAULT_GAS_SCHEDULE, DEFAULT_PROFILE_TABLE_ROWS, flameGraphSvg, foldedStacks, instantiate,
  profileTable,
} from '../../src/index.js';
import type { GasProfile } from '../../src/index.js';
import { wat } from '../helpers/wat.js';

/** A hand-made profile (the shape the profiler returns). */
function profileOf(stacks: readonly [string, number, number][]): GasProfile {
  const fns = new Map<string, { calls: number; exclusiveGas: number }>();
  let gasUsed = 0;
  for (const [path, calls, gas] of stacks) {
    const name = path.split(';').at(-1)!;
    const f = fns.get(name) ?? { calls: 0, exclusiveGas: 0 };
    f.calls += calls;
    f.exclusiveGas += gas;
    fns.set(name, f);
    gasUsed += gas;
  }
  return {
    gasUsed,
    functions: [...fns].map(([name, f]) => ({ name, funcIdx: 0, calls: f.calls, exclusiveGas: f.exclusiveGas, inclusiveGas: f.exclusiveGas }))
      .sort((a, b) => b.exclusiveGas - a.exclusiveGas),
    stacks: stacks.map(([path, calls, gas]) => ({ frames: path.split(';'), calls, exclusiveGas: gas })),
  };
}

/** Tags balance, attributes are quoted, text has no raw `<` or bare `&`. */
function expectWellFormed(svg: string): void {
  expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<svg ')).toBe(true);
  const body = svg.slice(svg.indexOf('\n') + 1);
  const open: string[] = [];
  const token = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let at = 0;
  for (let m = token.exec(body); m !== null; m = token.exec(body)) {
    at = token.lastIndex;
    const [, close, name, , selfClose, text] = m;
    if (text !== undefined) {
      expect(text).not.toMatch(/&(?!(?:amp|lt|gt|quot|#39);)/);
      continue;
    }
    if (close === '/') expect(open.pop()).toBe(name);
    else if (selfClose !== '/') open.push(name!);
  }
  expect(at).toBe(body.length); // every character was part of a tag or of text
  expect(open).toEqual([]);
  for (const [, v] of svg.matchAll(/ (?:x|y|width|height)="([^"]*)"/g)) expect(v).toMatch(/^\d+$/);
}

describe('foldedStacks', () => {
  it('writes one `a;b;c gas` line per path with gas, sorted, names made safe', () => {
    const p = profileOf([['main', 1, 100], ['main;b', 2, 0], ['main;b;c', 2, 40], ['main;a b', 1, 7], ['main;x;y\nz', 1, 3]]);
    const extra = [
      { frames: ['main', 'x;y', 'z'], calls: 1, exclusiveGas: 2 },
      { frames: ['main', 'q;r'], calls: 1, exclusiveGas: 4 },
      { frames: ['main', 'q_r'], calls: 1, exclusiveGas: 5 }, // the same line once made safe: merged
    ];
    const renamed = { ...p, stacks: [...p.stacks, ...extra], gasUsed: p.gasUsed + 11 };
    expect(foldedStacks(renamed)).toBe('main 100\nmain;a b 7\nmain;b;c 40\nmain;q_r 9\nmain;x;y_z 3\nmain;x_y;z 2\n');
    expect(foldedStacks(profileOf([]))).toBe('');
  });
});

describe('profileTable', () => {
  const p = profileOf([['main', 1, 100], ['main;leaf', 5, 500], ['main;mid', 2, 200], ['main;env.charge', 1, 107]]);
  it('lists the top functions with shares of gasUsed', () => {
    expect(profileTable(p)).toBe([
      'gas used: 907 (4 functions, 9 calls)',
      'exclusive      %  inclusive      %  calls  function',
      '      500  55.12        500  55.12      5  leaf',
      '      200  22.05        200  22.05      2  mid',
      '      107  11.79        107  11.79      1  env.charge',
      '      100  11.02        100  11.02      1  main',
      '',
    ].join('\n'));
  });
  it('cuts at `rows` and sums the rest', () => {
    expect(profileTable(p, 1).split('\n').slice(2)).toEqual([
      '      500  55.12        500  55.12      5  leaf', '... 3 more functions: 407 exclusive gas (44.87%)', '',
    ]);
    expect(profileTable(profileOf([]), 0)).toBe('gas used: 0 (0 functions, 0 calls)\nexclusive  %  inclusive  %  calls  function\n');
    expect(DEFAULT_PROFILE_TABLE_ROWS).toBe(20);
  });
  it.each([[-1], [1.5], [Number.NaN], ['3']])('rows %j is a TypeError', (rows) => {
    expect(() => profileTable(p, rows as number)).toThrow(new TypeError('rows must be a non-negative safe integer'));
  });
});

describe('flameGraphSvg', () => {
  it('is well-formed, escapes names and titles, and draws every path with gas', () => {
    const p = profileOf([['main', 1, 100], ['main;<b & "c">', 1, 300], ["main;<b & \"c\">;it's", 1, 600], ['main;tiny', 1, 0]]);
    const svg = flameGraphSvg(p, { title: 'calls of <main> & co' });
    expectWellFormed(svg);
    expect(svg).toContain('calls of &lt;main&gt; &amp; co');
    expect(svg).toContain('<title>&lt;b &amp; &quot;c&quot;&gt;: 900 gas (90.00%), 300 exclusive</title>');
    expect(svg).toContain('it&#39;s: 600 gas (60.00%), 600 exclusive');
    expect(svg).toContain('<title>all: 1000 gas (100.00%), 0 exclusive</title>');
    expect(svg).not.toContain('tiny'); // no gas: not drawn
    expect(svg).toContain('gas used: 1000');
    expect(svg.match(/<rect /g)!.length).toBe(1 + 4); // background + all, main, <b...>, it's
    // Bottom-up: "all" at the bottom row, the deepest frame on the top row.
    const y = (name: string): number => Number(new RegExp(`<title>${name}:[^<]*</title><rect x="\\d+" y="(\\d+)"`).exec(svg)![1]);
    expect(y('all')).toBeGreaterThan(y('main'));
    expect(y('main')).toBeGreaterThan(y('it&#39;s'));
  });
  it('handles an empty profile, control characters and deep stacks', () => {
    expectWellFormed(flameGraphSvg(profileOf([])));
    const odd = flameGraphSvg(profileOf([['a\u0001b', 1, 5]]));
    expectWellFormed(odd);
    expect(odd).toContain('a\ufffdb');
    const deep = Array.from({ length: 20_000 }, (_, i) => `f${i}`);
    const svg = flameGraphSvg({ gasUsed: 1, functions: [], stacks: [{ frames: deep, calls: 1, exclusiveGas: 1 }] }, { width: 100 });
    expect(svg.match(/<rect /g)!.length).toBe(20_002);
  });
  it('is the same text for the same profile', () => {
    const p = profileOf([['main', 1, 100], ['main;b', 1, 3]]);
    expect(flameGraphSvg(p)).toBe(flameGraphSvg(profileOf([['main', 1, 100], ['main;b', 1, 3]])));
  });
  it.each([[{ width: 99 }], [{ width: 1.5 }], [{ title: 3 }], [null]])('options %j are a TypeError', (options) => {
    expect(() => flameGraphSvg(profileOf([]), options as never)).toThrow(TypeError);
  });
});

/** A random call tree: function i calls functions j > i (so there is no recursion), some via a host function. */
interface Tree {
  /** calls[i]: the callees of function i, in order; -1 is the host function. */
  readonly calls: readonly (readonly number[])[];
  /** loops[i]: back-edges of function i's loop (100 gas each under the default schedule). */
  readonly loops: readonly number[];
}

const treeArb: fc.Arbitrary<Tree> = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    calls: fc.tuple(...Array.from({ length: n }, (_, i) =>
      fc.array(fc.integer({ min: i + 1, max: n }).map((j) => (j === n ? -1 : j)), { maxLength: i + 1 < n ? 3 : 0 }))),
    loops: fc.tuple(...Array.from({ length: n }, () => fc.integer({ min: 0, max: 3 }))),
  }));

function treeModule(t: Tree): string {
  const funcs = t.calls.map((callees, i) => {
    const body = callees.map((j) => (j === -1 ? '(call $host)' : `(call $f${j})`)).join(' ');
    const loop = t.loops[i]! > 0
      ? `(local.set 0 (i32.const ${t.loops[i]! + 1})) (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))`
      : '';
    return `(func $f${i} ${i === 0 ? '(export "main")' : ''} (local i32) ${loop} ${body})`;
  });
  return `(module (import "env" "host" (func $host)) ${funcs.join('\n')})`;
}

/** The model: folded stacks, calls and exclusive / inclusive gas per function name. */
function model(t: Tree): { folded: Map<string, number>; fns: Map<string, [number, number, number]> } {
  const folded = new Map<string, number>();
  const fns = new Map<string, [number, number, number]>();
  const own = (i: number): number => (i === -1 ? 100 + 3 : 100 + 100 * t.loops[i]!);
  const walk = (i: number, path: string): number => {
    const name = i === -1 ? 'env.host' : `f${i}`;
    const here = path === '' ? name : `${path};${name}`;
    folded.set(here, (folded.get(here) ?? 0) + own(i));
    let total = own(i);
    if (i !== -1) for (const j of t.calls[i]!) total += walk(j, here);
    const f = fns.get(name) ?? [0, 0, 0];
    fns.set(name, [f[0] + 1, f[1] + own(i), f[2] + total]); // no recursion: every activation is outermost
    return total;
  };
  walk(0, '');
  return { folded, fns };
}

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261202);

describe(`random call trees (fast-check seed ${SEED})`, () => {
  it('calls, exclusive and inclusive gas and folded stacks match the model', () => {
    const host = defineHostFunction('env.host', [], [], (ctx) => ctx.chargeGas(3));
    fc.assert(fc.property(treeArb, (t) => {
      const inst = instantiate(compile(wat(treeModule(t), undefined, { debugNames: true })), { env: { host } }, { gas: DEFAULT_GAS_SCHEDULE });
      const out = inst.invokeMetered('main', [], { gasLimit: 1_000_000_000, profile: true });
      expect(out.error).toBeNull();
      const p = out.profile!;
      const m = model(t);
      expect(p.gasUsed).toBe(out.gasUsed);
      expect(Object.fromEntries(foldedStacks(p).trim().split('\n').map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))])))
        .toEqual(Object.fromEntries(m.folded));
      expect(Object.fromEntries(p.functions.map((f) => [f.name, [f.calls, f.exclusiveGas, f.inclusiveGas]]))).toEqual(Object.fromEntries(m.fns));
      expectWellFormed(flameGraphSvg(p));
      // Any limit below the full cost: out of gas, and the profile still sums to the limit.
      const limit = Math.floor(out.gasUsed / 3);
      const short = inst.invokeMetered('main', [], { gasLimit: limit, profile: true });
      expect(short.profile!.functions.reduce((s, f) => s + f.exclusiveGas, 0)).toBe(limit);
    }), { seed: SEED, numRuns: 100 });
  });
});
