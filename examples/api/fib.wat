;; The module of the README's first API example: no imports, so it instantiates as it is, metered
;; or not. `fib` is recursive (one call per step: fib(20) makes 21,891 calls); `divide` traps on a
;; zero divisor. Rebuild fib.wasm with scripts/build-api-example.sh (wabt, with the name section,
;; so trap stacks name the functions); test/readme.test.ts checks the committed bytes.
(module
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func $divide (export "divide") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b))))
