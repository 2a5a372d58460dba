#!/usr/bin/env bash
# Rebuilds the committed WASI example programs in examples/wasi/ from their sources:
#   hello.c             -> hello-c.wasm         (clang + lld + wasi-libc, wasm32-wasi)
#   hello.rs            -> hello-rust.wasm      (Debian's rustc + libstd-rust-dev-wasm32, wasm32-wasi)
#   tinygo-imports.wat  -> tinygo-imports.wasm  (wabt's wat2wasm)
# Needs Debian bookworm's packages:
#   apt-get install -y clang lld wasi-libc libclang-rt-14-dev-wasm32 rustc libstd-rust-dev-wasm32 wabt
# (built with clang 14.0.6, wasi-libc 0.0~git20220510, rustc 1.63.0, wabt 1.0.32). Debian's
# wasi-libc installs its headers in /usr/include/wasm32-wasi and its libraries in
# /usr/lib/wasm32-wasi, which clang finds with --sysroot=/usr. Tests use the committed .wasm
# files, never a compiler.
set -euo pipefail
cd "$(dirname "$0")/../examples/wasi"

# Debian's rustc, not a rustup toolchain that may come first in PATH.
RUSTC=/usr/bin/rustc

clang --target=wasm32-wasi --sysroot=/usr -O2 -Wall -Wextra -Werror -Wl,--strip-all \
  -o hello-c.wasm hello.c

"$RUSTC" --edition 2021 --target wasm32-wasi -C opt-level=s -C strip=symbols -C panic=abort \
  -o hello-rust.wasm hello.rs

wat2wasm tinygo-imports.wat -o tinygo-imports.wasm

chmod a-x ./*.wasm # wasm-ld marks its output executable
ls -l ./*.wasm
