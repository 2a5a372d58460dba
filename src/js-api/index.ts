/**
 * `detwasm/js-api`: the WebAssembly JS API (W3C "WebAssembly JavaScript Interface") over detwasm,
 * as a namespace `WebAssembly` and each member as a named export. Never uses the host's
 * WebAssembly. Importing this module installs nothing (see `detwasm/js-api/install`).
 */
import { CompileError, LinkError, RuntimeError } from './errors.js';
import { Exception, Tag } from './exception.js';
import { WasmFunction } from './functions.js';
import { Global } from './global.js';
import { Instance } from './instance.js';
import { Memory } from './memory.js';
import { Module } from './module.js';
import { compile, compileStreaming, instantiate, instantiateStreaming, validate } from './namespace.js';
import { Table } from './table.js';

export { CompileError, LinkError, RuntimeError } from './errors.js';
export { Exception, Tag } from './exception.js';
export { WasmFunction as Function } from './functions.js';
export { Global } from './global.js';
export type { GlobalDescriptor } from './global.js';
export { Instance } from './instance.js';
export type { Exports } from './instance.js';
export { Memory } from './memory.js';
export type { MemoryDescriptor } from './memory.js';
export { Module } from './module.js';
export type { ModuleExportDescriptor, ModuleImportDescriptor } from './module.js';
export { compile, compileStreaming, instantiate, instantiateStreaming, validate } from './namespace.js';
export type { ResponseLike, WebAssemblyInstantiatedSource } from './namespace.js';
export { Table } from './table.js';
export type { TableDescriptor } from './table.js';
export type { ExternType, FunctionType, GlobalType, MemoryType, TableType, TagType } from './type-reflection.js';

/** The `WebAssembly` namespace object (frozen members, `Symbol.toStringTag` 'WebAssembly'). */
export interface WebAssemblyNamespace {
  readonly Module: typeof Module;
  readonly Instance: typeof Instance;
  readonly Memory: typeof Memory;
  readonly Table: typeof Table;
  readonly Global: typeof Global;
  readonly Tag: typeof Tag;
  readonly Exception: typeof Exception;
  readonly Function: typeof WasmFunction;
  readonly CompileError: typeof CompileError;
  readonly LinkError: typeof LinkError;
  readonly RuntimeError: typeof RuntimeError;
  readonly validate: typeof validate;
  readonly compile: typeof compile;
  readonly instantiate: typeof instantiate;
  readonly compileStreaming: typeof compileStreaming;
  readonly instantiateStreaming: typeof instantiateStreaming;
}

const namespace: WebAssemblyNamespace = Object.freeze(Object.defineProperty({
  Module, Instance, Memory, Table, Global, Tag, Exception, Function: WasmFunction, CompileError, LinkError, RuntimeError,
  validate, compile, instantiate, compileStreaming, instantiateStreaming,
}, Symbol.toStringTag, { value: 'WebAssembly' }));

export { namespace as WebAssembly };
