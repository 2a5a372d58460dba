/*
 * coremix.c: a CoreMark-like mix of integer, float and memory work for the `real` bench suite
 * (bench/suites/real.mjs), written for detwasm (not EEMBC CoreMark, whose licence forbids
 * publishing modified runs). One call of `coremix(iterations)` runs, per iteration:
 *   - list processing: a singly linked list of 256 nodes in linear memory, reversed, searched,
 *     merge-sorted by key and checksummed;
 *   - matrix: 24 x 24 i32 matrix multiply-accumulate, plus a bit-extract pass (CoreMark's mix);
 *   - state machine: a number-format scanner (int / float / exponent / invalid) over 2 KiB of text;
 *   - CRC16 (CCITT, bitwise) over every partial result and CRC32 (table) over 4 KiB;
 *   - f64: a 32-point Horner / Newton sqrt / dot-product kernel on the iteration's data.
 * It returns a 32-bit checksum of everything, the same on every correct engine.
 * Built by scripts/build-bench-wasm.sh (clang --target=wasm32 -O2 -nostdlib).
 */
typedef unsigned int u32;
typedef int i32;
typedef unsigned short u16;
typedef unsigned char u8;

#define LIST_N 256
#define MAT_N 24
#define TEXT_N 2048
#define CRC_N 4096

typedef struct node { struct node *next; i32 key; i32 val; } node;

static node pool[LIST_N];
static i32 ma[MAT_N * MAT_N], mb[MAT_N * MAT_N], mc[MAT_N * MAT_N];
static u8 text[TEXT_N];
static u8 crcbuf[CRC_N];
static u32 crc_table[256];
static double fv[32];
static u32 seed;

static u32 rnd(void) { seed = seed * 1103515245u + 12345u; return seed >> 8; }

static u16 crc16_u8(u8 b, u16 crc) {
  crc ^= (u16)(b << 8);
  for (int i = 0; i < 8; i++) crc = (crc & 0x8000) ? (u16)((crc << 1) ^ 0x1021) : (u16)(crc << 1);
  return crc;
}
static u16 crc16_u32(u32 v, u16 crc) {
  crc = crc16_u8((u8)v, crc); crc = crc16_u8((u8)(v >> 8), crc);
  crc = crc16_u8((u8)(v >> 16), crc); return crc16_u8((u8)(v >> 24), crc);
}

static void crc32_init(void) {
  for (u32 i = 0; i < 256; i++) {
    u32 c = i;
    for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[i] = c;
  }
}
static u32 crc32(const u8 *p, u32 n) {
  u32 c = 0xffffffffu;
  for (u32 i = 0; i < n; i++) c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
  return c ^ 0xffffffffu;
}

/* --- list --- */
static node *list_build(u32 salt) {
  node *head = 0;
  for (i32 i = 0; i < LIST_N; i++) {
    node *n = &pool[i];
    n->key = (i32)((rnd() ^ salt) & 0xffff);
    n->val = i;
    n->next = head;
    head = n;
  }
  return head;
}
static node *list_reverse(node *h) {
  node *prev = 0;
  while (h) { node *nx = h->next; h->next = prev; prev = h; h = nx; }
  return prev;
}
static node *list_find(node *h, i32 key) {
  while (h && h->key != key) h = h->next;
  return h;
}
static node *list_mergesort(node *h) {
  /* bottom-up merge sort (no recursion), as CoreMark's core_list_mergesort */
  if (!h) return h;
  for (i32 insize = 1;; insize *= 2) {
    node *p = h, *tail = 0; i32 merges = 0; h = 0;
    while (p) {
      merges++;
      node *q = p; i32 psize = 0;
      for (i32 i = 0; i < insize && q; i++) { psize++; q = q->next; }
      i32 qsize = insize;
      while (psize > 0 || (qsize > 0 && q)) {
        node *e;
        if (psize == 0) { e = q; q = q->next; qsize--; }
        else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
        else if (p->key <= q->key) { e = p; p = p->next; psize--; }
        else { e = q; q = q->next; qsize--; }
        if (tail) tail->next = e; else h = e;
        tail = e;
      }
      p = q;
    }
    tail->next = 0;
    if (merges <= 1) return h;
  }
}
static u16 bench_list(u16 crc, u32 salt) {
  node *h = list_build(salt);
  h = list_reverse(h);
  i32 found = 0;
  for (i32 i = 0; i < 32; i++) {
    node *n = list_find(h, pool[(i * 37) & (LIST_N - 1)].key);
    if (n) found += n->val;
  }
  h = list_mergesort(h);
  u32 acc = (u32)found;
  i32 prev = -1, sorted = 1;
  for (node *n = h; n; n = n->next) {
    if (n->key < prev) sorted = 0;
    prev = n->key;
    acc = acc * 31u + (u32)n->val;
  }
  crc = crc16_u32(acc, crc);
  return crc16_u32((u32)sorted, crc);
}

/* --- matrix --- */
static u16 bench_matrix(u16 crc, u32 salt) {
  for (i32 i = 0; i < MAT_N * MAT_N; i++) {
    ma[i] = (i32)((rnd() ^ salt) & 0xff) - 128;
    mb[i] = (i32)(rnd() & 0xff) - 128;
  }
  for (i32 i = 0; i < MAT_N; i++)
    for (i32 j = 0; j < MAT_N; j++) {
      i32 s = 0;
      for (i32 k = 0; k < MAT_N; k++) s += ma[i * MAT_N + k] * mb[k * MAT_N + j];
      mc[i * MAT_N + j] = s;
    }
  u32 acc = 0;
  for (i32 i = 0; i < MAT_N * MAT_N; i++) {
    i32 v = mc[i] + (i32)salt;
    acc += (u32)((v >> 2) & 0xf) * (u32)((v >> 5) & 0x7f);
    mc[i] = v;
  }
  return crc16_u32(acc + (u32)mc[MAT_N * MAT_N - 1], crc);
}

/* --- state machine: scan numbers in text --- */
enum { S_START, S_INT, S_FRAC, S_EXP0, S_EXP, S_INVALID, S_COUNT };
static u16 bench_state(u16 crc, u32 salt) {
  static const char alphabet[] = "0123456789.e-+, x";
  for (i32 i = 0; i < TEXT_N; i++) text[i] = (u8)alphabet[(rnd() ^ salt) % (sizeof alphabet - 1)];
  u32 counts[S_COUNT] = {0};
  i32 state = S_START;
  for (i32 i = 0; i < TEXT_N; i++) {
    u8 c = text[i];
    i32 digit = c >= '0' && c <= '9';
    if (c == ',' || c == ' ') { counts[state]++; state = S_START; continue; }
    switch (state) {
      case S_START: state = digit ? S_INT : (c == '-' || c == '+') ? S_INT : c == '.' ? S_FRAC : S_INVALID; break;
      case S_INT: state = digit ? S_INT : c == '.' ? S_FRAC : c == 'e' ? S_EXP0 : S_INVALID; break;
      case S_FRAC: state = digit ? S_FRAC : c == 'e' ? S_EXP0 : S_INVALID; break;
      case S_EXP0: state = (digit || c == '-' || c == '+') ? S_EXP : S_INVALID; break;
      case S_EXP: state = digit ? S_EXP : S_INVALID; break;
      default: break;
    }
  }
  for (i32 s = 0; s < S_COUNT; s++) crc = crc16_u32(counts[s], crc);
  return crc;
}

/* --- f64 --- */
static u32 bench_float(u32 salt) {
  for (i32 i = 0; i < 32; i++) fv[i] = (double)(i32)((rnd() ^ salt) & 0xfff) / 256.0 - 8.0;
  double horner = 0.0, dot = 0.0;
  for (i32 i = 0; i < 32; i++) horner = horner * 0.5 + fv[i];
  for (i32 i = 0; i < 32; i++) dot += fv[i] * fv[31 - i];
  double x = dot < 0 ? -dot : dot, r = x > 1 ? x : 1;
  for (i32 k = 0; k < 20; k++) r = 0.5 * (r + x / r); /* Newton sqrt */
  double m = horner * 1024.0 + r * 4096.0;
  return (u32)(i32)m;
}

/* --- CRC32 over a block --- */
static u32 bench_crc32(u32 salt) {
  for (i32 i = 0; i < CRC_N; i++) crcbuf[i] = (u8)(rnd() ^ salt);
  return crc32(crcbuf, CRC_N);
}

__attribute__((export_name("coremix")))
u32 coremix(i32 iterations) {
  seed = 0x1234567u;
  crc32_init();
  u16 crc = 0;
  u32 sum = 0;
  for (i32 it = 0; it < iterations; it++) {
    u32 salt = (u32)it * 0x9e3779b9u;
    crc = bench_list(crc, salt);
    crc = bench_matrix(crc, salt);
    crc = bench_state(crc, salt);
    sum = sum * 33u + bench_float(salt);
    sum ^= bench_crc32(salt);
  }
  return ((u32)crc << 16) ^ sum;
}
