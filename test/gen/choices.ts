/**
 * Test generator: the source of every random decision the module generator makes.
 *
 * A {@link Choices} is a finite sequence of uint32 "choice words" (Hypothesis-style choice
 * sequence): `int(n)` consumes one word and returns it modulo `n`. When the words run out every
 * choice is 0, and the generator is written so that choice 0 is always the simplest option (stop
 * adding instructions, take a leaf, the first type), so any sequence, however short, gives a valid
 * module. This is what makes fast-check's shrinking useful: shrinking the word array (fewer words,
 * smaller words) shrinks the program.
 *
 * Two sources: an explicit word array (what fast-check generates and shrinks), and a seeded PRNG
 * (mulberry32) for the long fuzz runs, where no array needs to be stored.
 */

/** A sequence of random decisions (see the file comment). */
export class Choices {
  private readonly words: Uint32Array | null;
  private pos = 0;
  private state: number;
  /** Words consumed so far. */
  consumed = 0;

  /** Words produced so far (seeded streams with recording on), for replay and shrinking. */
  private readonly log: number[] | null;

  private constructor(words: Uint32Array | null, seed: number, isRecording: boolean) {
    this.words = words;
    this.state = seed | 0;
    this.log = isRecording ? [] : null;
  }

  /** Choices from an explicit word array (exhausted: every choice is 0). */
  static fromWords(words: Uint32Array): Choices {
    return new Choices(words, 0, false);
  }

  /**
   * An endless stream of choices from a 32-bit seed (mulberry32). With `isRecording`, the words
   * are kept: {@link recorded} then replays the same decisions through {@link fromWords}.
   */
  static fromSeed(seed: number, isRecording = false): Choices {
    return new Choices(null, seed, isRecording);
  }

  /** The words produced so far (empty unless recording). */
  recorded(): Uint32Array {
    return Uint32Array.from(this.log ?? []);
  }

  /** The next raw uint32 word (0 once an explicit array is exhausted). */
  word(): number {
    this.consumed++;
    const w = this.words;
    if (w !== null) return this.pos < w.length ? w[this.pos++]! : 0;
    // mulberry32 (public domain; Tommy Ettinger): a tiny full-period 32-bit generator.
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const out = (t ^ (t >>> 14)) >>> 0;
    if (this.log !== null) this.log.push(out);
    return out;
  }

  /** An integer in [0, n); 0 when n <= 1 (no word consumed). */
  int(n: number): number {
    if (n <= 1) return 0;
    return this.word() % n;
  }

  /** An integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `num / den` (false when exhausted). */
  chance(num: number, den: number): boolean {
    return this.int(den) >= den - num;
  }

  /** One element of a non-empty array (the first when exhausted). */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /**
   * An index into `weights` with probability proportional to its weight (index 0 when
   * exhausted, so put the simplest option first). Zero weights are never chosen (unless all are).
   */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    if (total <= 0) return 0;
    let r = this.int(total);
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i]!;
      if (r < w) return i;
      r -= w;
    }
    return 0;
  }
}
