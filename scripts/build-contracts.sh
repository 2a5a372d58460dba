#!/usr/bin/env bash
# Rebuilds the committed example contracts in examples/contracts/ from their sources:
#   counter/counter.wat -> counter/counter.wasm  (the `wabt` dev dependency's wat2wasm, no names)
#   token/token.ts      -> token/token.wasm      (the `assemblyscript` dev dependency:
#                                                 asc --runtime stub -O3, run from the repo root so
#                                                 abort messages name examples/contracts/token/token.ts)
# Needs only `npm ci`. test/vm/examples.test.ts rebuilds both the same way and fails when a
# committed .wasm no longer matches its source.
set -euo pipefail
cd "$(dirname "$0")/.."

node --input-type=module -e '
import { readFileSync, writeFileSync } from "node:fs";
const wabt = await (await import("wabt")).default();
const src = "examples/contracts/counter/counter.wat";
const m = wabt.parseWat(src, readFileSync(src, "utf8"), { multi_value: true });
m.resolveNames();
m.validate();
writeFileSync("examples/contracts/counter/counter.wasm", m.toBinary({}).buffer);
m.destroy();
'

npx asc examples/contracts/token/token.ts --runtime stub -O3 -o examples/contracts/token/token.wasm

ls -l examples/contracts/*/*.wasm
