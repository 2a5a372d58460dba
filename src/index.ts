/**
 * detwasm: a pure-TypeScript, deterministic WebAssembly interpreter. Public API (explicit export
 * list; nothing else is public).
 */
import { decodedOf } from './compile.js';
import type { Module } from './compile.js';
import { Instance, instantiateModule } from './interpreter/instance.js';
import type { Imports, InstantiateOptions } from './interpreter/instance.js';

export { compile, validate, Module } from './compile.js';
export type { CompileOptions, ExternKind, ImportDescriptor, ExportDescriptor } from './compile.js';
export {
  WasmError, MalformedError, InvalidError, LinkError, Trap, TrapCode, InternalError, TRAP_MESSAGES,
} from './errors.js';
export { DEFAULT_DECODE_LIMITS } from './decoder/limits.js';
export type { DecodeLimits } from './decoder/limits.js';
export {
  DEFAULT_FEATURES, FEATURE_NAMES, FEATURE_PRESET_NAMES, parseFeatures, resolveFeatures, WASM_1_0, WASM_2_0, WASM_3_0,
} from './validator/features.js';
export type { FeatureName, Features } from './validator/features.js';

/**
 * Instantiates a compiled module with its imports: `{ [module]: { [name]: function | exported
 * function | Memory | Table | Global } }`. Throws LinkError, or Trap when segment initialisation
 * or the start function traps.
 */
export function instantiate(module: Module, imports?: Imports, options?: InstantiateOptions): Instance {
  return instantiateModule(decodedOf(module), imports, options);
}
export { Instance };
export type { Exports, ExportValue, ExportedFunction, Imports, InstantiateOptions, InvokeOptions, CallControl, CallOutcome } from './interpreter/instance.js';
export type { Tier } from './interpreter/runtime.js';
export {
  DEFAULT_GAS_SCHEDULE, STRICT_GAS_SCHEDULE, FREE_GAS_SCHEDULE, GAS_CLASSES, INSTRUCTION_CLASSES, instructionCost,
} from './gas/schedule.js';
export type { GasClass, GasSchedule, LoopCharge } from './gas/schedule.js';
export type { GasProfile, FunctionGas, StackGas } from './gas/profile.js';
export { foldedStacks, profileTable, DEFAULT_PROFILE_TABLE_ROWS } from './gas/profile-report.js';
export { flameGraphSvg } from './gas/flame-graph.js';
export type { FlameGraphOptions } from './gas/flame-graph.js';
export { defineHostFunction } from './host/abi.js';
export type { HostContext, HostFunction, HostValueType } from './host/abi.js';
export { Memory, Table, Global } from './interpreter/externs.js';
export { Tag, WasmException } from './interpreter/tags.js';
export { GcStruct, GcArray } from './interpreter/gc-objects.js';
export { MAX_SUBTYPE_DEPTH } from './types.js';
export type { TagDescriptor } from './interpreter/tags.js';
export type { MemoryDescriptor, TableDescriptor, GlobalDescriptor, ValueTypeName } from './interpreter/externs.js';
export { hostFunction } from './interpreter/instance.js';
export { DEFAULT_MAX_CALL_DEPTH, DEFAULT_MAX_GC_HEAP_BYTES, DEFAULT_MAX_STACK_WORDS } from './interpreter/machine.js';
export { DEFAULT_MAX_MEMORY_PAGES, DEFAULT_MAX_TABLE_ELEMENTS } from './interpreter/runtime.js';
export { createVM } from './vm/vm.js';
export type { VM, CallRequest, CallResult, CallError, CallErrorKind } from './vm/vm.js';
export { DEFAULT_CALL_LIMITS, DEFAULT_POLL_INTERVAL_GAS } from './vm/options.js';
export type { VMOptions, ResolvedVMOptions, CallLimits } from './vm/options.js';
export { DEFAULT_CACHE_OPTIONS } from './vm/cache.js';
export type { CacheOptions, CacheStats } from './vm/cache.js';
export { DEFAULT_HOST_COSTS, ENV_FUNCTION_TYPES } from './host/env.js';
export type { HostEnv, HostCosts, EnvLimits, ContractEvent, StateWrite } from './host/env.js';
export { MemoryState } from './host/memory-state.js';
export { hostModule, typedHostFunction } from './host/builder.js';
export type { HostModule, HostFunctionSpec, AnyHostFunctionSpec, HostArgs, HostResult, HostJsValue } from './host/builder.js';
export {
  createWasi, WasiExit, WASI_MODULE, DEFAULT_WASI_MAX_OUTPUT_BYTES, DEFAULT_WASI_GAS_PER_BYTE,
  DEFAULT_WASI_CLOCK_RESOLUTION_NS,
} from './host/wasi/wasi.js';
export type { Wasi, WasiOptions, WasiRunResult, WasiStartable } from './host/wasi/wasi.js';
export { WasiErrno } from './host/wasi/constants.js';
