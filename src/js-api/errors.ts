/**
 * The JS API's error classes (WebAssembly JS API §"Error objects"): CompileError, LinkError and
 * RuntimeError, distinct `Error` subclasses, and the map from detwasm's WasmError family to them
 * (MalformedError / InvalidError -> CompileError, LinkError -> LinkError, Trap -> RuntimeError,
 * the message kept; an uncaught wasm exception -> its WebAssembly.Exception). A JS exception thrown by an imported function reaches detwasm's drivers as
 * Trap(HOST) with the exception as `cause`; the JS API lets it pass through unchanged.
 */
import {
  InvalidError, LinkError as WasmLinkError, MalformedError, Trap, TrapCode,
} from '../errors.js';
import { toJsApiException } from './exception.js';

/** A module that does not decode or validate. */
export class CompileError extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CompileError';
  }
}

/** An import object that does not match the module's imports. */
export class LinkError extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LinkError';
  }
}

/** A trap (the message is the spec text, e.g. "integer divide by zero"). */
export class RuntimeError extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeError';
  }
}

/** The JS API error for anything detwasm threw (other values are returned as they are). */
export function toJsApiError(e: unknown): unknown {
  if (e instanceof Trap) {
    // A JS exception (or a JS API error of a nested call) thrown by an import: unchanged.
    if (e.code === TrapCode.HOST && e.cause !== undefined) return e.cause;
    return new RuntimeError(e.message);
  }
  if (e instanceof MalformedError || e instanceof InvalidError) return new CompileError(e.message);
  if (e instanceof WasmLinkError) return new LinkError(e.message);
  // A wasm exception no handler caught: the WebAssembly.Exception that stands for it.
  return toJsApiException(e);
}
