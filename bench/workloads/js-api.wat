;; js-api suite: the two crossings of the JS API, timed through detwasm/js-api and V8.
(module
  (import "env" "inc" (func $inc (param i32) (result i32)))
  ;; JS -> wasm: an exported no-op i32 -> i32.
  (func (export "id") (param i32) (result i32)
    (local.get 0))
  ;; wasm -> JS: a loop in wasm calling the imported JS function n times; returns the last result.
  (func (export "callImport") (param $n i32) (result i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (call $inc (local.get $acc)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    (local.get $acc)))
