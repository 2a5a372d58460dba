/**
 * Decoding limits: bounds on what one module may declare, checked while decoding so that no input
 * makes the decoder allocate or loop beyond them (hostile-input hardening). Defaults follow the
 * limits V8 and SpiderMonkey agree on (the JS-API "implementation limits" list), and are far above
 * what compilers emit; a module over a limit is rejected with MalformedError naming the limit.
 */

export interface DecodeLimits {
  /** Largest accepted module, in bytes. */
  readonly maxModuleBytes: number;
  readonly maxTypes: number;
  readonly maxFunctions: number;
  readonly maxImports: number;
  readonly maxExports: number;
  readonly maxGlobals: number;
  /** Tags (exception handling), imports included. */
  readonly maxTags: number;
  readonly maxTables: number;
  readonly maxMemories: number;
  readonly maxElementSegments: number;
  readonly maxDataSegments: number;
  /** Parameters or results of one function type. */
  readonly maxParams: number;
  readonly maxResults: number;
  /** Declared locals of one function (params excluded). */
  readonly maxLocals: number;
  /** Bytes of one function body. */
  readonly maxFunctionBytes: number;
  /** Targets of one br_table. */
  readonly maxBrTableTargets: number;
  /** Nesting depth of blocks in one function. */
  readonly maxBlockDepth: number;
  /** Elements in one element segment. */
  readonly maxSegmentElements: number;
}

/** Default limits (see docs/RATIONALE.md, "Decoding limits"). */
export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({
  maxModuleBytes: 1024 * 1024 * 1024,
  maxTypes: 1_000_000,
  maxFunctions: 1_000_000,
  maxImports: 100_000,
  maxExports: 100_000,
  maxGlobals: 1_000_000,
  maxTags: 1_000_000,
  maxTables: 100_000,
  maxMemories: 100_000,
  maxElementSegments: 10_000_000,
  maxDataSegments: 100_000,
  maxParams: 1000,
  maxResults: 1000,
  maxLocals: 50_000,
  maxFunctionBytes: 7_654_321,
  maxBrTableTargets: 65_520,
  maxBlockDepth: 65_536,
  maxSegmentElements: 10_000_000,
});

/** Merges user overrides onto the defaults; every value must be a non-negative safe integer. */
export function resolveDecodeLimits(overrides?: Partial<DecodeLimits>): DecodeLimits {
  if (overrides === undefined) return DEFAULT_DECODE_LIMITS;
  const out: Record<string, number> = { ...DEFAULT_DECODE_LIMITS };
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_DECODE_LIMITS)) throw new TypeError(`unknown decode limit: ${key}`);
    const v = (overrides as Record<string, unknown>)[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw new TypeError(`decode limit ${key} must be a non-negative safe integer`);
    }
    out[key] = v;
  }
  return Object.freeze(out) as unknown as DecodeLimits;
}
