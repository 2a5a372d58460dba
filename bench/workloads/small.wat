;; Instantiate suite: a small module with what a typical contract has: an imported host function,
;; a memory with a data segment, a table with an element segment, globals and a few functions.
(module
  (type $unop (func (param i32) (result i32)))
  (import "env" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1 16)
  (table (export "table") 4 funcref)
  (global $counter (mut i32) (i32.const 0))
  (global $base i32 (i32.const 64))
  (data (i32.const 64) "detwasm instantiate benchmark: a short data segment\00")
  (elem (i32.const 0) $inc $dbl $neg $inc)
  (func $inc (type $unop) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $unop) (i32.shl (local.get 0) (i32.const 1)))
  (func $neg (type $unop) (i32.sub (i32.const 0) (local.get 0)))
  (func (export "apply") (param $i i32) (param $x i32) (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (call_indirect (type $unop) (local.get $x) (i32.and (local.get $i) (i32.const 3))))
  (func (export "greet")
    (call $log (global.get $base) (i32.const 51)))
  (func (export "sum") (param $ptr i32) (param $len i32) (result i32)
    (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $s)))
