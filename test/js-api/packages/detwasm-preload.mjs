/**
 * Preload (`node --import ./detwasm-preload.mjs`) of the package test and bench: before any
 * package is loaded, `installWebAssembly({ force: true })` from the built `dist/js-api/install.js`
 * replaces `globalThis.WebAssembly` (V8's, or none under `node --jitless`) with detwasm's.
 *
 * The witness: the `exports` getter of detwasm's `Instance.prototype` is wrapped (same value, same
 * getter semantics) to count the distinct Instances whose exports were read. Every glue reads
 * `instance.exports` to reach the wasm, so a count above zero shows the package ran on detwasm's
 * Instance; V8's own Instance would not be counted. run-package.mjs prints it.
 */
// Read before install.js is imported: importing it installs detwasm's where there is none.
const hostHadWebAssembly = typeof globalThis.WebAssembly !== 'undefined';
const { installed, installWebAssembly } = await import('../../../dist/js-api/install.js');
if (installWebAssembly({ force: true }) !== true || globalThis.WebAssembly !== installed) {
  throw new Error('detwasm-preload: installWebAssembly({ force: true }) did not install detwasm/js-api');
}

const proto = installed.Instance.prototype;
const original = Object.getOwnPropertyDescriptor(proto, 'exports');
if (original === undefined || typeof original.get !== 'function') throw new Error('detwasm-preload: Instance.prototype.exports is not a getter');
const seen = new WeakSet();
let instances = 0;
Object.defineProperty(proto, 'exports', {
  ...original,
  get() {
    const exports = original.get.call(this);
    if (!seen.has(this)) {
      seen.add(this);
      instances++;
    }
    return exports;
  },
});

globalThis[Symbol.for('detwasm.test.witness')] = () => ({
  hostHadWebAssembly,
  installed: globalThis.WebAssembly === installed,
  instances,
});
