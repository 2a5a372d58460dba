#!/usr/bin/env bash
# Rebuilds the committed benchmark modules in bench/workloads/ from their sources:
#   execute.c            -> execute.wasm  (clang, execute suite)
#   coremix.c            -> coremix.wasm  (clang, real suite: a CoreMark-like mix)
#   gen-large.mjs        -> large.wasm    (generated C, clang; decode-validate suite, >= 1 MB)
#   fib.wat, call.wat, small.wat, js-api.wat -> .wasm (wabt's wat2wasm)
# Needs Debian's clang, lld and wabt: apt-get install -y clang lld wabt
# (built with Debian clang 14.0.6 / wabt 1.0.32). Tests and benchmarks never need a compiler.
set -euo pipefail
cd "$(dirname "$0")/../bench/workloads"

# No libc, no builtins (clang would otherwise emit calls to memset/memcpy that nothing defines),
# wasm32 MVP + mutable-globals features (clang 14's default "generic" CPU).
CFLAGS=(--target=wasm32 -O2 -nostdlib -ffreestanding -fno-builtin -Wl,--no-entry -Wl,-z,stack-size=65536)

clang "${CFLAGS[@]}" -Wall -Wextra -Werror -o execute.wasm execute.c
clang "${CFLAGS[@]}" -Wall -Wextra -Werror -o coremix.wasm coremix.c

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# 2000 functions give a ~1.6 MB module (about 800 bytes of code per function).
node gen-large.mjs 2000 > "$tmp/large.c"
clang "${CFLAGS[@]}" -w -o large.wasm "$tmp/large.c"

for name in fib call small js-api; do
  wat2wasm "$name.wat" -o "$name.wasm"
done
chmod a-x ./*.wasm # wasm-ld marks its output executable
ls -l ./*.wasm
