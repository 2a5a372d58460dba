/**
 * The detwasm error family (spec vocabulary: "malformed", "invalid", "unlinkable", "trap").
 *
 * Every error detwasm throws on purpose extends {@link WasmError} and carries a stable `kind`
 * string. Anything else escaping the engine is a bug and is wrapped in {@link InternalError}.
 * Messages hold spec wording only, never engine text (stack traces, V8 wording), so that two nodes
 * report the same failure the same way. Spec: WebAssembly 2.0, §5 (binary format), §3 (validation),
 * §4.5.4 (instantiation), §4.4 (execution, traps).
 */

/** Base class of every error detwasm raises on purpose. */
export class WasmError extends Error {
  /** Stable discriminant: 'malformed' | 'invalid' | 'link' | 'trap' | 'internal'. */
  readonly kind: string;
  constructor(kind: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.name = 'WasmError';
  }
}

/** The bytes are not a well-formed binary module (spec: `assert_malformed`). */
export class MalformedError extends WasmError {
  /** Byte offset in the module where decoding failed. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super('malformed', message);
    this.name = 'MalformedError';
    this.offset = offset;
  }
}

/** The module is well-formed but does not validate (spec: `assert_invalid`). */
export class InvalidError extends WasmError {
  /** Function index (imports counted first) of the offending body, or -1 outside code. */
  readonly funcIdx: number;
  /** Byte offset in the module of the offending instruction or entry. */
  readonly offset: number;
  constructor(message: string, offset: number, funcIdx = -1) {
    super('invalid', message);
    this.name = 'InvalidError';
    this.offset = offset;
    this.funcIdx = funcIdx;
  }
}

/** An import could not be resolved or has the wrong type (spec: `assert_unlinkable`). */
export class LinkError extends WasmError {
  /** Import module name. */
  readonly module: string;
  /** Import field name. */
  readonly field: string;
  /** What the module declares, in text-format words. */
  readonly expected: string;
  /** What the import object supplied, in text-format words. */
  readonly actual: string;
  constructor(message: string, module: string, field: string, expected: string, actual: string) {
    super('link', message);
    this.name = 'LinkError';
    this.module = module;
    this.field = field;
    this.expected = expected;
    this.actual = actual;
  }
}

/**
 * Trap codes. Small integers (0 unused) so the interpreter can return them from helpers without
 * allocating; {@link TRAP_MESSAGES} maps each to the spec text.
 */
export const TrapCode = {
  UNREACHABLE: 1,
  INTEGER_DIVIDE_BY_ZERO: 2,
  INTEGER_OVERFLOW: 3,
  INVALID_CONVERSION_TO_INTEGER: 4,
  OUT_OF_BOUNDS_MEMORY_ACCESS: 5,
  OUT_OF_BOUNDS_TABLE_ACCESS: 6,
  UNDEFINED_ELEMENT: 7,
  UNINITIALIZED_ELEMENT: 8,
  INDIRECT_CALL_TYPE_MISMATCH: 9,
  CALL_STACK_EXHAUSTED: 10,
  OUT_OF_GAS: 11,
  HOST: 12,
  OUT_OF_BOUNDS_DATA_SEGMENT_ACCESS: 13,
  OUT_OF_BOUNDS_ELEMENT_SEGMENT_ACCESS: 14,
  INTERRUPTED: 15,
} as const;

/** One of the {@link TrapCode} values. */
export type TrapCode = (typeof TrapCode)[keyof typeof TrapCode];

/** Spec message text of each trap code (index = code). */
export const TRAP_MESSAGES: readonly string[] = [
  '',
  'unreachable',
  'integer divide by zero',
  'integer overflow',
  'invalid conversion to integer',
  'out of bounds memory access',
  'out of bounds table access',
  'undefined element',
  'uninitialized element',
  'indirect call type mismatch',
  'call stack exhausted',
  'out of gas',
  'host function failed',
  'out of bounds memory access',
  'out of bounds table access',
  'interrupted',
];

/** Short stable names of the trap codes (index = code), e.g. for CLI output and JSON results. */
export const TRAP_NAMES: readonly string[] = [
  '',
  'unreachable',
  'divideByZero',
  'integerOverflow',
  'invalidConversion',
  'memoryOutOfBounds',
  'tableOutOfBounds',
  'undefinedElement',
  'uninitializedElement',
  'indirectCallTypeMismatch',
  'callStackExhausted',
  'outOfGas',
  'host',
  'memoryOutOfBounds',
  'tableOutOfBounds',
  'interrupted',
];

/** A WebAssembly trap (spec: `assert_trap`, `assert_exhaustion`, `assert_uninstantiable`). */
export class Trap extends WasmError {
  /** Which trap; `message` is the spec text for it. */
  readonly code: TrapCode;
  /** Wasm call stack at the trap, innermost first, e.g. `"$fib (func 3)"`. Empty if unknown. */
  readonly wasmStack: readonly string[];
  constructor(code: TrapCode, wasmStack: readonly string[] = [], options?: { cause?: unknown }) {
    super('trap', TRAP_MESSAGES[code] ?? 'trap', options);
    this.name = 'Trap';
    this.code = code;
    this.wasmStack = wasmStack;
  }
}

/** An engine bug: never thrown on purpose for any input. Fuzzers assert it never escapes. */
export class InternalError extends WasmError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', message, options);
    this.name = 'InternalError';
  }
}
