/*
 * Execute-suite workloads (bench/suites/execute.mjs): small, deterministic kernels written for
 * the benchmark, each exported as `NAME(n) -> result` so detwasm and V8 results can be compared
 * before timing. Built by scripts/build-bench-wasm.sh with
 *   clang --target=wasm32 -O2 -nostdlib -ffreestanding -fno-builtin  (no libc, no bulk memory)
 * Exports: collatz, sieve, sort, hash, matmul, mandelbrot, calls (fib is in fib.wat: clang -O2
 * turns one of its two recursive calls into a loop).
 */
typedef int i32;
typedef unsigned int u32;
typedef long long i64;
typedef unsigned long long u64;

#define EXPORT(name) __attribute__((export_name(#name)))
#define NOINLINE __attribute__((noinline))

/*
 * Nested loops and branches: the longest Collatz chain for starts 1..n (n <= 100000 keeps every
 * value below 2^32). Returns steps * 1000000 + start.
 */
EXPORT(collatz) i32 collatz(i32 n) {
  i32 best = 0, bestAt = 0;
  for (i32 i = 1; i <= n; i++) {
    u32 x = (u32)i;
    i32 steps = 0;
    while (x != 1) {
      if (x & 1) x = 3 * x + 1;
      else x >>= 1;
      steps++;
    }
    if (steps > best) { best = steps; bestAt = i; }
  }
  return best * 1000000 + bestAt;
}

/* Byte-array loops: count the primes below n (n <= 1 << 20) with the sieve of Eratosthenes. */
static unsigned char composite[1 << 20];
EXPORT(sieve) i32 sieve(i32 n) {
  for (i32 i = 0; i < n; i++) composite[i] = 0;
  i32 count = 0;
  for (i32 i = 2; i < n; i++) {
    if (composite[i]) continue;
    count++;
    for (i32 j = i + i; j < n; j += i) composite[j] = 1;
  }
  return count;
}

/* Memory sort: quicksort (insertion sort below 16 elements) of n pseudo-random i32 in memory. */
static i32 values[1 << 16];
static void insertion_sort(i32 *a, i32 lo, i32 hi) {
  for (i32 i = lo + 1; i <= hi; i++) {
    i32 v = a[i];
    i32 j = i - 1;
    while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; }
    a[j + 1] = v;
  }
}
static void quick_sort(i32 *a, i32 lo, i32 hi) {
  while (hi - lo >= 16) {
    i32 pivot = a[lo + ((hi - lo) >> 1)];
    i32 i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { i32 t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
    }
    if (j - lo < hi - i) { quick_sort(a, lo, j); lo = i; }
    else { quick_sort(a, i, hi); hi = j; }
  }
  insertion_sort(a, lo, hi);
}
/* Returns a position-weighted checksum of the sorted array, or -1 when it is not sorted. */
EXPORT(sort) i32 sort(i32 n) {
  u32 seed = 12345;
  for (i32 i = 0; i < n; i++) { seed = seed * 1103515245u + 12345u; values[i] = (i32)(seed >> 1); }
  quick_sort(values, 0, n - 1);
  u32 sum = 0;
  for (i32 i = 0; i < n; i++) {
    if (i > 0 && values[i - 1] > values[i]) return -1;
    sum = sum * 31u + (u32)values[i];
  }
  return (i32)sum;
}

/* i64 hashing: an xxhash64-like mix (i64 mul, rotl, xor, shifts) plus FNV-1a over a 64 KiB buffer. */
static u64 words[8192];
static inline u64 rotl64(u64 x, i32 r) { return (x << r) | (x >> (64 - r)); }
#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
/* n rounds over the buffer; returns the final 64-bit hash (a BigInt in JS). */
EXPORT(hash) u64 hash(i32 rounds) {
  u64 s = 0x0123456789abcdefull;
  for (i32 i = 0; i < 8192; i++) { s ^= s << 13; s ^= s >> 7; s ^= s << 17; words[i] = s; }
  u64 h = P3;
  for (i32 r = 0; r < rounds; r++) {
    u64 a1 = h + P1 + P2, a2 = h + P2, a3 = h, a4 = h - P1;
    for (i32 i = 0; i < 8192; i += 4) {
      a1 = rotl64(a1 + words[i] * P2, 31) * P1;
      a2 = rotl64(a2 + words[i + 1] * P2, 31) * P1;
      a3 = rotl64(a3 + words[i + 2] * P2, 31) * P1;
      a4 = rotl64(a4 + words[i + 3] * P2, 31) * P1;
    }
    h = rotl64(a1, 1) + rotl64(a2, 7) + rotl64(a3, 12) + rotl64(a4, 18);
    const unsigned char *bytes = (const unsigned char *)words;
    u64 f = 0xcbf29ce484222325ull;
    for (i32 i = 0; i < 4096; i++) { f ^= bytes[i]; f *= 0x100000001b3ull; }
    h ^= f;
    h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32;
  }
  return h;
}

/* f64 kernel with memory: C = A * B for n x n matrices (n <= 96); returns the sum of C. */
static double ma[96 * 96], mb[96 * 96], mc[96 * 96];
EXPORT(matmul) double matmul(i32 n) {
  for (i32 i = 0; i < n * n; i++) {
    ma[i] = (double)(i % 7) * 0.25 - 0.5;
    mb[i] = (double)(i % 11) * 0.125 + 1.0 / (double)(i + 1);
  }
  for (i32 i = 0; i < n; i++) {
    for (i32 j = 0; j < n; j++) {
      double s = 0.0;
      for (i32 k = 0; k < n; k++) s += ma[i * n + k] * mb[k * n + j];
      mc[i * n + j] = s;
    }
  }
  double total = 0.0;
  for (i32 i = 0; i < n * n; i++) total += mc[i];
  return total;
}

/* f64 kernel without memory: Mandelbrot escape counts on an n x n grid (at most 100 iterations). */
EXPORT(mandelbrot) i32 mandelbrot(i32 n) {
  i32 total = 0;
  for (i32 y = 0; y < n; y++) {
    double ci = (double)y * 2.0 / (double)n - 1.0;
    for (i32 x = 0; x < n; x++) {
      double cr = (double)x * 3.0 / (double)n - 2.0;
      double zr = 0.0, zi = 0.0;
      i32 it = 0;
      while (it < 100 && zr * zr + zi * zi <= 4.0) {
        double t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        it++;
      }
      total += it;
    }
  }
  return total;
}

/* Call-heavy loop: three small direct calls and one indirect call (call_indirect) per iteration. */
NOINLINE i32 add3(i32 a, i32 b, i32 c) { return a + b * c; }
NOINLINE i32 mix(i32 a) { return (a ^ (a >> 7)) * 31; }
NOINLINE i32 op0(i32 a) { return a + 1; }
NOINLINE i32 op1(i32 a) { return a ^ 0x5555; }
NOINLINE i32 op2(i32 a) { return a * 3; }
NOINLINE i32 op3(i32 a) { return a - 7; }
/* External linkage: clang must load the table entries, so the calls stay indirect. */
i32 (*ops[4])(i32) = { op0, op1, op2, op3 };
EXPORT(calls) i32 calls(i32 n) {
  i32 acc = 0;
  for (i32 i = 0; i < n; i++) {
    acc = add3(acc, i, 3);
    acc = mix(acc);
    acc = ops[i & 3](acc);
  }
  return acc;
}
