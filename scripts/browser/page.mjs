/**
 * The test page's module (issue 14 item 6): probes the page's native WebAssembly (the page's CSP
 * refuses it), runs every case of cases.mjs on detwasm loaded from the served dist/, shows the
 * results and POSTs them to the test server, which compares them with Node's.
 */
import { WebAssembly as detwasmWebAssembly } from 'detwasm/js-api';
import { runCases } from './cases.mjs';

/** What the page's own WebAssembly does with the smallest module: 'refused (...)' under the page's CSP. */
function nativeProbe() {
  const native = globalThis.WebAssembly;
  if (native === undefined) return 'absent';
  try {
    new native.Module(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    return 'compiles';
  } catch (e) {
    return `refused (${e?.name})`;
  }
}

async function fetchOk(path) {
  const r = await fetch(`/${path}`);
  if (!r.ok) throw new Error(`GET /${path}: ${r.status}`);
  return r;
}

const host = {
  WebAssembly: detwasmWebAssembly,
  bytes: async (path) => new Uint8Array(await (await fetchOk(path)).arrayBuffer()),
  text: async (path) => (await fetchOk(path)).text(),
  script: (path) => new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = `/${path}`;
    s.onload = () => resolve();
    s.onerror = () => reject(new Error(`script /${path} did not load`));
    document.head.append(s);
  }),
  importModule: (specifier) => import(specifier.startsWith('node_modules/') ? `/${specifier}` : specifier),
};

const native = nativeProbe();
const started = performance.now();
const cases = await runCases(host, { now: () => performance.now() });
const payload = { userAgent: navigator.userAgent, native, totalMs: Math.round(performance.now() - started), cases };
document.getElementById('out').textContent = JSON.stringify(payload, null, 2);
await window.detwasmReport('results', payload);
