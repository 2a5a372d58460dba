/**
 * Exception handling at run time (3.0 §4.4.x "throw", "throw_ref", "try_table"; the legacy `try`,
 * `catch`, `delegate`, `rethrow`): throwing makes an exception instance ({@link ExnInst}) and the
 * dispatch loop returns THROWING; {@link unwind} then walks the machine's explicit frame stack
 * (no JS exception, no JS recursion) from the throwing frame outwards, looks each frame's pc up in
 * its function's handler table, and either delivers the exception to a handler (payload written
 * where the target label's values go, as a branch would; the loop then goes on from the handler's
 * target) or, past the run's entry frame, throws it to the embedder as a {@link WasmException}.
 *
 * Gas: unwinding charges nothing (the gas profiler sees one exit per popped frame). A handler's target is the start of a straight-line run, which
 * pays its own instructions as any branch target does; the run that threw paid in full where it
 * started (runs are charged whole at their start), so gas is the same on every node.
 *
 * The handler table of a function (lower.ts writes it) is one Int32Array of entries, innermost
 * first (an entry is written when its range closes, and ranges nest):
 *
 *   start end kind count extra (clauseKind tagIdx target height arity){count}
 *
 * - `[start, end)` is the code range the entry covers: a pc inside it (a throw, or a call whose
 *   callee's exception comes back) is handled here. A frame's pc is looked up as `pc - 1`, the last
 *   word of the op that threw or called, which lies inside the range exactly when the op does.
 * - kind HANDLER_TRY_TABLE: `count` catch clauses, tried in order; `target` / `height` / `arity`
 *   are the clause label's pc, value height (words from fp) and arity (words, +1 with references).
 * - kind HANDLER_LEGACY (`try` ... `catch` ... `catch_all`): clauses of kind CATCH_TAG / CATCH_ALL
 *   whose target is the handler body; `extra` is the frame slot (words from fp) that keeps the
 *   caught exception for `rethrow`.
 * - kind HANDLER_DELEGATE (`try` ... `delegate l`): no clauses; `extra` is the word offset of the
 *   entry where the search goes on (the first entry that closed after label l's block began to be
 *   searched from), or -1 to go on in the caller.
 */
import type { Machine } from './machine.js';
import { ExnInst } from './runtime.js';
import type { FuncInst, TagInst } from './runtime.js';
import { exceptionOf } from './values.js';
import { CATCH_ALL, CATCH_ALL_REF, CATCH_TAG_REF } from '../decoder/instr.js';

/** Handler entry kinds. */
export const HANDLER_TRY_TABLE = 0;
export const HANDLER_LEGACY = 1;
export const HANDLER_DELEGATE = 2;
/** Words of an entry's header and of each clause. */
export const HANDLER_HEADER_WORDS = 5;
export const HANDLER_CLAUSE_WORDS = 5;

/** Makes the exception that `throw` raises with `tag`: its payload is the `tag.paramWords` words below `sp`. */
export function newException(m: Machine, tag: TagInst, sp: number): ExnInst {
  const base = sp - tag.paramWords;
  const words = m.i32.slice(base, sp);
  let refs: unknown[] | null = null;
  if (tag.hasRefs) {
    refs = [];
    for (let w = 0; w < tag.paramWords; w += 2) refs[w >> 1] = m.refs[(base + w) >> 1];
  }
  return new ExnInst(tag, words, refs);
}

/** The exception being thrown, cleared from the machine. */
export function takeException(m: Machine): ExnInst {
  const exn = m.exception!;
  m.exception = null;
  return exn;
}

/**
 * Delivers `m.exception`, thrown in frame `m.depth` by function `m.func` with `m.pc` just past the
 * throwing (or calling) op and `m.fp` its frame, to the innermost handler that catches it, and
 * sets `m.func` / `m.pc` / `m.fp` / `m.sp` / `m.depth` to go on there. With no handler up to the
 * run's entry frame, throws the exception as a WasmException (the driver restores the machine).
 */
export function unwind(m: Machine): void {
  const exn = m.exception!;
  let func = m.func as FuncInst;
  let pc = m.pc - 1;
  let fp = m.fp;
  let depth = m.depth;
  for (;;) {
    const h = func.handlers;
    if (h !== null && deliver(m, exn, func, h, pc, fp)) {
      m.func = func;
      m.fp = fp;
      m.depth = depth;
      m.exception = null;
      return;
    }
    // Not handled here: the frame ends (the caller's pc is just past its call).
    if (m.profiler !== null) m.profiler.exit(m.gas);
    depth--;
    const caller = m.frameFuncs[depth];
    if (caller === null || caller === undefined) {
      m.depth = depth;
      m.exception = null;
      throw exceptionOf(exn);
    }
    pc = m.frames[depth * 2]! - 1;
    fp = m.frames[depth * 2 + 1]!;
    func = caller;
  }
}

/** Looks `pc` up in handler table `h`; on a match writes the payload and sets m.pc / m.sp. */
function deliver(m: Machine, exn: ExnInst, func: FuncInst, h: Int32Array, pc: number, fp: number): boolean {
  const tags = func.instance!.tags;
  let i = 0;
  while (i < h.length) {
    const count = h[i + 3]!;
    if (pc >= h[i]! && pc < h[i + 1]!) {
      const kind = h[i + 2]!;
      if (kind === HANDLER_DELEGATE) {
        const next = h[i + 4]!;
        if (next < 0) return false;
        i = next;
        continue;
      }
      for (let c = i + HANDLER_HEADER_WORDS; c < i + HANDLER_HEADER_WORDS + count * HANDLER_CLAUSE_WORDS; c += HANDLER_CLAUSE_WORDS) {
        const clause = h[c]!;
        const isAll = clause === CATCH_ALL || clause === CATCH_ALL_REF;
        if (!isAll && tags[h[c + 1]!] !== exn.tag) continue;
        let dst = fp + h[c + 3]!;
        if (!isAll) dst = writePayload(m, exn, dst);
        if (kind === HANDLER_LEGACY) {
          m.refs[(fp + h[i + 4]!) >> 1] = exn;
        } else if (clause === CATCH_TAG_REF || clause === CATCH_ALL_REF) {
          m.i32[dst] = 0;
          m.i32[dst + 1] = 0;
          m.refs[dst >> 1] = exn;
          dst += 2;
        }
        m.pc = h[c + 2]!;
        m.sp = dst;
        return true;
      }
    }
    i += HANDLER_HEADER_WORDS + count * HANDLER_CLAUSE_WORDS;
  }
  return false;
}

/** Writes the payload's words (and references) at `dst`; returns the word after them. */
function writePayload(m: Machine, exn: ExnInst, dst: number): number {
  const words = exn.words;
  m.i32.set(words, dst);
  const refs = exn.refs;
  if (refs !== null) for (let w = 0; w < words.length; w += 2) m.refs[(dst + w) >> 1] = refs[w >> 1];
  return dst + words.length;
}
