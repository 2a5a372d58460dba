/**
 * Unit tests of FuncValidator (spec §3.3, appendix §7.3): the step-by-step driving API and the
 * state a translator reads, deep nesting without recursion, every fixed-signature opcode (all of
 * SIMD included) checked from the SIGNATURES table, and the shapes wabt cannot write (built byte by
 * byte here).
 */
import wabtInit from 'wabt';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/decoder/decode.js';
import { InstrReader } from '../../src/decoder/instr.js';
import type { Module } from '../../src/decoder/module.js';
import { Imm, IMM_KINDS, IS_DEFINED, MNEMONICS, OPCODE_SPACE, SIGNATURES } from '../../src/decoder/opcodes.js';
import { InvalidError } from '../../src/errors.js';
import { EXTERNREF, F32, I32, I64 } from '../../src/types.js';
import {
  CTRL_BLOCK, CTRL_ELSE, CTRL_FUNCTION, CTRL_IF, CTRL_LOOP, FuncValidator, UNKNOWN_TYPE,
  validateFunction, validateModule,
} from '../../src/validator/validate.js';

type Wabt = Awaited<ReturnType<typeof wabtInit>>;
let wabt: Wabt;
beforeAll(async () => {
  wabt = await wabtInit();
});

function decodeWat(text: string): Module {
  const m = wabt.parseWat('test.wat', text, { multi_value: true, bulk_memory: true, reference_types: true, simd: true });
  try {
    return decodeModule(new Uint8Array(m.toBinary({}).buffer));
  } finally {
    m.destroy();
  }
}

// ------------------------------------------------------------------ byte-level module builder

function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

// concat, not spread: bodies of 100k+ bytes overflow the call stack as spread arguments.
function section(id: number, content: number[]): number[] {
  return [id].concat(u32(content.length), content);
}

function vec(items: number[][]): number[] {
  return u32(items.length).concat(...items);
}

interface RawModule {
  /** Function types as [params, results] of value-type bytes. */
  readonly types: readonly (readonly [number[], number[]])[];
  /** Type index of each defined function. */
  readonly funcs: readonly number[];
  /** Instructions of each body (locals are given separately), without the final `end`. */
  readonly bodies: readonly number[][];
  readonly locals?: readonly number[][];
  /** Raw section contents (vector included) placed at their ids. */
  readonly table?: number[];
  readonly memory?: number[];
  readonly elem?: number[];
  readonly dataCount?: number;
  readonly data?: number[];
}

function buildModule(m: RawModule): Uint8Array {
  const parts: number[][] = [[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]];
  parts.push(section(1, vec(m.types.map(([p, r]) => [0x60, ...vec(p.map((t) => [t])), ...vec(r.map((t) => [t]))]))));
  parts.push(section(3, vec(m.funcs.map((t) => u32(t)))));
  if (m.table) parts.push(section(4, m.table));
  if (m.memory) parts.push(section(5, m.memory));
  if (m.elem) parts.push(section(9, m.elem));
  if (m.dataCount !== undefined) parts.push(section(12, u32(m.dataCount)));
  const bodies = m.bodies.map((code, i) => {
    const body = (m.locals?.[i] ?? [0x00]).concat(code, [0x0b]);
    return u32(body.length).concat(body);
  });
  parts.push(section(10, vec(bodies)));
  if (m.data) parts.push(section(11, m.data));
  return new Uint8Array(parts.flat());
}

function opBytes(op: number): number[] {
  if (op < 0x100) return [op];
  return op < 0x200 ? [0xfc, ...u32(op - 0x100)] : [0xfd, ...u32(op - 0x200)];
}

const CONST_BYTES: Record<string, number[]> = {
  i: [0x41, 0x00],
  I: [0x42, 0x00],
  f: [0x43, 0, 0, 0, 0],
  F: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  v: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
};

/** Immediates that make `op` valid in the module built by {@link fixedSigModule}. */
function immediates(op: number): number[] {
  switch (IMM_KINDS[op]) {
    case Imm.NONE: return [];
    case Imm.MEMARG: return [0x00, 0x00];
    case Imm.MEMARG_LANE: return [0x00, 0x00, 0x00];
    case Imm.MEM: return [0x00];
    case Imm.MEMORY_FILL: return [0x00];
    case Imm.MEMORY_COPY: return [0x00, 0x00];
    case Imm.MEMORY_INIT: return [0x00, 0x00];
    case Imm.TABLE_INIT: return [0x00, 0x00];
    case Imm.TABLE_COPY: return [0x00, 0x00];
    case Imm.LANE: return [0x00];
    case Imm.SHUFFLE:
    case Imm.V128: return new Array<number>(16).fill(0);
    case Imm.I32: return [0x00];
    case Imm.I64: return [0x00];
    case Imm.F32: return [0, 0, 0, 0];
    case Imm.F64: return [0, 0, 0, 0, 0, 0, 0, 0];
    default: throw new Error(`no immediates for ${MNEMONICS[op]}`);
  }
}

/** A module whose one function pushes `params` as constants, runs `op` and drops its result. */
function fixedSigModule(op: number, params: string): Uint8Array {
  const result = SIGNATURES[op]!.split(':')[1]!;
  const code = [...[...params].flatMap((c) => CONST_BYTES[c]!), ...opBytes(op), ...immediates(op)];
  if (result !== '') code.push(0x1a);
  return buildModule({
    types: [[[], []]],
    funcs: [0],
    bodies: [code],
    table: vec([[0x70, 0x00, 0x01]]),
    memory: vec([[0x00, 0x01]]),
    elem: vec([[0x01, 0x00, ...vec([])]]), // passive, elemkind funcref, no elements
    dataCount: 1,
    data: vec([[0x01, ...vec([])]]), // passive, empty
  });
}

function invalidError(bytes: Uint8Array): InvalidError {
  const module = decodeModule(bytes);
  try {
    validateModule(module);
  } catch (e) {
    if (e instanceof InvalidError) return e;
    throw e;
  }
  throw new Error('module validated');
}

// ------------------------------------------------------------------ tests

describe('FuncValidator: driving API and state', () => {
  it('exposes operand and control state before and after each step', () => {
    const module = decodeWat(`(module
      (type (func (param i32) (result i32 i64)))
      (func (param i32) (result i64) (local f32)
        local.get 0
        block (type 0) (param i32) (result i32 i64)
          i64.const 7
        end
        drop
        drop
        i32.const 1
        if
          nop
        else
          nop
        end
        loop (result i64)
          unreachable
        end))`);
    const v = new FuncValidator(module);
    const body = module.codes[0]!;
    const r = new InstrReader(module.bytes, body.codeStart, body.codeEnd);
    v.begin(0);
    expect(v.funcIdx).toBe(0);
    expect(v.localCount).toBe(2);
    expect([v.localType(0), v.localType(1)]).toEqual([I32, F32]);
    expect(v.ctrlDepth).toBe(1);
    expect(v.ctrlKind(0)).toBe(CTRL_FUNCTION);
    expect(v.labelArity(0)).toBe(1);
    expect(v.labelType(0, 0)).toBe(I64);
    expect(v.opdHeight).toBe(0);

    const trace: (string | number | boolean)[][] = [];
    while (!v.isDone) {
      r.next();
      v.step(r);
      trace.push([
        MNEMONICS[r.op]!, v.opdHeight, v.ctrlDepth,
        v.ctrlDepth > 0 ? v.ctrlKind(0) : -1,
        v.ctrlDepth > 0 ? v.ctrlHeight(0) : -1,
        v.ctrlDepth > 0 ? v.isCtrlUnreachable(0) : false,
        v.opdType(0),
      ]);
      if (r.op === 0x02) {
        expect(v.ctrlBlockType(0)).toBe(0);
        expect([v.ctrlParamCount(0), v.ctrlResultCount(0), v.labelArity(0)]).toEqual([1, 2, 2]);
        expect([v.ctrlParamType(0, 0), v.ctrlResultType(0, 0), v.ctrlResultType(0, 1)]).toEqual([I32, I32, I64]);
        expect(v.labelType(0, 1)).toBe(I64);
      }
      if (r.op === 0x03) {
        expect([v.ctrlParamCount(0), v.ctrlResultCount(0), v.labelArity(0)]).toEqual([0, 1, 0]);
        expect(v.ctrlResultType(0, 0)).toBe(I64);
      }
    }
    expect(r.pos).toBe(body.codeEnd);
    expect(trace).toEqual([
      ['local.get', 1, 1, CTRL_FUNCTION, 0, false, I32],
      ['block', 1, 2, CTRL_BLOCK, 0, false, I32],
      ['i64.const', 2, 2, CTRL_BLOCK, 0, false, I64],
      ['end', 2, 1, CTRL_FUNCTION, 0, false, I64],
      ['drop', 1, 1, CTRL_FUNCTION, 0, false, I32],
      ['drop', 0, 1, CTRL_FUNCTION, 0, false, UNKNOWN_TYPE],
      ['i32.const', 1, 1, CTRL_FUNCTION, 0, false, I32],
      ['if', 0, 2, CTRL_IF, 0, false, UNKNOWN_TYPE],
      ['nop', 0, 2, CTRL_IF, 0, false, UNKNOWN_TYPE],
      ['else', 0, 2, CTRL_ELSE, 0, false, UNKNOWN_TYPE],
      ['nop', 0, 2, CTRL_ELSE, 0, false, UNKNOWN_TYPE],
      ['end', 0, 1, CTRL_FUNCTION, 0, false, UNKNOWN_TYPE],
      ['loop', 0, 2, CTRL_LOOP, 0, false, UNKNOWN_TYPE],
      ['unreachable', 0, 2, CTRL_LOOP, 0, true, UNKNOWN_TYPE],
      ['end', 1, 1, CTRL_FUNCTION, 0, false, I64],
      ['end', 1, 0, -1, -1, false, I64],
    ]);
  });

  it('is reusable across functions and resets its state in begin', () => {
    const module = decodeWat('(module (func (result i32) (i32.const 1)) (func (param externref) (local.get 0) drop))');
    const v = new FuncValidator(module);
    validateFunction(module, 0, v);
    expect(v.isDone).toBe(true);
    validateFunction(module, 1, v);
    expect(v.isDone).toBe(true);
    expect(v.localType(0)).toBe(EXTERNREF);
    expect(v.localCount).toBe(1);
  });

  it('grows its operand stack past the initial capacity', () => {
    const n = 1000;
    const code = [...new Array<number[]>(n).fill([0x41, 0x01]).flat(), ...new Array<number>(n - 1).fill(0x6a), 0x1a];
    const module = decodeModule(buildModule({ types: [[[], []]], funcs: [0], bodies: [code] }));
    expect(() => validateModule(module)).not.toThrow();
  });
});

describe('FuncValidator: deep nesting (no recursion)', () => {
  it.each([10_000, 60_000])('%i nested empty blocks', (n) => {
    const code = [...new Array<number[]>(n).fill([0x02, 0x40]).flat(), ...new Array<number>(n).fill(0x0b)];
    const module = decodeModule(buildModule({ types: [[[], []]], funcs: [0], bodies: [code] }));
    expect(() => validateModule(module)).not.toThrow();
  });

  it('10000 nested (result i32) blocks with a branch from the innermost to the outermost', () => {
    const n = 10_000;
    const code = [
      ...new Array<number[]>(n).fill([0x02, 0x7f]).flat(),
      0x41, 0x00, 0x0c, ...u32(n - 1),
      ...new Array<number>(n).fill(0x0b),
      0x1a,
    ];
    const module = decodeModule(buildModule({ types: [[[], []]], funcs: [0], bodies: [code] }));
    expect(() => validateModule(module)).not.toThrow();
  });

  it('reports an unknown label one past the depth', () => {
    const n = 10_000;
    const code = [...new Array<number[]>(n).fill([0x02, 0x40]).flat(), 0x0c, ...u32(n + 1), ...new Array<number>(n).fill(0x0b)];
    const e = invalidError(buildModule({ types: [[[], []]], funcs: [0], bodies: [code] }));
    expect(e.message).toBe(`unknown label ${n + 1}`);
  });
});

describe('FuncValidator: byte-level cases', () => {
  const cases: readonly { name: string; module: RawModule; message: string }[] = [
    {
      name: 'block type index out of range',
      module: { types: [[[], []]], funcs: [0], bodies: [[0x02, 0x05, 0x0b]] },
      message: 'unknown type 5',
    },
    {
      name: 'if type index out of range',
      module: { types: [[[], []]], funcs: [0], bodies: [[0x41, 0x00, 0x04, 0x01, 0x0b]] },
      message: 'unknown type 1',
    },
    {
      name: 'shuffle lane 255',
      module: {
        types: [[[], []]], funcs: [0],
        bodies: [[...CONST_BYTES['v']!, ...CONST_BYTES['v']!, 0xfd, 0x0d, ...new Array<number>(15).fill(0), 0xff, 0x1a]],
      },
      message: 'invalid lane index',
    },
    {
      name: 'select_t with zero types',
      module: { types: [[[], []]], funcs: [0], bodies: [[0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0x1c, 0x00, 0x1a]] },
      message: 'invalid result arity',
    },
    {
      name: 'memory.init without data count section or segments',
      module: {
        types: [[[], []]], funcs: [0], memory: vec([[0x00, 0x01]]),
        bodies: [[0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x08, 0x00, 0x00]],
      },
      message: 'unknown data segment 0',
    },
    {
      name: 'local index past params and locals',
      module: { types: [[[I32], []]], funcs: [0], locals: [[0x01, 0x02, I64]], bodies: [[0x20, 0x03, 0x1a]] },
      message: 'unknown local 3',
    },
  ];
  it.each(cases)('$name', ({ module, message }) => {
    const e = invalidError(buildModule(module));
    expect(e).toBeInstanceOf(InvalidError);
    expect(e.message).toBe(message);
    expect(e.funcIdx).toBe(0);
  });

  it('accepts the last local', () => {
    const bytes = buildModule({ types: [[[I32], []]], funcs: [0], locals: [[0x01, 0x02, I64]], bodies: [[0x20, 0x02, 0x1a]] });
    expect(() => validateModule(decodeModule(bytes))).not.toThrow();
  });
});

describe('FuncValidator: every fixed-signature opcode (SIGNATURES table)', () => {
  const ops: number[] = [];
  for (let op = 0; op < OPCODE_SPACE; op++) if (IS_DEFINED[op] && SIGNATURES[op] !== '') ops.push(op);

  it('covers the whole SIMD space: 236 SIMD and 20 relaxed SIMD instructions', () => {
    expect(ops.filter((op) => op >= 0x200 && op < 0x300).length).toBe(236);
    expect(ops.filter((op) => op >= 0x300).length).toBe(20);
  });

  it.each(ops.map((op) => [MNEMONICS[op]!, op] as const))('%s validates with its signature', (_name, op) => {
    const params = SIGNATURES[op]!.split(':')[0]!;
    expect(() => validateModule(decodeModule(fixedSigModule(op, params)))).not.toThrow();
  });

  const withParams = ops.filter((op) => SIGNATURES[op]!.split(':')[0] !== '');
  it.each(withParams.map((op) => [MNEMONICS[op]!, op] as const))('%s rejects a wrong operand type', (_name, op) => {
    const params = SIGNATURES[op]!.split(':')[0]!;
    // Replace the last (top) operand with a value of another type.
    const last = params[params.length - 1]!;
    const wrong = params.slice(0, -1) + (last === 'i' ? 'I' : 'i');
    const e = invalidError(fixedSigModule(op, wrong));
    expect(e.message).toBe('type mismatch');
  });

  it.each(withParams.map((op) => [MNEMONICS[op]!, op] as const))('%s rejects a missing operand', (_name, op) => {
    const params = SIGNATURES[op]!.split(':')[0]!;
    const e = invalidError(fixedSigModule(op, params.slice(1)));
    expect(e.message).toBe('type mismatch');
  });
});
