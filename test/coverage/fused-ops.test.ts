/**
 * Differential test of the register-form translator (src/interpreter/lower.ts `Translator`,
 * `emitPlain`, `condJump`; IR in src/interpreter/ir.ts; run by src/interpreter/run.ts) against V8's
 * `WebAssembly` (tests only). A wrong operand register, a missed flush or a wrong fused form is a
 * silent divergence from the spec, so every path of the translator runs here on edge values, with
 * gas off, the default schedule (loop back-edges charge inline: the _LOOP branch forms), the
 * strict schedule (a GAS op per straight-line run) and 'header' loop charging (no _LOOP forms).
 *
 * What the translator does, and the WAT shapes that reach each path (`global.get` is the way to
 * get an operand that is already in its stack slot: it is never deferred):
 *   - `local.get` and constants emit nothing until consumed: a consumer reads the local's own
 *     register, or takes the constant as an immediate (`<op>_c` for i32 and i64 binops; a
 *     constant FIRST operand is swapped for commutative ops and turned around for compares,
 *     lt <-> gt, and otherwise written to its slot). Forms: stack/stack (gg), stack/local (gl),
 *     local/stack (lg), local/local (ll), local/const (lc), stack/const (gc), const/local (cl),
 *     const/stack (cg), const/const (cc); for every i32 and i64 binop and compare, and the f32 /
 *     f64 binops and compares (no constant forms: constants are written to slots).
 *   - A result followed by `local.set x` / `local.tee x` is written straight into x, also when x
 *     is an operand of the op (setx / sety: into the first / second operand; tee: then read x
 *     again); the same for loads (into their address local), select, unary ops, calls.
 *   - A compare or `i32.eqz` right before `br_if` / `if` becomes one compare-and-branch op (for
 *     `if`, the negated compare), every i32 compare in every operand form. Shapes: br_if with no
 *     value, with a value at the label's height, with values to move (BR_IF_ADJUST, not fused);
 *     if with a result; if/else and if alone without a result; a loop back-edge by br_if and by
 *     if + br. Plus eqz, a plain local, a stack value, constants and non-compare results as
 *     conditions, and compares that do not fuse (i64, f64).
 *   - `i32.add` right before a load becomes the load's address (`<load>_c` for a constant,
 *     `<load>_rr` for a register); `i32.add` of a constant before a store whose value is a local
 *     or constant folds into the store (`<store>_c`); a constant value is `<store>_ck`. The sum
 *     wraps at 2^32 before the offset is added (x = -8, c = 16 is address 8), as the separate
 *     `i32.add` does. Every load and store kind, offsets 0 / 4 / 65535, near the 1-page end.
 *   - f64.add of a product just computed is one multiply-add op (two roundings).
 *   - f64.load / f64.store move non-NaN values as doubles and NaNs as raw words: NaN payloads
 *     are compared bit for bit through `i64.reinterpret_f64` / `i64.load`.
 *   - Deferred copies of a local are written to their slots before that local is overwritten
 *     (local.set / local.tee, or a result redirected into it), and everything deferred is written
 *     before labels, branches, calls and stack ops (memory.size / grow, br_table); at most 32
 *     values are deferred at once ("hazards").
 *   - div / rem (no constant forms) with constant operands and results into an operand local,
 *     with their traps (V8's RuntimeError message against our TrapCode and spec message).
 * Modules hold at most CHUNK functions; each runs on fresh instances, and after its calls the
 * whole memories must match (a trapping store writes nothing).
 */
import { describe, expect, it } from 'vitest';
import { compile, DEFAULT_GAS_SCHEDULE, instantiate, STRICT_GAS_SCHEDULE, Trap, TrapCode } from '../../src/index.js';
import type { GasSchedule, Instance } from '../../src/index.js';
import { wat } from '../helpers/wat.js';

interface V8Api {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
  RuntimeError: new (...args: never[]) => Error;
}
const WA = (globalThis as unknown as { WebAssembly: V8Api }).WebAssembly;

type Args = readonly (readonly unknown[])[];

/** One exported function: its section, export name, WAT text and the argument lists to run. */
interface Case {
  readonly section: string;
  readonly name: string;
  readonly text: string;
  readonly args: Args;
}

const CASES: Case[] = [];

/** Adds functions to section `section`. */
function sectionOf(section: string): (name: string, sig: string, body: string, args: Args) => void {
  return (name, sig, body, args) => {
    CASES.push({ section, name, text: `(func (export "${name}") ${sig} ${body})`, args });
  };
}

const pairs = <T>(xs: readonly T[], ys: readonly T[] = xs): T[][] => xs.flatMap((x) => ys.map((y) => [x, y]));

// ---- numeric types -----------------------------------------------------------------------------

/** A value type as the binop builders use it. */
interface Num {
  readonly t: 'i32' | 'i64' | 'f32' | 'f64';
  /** The globals that hold the two arguments (stack operands). */
  readonly ga: string;
  readonly gb: string;
  /** Edge values (arguments). */
  readonly edges: readonly unknown[];
  /** The first operand's values in the two-argument forms (all edges, or fewer to save time). */
  readonly firstEdges: readonly unknown[];
  /** Constants of the one-constant forms (WAT text). */
  readonly consts: readonly string[];
  /** Constant pairs of the cc form. */
  readonly constPairs: readonly (readonly [string, string])[];
  /** Constants of the redirect forms with a constant. */
  readonly redirectConsts: readonly string[];
  /** An order-sensitive mix of a tee'd value `a` and a second read `b` of its local. */
  mix(a: string, b: string): string;
}

const I32_EDGES: readonly number[] = [0, 1, -1, 2, 31, 32, 33, 0x7fffffff, -0x80000000, 0x12345678, -100];
const I32: Num = {
  t: 'i32', ga: '$a', gb: '$b',
  edges: I32_EDGES,
  firstEdges: I32_EDGES,
  consts: ['0', '1', '-1', '31', '32', '33', '0x7fffffff', '-0x80000000'],
  constPairs: [['5', '3'], ['-1', '1'], ['0x7fffffff', '-0x80000000'], ['-0x80000000', '31'], ['1', '32'], ['0', '0'], ['-7', '33']],
  redirectConsts: ['-1', '7', '33'],
  mix: (a, b) => `(i32.xor ${a} (i32.rotl ${b} (i32.const 7)))`,
};

const I64_EDGES: readonly bigint[] = [
  0n, 1n, -1n, 2n ** 31n, 2n ** 32n, 2n ** 63n - 1n, -(2n ** 63n), 0x123456789abcdefn,
  31n, 32n, 33n, 63n, 64n, 65n,
];
const I64: Num = {
  t: 'i64', ga: '$A', gb: '$B',
  edges: I64_EDGES,
  firstEdges: [0n, 1n, -1n, 2n ** 32n, 2n ** 63n - 1n, -(2n ** 63n), 0x123456789abcdefn],
  consts: ['0', '1', '-1', '31', '32', '33', '63', '64', '65', '0x100000000', '0x7fffffffffffffff', '-0x8000000000000000', '0x123456789abcdef'],
  constPairs: [
    ['5', '3'], ['-1', '1'], ['0x7fffffffffffffff', '-0x8000000000000000'], ['-0x8000000000000000', '63'],
    ['0x123456789abcdef', '32'], ['0', '0'], ['0x80000000', '0xffffffff'],
  ],
  redirectConsts: ['-1', '33', '0x123456789abcdef'],
  mix: (a, b) => `(i64.xor ${a} (i64.rotl ${b} (i64.const 7)))`,
};

const F64: Num = {
  t: 'f64', ga: '$fa', gb: '$fb',
  edges: [0, -0, 1.5, -2.25, 1e308, -1e308, 5e-324, Infinity, -Infinity, NaN],
  firstEdges: [0, -0, 1.5, -2.25, 1e308, -1e308, 5e-324, Infinity, -Infinity, NaN],
  consts: ['0', '-0', '1.5', '-inf', 'nan:0x1', '0x1p-1074'],
  constPairs: [['1.5', '-2.25'], ['nan:0x1', '1'], ['-0', '0'], ['inf', '-inf'], ['-nan:0x8000000000123', '-0']],
  redirectConsts: ['-0', '0.75', '-nan:0x5'],
  mix: (a, b) => `(f64.sub ${a} (f64.mul ${b} (f64.const 0.5)))`,
};

const F32: Num = {
  t: 'f32', ga: '$sa', gb: '$sb',
  edges: [0, -0, 1.5, -2.25, 3.4028234663852886e38, -3.4028234663852886e38, 1.401298464324817e-45, Infinity, -Infinity, NaN],
  firstEdges: [0, -0, 1.5, 3.4028234663852886e38, 1.401298464324817e-45, -Infinity, NaN],
  consts: ['0', '-0', '1.5', '-inf', 'nan:0x1', '0x1p-149'],
  constPairs: [['1.5', '-2.25'], ['nan:0x1', '1'], ['-0', '0'], ['-nan:0x200001', '-0']],
  redirectConsts: ['-0', '-nan:0x5'],
  mix: (a, b) => `(f32.sub ${a} (f32.mul ${b} (f32.const 0.5)))`,
};

/** Fewer values for the compares of the branch shapes (8 shapes x 10 compares x every form). */
const I32_BRANCH_EDGES: readonly number[] = [0, 1, -1, 2, 0x7fffffff, -0x80000000, -100, 0x12345678];
const I32_BRANCH: Num = {
  ...I32,
  edges: I32_BRANCH_EDGES,
  firstEdges: I32_BRANCH_EDGES,
  consts: ['0', '1', '-1', '0x7fffffff', '-0x80000000'],
};

/** Operand text: `g` a global (in its stack slot), `l` the parameter, `c` constant `k`. */
function operand(ty: Num, side: 0 | 1, kind: string, k: string): string {
  if (kind === 'g') return `(global.get ${side === 0 ? ty.ga : ty.gb})`;
  if (kind === 'l') return `(local.get ${side === 0 ? '$x' : '$y'})`;
  return `(${ty.t}.const ${k})`;
}

/** The operand forms: two letters (first, second operand) and the constants they use. */
interface Form {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  /** The arguments: pairs, or one side varied (the other is the first edge value). */
  readonly args: Args;
}

function formsOf(ty: Num): Form[] {
  const zero = ty.edges[0];
  const all = pairs(ty.firstEdges, ty.edges);
  const out: Form[] = [];
  for (const f of ['gg', 'gl', 'lg', 'll']) out.push({ name: f, a: operand(ty, 0, f[0]!, ''), b: operand(ty, 1, f[1]!, ''), args: all });
  for (const k of ty.consts) {
    out.push({ name: `lc/${k}`, a: operand(ty, 0, 'l', ''), b: operand(ty, 1, 'c', k), args: ty.edges.map((x) => [x, zero]) });
    out.push({ name: `gc/${k}`, a: operand(ty, 0, 'g', ''), b: operand(ty, 1, 'c', k), args: ty.edges.map((x) => [x, zero]) });
    out.push({ name: `cl/${k}`, a: operand(ty, 0, 'c', k), b: operand(ty, 1, 'l', ''), args: ty.edges.map((y) => [zero, y]) });
    out.push({ name: `cg/${k}`, a: operand(ty, 0, 'c', k), b: operand(ty, 1, 'g', ''), args: ty.edges.map((y) => [zero, y]) });
  }
  for (const [k1, k2] of ty.constPairs) {
    out.push({ name: `cc/${k1}/${k2}`, a: operand(ty, 0, 'c', k1), b: operand(ty, 1, 'c', k2), args: [[zero, zero]] });
  }
  return out;
}

/** `(global.set ga x) (global.set gb y)`: the stack forms read the arguments from globals. */
const globalsFrom = (ty: Num): string => `(global.set ${ty.ga} (local.get $x)) (global.set ${ty.gb} (local.get $y))`;

const I32_BINOPS = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
const I32_COMPARES = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const F64_BINOPS = ['add', 'sub', 'mul', 'div', 'min', 'max', 'copysign'];

/**
 * Every form of `ty.op` for each op, and its result into an operand local. `isCompare`: the
 * result is an i32. With `bits` (copysign, exact on NaNs), the float result is returned as its
 * bits, an integer of type `bits`.
 */
function binops(section: string, ty: Num, ops: readonly string[], isCompare: boolean, bits?: Num): void {
  const fn = sectionOf(section);
  const wrap = bits === undefined ? identity : (s: string): string => `(${bits.t}.reinterpret_${ty.t} ${s})`;
  const result = isCompare ? 'i32' : bits === undefined ? ty.t : bits.t;
  const sig = `(param $x ${ty.t}) (param $y ${ty.t}) (result ${result}) (local $r i32)`;
  const head = globalsFrom(ty);
  const zero = ty.edges[0];
  const all = pairs(ty.firstEdges, ty.edges);
  const xs = ty.edges.map((x) => [x, zero]);
  for (const op of ops) {
    const o = `${ty.t}.${op}`;
    for (const f of formsOf(ty)) fn(`${o}/${f.name}`, sig, `${head} ${wrap(`(${o} ${f.a} ${f.b})`)}`, f.args);
    if (isCompare && ty.t !== 'i32') {
      // The i32 result into an i32 local (no operand to alias).
      fn(`${o}/setr/ll`, sig, `(local.set $r (${o} (local.get $x) (local.get $y))) (local.get $r)`, all);
      continue;
    }
    const x = '(local.get $x)';
    const y = '(local.get $y)';
    fn(`${o}/setx/ll`, sig, `(local.set $x (${o} ${x} ${y})) ${wrap(x)}`, all);
    fn(`${o}/sety/ll`, sig, `(local.set $y (${o} ${x} ${y})) ${wrap(y)}`, all);
    fn(`${o}/setx/lg`, sig, `${head} (local.set $x (${o} ${x} (global.get ${ty.gb}))) ${wrap(x)}`, all);
    fn(`${o}/sety/gl`, sig, `${head} (local.set $y (${o} (global.get ${ty.ga}) ${y})) ${wrap(y)}`, all);
    // A bits wrap (copysign) mixes bits: an arithmetic NaN's bits are not deterministic.
    const mix = (a: string, b: string): string => (bits === undefined ? ty.mix(a, b) : bits.mix(wrap(a), wrap(b)));
    fn(`${o}/teex/ll`, sig, mix(`(local.tee $x (${o} ${x} ${y}))`, x), all);
    for (const k of ty.redirectConsts) {
      const c = `(${ty.t}.const ${k})`;
      fn(`${o}/setx/lc/${k}`, sig, `(local.set $x (${o} ${x} ${c})) ${wrap(x)}`, xs);
      fn(`${o}/setx/cl/${k}`, sig, `(local.set $x (${o} ${c} ${x})) ${wrap(x)}`, xs);
      fn(`${o}/teey/lc/${k}`, sig, mix(`(local.tee $y (${o} ${x} ${c}))`, y), xs);
    }
  }
}

function identity(s: string): string {
  return s;
}

binops('i32 binops', I32, I32_BINOPS, false);
binops('i32 binops', I32, I32_COMPARES, true);
binops('i64 binops', I64, ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'], false);
binops('i64 binops', I64, I32_COMPARES, true);
binops('f64', F64, F64_BINOPS.slice(0, 6), false);
binops('f64', F64, ['copysign'], false, I64);
binops('f64', F64, ['eq', 'ne', 'lt', 'gt', 'le', 'ge'], true);
binops('f32', F32, F64_BINOPS.slice(0, 6), false);
binops('f32', F32, ['copysign'], false, I32);
binops('f32', F32, ['eq', 'lt', 'ge'], true);

/**
 * f64.add of a product just computed (either operand; the other a local or a stack value) is one
 * multiply-add op, which must round twice like the two ops: (1 + 2^-27)^2 - (1 + 2^-26) is 0
 * rounded twice and 2^-54 fused. A constant addend does not fuse.
 */
function multiplyAdd(): void {
  const fn = sectionOf('f64');
  const sig = '(param $x f64) (param $y f64) (param $z f64) (result f64)';
  const e27 = 1 + 2 ** -27;
  const triples = [
    [e27, e27, -(1 + 2 ** -26)], [e27, -e27, 1 + 2 ** -26], [0.1, 10, -1], [1e308, 10, -Infinity], [Infinity, 0, 1],
    [0, -1, -0], [-0, 1, 0], [-0, 1, -0], [NaN, 1, 2], [1e-320, 1e-10, 0], [3, 5, 7], [1e308, -1e308, Infinity],
  ];
  const x = '(local.get $x)';
  const y = '(local.get $y)';
  const z = '(local.get $z)';
  const mul = `(f64.mul ${x} ${y})`;
  const shapes: readonly (readonly [string, string])[] = [
    ['mul + l', `(f64.add ${mul} ${z})`],
    ['l + mul', `(f64.add ${z} ${mul})`],
    ['g + mul', `(global.set $fa ${z}) (f64.add (global.get $fa) ${mul})`],
    ['mul + s', `(f64.add (f64.neg (f64.neg ${z})) ${mul})`],
    ['mul + mul', `(f64.add (f64.mul ${z} ${y}) ${mul})`],
    ['mul c + l', `(f64.add (f64.mul ${x} (f64.const 3)) ${z})`],
    ['mul + c', `(f64.add ${mul} (f64.const -1))`],
    ['mul + x', `(f64.add ${mul} ${x})`],
    ['into x', `(local.set $x (f64.add ${mul} ${x})) ${x}`],
    ['into z', `(local.set $z (f64.add ${z} ${mul})) ${z}`],
    ['tee z', `(f64.sub (local.tee $z (f64.add ${mul} ${z})) (f64.mul ${z} (f64.const 0.5)))`],
    ['bits', `(f64.reinterpret_i64 (i64.reinterpret_f64 (f64.add ${mul} ${z})))`],
  ];
  for (const [name, body] of shapes) fn(`f64 multiply-add/${name}`, sig, body, triples);
  // A dot product over memory (loads into the product, the sum into its own local).
  fn('f64 multiply-add/dot', '(param $n i32) (result f64) (local $i i32) (local $acc f64)', `(block $done (loop $l
      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $acc (f64.add (local.get $acc) (f64.mul (f64.load offset=64 (local.get $i)) (f64.load offset=128 (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 8)))
      (br $l)))
    (local.get $acc)`, [[0], [8], [64]]);
}
multiplyAdd();

// ---- compare and branch -------------------------------------------------------------------------

/** Branch shapes around a condition (an i32 expression); the function returns an i32. */
const BRANCH_SHAPES: readonly (readonly [string, (cond: string) => string])[] = [
  ['br_if', (c) => `(block $t (br_if $t ${c}) (return (i32.const 0))) (i32.const 1)`],
  // A value at the label's height: fused, the deferred constant is written before the jump.
  ['br_if_value', (c) => `(block $t (result i32) (drop (br_if $t (i32.const 7) ${c})) (i32.const 0))`],
  // A value above the label's height (BR_IF_ADJUST moves it; the compare is not fused).
  ['br_if_adjust', (c) => `(block $t (result i32) (i32.const 9) (i32.const 7) ${c} (br_if $t) (drop) (drop) (i32.const 0))`],
  ['if_result', (c) => `(if (result i32) ${c} (then (i32.const 1)) (else (i32.const 0)))`],
  ['if_else', (c) => `(if ${c} (then (local.set $t (i32.const 1))) (else (local.set $t (i32.const 2)))) (local.get $t)`],
  ['if', (c) => `(local.set $t (i32.const 5)) (if ${c} (then (local.set $t (i32.const 7)))) (local.get $t)`],
  // A back-edge (the _LOOP forms under gas) on a condition whose operand $x changes every time.
  ['loop', (c) => `(block $done (loop $l (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $done (i32.ge_u (local.get $t) (i32.const 4)))
      (local.set $x (i32.add (local.get $x) (i32.const 0x40000000))) (br_if $l ${c})))
    (i32.add (i32.shl (local.get $x) (i32.const 3)) (local.get $t))`],
  // The same with `if` + `br` (the negated compare, then JUMP_LOOP under gas).
  ['loop_br', (c) => `(block $done (loop $l (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $done (i32.ge_u (local.get $t) (i32.const 4)))
      (local.set $x (i32.add (local.get $x) (i32.const 0x40000000))) (if ${c} (then (br $l)))))
    (i32.add (i32.shl (local.get $x) (i32.const 3)) (local.get $t))`],
];

function branches(): void {
  const fn = sectionOf('branches');
  const sig = '(param $x i32) (param $y i32) (result i32) (local $t i32) (local $u i32)';
  const head = globalsFrom(I32_BRANCH);
  const all = pairs(I32_BRANCH_EDGES);
  for (const [shape, wrapCond] of BRANCH_SHAPES) {
    for (const op of I32_COMPARES) {
      for (const f of formsOf(I32_BRANCH)) fn(`br/${shape}/i32.${op}/${f.name}`, sig, `${head} ${wrapCond(`(i32.${op} ${f.a} ${f.b})`)}`, f.args);
    }
    const conds: readonly (readonly [string, string])[] = [
      ['eqz/l', '(i32.eqz (local.get $x))'],
      ['eqz/g', '(i32.eqz (global.get $a))'],
      ['eqz/c0', '(i32.eqz (i32.const 0))'],
      ['eqz/c5', '(i32.eqz (i32.const 5))'],
      ['eqz/cmp', '(i32.eqz (i32.lt_s (local.get $x) (local.get $y)))'],
      ['eqz/eqz', '(i32.eqz (i32.eqz (local.get $y)))'],
      ['l', '(local.get $x)'],
      ['g', '(global.get $a)'],
      ['c0', '(i32.const 0)'],
      ['c-1', '(i32.const -1)'],
      ['and', '(i32.and (local.get $x) (local.get $y))'],
      ['tee-cmp', '(local.tee $u (i32.lt_u (local.get $x) (local.get $y)))'],
      ['sub-c', '(i32.sub (local.get $y) (i32.const 1))'],
      // A nop emits nothing: the compare still fuses.
      ['cmp-nop', '(i32.le_u (local.get $x) (i32.const 33)) (nop)'],
    ];
    for (const [name, cond] of conds) fn(`br/${shape}/${name}`, sig, `${head} ${wrapCond(cond)}`, all);
  }
  // Compares that do not fuse (i64, f64) and i64.eqz as conditions.
  for (const [shape, wrapCond] of BRANCH_SHAPES.slice(0, 4)) {
    for (const ty of [I64, F64]) {
      const tsig = `(param $x ${ty.t}) (param $y ${ty.t}) (result i32) (local $t i32)`;
      const cmps = ty === I64 ? I32_COMPARES : ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
      for (const op of cmps) {
        for (const f of formsOf(ty).filter((g) => g.name === 'll' || g.name === 'gg' || g.name.startsWith('lc/') || g.name.startsWith('cl/'))) {
          fn(`br/${shape}/${ty.t}.${op}/${f.name}`, tsig, `${globalsFrom(ty)} ${wrapCond(`(${ty.t}.${op} ${f.a} ${f.b})`)}`, f.args);
        }
      }
    }
    const i64sig = '(param $x i64) (param $y i64) (result i32) (local $t i32)';
    fn(`br/${shape}/i64.eqz`, i64sig, wrapCond('(i64.eqz (local.get $x))'), I64_EDGES.map((x) => [x, 0n]));
  }
}
branches();

// ---- loads --------------------------------------------------------------------------------------

/** [load, result type, wrap to a comparable result, float local type or ''] */
const LOADS: readonly (readonly [string, string, string, string])[] = [
  ['i32.load', 'i32', '', ''],
  ['i64.load', 'i64', '', ''],
  ['f32.load', 'i32', 'i32.reinterpret_f32', 'f32'],
  ['f64.load', 'i64', 'i64.reinterpret_f64', 'f64'],
  ['i32.load8_s', 'i32', '', ''],
  ['i32.load8_u', 'i32', '', ''],
  ['i32.load16_s', 'i32', '', ''],
  ['i32.load16_u', 'i32', '', ''],
  // No fused forms: the i32.add stays an op of its own.
  ['i64.load32_s', 'i64', '', ''],
  ['i64.load8_u', 'i64', '', ''],
];
const ADDRS: readonly number[] = [0, 1, 8, 65528, 65529, 65532, 65535, 65536, -1, -8, 0x7fffffff, -0x80000000];
const ADDR_CONSTS: readonly number[] = [0, 8, 16, -8, 65528];
const ADDR_PAIRS = pairs(ADDRS, ADDR_CONSTS);

function loads(): void {
  const fn = sectionOf('loads');
  const xs = ADDRS.map((x) => [x, 0]);
  for (const [load, result, wrapOp, floatType] of LOADS) {
    const wrap = (s: string): string => (wrapOp === '' ? s : `(${wrapOp} ${s})`);
    const sig = `(param $x i32) (param $y i32) (result ${result}) (local $f ${floatType === '' ? 'i32' : floatType})`;
    const head = globalsFrom(I32);
    for (const offset of [0, 4, 65535]) {
      const l = (addr: string): string => wrap(`(${load} offset=${offset} ${addr})`);
      const n = `${load}/${offset}`;
      fn(`${n}/l`, sig, l('(local.get $x)'), xs);
      fn(`${n}/g`, sig, `${head} ${l('(global.get $a)')}`, xs);
      for (const k of [0, 65528, 65532, 65535, -1]) fn(`${n}/k/${k}`, sig, l(`(i32.const ${k})`), [[0, 0]]);
      for (const c of ADDR_CONSTS) {
        fn(`${n}/lc/${c}`, sig, l(`(i32.add (local.get $x) (i32.const ${c}))`), xs);
        fn(`${n}/sc/${c}`, sig, l(`(i32.add (i32.mul (local.get $x) (i32.const 1)) (i32.const ${c}))`), xs);
      }
      for (const c of [16, -8, 65528]) fn(`${n}/cl/${c}`, sig, l(`(i32.add (i32.const ${c}) (local.get $x))`), xs);
      fn(`${n}/ll`, sig, l('(i32.add (local.get $x) (local.get $y))'), ADDR_PAIRS);
      fn(`${n}/gl`, sig, `${head} ${l('(i32.add (global.get $a) (local.get $y))')}`, ADDR_PAIRS);
      fn(`${n}/lg`, sig, `${head} ${l('(i32.add (local.get $x) (global.get $b))')}`, ADDR_PAIRS);
      fn(`${n}/tee`, sig, l('(local.tee $y (i32.add (local.get $x) (i32.const 8)))'), xs);
      for (const [c1, c2] of [[65520, 8], [-8, 16], [0x7fffffff, 1]] as const) {
        fn(`${n}/cc/${c1}/${c2}`, sig, l(`(i32.add (i32.const ${c1}) (i32.const ${c2}))`), [[0, 0]]);
      }
      if (result === 'i32' && floatType === '') {
        // The loaded value into the address local itself.
        for (const c of [8, -8]) {
          fn(`${n}/setx/lc/${c}`, sig, `(local.set $x (${load} offset=${offset} (i32.add (local.get $x) (i32.const ${c})))) (local.get $x)`, xs);
        }
        fn(`${n}/sety/ll`, sig, `(local.set $y (${load} offset=${offset} (i32.add (local.get $x) (local.get $y)))) (local.get $y)`, ADDR_PAIRS);
      } else if (floatType !== '') {
        // Into a float local, then its bits; and the float itself (NaN payloads are lost there).
        fn(`${n}/setf/lc/8`, sig, `(local.set $f (${load} offset=${offset} (i32.add (local.get $x) (i32.const 8)))) ${wrap('(local.get $f)')}`, xs);
        const plainSig = `(param $x i32) (param $y i32) (result ${floatType})`;
        fn(`${n}/float/lc/16`, plainSig, `(${load} offset=${offset} (i32.add (local.get $x) (i32.const 16)))`, xs);
      }
    }
  }
}
loads();

// ---- stores -------------------------------------------------------------------------------------

/** [store, value type, bits type (the parameter), constant values (WAT), parameter values] */
const STORES: readonly (readonly [string, string, string, readonly string[], readonly unknown[]])[] = [
  ['i32.store', 'i32', 'i32', ['0x12345678', '-1', '0x80'], [0x12345678, -1, 0x80]],
  ['i64.store', 'i64', 'i64', ['0x123456789abcdef', '-1', '-0x8000000000000000'], [0x123456789abcdefn, -1n, -(2n ** 63n)]],
  ['f32.store', 'f32', 'i32', ['nan:0x1', '-nan:0x123', '-0', '0x1p-149'], [0x7f800001, 0xffc00123 | 0, 0x80000000 | 0, 0x3fc00000]],
  ['f64.store', 'f64', 'i64', ['nan:0x1', '-nan:0x8000000000123', '-0', '0x1p-1074'], [0x7ff0000000000001n, 0xfff8000000000123n, 0x8000000000000000n, 0x3ff8000000000000n, 1n]],
  ['i32.store8', 'i32', 'i32', ['0x1ff', '-1'], [0x1ff, -0x80]],
  ['i32.store16', 'i32', 'i32', ['0x12345', '-1'], [0x12345, -0x8000]],
  ['i64.store8', 'i64', 'i64', ['0x1ff', '-1'], [0x1ffn, -0x80n]],
  ['i64.store16', 'i64', 'i64', ['0x12345', '-1'], [0x12345n, -0x8000n]],
  ['i64.store32', 'i64', 'i64', ['0x123456789', '-1'], [0x123456789n, -(2n ** 31n)]],
];
const STORE_ADDRS: readonly number[] = [0, 8, 65528, 65530, 65532, 65535, 65536, -8, -1, 0x7fffffff];
const STORE_CONSTS: readonly number[] = [0, 16, -8];

function stores(): void {
  const fn = sectionOf('stores');
  for (const [store, vt, bits, konsts, values] of STORES) {
    const sig = `(param $x i32) (param $v ${bits}) (result i64) (local $f ${vt})`;
    // $f: the value in a local of the store's type; the stack form: the same value as an op result.
    const toF = vt === bits ? '(local.get $v)' : `(${vt}.reinterpret_${bits} (local.get $v))`;
    const stackValue = vt === bits ? `(${bits}.add (local.get $v) (${bits}.const 0))` : toF;
    const head = `(global.set $a (local.get $x)) (local.set $f ${toF})`;
    const args = pairs<unknown>(STORE_ADDRS, values);
    const xs = STORE_ADDRS.map((x) => [x, values[0]]);
    for (const offset of [0, 4, 65535]) {
      const s = (addr: string, value: string): string => `(${store} offset=${offset} ${addr} ${value})`;
      // Read back the 8 bytes around the target (always in bounds), to compare what was written.
      const back = (c: number): string => `(i64.load (i32.and (i32.add (local.get $x) (i32.const ${(c + offset) | 0})) (i32.const 0xfff8)))`;
      const n = `${store}/${offset}`;
      for (const c of STORE_CONSTS) {
        const lc = `(i32.add (local.get $x) (i32.const ${c}))`;
        fn(`${n}/lc/${c}/l`, sig, `${head} ${s(lc, '(local.get $f)')} ${back(c)}`, args);
        fn(`${n}/cl/${c}/l`, sig, `${head} ${s(`(i32.add (i32.const ${c}) (local.get $x))`, '(local.get $f)')} ${back(c)}`, args);
        fn(`${n}/gc/${c}/l`, sig, `${head} ${s(`(i32.add (global.get $a) (i32.const ${c}))`, '(local.get $f)')} ${back(c)}`, args);
        fn(`${n}/lc/${c}/s`, sig, `${head} ${s(lc, stackValue)} ${back(c)}`, args);
        for (const k of konsts) fn(`${n}/lc/${c}/k/${k}`, sig, `${head} ${s(lc, `(${vt}.const ${k})`)} ${back(c)}`, xs);
      }
      fn(`${n}/l/l`, sig, `${head} ${s('(local.get $x)', '(local.get $f)')} ${back(0)}`, args);
      fn(`${n}/xx/l`, sig, `${head} ${s('(i32.add (local.get $x) (local.get $x))', '(local.get $f)')} ${back(0)}`, args);
      for (const a of [8, 65532, -4]) {
        fn(`${n}/k/k/${a}`, sig, `${head} ${s(`(i32.const ${a})`, `(${vt}.const ${konsts[0]})`)} ${back(a)}`, [[a, values[0]]]);
        fn(`${n}/k/l/${a}`, sig, `${head} ${s(`(i32.const ${a})`, '(local.get $f)')} ${back(a)}`, [[a, values[1]]]);
      }
      for (const k of konsts) {
        fn(`${n}/l/k/${k}`, sig, `${head} ${s('(local.get $x)', `(${vt}.const ${k})`)} ${back(0)}`, xs);
        fn(`${n}/g/k/${k}`, sig, `${head} ${s('(global.get $a)', `(${vt}.const ${k})`)} ${back(0)}`, xs);
      }
    }
  }
}
stores();

// ---- float bits ---------------------------------------------------------------------------------

/** Addresses of the NaN patterns in the data segments (see MODULE_TEXT) and of plain numbers. */
const NAN_ADDRS: readonly number[] = [16, 24, 32, 40, 65528, 0, 8];

function floatBits(): void {
  const fn = sectionOf('float bits');
  const sig = '(param $x i32) (param $y i32) (result i64) (local $f f64) (local $g f32) (local $c i32)';
  const args = pairs(NAN_ADDRS, [1024, 2048]);
  const back = '(i64.load (local.get $y))';
  fn('f64 mem to mem', sig, `(f64.store (local.get $y) (f64.load (local.get $x))) ${back}`, args);
  fn('f64 mem to mem, c forms', sig, `(f64.store offset=8 (i32.add (local.get $y) (i32.const 8)) (f64.load offset=4 (i32.add (local.get $x) (i32.const -4)))) (i64.load offset=16 (local.get $y))`, args);
  fn('f64 via local', sig, `(local.set $f (f64.load (local.get $x))) (f64.store offset=8 (i32.add (local.get $y) (i32.const 8)) (local.get $f)) (i64.load offset=16 (local.get $y))`, args);
  fn('f64 via local, rr', sig, `(local.set $f (f64.load (i32.add (local.get $x) (local.get $c)))) (f64.store (local.get $y) (local.get $f)) ${back}`, args);
  fn('f64 load reinterpret', sig, '(i64.reinterpret_f64 (f64.load (local.get $x)))', args);
  fn('f64 neg abs copysign', sig, `(f64.store (local.get $y) (f64.copysign (f64.abs (f64.neg (f64.load (local.get $x)))) (f64.const -1))) ${back}`, args);
  fn('f64 select', sig, `(local.set $c (i32.and (local.get $x) (i32.const 8))) (f64.store (local.get $y) (select (f64.load (local.get $x)) (f64.const -nan:0x5) (local.get $c))) ${back}`, args);
  for (const k of ['nan:0x1', '-nan:0x1', 'nan:0x8000000000000', 'nan:0x4000000000001', '-nan:0xfffffffffffff', '-0', '0x1p-1074']) {
    fn(`f64 const ${k} stored`, sig, `(f64.store (local.get $y) (f64.const ${k})) (i64.reinterpret_f64 (f64.load (local.get $y)))`, [[0, 1024]]);
    fn(`f64 const ${k} via local`, sig, `(local.set $f (f64.const ${k})) (f64.store offset=8 (local.get $y) (local.get $f)) (i64.load offset=8 (local.get $y))`, [[0, 1024]]);
    fn(`f64 const ${k} tee`, sig, `(i64.xor (i64.reinterpret_f64 (local.tee $f (f64.const ${k}))) (i64.rotl (i64.reinterpret_f64 (local.get $f)) (i64.const 1)))`, [[0, 0]]);
    fn(`f64 const ${k} returned`, sig, `(i64.reinterpret_f64 (f64.const ${k}))`, [[0, 0]]);
  }
  fn('f32 mem to mem', sig, `(f32.store (local.get $y) (f32.load (local.get $x))) ${back}`, args);
  fn('f32 via local', sig, `(local.set $g (f32.load offset=4 (local.get $x))) (f32.store offset=4 (i32.add (local.get $y) (i32.const 4)) (local.get $g)) (i64.load offset=8 (local.get $y))`, args);
  for (const k of ['nan:0x1', '-nan:0x200001', '-0']) {
    fn(`f32 const ${k} stored`, sig, `(f32.store offset=4 (local.get $y) (f32.const ${k})) (i64.extend_i32_u (i32.reinterpret_f32 (f32.load offset=4 (local.get $y))))`, [[0, 1024]]);
  }
  // NaN bits from i64 arguments through f64 locals.
  const i64sig = '(param $v i64) (param $y i32) (result i64) (local $f f64)';
  const bitArgs = [0x7ff0000000000001n, 0xfff8000000000123n, 0x7ff8000000000000n, 0x8000000000000000n, 1n].map((v) => [v, 1024]);
  fn('f64 bits via local', i64sig, '(local.set $f (f64.reinterpret_i64 (local.get $v))) (i64.reinterpret_f64 (local.get $f))', bitArgs);
  fn('f64 bits stored from local', i64sig, '(local.set $f (f64.reinterpret_i64 (local.get $v))) (f64.store (local.get $y) (local.get $f)) (i64.load (local.get $y))', bitArgs);
  fn('f64 bits select', i64sig, '(i64.reinterpret_f64 (select (f64.reinterpret_i64 (local.get $v)) (f64.const 1) (local.get $y)))', bitArgs);
}
floatBits();

// ---- hazards of deferral ------------------------------------------------------------------------

function hazards(): void {
  const fn = sectionOf('hazards');
  const sig = '(param $x i32) (param $y i32) (result i32) (local $c i32) (local $t i32)';
  const all = pairs(I32_EDGES);
  const h = (name: string, body: string): void => fn(`hazard/${name}`, sig, body, all);
  // A deferred `local.get $x` still on the stack when $x is overwritten.
  h('set under', '(local.get $x) (local.get $y) (local.set $x) (local.get $x) (i32.sub)');
  h('tee under', '(local.get $x) (local.tee $x (local.get $y)) (i32.sub)');
  h('tee const under', '(local.get $x) (local.tee $x (i32.const 7)) (i32.sub) (local.get $x) (i32.mul)');
  h('redirect under', '(local.get $x) (local.set $x (i32.add (local.get $x) (local.get $y))) (local.get $x) (i32.sub)');
  h('redirect c under', '(local.get $x) (local.set $x (i32.mul (local.get $y) (i32.const 3))) (local.get $x) (i32.sub)');
  h('redirect tee under', '(local.get $x) (local.tee $x (i32.xor (local.get $x) (local.get $y))) (i32.sub)');
  h('redirect load under', '(local.get $x) (local.set $x (i32.load (i32.and (local.get $y) (i32.const 0xfffc)))) (local.get $x) (i32.sub)');
  h('redirect load_c under', '(local.get $x) (local.set $x (i32.load8_u (i32.add (local.get $x) (i32.const 1)))) (local.get $x) (i32.sub)');
  h('deep under', '(local.get $x) (local.get $y) (local.set $y (i32.const 5)) (local.set $x (i32.const 6)) (i32.sub) (local.get $x) (i32.mul) (local.get $y) (i32.add)');
  h('swap through the stack', '(local.get $x) (local.get $y) (local.set $x) (local.set $y) (i32.sub (local.get $x) (i32.mul (local.get $y) (i32.const 3)))');
  h('copy of a copy', '(local.get $y) (local.tee $x) (local.set $y (i32.const 9)) (local.get $x) (i32.sub) (local.get $y) (i32.add)');
  h('set to itself', '(local.set $x (local.get $x)) (local.get $x) (local.tee $x (local.get $x)) (i32.sub)');
  h('tee chain', '(local.set $y (local.tee $x (i32.add (local.get $x) (local.get $y)))) (i32.mul (local.get $x) (i32.sub (local.get $y) (i32.const 1)))');
  h('tee const twice', '(i32.add (local.tee $x (i32.const 7)) (local.get $x)) (local.tee $y (i32.const -3)) (i32.mul) (local.get $y) (i32.sub)');
  h('in if', '(local.get $x) (if (local.get $y) (then (local.set $x (i32.const 1)))) (local.get $x) (i32.sub)');
  h('br carries old value', '(block (result i32) (local.get $x) (local.set $x (i32.const 3)) (br 0)) (local.get $x) (i32.sub)');
  h('br_if carries old value', '(block (result i32) (local.get $x) (local.set $x (i32.const 3)) (local.get $y) (br_if 0) (drop) (i32.const 11)) (local.get $x) (i32.sub)');
  h('br_table', '(local.get $x) (block (block (br_table 0 1 (i32.and (local.get $y) (i32.const 1)))) (local.set $x (i32.const 100))) (local.get $x) (i32.sub)');
 h('br adjust', '(block (result i32) (local.get $y) (local.get $x) (local.set $x (i32.const 3)) (br 0)) (local.get $x) (i32.sub)');
  h('memory.size twice', '(local.get $x) (i32.add (memory.size) (memory.size)) (i32.sub)');
  h('memory.size', '(local.get $x) (i32.const 5) (local.set $x (memory.size)) (i32.sub) (local.get $x) (i32.add) (memory.grow (i32.const 0)) (i32.mul)');
  h('loop param', `(local.set $t (i32.and (local.get $y) (i32.const 7)))
    (i32.const 0) (loop $l (param i32) (result i32) (i32.const 1) (i32.add) (local.tee $c)
      (br_if $l (i32.lt_u (local.get $c) (local.get $t))))
    (local.get $x) (i32.add)`);
  // select with its result into an operand local (and an old copy of that local below).
  const selects: readonly (readonly [string, string])[] = [['x', '$x'], ['y', '$y'], ['c', '$c']];
  for (const [n, into] of selects) {
    h(`select into ${n}`, `(local.set $c (i32.and (local.get $y) (i32.const 1))) (local.set ${into} (select (local.get $x) (local.get $y) (local.get $c))) (i32.add (local.get ${into}) (i32.mul (local.get $c) (i32.const 1000)))`);
    h(`select into ${n} under`, `(local.set $c (i32.and (local.get $x) (i32.const 1))) (local.get ${into}) (local.set ${into} (select (local.get $y) (i32.const 77) (local.get $c))) (local.get ${into}) (i32.sub)`);
  }
  h('typed select', '(local.set $c (i32.and (local.get $y) (i32.const 1))) (local.set $y (select (result i32) (local.get $x) (local.get $y) (local.get $c))) (local.get $y)');
  // More than 32 deferred values (locals and constants), then an order-sensitive fold.
  const many = (count: number, middle: string): string => {
    const vals: string[] = [];
    for (let i = 0; i < count; i++) vals.push(i % 3 === 0 ? '(local.get $x)' : i % 3 === 1 ? `(i32.const ${i * 7919 - 100000})` : '(local.get $y)');
    const ops = ['i32.sub', 'i32.xor', 'i32.add', 'i32.rotl', 'i32.mul'];
    const folds: string[] = [];
    for (let i = 0; i < count - 1; i++) folds.push(`(${ops[i % ops.length]})`);
    const half = count >> 1;
    return `${vals.slice(0, half).join(' ')} ${middle} ${vals.slice(half).join(' ')} ${folds.join(' ')}`;
  };
  h('40 deferred', many(40, ''));
  h('33 deferred', many(33, ''));
  h('40 deferred, x set midway', many(40, '(local.set $x (i32.const 99))'));
  h('70 deferred, y set midway', many(70, '(local.set $y (i32.add (local.get $x) (local.get $y)))'));
  // Operand heights past the translator's first table size (64), never deferred.
  const stackVals = Array.from({ length: 70 }, (_, i) => (i % 2 === 0 ? '(global.get $a)' : '(global.get $b)')).join(' ');
  const stackFolds = Array.from({ length: 69 }, (_, i) => (i % 3 === 0 ? '(i32.sub)' : i % 3 === 1 ? '(i32.xor)' : '(i32.rotl)')).join(' ');
  h('70 stack values', `(global.set $a (local.get $x)) (global.set $b (local.get $y)) ${stackVals} (local.tee $c) (local.get $c) (i32.add) ${stackFolds}`);
  const i64sig = '(param $x i64) (param $y i64) (result i64)';
  const vals64: string[] = [];
  for (let i = 0; i < 36; i++) vals64.push(i % 2 === 0 ? '(local.get $x)' : `(i64.const ${BigInt(i) * 0x100000001n - 7n})`);
  fn('hazard/36 deferred i64', i64sig, `${vals64.join(' ')} ${Array.from({ length: 35 }, (_, i) => (i % 2 === 0 ? '(i64.sub)' : '(i64.xor)')).join(' ')}`, pairs(I64_EDGES.slice(0, 8)));
  fn('hazard/i64 set under', i64sig, '(local.get $x) (local.get $y) (local.set $x) (local.get $x) (i64.sub)', pairs(I64_EDGES.slice(0, 8)));
  fn('hazard/i64 redirect under', i64sig, '(local.get $x) (local.set $x (i64.shl (local.get $x) (local.get $y))) (local.get $x) (i64.sub)', pairs(I64_EDGES));
  fn('hazard/i64 select into x', `${i64sig} (local $c i32)`, '(local.set $c (i32.wrap_i64 (i64.and (local.get $y) (i64.const 1)))) (local.set $x (select (local.get $y) (local.get $x) (local.get $c))) (local.get $x)', pairs(I64_EDGES.slice(0, 8)));
  const f64sig = '(param $x f64) (param $y f64) (result f64) (local $c i32)';
  const f64args = pairs(F64.edges);
  fn('hazard/f64 set under', f64sig, '(local.get $x) (local.get $y) (local.set $x) (local.get $x) (f64.sub)', f64args);
  fn('hazard/f64 select into y', f64sig, '(local.set $c (f64.lt (local.get $x) (local.get $y))) (local.set $y (select (local.get $x) (local.get $y) (local.get $c))) (local.get $y)', f64args);
  fn('hazard/f64 tee const', f64sig, '(f64.add (local.tee $x (f64.const 2.5)) (f64.mul (local.get $x) (local.get $y)))', f64args);
  // Unary results into their operand local.
  for (const op of ['i32.eqz', 'i32.clz', 'i32.ctz', 'i32.popcnt', 'i32.extend8_s', 'i32.extend16_s']) {
    h(`unary ${op} into x`, `(local.get $x) (local.set $x (${op} (local.get $x))) (local.get $x) (i32.sub)`);
  }
  for (const op of ['i64.clz', 'i64.ctz', 'i64.popcnt', 'i64.extend8_s', 'i64.extend16_s', 'i64.extend32_s']) {
    fn(`hazard/unary ${op} into x`, i64sig, `(local.get $x) (local.set $x (${op} (local.get $x))) (local.get $x) (i64.sub)`, pairs(I64_EDGES, [0n]));
  }
  for (const op of ['f64.neg', 'f64.abs', 'f64.sqrt', 'f64.ceil', 'f64.nearest']) {
    fn(`hazard/unary ${op} into x`, f64sig, `(local.set $x (${op} (local.get $x))) (f64.add (local.get $x) (local.get $y))`, pairs(F64.edges, [0]));
  }
  // Deferred values into block parameters, a br_table value, a return, the function's label.
  h('if params', '(local.get $x) (local.get $y) (local.set $x (i32.const 2)) (if (param i32 i32) (result i32) (i32.lt_s (local.get $x) (local.get $y)) (then (i32.add)) (else (i32.sub)))');
  h('block params', '(local.get $y) (local.get $x) (block (param i32 i32) (result i32) (local.set $x (i32.const 0)) (i32.sub))');
  h('loop params', '(local.get $y) (i32.const 3) (loop (param i32 i32) (result i32) (i32.mul) (local.get $x) (i32.sub))');
  h('br_table value', '(block $b (result i32) (block $a (result i32) (local.get $x) (local.set $x (i32.const 7)) (br_table $a $b (i32.and (local.get $y) (i32.const 1)))) (local.get $x) (i32.mul)) (local.get $x) (i32.add)');
  h('return mid', '(local.get $y) (local.get $x) (local.set $x (i32.const 1)) (if (i32.lt_u (local.get $y) (i32.const 5)) (then (return (i32.add (local.get $x) (i32.const 10))))) (return)');
  h('br_if to function', '(local.get $x) (local.set $x (i32.const 4)) (br_if 0 (i32.gt_s (local.get $y) (i32.const 0))) (local.get $x) (i32.add)');
  h('br_if to function, adjust', '(local.get $x) (local.set $x (i32.const 4)) (local.get $x) (br_if 0 (i32.gt_s (local.get $y) (i32.const 0))) (i32.add)');
  h('br to function', '(local.get $x) (i32.const 1) (local.set $x (i32.const 4)) (if (local.get $y) (then (br 1 (local.get $x)))) (i32.add)');
  // Unary ops on constants (written to a slot first).
  h('unary consts', '(i32.add (i32.clz (i32.const 0x100)) (i32.wrap_i64 (i64.ctz (i64.const 0x100000000)))) (i32.add (i32.eqz (i32.const 0))) (i32.add (i32.trunc_f64_s (f64.neg (f64.const 2.5)))) (i32.add (i32.reinterpret_f32 (f32.neg (f32.const nan:0x1))))');
  // Deferred values returned as several results, and taken from a call's several results.
  fn('hazard/multi-value return', '(param $x i32) (param $y i32) (result i32 i32 i32)', '(local.get $x) (local.get $y) (i32.const 5) (local.set $x (local.get $y)) (local.set $y (i32.const 9)) (local.get $x) (i32.sub)', all);
  h('multi-value call', '(local.get $x) (call $pair (local.get $y) (local.get $x)) (local.set $x) (i32.sub) (local.get $x) (i32.xor)');
  // Deferred values across calls.
  h('call', '(local.get $x) (i32.const 5) (local.get $y) (call $triple (local.get $y)) (i32.add) (i32.sub) (i32.xor) (global.get $a) (i32.add)');
  h('call result into x', '(local.get $x) (local.set $x (call $triple (local.get $y))) (local.get $x) (i32.sub)');
  h('call with deferred args', '(local.get $y) (call $mix2 (local.get $x) (i32.const 7)) (local.set $y (call $mix2 (local.get $y) (local.get $x))) (i32.sub) (local.get $y) (i32.xor)');
  h('call then redirect', '(local.get $x) (drop (call $triple (i32.const 1))) (local.set $x (i32.add (local.get $x) (i32.const 1))) (local.get $x) (i32.sub)');
}
hazards();

// ---- division -----------------------------------------------------------------------------------

function division(): void {
  const fn = sectionOf('division');
  const tys: readonly (readonly [Num, readonly unknown[], readonly string[]])[] = [
    [I32, [0, 1, -1, 7, -7, -0x80000000, 0x7fffffff, 100], ['0', '1', '-1', '7', '-0x80000000', '0x7fffffff']],
    [I64, [0n, 1n, -1n, 7n, -7n, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 32n], ['0', '1', '-1', '7', '-0x8000000000000000', '0x7fffffffffffffff', '0x100000000']],
  ];
  for (const [ty, edges, consts] of tys) {
    const sig = `(param $x ${ty.t}) (param $y ${ty.t}) (result ${ty.t})`;
    const head = globalsFrom(ty);
    const all = pairs(edges);
    const zero = edges[0];
    const xs = edges.map((x) => [x, zero]);
    for (const op of ['div_s', 'div_u', 'rem_s', 'rem_u']) {
      const o = `${ty.t}.${op}`;
      fn(`${o}/ll`, sig, `(${o} (local.get $x) (local.get $y))`, all);
      fn(`${o}/gg`, sig, `${head} (${o} (global.get ${ty.ga}) (global.get ${ty.gb}))`, all);
      fn(`${o}/setx/ll`, sig, `(local.set $x (${o} (local.get $x) (local.get $y))) (local.get $x)`, all);
      fn(`${o}/sety/ll`, sig, `(local.set $y (${o} (local.get $x) (local.get $y))) (local.get $y)`, all);
      for (const k of consts) {
        const c = `(${ty.t}.const ${k})`;
        fn(`${o}/lc/${k}`, sig, `(${o} (local.get $x) ${c})`, xs);
        fn(`${o}/gc/${k}`, sig, `${head} (${o} (global.get ${ty.ga}) ${c})`, xs);
        fn(`${o}/cl/${k}`, sig, `(${o} ${c} (local.get $x))`, xs);
        fn(`${o}/setx/lc/${k}`, sig, `(local.set $x (${o} (local.get $x) ${c})) (local.get $x)`, xs);
        fn(`${o}/setx/cl/${k}`, sig, `(local.set $x (${o} ${c} (local.get $x))) (local.get $x)`, xs);
      }
      for (const [k1, k2] of [[consts[4]!, consts[2]!], [consts[3]!, consts[0]!], [consts[5]!, consts[3]!]]) {
        fn(`${o}/cc/${k1}/${k2}`, sig, `(${o} (${ty.t}.const ${k1}) (${ty.t}.const ${k2}))`, [[zero, zero]]);
      }
    }
  }
}
division();

// ---- the module ---------------------------------------------------------------------------------

/** Memory contents: a byte pattern at both ends, with NaN patterns at NAN_ADDRS. */
const hex = (bytes: readonly number[]): string => bytes.map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');
const DATA = hex(Array.from({ length: 256 }, (_, i) => (i * 37 + 11) & 0xff));
const NAN_F64 = hex([0x01, 0, 0, 0, 0, 0, 0xf0, 0x7f]); // signaling NaN, payload 1
const NEG_NAN_F64 = hex([0x23, 0x01, 0, 0, 0, 0, 0xf8, 0xff]); // quiet, negative, payload 0x123
const NAN_F32S = hex([0x01, 0, 0x80, 0x7f, 0x05, 0, 0xa0, 0xff]); // two f32 NaNs
/** The module of one section: shared globals, memory, data and callees, then its cases. */
const moduleText = (cases: readonly Case[]): string => `(module
  (global $a (mut i32) (i32.const 0)) (global $b (mut i32) (i32.const 0))
  (global $A (mut i64) (i64.const 0)) (global $B (mut i64) (i64.const 0))
  (global $fa (mut f64) (f64.const 0)) (global $fb (mut f64) (f64.const 0))
  (global $sa (mut f32) (f32.const 0)) (global $sb (mut f32) (f32.const 0))
  (memory (export "memory") 1)
  (data (i32.const 0) "${DATA}") (data (i32.const 65280) "${DATA}")
  (data (i32.const 16) "${NAN_F64}${NEG_NAN_F64}${NAN_F32S}")
  (data (i32.const 65528) "${NAN_F64}")
  (func $triple (param $p i32) (result i32)
    (local.get $p) (local.set $p (i32.mul (local.get $p) (i32.const 3))) (global.set $a (local.get $p))
    (local.get $p) (i32.sub))
  (func $pair (param $p i32) (param $q i32) (result i32 i32)
    (local.get $q) (local.set $q (i32.mul (local.get $p) (i32.const 5))) (local.get $q))
  (func $mix2 (param $p i32) (param $q i32) (result i32)
    (local.set $q (i32.xor (local.get $q) (local.get $p))) (local.get $p) (local.set $p (i32.const 0))
    (i32.rotl (local.get $q)) (local.get $p) (i32.add))
  ${cases.map((c) => c.text).join('\n  ')})`;

// ---- running ------------------------------------------------------------------------------------

type TrapKind = 'memory' | 'divideByZero' | 'overflow';
type Outcome = { readonly value: unknown } | { readonly trap: TrapKind };

/** V8's RuntimeError messages (engine text, tests only) by trap kind. */
const V8_TRAPS: ReadonlyMap<string, TrapKind> = new Map([
  ['memory access out of bounds', 'memory'],
  ['divide by zero', 'divideByZero'],
  ['remainder by zero', 'divideByZero'],
  ['divide result unrepresentable', 'overflow'],
]);
/** detwasm's trap code and spec message by trap kind. */
const DETWASM_TRAPS: ReadonlyMap<number, readonly [TrapKind, string]> = new Map([
  [TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, ['memory', 'out of bounds memory access']],
  [TrapCode.INTEGER_DIVIDE_BY_ZERO, ['divideByZero', 'integer divide by zero']],
  [TrapCode.INTEGER_OVERFLOW, ['overflow', 'integer overflow']],
]);

function v8Outcome(f: (...args: unknown[]) => unknown, args: readonly unknown[]): Outcome {
  try {
    return { value: f(...args) };
  } catch (e) {
    const kind = e instanceof WA.RuntimeError ? V8_TRAPS.get(e.message) : undefined;
    if (kind === undefined) throw e;
    return { trap: kind };
  }
}

function detwasmOutcome(inst: Instance, name: string, args: readonly unknown[]): Outcome {
  try {
    const results = inst.invoke(name, args);
    return { value: results.length === 1 ? results[0] : results };
  } catch (e) {
    const known = e instanceof Trap ? DETWASM_TRAPS.get(e.code) : undefined;
    if (known === undefined || (e as Trap).message !== known[1]) throw e;
    return { trap: known[0] };
  }
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  if ('trap' in a || 'trap' in b) return 'trap' in a && 'trap' in b && a.trap === b.trap;
  if (Array.isArray(a.value) && Array.isArray(b.value)) {
    return a.value.length === b.value.length && a.value.every((v, i) => Object.is(v, (b.value as unknown[])[i]));
  }
  return Object.is(a.value, b.value);
}

/**
 * Modules of at most CHUNK functions, each run on fresh instances with its cases in order:
 * translating a function builds a FuncValidator, which scans all exports (declaredFuncRefs), so
 * one module of ~10k exported functions spent seconds per schedule there.
 */
const CHUNK = 500;
const SECTIONS: readonly string[] = [...new Set(CASES.map((c) => c.section))];
interface Chunk {
  readonly cases: readonly Case[];
  readonly v8: object;
  readonly detwasm: ReturnType<typeof compile>;
}
/** Calls per section (each must run). */
const CALLS: ReadonlyMap<string, number> = new Map(
  SECTIONS.map((section) => [section, CASES.reduce((n, c) => n + (c.section === section ? c.args.length : 0), 0)]),
);
const CHUNKS: ReadonlyMap<string, readonly Chunk[]> = new Map(
  SECTIONS.map((section) => {
    const all = CASES.filter((c) => c.section === section);
    const chunks: Chunk[] = [];
    for (let i = 0; i < all.length; i += CHUNK) {
      const cases = all.slice(i, i + CHUNK);
      const bytes = wat(moduleText(cases));
      chunks.push({ cases, v8: new WA.Module(bytes), detwasm: compile(bytes) });
    }
    return [section, chunks];
  }),
);

/**
 * Gas schedules and the sections each runs (strict: a GAS op per straight-line run; 'header':
 * loops pay at their header, so back-edges are plain branches, not the _LOOP forms).
 */
const SCHEDULES: readonly (readonly [string, Partial<GasSchedule> | undefined, readonly string[]])[] = [
  ['gas off', undefined, SECTIONS],
  ['default gas', DEFAULT_GAS_SCHEDULE, SECTIONS],
  ['strict gas', STRICT_GAS_SCHEDULE, SECTIONS],
  ['header loop charge', { ...DEFAULT_GAS_SCHEDULE, loopCharge: 'header' }, ['branches', 'hazards', 'f64']],
];

/** Runs every case of `section` on both engines; returns the divergences and the call count. */
function runSection(section: string, gas: Partial<GasSchedule> | undefined): { divergences: unknown[]; compared: number } {
  const divergences: unknown[] = [];
  let compared = 0;
  for (const chunk of CHUNKS.get(section)!) {
    const v8 = new WA.Instance(chunk.v8, {}).exports;
    const inst = instantiate(chunk.detwasm, {}, gas === undefined ? {} : { gas });
    for (const c of chunk.cases) {
      for (const args of c.args) {
        const expected = v8Outcome(v8[c.name] as (...a: unknown[]) => unknown, args);
        const actual = detwasmOutcome(inst, c.name, args);
        if (!sameOutcome(actual, expected)) divergences.push({ name: c.name, args, detwasm: actual, v8: expected });
        compared++;
      }
    }
    // The whole memory: stores that trap write nothing, and every stored byte matches.
    const ours = new Uint8Array((inst.exports.memory as { buffer: ArrayBuffer }).buffer);
    const theirs = new Uint8Array((v8.memory as { buffer: ArrayBuffer }).buffer);
    const at = ours.length !== theirs.length ? 0 : ours.findIndex((b, i) => b !== theirs[i]);
    if (at >= 0) divergences.push({ memoryAt: at, detwasm: ours[at], v8: theirs[at], after: chunk.cases.at(-1)!.name });
  }
  return { divergences, compared };
}

describe.each(SCHEDULES)('register-form translator agrees with V8, %s', (_label, gas, sections) => {
  it.each(sections)('%s', (section) => {
    // Thousands of calls trap: Errors without stack traces cost a fraction (~4 s less here).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    let outcome: { divergences: unknown[]; compared: number };
    try {
      outcome = runSection(section, gas);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    expect(outcome.divergences.slice(0, 10)).toEqual([]);
    expect(outcome.divergences.length).toBe(0);
    expect(outcome.compared).toBe(CALLS.get(section));
  });
});
