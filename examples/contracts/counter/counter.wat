;; counter.wat: a counter contract for the detwasm contract VM (ABI: docs/ABI.md).
;;
;; Methods (each of type [] -> []):
;;   increment  adds N to the count, where N is the first run of decimal digits in the JSON args
;;              ({"by": 5} adds 5; no digits adds 1); outputs the new count and emits the event
;;              "incremented" with it
;;   get        outputs the count
;;   reset      deletes the count and logs "counter reset"
;; State: key "count" -> the count as decimal text (absent = 0).
;; Build: scripts/build-contracts.sh (wabt's wat2wasm); the committed counter.wasm is what tests run.
(module
  (import "env" "input_length" (func $input_length (result i32)))
  (import "env" "input_read" (func $input_read (param i32)))
  (import "env" "output_write" (func $output_write (param i32 i32)))
  (import "env" "state_get" (func $state_get (param i32 i32 i32 i32) (result i32)))
  (import "env" "state_set" (func $state_set (param i32 i32 i32 i32)))
  (import "env" "state_delete" (func $state_delete (param i32 i32)))
  (import "env" "emit_event" (func $emit_event (param i32 i32 i32 i32)))
  (import "env" "log" (func $log (param i32 i32)))

  ;; Memory map: 0 key "count" (5 bytes); 16 event name "incremented" (11); 32 log text (13);
  ;; 64..84 the stored value read back; 128..148 decimal digits written by $itoa; 1024.. the args.
  (memory (export "memory") 1)
  (data (i32.const 0) "count")
  (data (i32.const 16) "incremented")
  (data (i32.const 32) "counter reset")

  ;; The first run of decimal digits in [ptr, ptr+len) as a u64 (wrapping), and whether there was one.
  (func $parse (param $ptr i32) (param $len i32) (result i64 i32)
    (local $i i32) (local $c i32) (local $v i64) (local $seen i32)
    (block $done
      (loop $scan
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.sub (i32.load8_u (i32.add (local.get $ptr) (local.get $i))) (i32.const 48)))
        (if (i32.lt_u (local.get $c) (i32.const 10))
          (then
            (local.set $seen (i32.const 1))
            (local.set $v (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.extend_i32_u (local.get $c)))))
          (else (br_if $done (local.get $seen))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $scan)))
    (local.get $v)
    (local.get $seen))

  ;; Writes $v in decimal so that it ends at 148; returns where it starts.
  (func $itoa (param $v i64) (result i32)
    (local $p i32)
    (local.set $p (i32.const 148))
    (loop $digits
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i64.store8 (local.get $p) (i64.add (i64.rem_u (local.get $v) (i64.const 10)) (i64.const 48)))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $v) (i64.const 0))))
    (local.get $p))

  ;; The stored count (0 when absent; a value longer than 20 bytes is not ours: trap).
  (func $load (result i64)
    (local $n i32)
    (local.set $n (call $state_get (i32.const 0) (i32.const 5) (i32.const 64) (i32.const 20)))
    (if (i32.lt_s (local.get $n) (i32.const 0)) (then (return (i64.const 0))))
    (if (i32.gt_u (local.get $n) (i32.const 20)) (then unreachable))
    (drop (call $parse (i32.const 64) (local.get $n))))

  ;; The amount in the args (1 when they hold no digits; args over 4 KiB trap).
  (func $amount (result i64)
    (local $len i32) (local $v i64)
    (local.set $len (call $input_length))
    (if (i32.gt_u (local.get $len) (i32.const 4096)) (then unreachable))
    (call $input_read (i32.const 1024))
    (call $parse (i32.const 1024) (local.get $len))
    (if (param i64) (result i64) (i32.eqz) (then (drop) (i64.const 1))))

  (func (export "increment")
    (local $p i32)
    (local.set $p (call $itoa (i64.add (call $load) (call $amount))))
    (call $state_set (i32.const 0) (i32.const 5) (local.get $p) (i32.sub (i32.const 148) (local.get $p)))
    (call $output_write (local.get $p) (i32.sub (i32.const 148) (local.get $p)))
    (call $emit_event (i32.const 16) (i32.const 11) (local.get $p) (i32.sub (i32.const 148) (local.get $p))))

  (func (export "get")
    (local $p i32)
    (local.set $p (call $itoa (call $load)))
    (call $output_write (local.get $p) (i32.sub (i32.const 148) (local.get $p))))

  (func (export "reset")
    (call $state_delete (i32.const 0) (i32.const 5))
    (call $log (i32.const 32) (i32.const 13))))
