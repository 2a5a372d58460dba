/**
 * Instantiation (spec §4.5.4 "Instantiation") and the public Instance: link imports with exact type
 * matching (LinkError), allocate functions, tables, memory and globals, evaluate initializers, then
 * — in the 2.0 order — initialise active element segments, then active data segments, each in
 * order, and run the start function. A trap during segment initialisation fails instantiation
 * but leaves the writes already made to imported tables and memories visible (linking.wast).
 */
import { InternalError, LinkError, Trap, TrapCode, WasmError } from '../errors.js';
import type { ConstExpr, Module } from '../decoder/module.js';
import { SEGMENT_ACTIVE, SEGMENT_DECLARATIVE } from '../decoder/module.js';
import {
  EXTERN_FUNC, EXTERN_GLOBAL, EXTERN_MEMORY, EXTERN_TABLE, FUNCREF, funcTypeToString, PAGE_SIZE,
  valTypeName,
} from '../types.js';
import type { FuncType, Limits } from '../types.js';
import {
  getGlobalValue, globalInstOf, globalOf, memoryInstOf, memoryOf, setGlobalValue, tableInstOf, tableOf,
} from './externs.js';
import { DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_STACK_WORDS, Machine } from './machine.js';
import { execute, trapAt } from './run.js';
import {
  DEFAULT_MAX_MEMORY_PAGES, DEFAULT_MAX_TABLE_ELEMENTS, FuncInst, GlobalInst, InstanceState, MemoryInst,
  TableInst, typeIdOf,
} from './runtime.js';
import type { HostFunc } from './runtime.js';
import { callHost, funcInstOf, jsFunctionOf, readValue, setFunctionFactory, writeValue } from './values.js';
import { NO_COSTS, setInstanceCosts } from './lower.js';
import type { LoweringCosts } from './lower.js';

/** `{ [module]: { [name]: function | exported function | Memory | Table | Global | number | bigint } }`. */
export type Imports = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** Limits and options of one instance (all optional; defaults documented per field). */
export interface InstantiateOptions {
  /** Cap on memory size in pages (default 16384 = 1 GiB; the spec maximum is 65536). */
  readonly maxMemoryPages?: number;
  /** Cap on table size in elements (default 10,000,000). */
  readonly maxTableElements?: number;
  /** Limit on nested wasm calls (default 10,000); past it: "call stack exhausted". */
  readonly maxCallDepth?: number;
  /** Limit on value-stack words of 4 bytes (default 4 Mi); past it: "call stack exhausted". */
  readonly maxStackWords?: number;
  /** Gas costs baked into the code (default: none; the gas module sets these). */
  readonly costs?: LoweringCosts;
  /** Run the start function (default true). */
  readonly runStart?: boolean;
}

/** Options of {@link Instance.invoke}. */
export interface InvokeOptions {
  /** Pass and return f32 as uint32 bit patterns (number) and f64 as uint64 (bigint). */
  readonly floatBits?: boolean;
}

/** Limit on runs nested through host functions (host -> wasm -> host -> ...). */
const MAX_NESTED_RUNS = 256;
let nestedRuns = 0;

/** Per-state resources: its machine (created on first call) and options. */
interface Runtime {
  machine: Machine | null;
  readonly maxCallDepth: number;
  readonly maxStackWords: number;
}
const runtimes = new WeakMap<InstanceState, Runtime>();
/** Machine for calls that enter through a host function (no instance of their own). */
let hostMachine: Machine | null = null;

function machineOf(f: FuncInst): Machine {
  if (f.instance === null) return (hostMachine ??= new Machine());
  const rt = runtimes.get(f.instance);
  if (rt === undefined) throw new InternalError('instance without runtime');
  return (rt.machine ??= new Machine(rt.maxCallDepth, rt.maxStackWords));
}

/**
 * Calls a function instance from JS: converts `args`, runs, and returns the results as an array.
 * Throws Trap (with the wasm stack), or TypeError for arguments of the wrong kind.
 */
export function invokeFunction(f: FuncInst, args: readonly unknown[], floatBits: boolean): unknown[] {
  const m = machineOf(f);
  const base = m.sp;
  const depth = m.depth;
  const params = f.type.params;
  if (!m.ensureStack(base + Math.max(f.paramWords, f.resultWords) + 4)) {
    throw new Trap(TrapCode.CALL_STACK_EXHAUSTED, []);
  }
  let w = base;
  for (let i = 0; i < params.length; i++) {
    writeValue(m, params[i]!, w, args[i], floatBits);
    w += params[i] === 0x7b ? 4 : 2;
  }
  m.sp = w;
  if (nestedRuns >= MAX_NESTED_RUNS) {
    m.sp = base;
    throw trapAt(m, TrapCode.CALL_STACK_EXHAUSTED, f);
  }
  nestedRuns++;
  try {
    if (f.host !== null) {
      const t = callHost(m, f, f);
      if (t !== 0) throw trapAt(m, t, f);
    } else {
      execute(m, f);
    }
    const results: unknown[] = [];
    let rw = base;
    for (const t of f.type.results) {
      results.push(readValue(m, t, rw, floatBits));
      rw += t === 0x7b ? 4 : 2;
    }
    return results;
  } catch (e) {
    if (e instanceof WasmError) throw e;
    if (e instanceof RangeError || e instanceof TypeError) {
      // Never a trap: an engine bug (a wasm trap is always a Trap).
      throw new InternalError('engine error while running wasm code', { cause: e });
    }
    throw e;
  } finally {
    nestedRuns--;
    m.sp = base;
    m.depth = depth;
  }
}

setFunctionFactory((f: FuncInst) => {
  const fn = (...args: unknown[]): unknown => {
    const results = invokeFunction(f, args, false);
    return results.length === 0 ? undefined : results.length === 1 ? results[0] : results;
  };
  Object.defineProperty(fn, 'name', { value: f.funcIdx >= 0 ? String(f.funcIdx) : f.name });
  Object.defineProperty(fn, 'length', { value: f.type.params.length });
  return fn;
});

/** An instantiated module. */
export class Instance {
  /** Exports by name: functions (JS API shape), Memory, Table and Global objects. Frozen. */
  readonly exports: Readonly<Record<string, unknown>>;
  private readonly funcExports: ReadonlyMap<string, FuncInst>;

  /** Internal: use `instantiate`. */
  constructor(exports: Record<string, unknown>, funcExports: ReadonlyMap<string, FuncInst>) {
    this.exports = Object.freeze(exports);
    this.funcExports = funcExports;
  }

  /**
   * Calls exported function `name` and always returns its results as an array. With
   * `{ floatBits: true }`, f32 / f64 arguments and results are bit patterns (see InvokeOptions).
   * Throws TypeError when `name` is not an exported function; Trap when the call traps.
   */
  invoke(name: string, args: readonly unknown[] = [], options?: InvokeOptions): unknown[] {
    const f = this.funcExports.get(name);
    if (f === undefined) throw new TypeError(`no exported function named ${JSON.stringify(name)}`);
    return invokeFunction(f, args, options?.floatBits === true);
  }

  /** Reads exported global `name` (floats as bit patterns with `{ floatBits: true }`). */
  getGlobal(name: string, options?: InvokeOptions): unknown {
    const g = globalInstOf(this.exports[name]);
    if (g === undefined) throw new TypeError(`no exported global named ${JSON.stringify(name)}`);
    return getGlobalValue(g, options?.floatBits === true);
  }
}

function limitsText(l: Limits): string {
  return l.max === null ? `{min ${l.min}}` : `{min ${l.min}, max ${l.max}}`;
}

/** Limits matching (spec §4.5.2.1): actual min >= expected min; expected max bounds actual max. */
function limitsMatch(actualMin: number, actualMax: number, expected: Limits): boolean {
  if (actualMin < expected.min) return false;
  if (expected.max === null) return true;
  return actualMax >= 0 && actualMax <= expected.max;
}

function linkFail(module: string, name: string, expected: string, actual: string, why: string): never {
  throw new LinkError(`${why}: ${module}.${name} (expected ${expected}, got ${actual})`, module, name, expected, actual);
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'function') return funcInstOf(v) ? 'wasm function' : 'host function';
  if (memoryInstOf(v)) return 'memory';
  if (tableInstOf(v)) return 'table';
  if (globalInstOf(v)) return 'global';
  return typeof v;
}

/**
 * Instantiates a decoded, validated module. Throws LinkError (imports), Trap (a trap in segment
 * initialisation or the start function), TypeError (bad options or import values).
 */
export function instantiateModule(module: Module, imports: Imports = {}, options: InstantiateOptions = {}): Instance {
  const memCap = options.maxMemoryPages ?? DEFAULT_MAX_MEMORY_PAGES;
  const tableCap = options.maxTableElements ?? DEFAULT_MAX_TABLE_ELEMENTS;
  const runtime: Runtime = {
    machine: null,
    maxCallDepth: options.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH,
    maxStackWords: options.maxStackWords ?? DEFAULT_MAX_STACK_WORDS,
  };
  for (const [k, v] of [['maxMemoryPages', memCap], ['maxTableElements', tableCap], ['maxCallDepth', runtime.maxCallDepth], ['maxStackWords', runtime.maxStackWords]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new TypeError(`${k} must be a non-negative safe integer`);
  }

  // 1. Resolve imports (in order), with exact type matching.
  const importedFuncs: FuncInst[] = [];
  const importedTables: TableInst[] = [];
  const importedMemories: MemoryInst[] = [];
  const importedGlobals: GlobalInst[] = [];
  for (const imp of module.imports) {
    const ns = (imports as Record<string, Record<string, unknown> | undefined>)[imp.module];
    const v = ns === undefined || ns === null ? undefined : ns[imp.name];
    const d = imp.desc;
    if (v === undefined) linkFail(imp.module, imp.name, kindText(d.kind), 'nothing', 'unknown import');
    switch (d.kind) {
      case EXTERN_FUNC: {
        const type = module.types[d.typeIdx]!;
        const f = funcInstOf(v);
        if (f !== undefined) {
          if (f.typeId !== typeIdOf(type)) {
            linkFail(imp.module, imp.name, `func ${funcTypeToString(type)}`, `func ${funcTypeToString(f.type)}`, 'incompatible import type');
          }
          importedFuncs.push(f);
        } else if (typeof v === 'function') {
          importedFuncs.push(new FuncInst(type, null, -1, v as HostFunc, `${imp.module}.${imp.name}`));
        } else {
          linkFail(imp.module, imp.name, `func ${funcTypeToString(type)}`, describeValue(v), 'incompatible import type');
        }
        break;
      }
      case EXTERN_TABLE: {
        const t = tableInstOf(v);
        const expected = `table ${limitsText(d.type.limits)} ${valTypeName(d.type.elemType)}`;
        if (t === undefined) linkFail(imp.module, imp.name, expected, describeValue(v), 'incompatible import type');
        if (t.elemType !== d.type.elemType || !limitsMatch(t.elements.length, t.declaredMax, d.type.limits)) {
          const actual = `table {min ${t.elements.length}${t.declaredMax >= 0 ? `, max ${t.declaredMax}` : ''}} ${valTypeName(t.elemType)}`;
          linkFail(imp.module, imp.name, expected, actual, 'incompatible import type');
        }
        importedTables.push(t);
        break;
      }
      case EXTERN_MEMORY: {
        const mem = memoryInstOf(v);
        const expected = `memory ${limitsText(d.type.limits)}`;
        if (mem === undefined) linkFail(imp.module, imp.name, expected, describeValue(v), 'incompatible import type');
        if (!limitsMatch(mem.pages, mem.declaredMax, d.type.limits)) {
          const actual = `memory {min ${mem.pages}${mem.declaredMax >= 0 ? `, max ${mem.declaredMax}` : ''}}`;
          linkFail(imp.module, imp.name, expected, actual, 'incompatible import type');
        }
        importedMemories.push(mem);
        break;
      }
      case EXTERN_GLOBAL: {
        const want = d.type;
        const expected = `global ${want.isMutable ? 'mut ' : ''}${valTypeName(want.valType)}`;
        let g = globalInstOf(v);
        if (g === undefined && !want.isMutable && (typeof v === 'number' || typeof v === 'bigint')) {
          g = new GlobalInst(want.valType, false);
          setGlobalValue(g, v, false);
        }
        if (g === undefined) linkFail(imp.module, imp.name, expected, describeValue(v), 'incompatible import type');
        if (g.valType !== want.valType || g.isMutable !== want.isMutable) {
          linkFail(imp.module, imp.name, expected, `global ${g.isMutable ? 'mut ' : ''}${valTypeName(g.valType)}`, 'incompatible import type');
        }
        importedGlobals.push(g);
        break;
      }
      default:
        throw new InternalError('unknown import kind');
    }
  }

  // 2. Allocate.
  let memory: MemoryInst;
  if (importedMemories.length > 0) {
    memory = importedMemories[0]!;
  } else if (module.memories.length > 0) {
    const l = module.memories[0]!.limits;
    if (l.min > memCap) throw new Trap(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, []);
    memory = new MemoryInst(l.min, l.max === null ? -1 : l.max, memCap);
  } else {
    memory = new MemoryInst(0, 0, 0);
  }
  const state = new InstanceState(module, memory);
  runtimes.set(state, runtime);
  setInstanceCosts(state, options.costs ?? NO_COSTS);
  const names = module.names.funcNames;
  for (const f of importedFuncs) state.funcs.push(f);
  for (let i = module.importedFuncCount; i < module.funcTypeIdxs.length; i++) {
    const type = module.types[module.funcTypeIdxs[i]!]!;
    state.funcs.push(new FuncInst(type, state, i, null, names.get(i) ?? ''));
  }
  for (const t of importedTables) state.tables.push(t);
  for (let i = importedTables.length; i < module.tables.length; i++) {
    const tt = module.tables[i]!;
    if (tt.limits.min > tableCap) throw new Trap(TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS, []);
    state.tables.push(new TableInst(tt.elemType, tt.limits.min, tt.limits.max === null ? -1 : tt.limits.max, tableCap));
  }
  for (const g of importedGlobals) state.globals.push(g);
  for (let i = 0; i < module.globalInits.length; i++) {
    const gt = module.globals[module.importedGlobalCount + i]!;
    const g = new GlobalInst(gt.valType, gt.isMutable);
    evalConst(state, module.globalInits[i]!, g);
    state.globals.push(g);
  }

  // 3. Exports.
  const exports: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const funcExports = new Map<string, FuncInst>();
  for (const exp of module.exports) {
    switch (exp.kind) {
      case EXTERN_FUNC: {
        const f = state.funcs[exp.index]!;
        funcExports.set(exp.name, f);
        exports[exp.name] = jsFunctionOf(f);
        break;
      }
      case EXTERN_TABLE: exports[exp.name] = tableOf(state.tables[exp.index]!); break;
      case EXTERN_MEMORY: exports[exp.name] = memoryOf(state.memory); break;
      case EXTERN_GLOBAL: exports[exp.name] = globalOf(state.globals[exp.index]!); break;
      default: throw new InternalError('unknown export kind');
    }
  }

  // 4. Element segments: evaluate, then initialise active ones in order (2.0: table.init + drop).
  const scratch = new GlobalInst(FUNCREF, false);
  for (const seg of module.elements) {
    const refs: unknown[] = [];
    if (seg.funcIdxs !== null) {
      for (const x of seg.funcIdxs) refs.push(state.funcs[x]!);
    } else {
      for (const e of seg.exprs!) {
        evalConst(state, e, scratch);
        refs.push(scratch.ref);
      }
    }
    state.elems.push(refs);
  }
  for (let i = 0; i < module.elements.length; i++) {
    const seg = module.elements[i]!;
    if (seg.mode === SEGMENT_ACTIVE) {
      const offset = evalOffset(state, seg.offsetExpr!);
      const refs = state.elems[i]!;
      const table = state.tables[seg.tableIdx]!;
      if (offset + refs.length > table.elements.length) throw new Trap(TrapCode.OUT_OF_BOUNDS_TABLE_ACCESS, []);
      for (let k = 0; k < refs.length; k++) table.elements[offset + k] = refs[k];
      state.elems[i] = null;
    } else if (seg.mode === SEGMENT_DECLARATIVE) {
      state.elems[i] = null;
    }
  }

  // 5. Data segments.
  for (let i = 0; i < module.datas.length; i++) {
    const seg = module.datas[i]!;
    if (seg.mode !== SEGMENT_ACTIVE) continue;
    const offset = evalOffset(state, seg.offsetExpr!);
    const len = seg.dataEnd - seg.dataStart;
    if (offset + len > state.memory.pages * PAGE_SIZE) throw new Trap(TrapCode.OUT_OF_BOUNDS_MEMORY_ACCESS, []);
    state.memory.bytes.set(module.bytes.subarray(seg.dataStart, seg.dataEnd), offset);
    state.droppedData[i] = 1;
  }

  // 6. Start function.
  if (module.start >= 0 && options.runStart !== false) invokeFunction(state.funcs[module.start]!, [], false);

  return new Instance(exports, funcExports);
}

function kindText(kind: number): string {
  return ['func', 'table', 'memory', 'global'][kind] ?? 'extern';
}

/** An active segment's offset (an i32 constant expression), as unsigned. */
function evalOffset(state: InstanceState, expr: ConstExpr): number {
  const g = new GlobalInst(0x7f, false);
  evalConst(state, expr, g);
  return g.lo >>> 0;
}

/** Evaluates a constant expression (spec §3.3.10: one constant instruction in 2.0) into `out`. */
function evalConst(state: InstanceState, expr: ConstExpr, out: GlobalInst): void {
  const ins = expr.instrs[0];
  if (ins === undefined || expr.instrs.length !== 1) throw new InternalError('unsupported constant expression');
  switch (ins.op) {
    case 0x41: // i32.const
    case 0x43: // f32.const
      out.lo = ins.a;
      out.hi = 0;
      return;
    case 0x42: // i64.const
    case 0x44: // f64.const
      out.lo = ins.a;
      out.hi = ins.b;
      return;
    case 0x20c: { // v128.const: 16 bytes at offset a
      const b = state.module.bytes;
      const p = ins.a;
      const word = (k: number): number => b[p + k]! | (b[p + k + 1]! << 8) | (b[p + k + 2]! << 16) | (b[p + k + 3]! << 24);
      out.lo = word(0);
      out.hi = word(4);
      out.w2 = word(8);
      out.w3 = word(12);
      return;
    }
    case 0xd0: // ref.null
      out.ref = null;
      return;
    case 0xd2: // ref.func
      out.ref = state.funcs[ins.a]!;
      return;
    case 0x23: { // global.get
      const g = state.globals[ins.a]!;
      out.lo = g.lo;
      out.hi = g.hi;
      out.w2 = g.w2;
      out.w3 = g.w3;
      out.ref = g.ref;
      return;
    }
    default:
      throw new InternalError(`not a constant instruction: 0x${ins.op.toString(16)}`);
  }
}

/** Wraps a JS function as a host function of a given type (for building import objects). */
export function hostFunction(type: FuncType, fn: HostFunc, name = 'host'): (...args: unknown[]) => unknown {
  return jsFunctionOf(new FuncInst(type, null, -1, fn, name));
}

