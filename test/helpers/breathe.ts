/**
 * Test helper for long loops: `await breathe()` once per iteration lets the worker's event loop
 * run every 50 ms or so (a macrotask, not a microtask), so vitest's RPC to the main process is
 * answered in time. A synchronous test running past its 60 s RPC timeout (a loaded machine makes
 * the differential run take that long) ends the whole run with "Timeout calling onTaskUpdate".
 */
let last = performance.now();

export async function breathe(): Promise<void> {
  const now = performance.now();
  if (now - last < 50) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  last = performance.now();
}
