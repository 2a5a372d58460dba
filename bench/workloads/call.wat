;; Call-overhead suite: exported functions that do (almost) nothing, to time the JS -> wasm call.
(module
  (func (export "noop"))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 1)))
  (func (export "addf") (param f64 f64) (result f64)
    (f64.add (local.get 0) (local.get 1))))
