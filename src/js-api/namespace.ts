/**
 * The `WebAssembly` namespace's functions (JS API §"The WebAssembly namespace"): `validate`,
 * `compile`, `instantiate` (bytes -> `{ module, instance }`; a Module -> an Instance) and the
 * streaming forms over a `Response` or a promise of one. The promise forms report every error,
 * bad arguments included, as a rejection (never a synchronous throw).
 */
import { validate as engineValidate } from '../compile.js';
import { Instance } from './instance.js';
import { copyBufferSource, JS_API_FEATURES, Module } from './module.js';

/** True when `bytes` (a BufferSource) is a valid module; TypeError for anything else. */
export function validate(bytes: ArrayBuffer | ArrayBufferView): boolean {
  const copy = copyBufferSource(bytes);
  try {
    engineValidate(copy, { features: JS_API_FEATURES });
    return true;
  } catch {
    return false;
  }
}

/** Compiles `bytes` (a rejection with CompileError or TypeError on failure). */
export async function compile(bytes: ArrayBuffer | ArrayBufferView): Promise<Module> {
  return new Module(bytes);
}

/** The result of `instantiate(bytes, imports)`. */
export interface WebAssemblyInstantiatedSource {
  module: Module;
  instance: Instance;
}

/** `instantiate(module, imports)` -> Instance; `instantiate(bytes, imports)` -> `{ module, instance }`. */
export function instantiate(moduleObject: Module, importObject?: object): Promise<Instance>;
export function instantiate(bytes: ArrayBuffer | ArrayBufferView, importObject?: object): Promise<WebAssemblyInstantiatedSource>;
export async function instantiate(source: unknown, importObject?: object): Promise<Instance | WebAssemblyInstantiatedSource> {
  if (source instanceof Module) return new Instance(source, importObject);
  const module = new Module(source as ArrayBuffer);
  return { module, instance: new Instance(module, importObject) };
}

/** The slice of a fetch `Response` the streaming forms read. */
export interface ResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Compiles the body of a Response (or of a promise of one): `application/wasm`, status ok. */
export async function compileStreaming(source: ResponseLike | PromiseLike<ResponseLike>): Promise<Module> {
  return new Module(await responseBytes(await source));
}

/** Compiles and instantiates the body of a Response (or of a promise of one). */
export async function instantiateStreaming(
  source: ResponseLike | PromiseLike<ResponseLike>, importObject?: object,
): Promise<WebAssemblyInstantiatedSource> {
  const module = new Module(await responseBytes(await source));
  return { module, instance: new Instance(module, importObject) };
}

/** JS API §"compile a potential WebAssembly response": a Response, MIME type application/wasm, ok status. */
async function responseBytes(r: unknown): Promise<ArrayBuffer> {
  const res = r as Partial<ResponseLike> | null;
  if (typeof res !== 'object' || res === null || typeof res.arrayBuffer !== 'function' || typeof res.headers?.get !== 'function') {
    throw new TypeError('the argument must be a Response or a promise of one');
  }
  const mime = res.headers.get('Content-Type');
  if (mime === null || mime.split(';')[0]!.trim().toLowerCase() !== 'application/wasm') {
    throw new TypeError("the Response's Content-Type must be application/wasm");
  }
  if (res.ok !== true) throw new TypeError(`the Response has status ${String(res.status)}`);
  return res.arrayBuffer();
}
