#!/usr/bin/env bash
# Rebuilds the committed Rust example contract in examples/contracts/:
#   poll/poll.rs -> poll/poll.wasm  (no_std cdylib, wasm32-unknown-unknown, no cargo, no crates)
# Needs Debian bookworm's packages:
#   apt-get install -y rustc libstd-rust-dev-wasm32 lld
# (built with rustc 1.63.0+dfsg1-2 and its wasm-ld, lld 14). The build is reproducible: the same
# rustc writes the same bytes from any directory (no paths or symbols in the output), so
#   scripts/build-rust-contracts.sh --check
# rebuilds into a temporary file and fails when the committed poll.wasm differs. Another rustc
# (a rustup toolchain) writes other bytes, and the golden gas of test/vm/gas-golden.test.ts is
# for these. Tests use the committed .wasm, never a compiler.
#
# Flags: opt-level=s, panic=abort (the panic handler is `unreachable`), lto (drops core's panic
# formatting), strip=symbols (no name section), and a 16 KiB shadow stack instead of rustc's
# default 1 MiB, so the contract's memory is one 64 KiB page (rustc places the stack first, then
# the data), which the VM's memory pool reuses across calls (it keeps buffers up to 16 pages).
set -euo pipefail
cd "$(dirname "$0")/../examples/contracts/poll"

# Debian's rustc, not a rustup toolchain that may come first in PATH.
RUSTC=/usr/bin/rustc

out=poll.wasm
if [[ "${1:-}" == "--check" ]]; then
  out=$(mktemp --suffix=.wasm)
  trap 'rm -f "$out"' EXIT
fi

"$RUSTC" --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown \
  -C opt-level=s -C panic=abort -C lto -C strip=symbols -C link-arg=-zstack-size=16384 -C target-feature=+bulk-memory \
  -o "$out" poll.rs
chmod a-x "$out" # wasm-ld marks its output executable

if [[ "${1:-}" == "--check" ]]; then
  if cmp -s "$out" poll.wasm; then
    echo "poll.wasm matches poll.rs ($("$RUSTC" --version))"
  else
    echo "poll.wasm differs from what $("$RUSTC" --version) builds from poll.rs: run scripts/build-rust-contracts.sh" >&2
    exit 1
  fi
else
  ls -l ./*.wasm
fi
