/**
 * Test helper: a tiny binary-format writer (spec §5) for modules wabt will not write (non-minimal
 * LEB128, every element-segment form, deliberately malformed sections). Values are plain byte
 * arrays (`number[]`) so they concatenate with spread; {@link moduleOf} makes the Uint8Array.
 *
 * LEB128 encoders use BigInt, so they double as the test oracle of the reader (never in src/).
 *   - `uleb(v, width?)` / `sleb(v, width?)`: unsigned / signed LEB128 of a number or bigint,
 *     padded with continuation bytes to `width` bytes when given (non-minimal but valid encodings).
 *   - `u32` / `s32` / `s64`: shorthands of the minimal encodings.
 *   - `name(s)`: length-prefixed UTF-8; `vec(items)`: count-prefixed concatenation.
 *   - `section(id, content)`: id + size + content; `moduleOf(...sections)`: header + sections.
 *   - `body(localRuns, code)`: one code-section entry (size, local runs, instructions).
 */

/** `\0asm` + version 1. */
export const HEADER: readonly number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** Section ids (spec §5.5.2). */
export const SEC = {
  custom: 0, type: 1, import: 2, function: 3, table: 4, memory: 5, global: 6, export: 7,
  start: 8, element: 9, code: 10, data: 11, dataCount: 12, tag: 13,
} as const;

/**
 * Unsigned LEB128 of `v` (>= 0). With `width`, pads to exactly `width` bytes (continuation bytes
 * with zero payload); throws when `v` needs more than `width` bytes.
 */
export function uleb(v: number | bigint, width?: number): number[] {
  let x = BigInt(v);
  if (x < 0n) throw new RangeError('uleb of a negative value');
  const out: number[] = [];
  do {
    out.push(Number(x & 0x7fn));
    x >>= 7n;
  } while (x !== 0n);
  return pad(out, width, 0x00);
}

/** Signed LEB128 of `v`. With `width`, pads with sign-extension bytes to exactly `width` bytes. */
export function sleb(v: number | bigint, width?: number): number[] {
  let x = BigInt(v);
  const out: number[] = [];
  for (;;) {
    const byte = Number(x & 0x7fn);
    x >>= 7n; // arithmetic shift on BigInt
    const signBitSet = (byte & 0x40) !== 0;
    if ((x === 0n && !signBitSet) || (x === -1n && signBitSet)) {
      out.push(byte);
      break;
    }
    out.push(byte);
  }
  return pad(out, width, x < 0n ? 0x7f : 0x00);
}

function pad(minimal: number[], width: number | undefined, fill: number): number[] {
  if (width === undefined) return setContinuation(minimal);
  if (minimal.length > width) throw new RangeError(`value needs ${minimal.length} bytes, more than ${width}`);
  const out = minimal.slice();
  while (out.length < width) out.push(fill);
  return setContinuation(out);
}

function setContinuation(groups: number[]): number[] {
  return groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g));
}

export function u32(v: number): number[] {
  return uleb(v);
}

export function s32(v: number): number[] {
  return sleb(v);
}

export function s64(v: bigint): number[] {
  return sleb(v);
}

/** A `name`: u32 byte length + UTF-8 bytes (or raw bytes, for malformed names). */
export function name(s: string | readonly number[]): number[] {
  const bytes = typeof s === 'string' ? [...new TextEncoder().encode(s)] : [...s];
  return [...u32(bytes.length), ...bytes];
}

/** A vector: u32 count + the items concatenated. */
export function vec(items: readonly (readonly number[])[]): number[] {
  return [...u32(items.length), ...items.flat()];
}

/** A section: id, u32 content size, content. */
export function section(id: number, content: readonly number[]): number[] {
  return [id, ...u32(content.length), ...content];
}

/** Header + the given sections (or any raw bytes). */
export function moduleOf(...sections: readonly (readonly number[])[]): Uint8Array {
  return Uint8Array.from([...HEADER, ...sections.flat()]);
}

/**
 * One code-section entry: u32 size, then the local runs `[count, valType]` and the instructions
 * (`code` must include the final `end`, 0x0b).
 */
export function body(localRuns: readonly (readonly [number, number])[], code: readonly number[]): number[] {
  const content = [...vec(localRuns.map(([n, t]) => [...u32(n), t])), ...code];
  return [...u32(content.length), ...content];
}

/** A type section of `[params] -> [results]` function types (value-type bytes). */
export function typeSection(types: readonly (readonly [readonly number[], readonly number[]])[]): number[] {
  return section(SEC.type, vec(types.map(([p, r]) => [0x60, ...vec(p.map((t) => [t])), ...vec(r.map((t) => [t]))])));
}

/** A function section: the type index of each defined function. */
export function functionSection(typeIdxs: readonly number[]): number[] {
  return section(SEC.function, vec(typeIdxs.map((t) => u32(t))));
}

/** A code section of already-encoded {@link body} entries. */
export function codeSection(bodies: readonly (readonly number[])[]): number[] {
  return section(SEC.code, vec(bodies));
}
