/**
 * Generates the C source of the large decode-validate module (bench/workloads/large.wasm, >= 1 MB
 * once built by scripts/build-bench-wasm.sh): FUNC_COUNT distinct functions of random straight-line
 * code, loops, if/else, switch (br_table), i32/i64/f64 arithmetic, linear-memory loads and stores,
 * direct and indirect calls. Deterministic (seeded PRNG), so the same source comes out every time.
 * Usage: node bench/workloads/gen-large.mjs [funcCount] > large.c
 * The code is never run, only decoded and validated: it need only be varied and valid.
 */
const FUNC_COUNT = Number(process.argv[2] ?? 3000);

// mulberry32: a small seeded PRNG (deterministic output; Math.random would change every run).
let seed = 0x2545f491;
function rand() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];

const RET_TYPES = ['u32', 'u64', 'double'];
const retTypes = [];

const X = ['x0', 'x1', 'x2', 'x3', 'a'];
const Y = ['y0', 'y1', 'b'];
const Z = ['z0', 'z1', 'c'];

function k32() { return `${int(0x7fffffff) >>> 0}u`; }
function k64() { return `0x${int(0xffffffff).toString(16)}${int(0xffffffff).toString(16).padStart(8, '0')}ull`; }
function kf() { return (rand() * 200 - 100).toFixed(int(6) + 1); }

function e32(d) {
  if (d <= 0) return rand() < 0.5 ? pick(X) : k32();
  switch (int(11)) {
    case 0: return `(${e32(d - 1)} + ${e32(d - 1)})`;
    case 1: return `(${e32(d - 1)} * ${k32()})`;
    case 2: return `(${e32(d - 1)} ^ (${e32(d - 1)} >> ${1 + int(30)}))`;
    case 3: return `(${e32(d - 1)} / (${e32(d - 1)} | 1u))`;
    case 4: return `(u32)(${e64(d - 1)} >> ${int(40)})`;
    case 5: return `(u32)(i32)(${ef(d - 1)} > 0.0 && ${ef(d - 1)} < 1e9 ? ${ef(d - 1)} : 7.0)`;
    case 6: return `(${e32(d - 1)} < ${e32(d - 1)} ? ${e32(d - 1)} : ${e32(d - 1)})`;
    case 7: return `g32[(${e32(d - 1)}) & 1023]`;
    case 8: return `rotl32(${e32(d - 1)}, ${1 + int(30)})`;
    case 9: return `(u32)((i32)${e32(d - 1)} % ${2 + int(1000)})`;
    default: return `(${e32(d - 1)} - (${e32(d - 1)} & ${k32()}))`;
  }
}
function e64(d) {
  if (d <= 0) return rand() < 0.5 ? pick(Y) : k64();
  switch (int(9)) {
    case 0: return `(${e64(d - 1)} + ${e64(d - 1)})`;
    case 1: return `(${e64(d - 1)} * ${k64()})`;
    case 2: return `rotl64(${e64(d - 1)}, ${1 + int(62)})`;
    case 3: return `(${e64(d - 1)} ^ (${e64(d - 1)} >> ${1 + int(62)}))`;
    case 4: return `(u64)${e32(d - 1)}`;
    case 5: return `(u64)(i64)(i32)${e32(d - 1)}`;
    case 6: return `g64[(${e32(d - 1)}) & 511]`;
    case 7: return `(${e64(d - 1)} / (${e64(d - 1)} | 1ull))`;
    default: return `(${e64(d - 1)} | ${e64(d - 1)} << ${int(63)})`;
  }
}
function ef(d) {
  if (d <= 0) return rand() < 0.6 ? pick(Z) : kf();
  switch (int(8)) {
    case 0: return `(${ef(d - 1)} + ${ef(d - 1)})`;
    case 1: return `(${ef(d - 1)} * ${kf()})`;
    case 2: return `(${ef(d - 1)} / (${ef(d - 1)} + ${kf()}))`;
    case 3: return `(double)${e32(d - 1)}`;
    case 4: return `(double)(i64)${e64(d - 1)}`;
    case 5: return `gf[(${e32(d - 1)}) & 255]`;
    case 6: return `(${ef(d - 1)} < ${ef(d - 1)} ? ${ef(d - 1)} : -(${ef(d - 1)}))`;
    default: return `__builtin_sqrt(__builtin_fabs(${ef(d - 1)}))`;
  }
}
function cond(d) {
  switch (int(4)) {
    case 0: return `${e32(d)} > ${e32(d)}`;
    case 1: return `(${e32(d)} & ${1 << int(16)}u) != 0`;
    case 2: return `${e64(d)} < ${e64(d)}`;
    default: return `${ef(d)} >= ${ef(d)}`;
  }
}

function call(fi) {
  const j = int(fi);
  const args = `${e32(1)}, ${e64(1)}, ${ef(1)}`;
  switch (retTypes[j]) {
    case 'u32': return `${pick(X.slice(0, 4))} ^= f${j}(${args});`;
    case 'u64': return `${pick(Y.slice(0, 2))} += f${j}(${args});`;
    default: return `${pick(Z.slice(0, 2))} -= f${j}(${args});`;
  }
}

function stmts(fi, depth, count, ind) {
  const out = [];
  for (let s = 0; s < count; s++) {
    const r = int(depth > 0 ? 12 : 8);
    switch (r) {
      case 0: case 1: out.push(`${ind}${pick(X.slice(0, 4))} = ${e32(2)};`); break;
      case 2: out.push(`${ind}${pick(Y.slice(0, 2))} = ${e64(2)};`); break;
      case 3: out.push(`${ind}${pick(Z.slice(0, 2))} = ${ef(2)};`); break;
      case 4: out.push(`${ind}g32[(${pick(X)}) & 1023] = ${e32(1)};`); break;
      case 5: out.push(`${ind}${rand() < 0.5 ? `g64[(${pick(X)}) & 511] = ${e64(1)}` : `gf[(${pick(X)}) & 255] = ${ef(1)}`};`); break;
      case 6: out.push(fi > 0 ? `${ind}${call(fi)}` : `${ind}x0 += 1u;`); break;
      case 7: out.push(`${ind}x${int(4)} = table[${pick(X)} & 7](${pick(X)});`); break;
      case 8: case 9:
        out.push(`${ind}if (${cond(1)}) {`, ...stmts(fi, depth - 1, 1 + int(3), ind + '  '), `${ind}} else {`,
          ...stmts(fi, depth - 1, 1 + int(2), ind + '  '), `${ind}}`);
        break;
      case 10: {
        const v = `i${depth}`;
        out.push(`${ind}for (u32 ${v} = 0; ${v} < (${pick(X)} & ${3 + int(29)}u); ${v}++) {`,
          `${ind}  ${pick(X.slice(0, 4))} += ${v} * ${k32()};`, ...stmts(fi, depth - 1, 1 + int(3), ind + '  '), `${ind}}`);
        break;
      }
      default: {
        out.push(`${ind}switch (${pick(X)} % ${5 + int(6)}u) {`);
        const cases = 3 + int(5);
        for (let c = 0; c < cases; c++) {
          out.push(`${ind}  case ${c}:`, ...stmts(fi, depth - 1, 1 + int(2), ind + '    '), `${ind}    break;`);
        }
        out.push(`${ind}  default: ${pick(X.slice(0, 4))} ^= ${k32()};`, `${ind}}`);
      }
    }
  }
  return out;
}

const lines = [
  '/* Generated by bench/workloads/gen-large.mjs: do not edit. */',
  'typedef int i32; typedef unsigned int u32; typedef long long i64; typedef unsigned long long u64;',
  'u32 g32[1024]; u64 g64[512]; double gf[256];',
  'static inline u32 rotl32(u32 x, int r) { return (x << r) | (x >> (32 - r)); }',
  'static inline u64 rotl64(u64 x, int r) { return (x << r) | (x >> (64 - r)); }',
  '__attribute__((noinline)) u32 t0(u32 v) { return v * 3u + 1u; }',
  '__attribute__((noinline)) u32 t1(u32 v) { return v ^ (v >> 3); }',
  '__attribute__((noinline)) u32 t2(u32 v) { return v - 0x1234u; }',
  '__attribute__((noinline)) u32 t3(u32 v) { return rotl32(v, 5); }',
  'u32 (*table[8])(u32) = { t0, t1, t2, t3, t3, t2, t1, t0 };',
];
for (let fi = 0; fi < FUNC_COUNT; fi++) {
  const ret = pick(RET_TYPES);
  retTypes.push(ret);
  const body = stmts(fi, 2, 4 + int(6), '  ');
  const result = ret === 'u32' ? 'x0 ^ x1 ^ x2 ^ x3 ^ (u32)y0 ^ (u32)y1 ^ (u32)(i32)z0'
    : ret === 'u64' ? 'y0 + y1 + x0 + x1 + x2 + x3 + (u64)(i64)z1'
      : 'z0 + z1 + (double)x0 + (double)(i64)y1';
  lines.push(
    `__attribute__((export_name("f${fi}"), noinline)) ${ret} f${fi}(u32 a, u64 b, double c) {`,
    `  u32 x0 = a, x1 = ${k32()}, x2 = a ^ ${k32()}, x3 = (u32)b;`,
    `  u64 y0 = b, y1 = ${k64()};`,
    `  double z0 = c, z1 = ${kf()};`,
    ...body,
    `  return ${result};`,
    '}',
  );
}
process.stdout.write(lines.join('\n') + '\n');
