/**
 * The traps (spec §4.4 "Instructions": the trap messages of the reference interpreter, which the
 * spec tests match), written once: scripts/gen.ts generates `TrapCode`, `TRAP_MESSAGES` and
 * `TRAP_NAMES` in src/errors.ts from this list. Codes are the list positions + 1 (0 is unused, so
 * helpers can return 0 for "no trap"); append new traps at the end so codes stay stable.
 */

export interface TrapFact {
  /** `TrapCode` key. */
  readonly code: string;
  /** Spec message text (`Trap.message`). */
  readonly message: string;
  /** Short stable name (CLI output, JSON results, `traps=` in instructions.ts). */
  readonly name: string;
  /** What it means, for the generated doc comment. */
  readonly doc: string;
}

export const TRAPS: readonly TrapFact[] = [
  { code: 'UNREACHABLE', message: 'unreachable', name: 'unreachable', doc: '`unreachable` executed' },
  { code: 'INTEGER_DIVIDE_BY_ZERO', message: 'integer divide by zero', name: 'divideByZero', doc: 'integer division or remainder by zero' },
  { code: 'INTEGER_OVERFLOW', message: 'integer overflow', name: 'integerOverflow', doc: 'signed division overflow, or a float truncation out of the integer range' },
  { code: 'INVALID_CONVERSION_TO_INTEGER', message: 'invalid conversion to integer', name: 'invalidConversion', doc: 'a NaN truncated to an integer' },
  { code: 'OUT_OF_BOUNDS_MEMORY_ACCESS', message: 'out of bounds memory access', name: 'memoryOutOfBounds', doc: 'a memory access or bulk memory operation past the end of memory' },
  { code: 'OUT_OF_BOUNDS_TABLE_ACCESS', message: 'out of bounds table access', name: 'tableOutOfBounds', doc: 'a table access or bulk table operation past the end of a table' },
  { code: 'UNDEFINED_ELEMENT', message: 'undefined element', name: 'undefinedElement', doc: '`call_indirect` with an index past the end of the table' },
  { code: 'UNINITIALIZED_ELEMENT', message: 'uninitialized element', name: 'uninitializedElement', doc: '`call_indirect` through a null table entry' },
  { code: 'INDIRECT_CALL_TYPE_MISMATCH', message: 'indirect call type mismatch', name: 'indirectCallTypeMismatch', doc: '`call_indirect` of a function of another type' },
  { code: 'CALL_STACK_EXHAUSTED', message: 'call stack exhausted', name: 'callStackExhausted', doc: 'past `maxCallDepth` frames or `maxStackWords` value-stack words' },
  { code: 'OUT_OF_GAS', message: 'out of gas', name: 'outOfGas', doc: 'the gas limit was reached (detwasm)' },
  { code: 'HOST', message: 'host function failed', name: 'host', doc: 'a host function threw or rejected; the original error is the cause (detwasm)' },
  { code: 'OUT_OF_BOUNDS_DATA_SEGMENT_ACCESS', message: 'out of bounds memory access', name: 'memoryOutOfBounds', doc: 'a data segment initialised past the end of memory at instantiation' },
  { code: 'OUT_OF_BOUNDS_ELEMENT_SEGMENT_ACCESS', message: 'out of bounds table access', name: 'tableOutOfBounds', doc: 'an element segment initialised past the end of a table at instantiation' },
  { code: 'INTERRUPTED', message: 'interrupted', name: 'interrupted', doc: 'node-local cancellation (interrupt flag or deadline); never a consensus result (detwasm)' },
  { code: 'NULL_EXCEPTION_REFERENCE', message: 'null exception reference', name: 'nullExceptionReference', doc: '`throw_ref` of a null exnref' },
  { code: 'NULL_FUNCTION_REFERENCE', message: 'null function reference', name: 'nullFunctionReference', doc: '`call_ref` / `return_call_ref` of a null reference' },
  { code: 'NULL_REFERENCE', message: 'null reference', name: 'nullReference', doc: '`ref.as_non_null` of a null reference' },
  { code: 'NULL_STRUCTURE_REFERENCE', message: 'null structure reference', name: 'nullStructureReference', doc: 'a struct instruction on a null reference' },
  { code: 'NULL_ARRAY_REFERENCE', message: 'null array reference', name: 'nullArrayReference', doc: 'an array instruction on a null reference' },
  { code: 'NULL_I31_REFERENCE', message: 'null i31 reference', name: 'nullI31Reference', doc: '`i31.get_s` / `i31.get_u` of a null reference' },
  { code: 'OUT_OF_BOUNDS_ARRAY_ACCESS', message: 'out of bounds array access', name: 'arrayOutOfBounds', doc: 'an array access or bulk array operation past the end of an array' },
  { code: 'CAST_FAILURE', message: 'cast failure', name: 'castFailure', doc: '`ref.cast` of a reference that is not of the target type' },
  { code: 'GC_HEAP_EXHAUSTED', message: 'gc heap exhausted', name: 'gcHeapExhausted', doc: 'the GC allocations of a call would pass maxGcHeapBytes (detwasm)' },
];
