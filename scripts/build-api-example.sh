#!/usr/bin/env bash
# Rebuilds examples/api/fib.wasm (the README's first API example) from fib.wat with the `wabt`
# dev dependency's wat2wasm, writing the name section (trap stacks name the functions).
# test/readme.test.ts rebuilds it the same way and fails when the committed bytes differ.
set -euo pipefail
cd "$(dirname "$0")/.."

node --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
const wabt = await (await import("wabt")).default();
const src = "examples/api/fib.wat";
const m = wabt.parseWat(src, readFileSync(src, "utf8"));
m.resolveNames();
m.validate();
writeFileSync("examples/api/fib.wasm", m.toBinary({ write_debug_names: true }).buffer);
m.destroy();
'
ls -l examples/api/fib.wasm
