/**
 * `detwasm/js-api/install` and the package's subpath exports: in-process, importing it leaves
 * V8's WebAssembly alone and `installWebAssembly({ force: true })` replaces it; under
 * `node --jitless` (no WebAssembly at all) importing the built package installs detwasm's and
 * `WebAssembly.instantiate` runs. The subprocess tests use dist/ (`npm run build`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebAssembly as DetwasmWasm } from '../../src/js-api/index.js';
import { installed, installWebAssembly } from '../../src/js-api/install.js';
import { wat } from '../helpers/wat.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const g = globalThis as { WebAssembly?: unknown };

describe('detwasm/js-api/install', () => {
  it('leaves an existing WebAssembly alone; force replaces it', () => {
    const native = g.WebAssembly;
    expect(native).toBeDefined();
    expect(native).not.toBe(DetwasmWasm);
    expect(installed).toBe(DetwasmWasm);
    expect(installWebAssembly()).toBe(false);
    expect(g.WebAssembly).toBe(native);
    try {
      expect(installWebAssembly({ force: true })).toBe(true);
      expect(g.WebAssembly).toBe(DetwasmWasm);
    } finally {
      Object.defineProperty(globalThis, 'WebAssembly', { value: native, writable: true, configurable: true, enumerable: false });
    }
    expect(g.WebAssembly).toBe(native);
  });

  it('the namespace is frozen and says WebAssembly', () => {
    expect(Object.isFrozen(DetwasmWasm)).toBe(true);
    expect(Object.prototype.toString.call(DetwasmWasm)).toBe('[object WebAssembly]');
  });

  it.skipIf(!existsSync(`${ROOT}dist/js-api/install.js`))('installs under node --jitless (no host WebAssembly); the subpath exports resolve', () => {
    const bytes = [...wat('(func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)')];
    const script = `
      const before = typeof globalThis.WebAssembly;
      await import('detwasm/js-api/install');
      const { WebAssembly: W, Memory } = await import('detwasm/js-api');
      const { instance, module } = await WebAssembly.instantiate(new Uint8Array(${JSON.stringify(bytes)}));
      console.log(JSON.stringify([before, globalThis.WebAssembly === W, W.Memory === Memory,
        module instanceof W.Module, instance.exports.add(40, 2)]));`;
    const out = execFileSync(process.execPath, ['--jitless', '--no-warnings', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(JSON.parse(out)).toStrictEqual(['undefined', true, true, true, 42]);
  });
});
