/**
 * The spec-runner adapter for detwasm: compilation through the public `compile()`, execution
 * through `instantiate()` / `Instance.invoke()` with `{ floatBits: true }` so NaN payloads cross
 * the boundary exactly; errors mapped to spec classes by their detwasm class (STYLE.md "Errors").
 * `gas: true` runs every instance metered with a huge gas limit (the "gas on" run); `tier: 'js'`
 * runs the functions the JS tier takes on it (js-tier.ts).
 */
import {
  compile, GcArray, GcStruct, Global, Instance, instantiate, InvalidError, LinkError, MalformedError, Memory,
  STRICT_GAS_SCHEDULE, Table, Trap, TrapCode, WasmException,
} from '../../src/index.js';
import type { Features, InstantiateOptions, Module, Tier } from '../../src/index.js';
import type { ErrorClass, ExecutionCapability, SpecEngine } from './engine.js';
import { hostRef, hostRefNumber } from './host-refs.js';
import { isRefTypeName } from './values.js';
import type { SpecRef, SpecValue } from './values.js';

export function classifyDetwasmError(error: unknown): ErrorClass {
  if (error instanceof MalformedError) return 'malformed';
  if (error instanceof InvalidError) return 'invalid';
  if (error instanceof LinkError) return 'link';
  if (error instanceof Trap) return error.code === TrapCode.CALL_STACK_EXHAUSTED ? 'exhaustion' : 'trap';
  if (error instanceof WasmException) return 'exception';
  return 'unknown';
}

/** A script value as a detwasm argument (floats as bits, for `floatBits: true`). */
export function toDetwasm(v: SpecValue): unknown {
  switch (v.type) {
    case 'i32': return v.bits | 0;
    case 'f32': return v.bits;
    case 'i64': return BigInt.asIntN(64, v.bits);
    case 'f64': return v.bits;
    case 'v128': return new Uint8Array(v.bytes);
    default: return refArgument(v.type, v.ref);
  }
}

/**
 * A reference argument: null, or host value N as its host-refs.ts object (detwasm boxes it into the
 * any hierarchy when the parameter is an anyref, gc-objects.ts `internalize`).
 */
export function refArgument(type: string, ref: SpecRef): unknown {
  if (ref === null) return null;
  if (typeof ref === 'number') return hostRef(ref);
  throw new TypeError(`non-null ${type} arguments other than host values are not expressible in scripts`);
}

/**
 * A reference result as the script sees it. detwasm hands GC values out as the JS API does
 * (gc-objects.ts): an i31 as a JS number, a struct / array as a GcStruct / GcArray, a host value
 * (in either hierarchy) as itself, a function reference as an exported function; an exnref is an
 * exception object (`'func'`: non-null, identity not observable).
 */
export function refResult(x: unknown, type: string): SpecRef {
  if (x === null) return null;
  const host = hostRefNumber(x);
  if (host !== undefined) return host;
  if (typeof x === 'number') return { i31: x };
  if (x instanceof GcStruct) return 'struct';
  if (x instanceof GcArray) return 'array';
  if (typeof x === 'function' || type === 'exnref') return 'func';
  throw new TypeError(`unrecognised ${type} result: ${typeof x}`);
}

/** A detwasm result (read with `floatBits: true`) as a script value of `type`. */
export function fromDetwasm(x: unknown, type: string): SpecValue {
  switch (type) {
    case 'i32': return { type: 'i32', bits: Number(x) >>> 0 };
    case 'f32': return { type: 'f32', bits: Number(x) >>> 0 };
    case 'i64': return { type: 'i64', bits: BigInt.asUintN(64, x as bigint) };
    case 'f64': return { type: 'f64', bits: BigInt.asUintN(64, x as bigint) };
    case 'v128': return { type: 'v128', bytes: new Uint8Array(x as Uint8Array) };
    default:
      if (!isRefTypeName(type)) throw new TypeError(`unknown result type ${type}`);
      return { type: type === 'refnull' ? 'ref' : type, ref: refResult(x, type) };
  }
}

/** A fresh detwasm instance of the spectest host module (engine.ts). */
export function spectestInstance(): Instance {
  const nop = (): void => {};
  const exports: Record<string, unknown> = {
    print: nop, print_i32: nop, print_i64: nop, print_f32: nop, print_f64: nop,
    print_i32_f32: nop, print_f64_f64: nop,
    global_i32: new Global({ value: 'i32' }, 666),
    global_i64: new Global({ value: 'i64' }, 666n),
    global_f32: new Global({ value: 'f32' }, 666.6),
    global_f64: new Global({ value: 'f64' }, 666.6),
    table: new Table({ element: 'funcref', initial: 10, maximum: 20 }),
    table64: new Table({ element: 'funcref', initial: 10, maximum: 20, address: 'i64' }),
    memory: new Memory({ initial: 1, maximum: 2 }),
  };
  return new Instance(exports, new Map());
}

/**
 * Gas-on profile: code metered with the strict schedule (calls, loops, every instruction, bulk
 * bytes and pages); calls get an unreachable limit, so metering must never change a result.
 */
const GAS_ON: InstantiateOptions = { gas: STRICT_GAS_SCHEDULE };

/** detwasm as a spec engine; `gas` selects the metered profile, `features` what compile accepts (default: compile's). */
export function detwasmEngine(options: { gas?: boolean; features?: Features; tier?: Tier } = {}): SpecEngine<Module, Instance> {
  const compileOptions = options.features === undefined ? {} : { features: options.features };
  const tier = options.tier ?? 'interpreter';
  const instOptions: InstantiateOptions = { ...(options.gas === true ? GAS_ON : {}), tier };
  const execution: ExecutionCapability<Module, Instance> = {
    instantiate(module, registry) {
      const imports: Record<string, Record<string, unknown>> = {};
      for (const [name, inst] of registry) imports[name] = inst.exports as Record<string, unknown>;
      return instantiate(module, imports, instOptions);
    },
    invoke(instance, field, args, resultTypes) {
      const results = instance.invoke(field, args.map(toDetwasm), { floatBits: true });
      return results.map((x, i) => fromDetwasm(x, resultTypes[i] ?? 'i32'));
    },
    get(instance, field, type) {
      return fromDetwasm(instance.getGlobal(field, { floatBits: true }), type);
    },
    spectest: spectestInstance,
  };
  return {
    name: `detwasm${tier === 'js' ? ' (JS tier)' : ''}${options.gas === true ? ' (gas on)' : ''}`,
    compile: (bytes) => compile(bytes, compileOptions),
    classify: classifyDetwasmError,
    execution,
    strictNaN: true,
  };
}
