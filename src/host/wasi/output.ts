/**
 * A bounded capture buffer for one WASI output stream (stdout or stderr, written with preview1
 * `fd_write`). It keeps the first `limitBytes` bytes and drops the rest, remembering that it did
 * (`isTruncated`) and how many bytes the program wrote in all (`writtenBytes`).
 */

const decoder = new TextDecoder('utf-8', { fatal: false });

export class BoundedOutput {
  /** Most bytes kept. */
  readonly limitBytes: number;
  private buffer: Uint8Array;
  private length: number;
  private total: number;

  constructor(limitBytes: number) {
    this.limitBytes = limitBytes;
    this.buffer = new Uint8Array(Math.min(limitBytes, 256));
    this.length = 0;
    this.total = 0;
  }

  /** Bytes the program wrote, kept or not. */
  get writtenBytes(): number {
    return this.total;
  }

  /** True once a write went past the limit (some bytes were dropped). */
  get isTruncated(): boolean {
    return this.total > this.length;
  }

  /** Bytes that can still be kept. */
  get roomBytes(): number {
    return this.limitBytes - this.length;
  }

  /**
   * Records a write of `writtenLength` bytes (default `bytes.length`) whose first bytes are
   * `bytes` (a caller that knows the rest is dropped passes only what fits); keeps what fits.
   */
  append(bytes: Uint8Array, writtenLength: number = bytes.length): void {
    this.total += writtenLength;
    const room = this.limitBytes - this.length;
    const keep = Math.min(bytes.length, writtenLength, room);
    if (keep <= 0) return;
    const needed = this.length + keep;
    if (needed > this.buffer.length) {
      let size = this.buffer.length * 2;
      while (size < needed) size *= 2;
      const grown = new Uint8Array(Math.min(size, this.limitBytes));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(keep === bytes.length ? bytes : bytes.subarray(0, keep), this.length);
    this.length = needed;
  }

  /** A copy of the kept bytes. */
  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  /** The kept bytes as UTF-8 text (invalid sequences, e.g. a character cut by the limit, become U+FFFD). */
  text(): string {
    return decoder.decode(this.buffer.subarray(0, this.length));
  }
}
