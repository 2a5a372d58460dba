/**
 * `detwasm/js-api/install`: importing it sets `globalThis.WebAssembly` to detwasm's JS API where
 * the host has none (e.g. `node --jitless`); {@link installWebAssembly} with `{ force: true }`
 * replaces the host's. The one file of src/ that writes a host global (architecture.test.ts).
 */
import { WebAssembly as namespace } from './index.js';
import type { WebAssemblyNamespace } from './index.js';

/**
 * Installs detwasm's namespace as `globalThis.WebAssembly` when that is missing, or always with
 * `force`. Returns true when it installed.
 */
export function installWebAssembly(options?: { readonly force?: boolean }): boolean {
  const g = globalThis as { WebAssembly?: unknown };
  if (g.WebAssembly !== undefined && options?.force !== true) return false;
  Object.defineProperty(globalThis, 'WebAssembly', { value: namespace, writable: true, configurable: true, enumerable: false });
  return true;
}

/** The namespace installed (or that would be). */
export const installed: WebAssemblyNamespace = namespace;

installWebAssembly();
