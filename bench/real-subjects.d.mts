// Types of bench/real-subjects.mjs, for test/bench-real.test.ts (tsc reads no .mjs).
export interface HashSubject { name: string; dist: string; init: number; final: number; digestBytes: number }
export const HASH_CHUNK_BYTES: number;
export const HASH_SUBJECTS: readonly HashSubject[];
export function hashWasmVersion(): string;
export function extractHashWasm(dist: string): Uint8Array;
export function hashInput(size: number): Uint8Array;
export function hashWith(
  subject: HashSubject,
  call: (name: string, args: number[]) => number,
  memory: () => ArrayBufferLike,
  input: Uint8Array,
): string;
export const COREMIX: { name: string; file: string };
export function coremixBytes(): Uint8Array;
