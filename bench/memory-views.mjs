#!/usr/bin/env node
/**
 * Micro-benchmark behind the memory design (docs/RATIONALE.md "Memory"): the cost of loads and
 * stores through the two views the interpreter reads memory with (a DataView for multi-byte
 * accesses, a Uint8Array for bytes), over a plain ArrayBuffer, over a larger plain ArrayBuffer
 * (a view of the first half: the doubling storage), and over a resizable ArrayBuffer
 * (`new ArrayBuffer(n, { maxByteLength })`) with a fixed-length or a length-tracking view. Each
 * way runs in a fresh child process (so no way's type feedback reaches another's code), 12 rounds
 * of 100 passes over 64 KiB; prints ns per iteration of rounds 5-12.
 *
 *   node bench/memory-views.mjs              # this node
 *   <other node> bench/memory-views.mjs      # another line (e.g. .cache/node-lines/.../bin/node)
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BYTES = 65536;
const KINDS = ['plain', 'plain-half', 'resizable-fixed', 'resizable-tracking'];
const ACCESSES = ['DataView', 'Uint8Array'];

function views(kind) {
  if (kind === 'plain') {
    const b = new ArrayBuffer(BYTES);
    return [new DataView(b), new Uint8Array(b)];
  }
  if (kind === 'plain-half') {
    const b = new ArrayBuffer(2 * BYTES);
    return [new DataView(b, 0, BYTES), new Uint8Array(b, 0, BYTES)];
  }
  const b = new ArrayBuffer(BYTES, { maxByteLength: 256 * 65536 });
  return kind === 'resizable-fixed' ? [new DataView(b, 0, BYTES), new Uint8Array(b, 0, BYTES)] : [new DataView(b), new Uint8Array(b)];
}

function dataView(view, size, passes) {
  let acc = 0;
  for (let r = 0; r < passes; r++) {
    for (let i = 0; i + 4 <= size; i += 4) {
      const v = view.getInt32(i, true);
      view.setInt32(i, (v + i) | 0, true);
      acc = (acc + v) | 0;
    }
  }
  return acc;
}

function uint8(bytes, size, passes) {
  let acc = 0;
  for (let r = 0; r < passes; r++) {
    for (let i = 0; i + 4 <= size; i += 4) {
      acc = (acc + bytes[i]) | 0;
      bytes[i + 1] = acc;
    }
  }
  return acc;
}

/** Child: one kind and access; prints the ns per iteration of rounds 5-12 as JSON. */
function child(kind, access) {
  const [view, bytes] = views(kind);
  const ns = [];
  for (let round = 0; round < 12; round++) {
    const t = performance.now();
    if (access === 'DataView') dataView(view, BYTES, 100);
    else uint8(bytes, BYTES, 100);
    if (round >= 4) ns.push(((performance.now() - t) * 1e6) / ((100 * BYTES) / 4));
  }
  console.log(JSON.stringify(ns));
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4]);
} else {
  console.log(`Node ${process.versions.node} (V8 ${process.versions.v8}): ns per iteration, rounds 5-12 of 12`);
  console.log('| view | kind | min | median | max |\n|---|---|---|---|---|');
  for (const access of ACCESSES) {
    for (const kind of KINDS) {
      const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', kind, access], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      const ns = JSON.parse(r.stdout).sort((a, b) => a - b);
      console.log(`| ${access} | ${kind} | ${ns[0].toFixed(2)} | ${ns[ns.length >> 1].toFixed(2)} | ${ns[ns.length - 1].toFixed(2)} |`);
    }
  }
}
