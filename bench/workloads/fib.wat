;; Execute-suite workload: the naive doubly recursive Fibonacci, in WAT so that no compiler turns
;; one of the two calls into a loop (clang -O2 does). fib(n) makes about 1.6 * 1.618^n calls.
(module
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
