/**
 * The host values of the spec scripts: `(ref.extern N)` and `(ref.host N)` both denote host value N
 * (spec interpreter README, "Scripts"; in the `extern` resp. `any` hierarchy). The engine adapters
 * pass one distinct, frozen JS object per N, like the spec's JS harness `hostref(N)`
 * (spec repo `test/harness/`), and map such an object in a result back to N.
 *
 * An object, not the number N: under GC a JS number entering a reference becomes an i31 (JS API
 * ToWebAssemblyValue for anyref/externref), so a number would be confused with an i31 value.
 */

/** A host value object: `{ hostref: N }`, frozen. */
export interface HostRef {
  readonly hostref: number;
}

const BY_NUMBER = new Map<number, HostRef>();
const NUMBERS = new Map<unknown, number>();

/** The host value object of N (the same object for the same N, for identity checks). */
export function hostRef(n: number): HostRef {
  let r = BY_NUMBER.get(n);
  if (r === undefined) {
    r = Object.freeze({ hostref: n });
    BY_NUMBER.set(n, r);
    NUMBERS.set(r, n);
  }
  return r;
}

/** N when `x` is the host value object of N; undefined for every other value. */
export function hostRefNumber(x: unknown): number | undefined {
  return NUMBERS.get(x);
}
