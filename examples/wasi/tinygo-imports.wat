;; A module with the WASI imports a TinyGo `-target wasip1` binary has (TinyGo's runtime imports
;; fd_write, clock_time_get, args_*, proc_exit, random_get and poll_oneoff; the wasi-libc it links
;; adds environ_*, fd_close, fd_fdstat_get, fd_filestat_get, fd_prestat_*, fd_read, fd_seek and
;; path_open), with the same signatures and a memory exported as "memory". Its `_start` exercises
;; every import and prints what it got, one line each, then calls proc_exit(argc).
;; Built to tinygo-imports.wasm by scripts/build-wasi-examples.sh (wabt's wat2wasm).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))

  ;; Layout: 0..255 results of calls, 256..511 number formatting, 512 argv pointers, 768 environ
  ;; pointers, 2048.. string constants, 4096 argv strings, 8192 environ strings, 12288 stdin bytes.
  (memory (export "memory") 1)

  (data (i32.const 2048) "tinygo-shaped module\0a\00")
  (data (i32.const 2080) "argc=\00")
  (data (i32.const 2088) "arg \00")
  (data (i32.const 2096) "env \00")
  (data (i32.const 2104) "stdout filetype=\00")
  (data (i32.const 2128) "fd_prestat_get(3)=\00")
  (data (i32.const 2152) "fd_prestat_dir_name(3)=\00")
  (data (i32.const 2184) "random=\00")
  (data (i32.const 2192) "time=\00")
  (data (i32.const 2200) "fd_seek(1)=\00")
  (data (i32.const 2216) "fd_filestat_get(1)=\00")
  (data (i32.const 2240) "path_open(3)=\00")
  (data (i32.const 2256) "poll_oneoff=\00")
  (data (i32.const 2272) "stdin=\00")
  (data (i32.const 2280) "fd_close(0)=\00")
  (data (i32.const 2296) "fd_read(0)=\00")
  (data (i32.const 2312) "\0a\00")
  (data (i32.const 2320) "main.go\00")
  (data (i32.const 2328) "0123456789abcdef")

  (func $strlen (param $p i32) (result i32)
    (local $q i32)
    (local.set $q (local.get $p))
    (block $done
      (loop $next
        (br_if $done (i32.eqz (i32.load8_u (local.get $q))))
        (local.set $q (i32.add (local.get $q) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $q) (local.get $p)))

  ;; Writes [p, p+len) to stdout with one iovec at 16; nwritten goes to 8.
  (func $write (param $p i32) (param $len i32)
    (i32.store (i32.const 16) (local.get $p))
    (i32.store (i32.const 20) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 8))))

  (func $puts (param $p i32)
    (call $write (local.get $p) (call $strlen (local.get $p))))

  (func $newline
    (call $puts (i32.const 2312)))

  ;; Decimal digits of an unsigned i64, built backwards from 320.
  (func $put_u64 (param $v i64)
    (local $p i32)
    (local.set $p (i32.const 320))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i64.store8 (local.get $p) (i64.add (i64.const 48) (i64.rem_u (local.get $v) (i64.const 10))))
      (local.set $v (i64.div_u (local.get $v) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $v) (i64.const 0))))
    (call $write (local.get $p) (i32.sub (i32.const 320) (local.get $p))))

  ;; `label` then the number then a newline.
  (func $put_kv (param $label i32) (param $v i32)
    (call $puts (local.get $label))
    (call $put_u64 (i64.extend_i32_u (local.get $v)))
    (call $newline))

  ;; Lowercase hex of n bytes at p (n <= 64), built at 384.
  (func $put_hex (param $p i32) (param $n i32)
    (local $i i32) (local $b i32)
    (block $done
      (loop $byte
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $b (i32.load8_u (i32.add (local.get $p) (local.get $i))))
        (i32.store8 (i32.add (i32.const 384) (i32.shl (local.get $i) (i32.const 1)))
          (i32.load8_u (i32.add (i32.const 2328) (i32.shr_u (local.get $b) (i32.const 4)))))
        (i32.store8 (i32.add (i32.const 385) (i32.shl (local.get $i) (i32.const 1)))
          (i32.load8_u (i32.add (i32.const 2328) (i32.and (local.get $b) (i32.const 15)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $byte)))
    (call $write (i32.const 384) (i32.shl (local.get $n) (i32.const 1))))

  ;; Prints `prefix` + each NUL-terminated string whose pointer is in the array at `ptrs`.
  (func $put_list (param $prefix i32) (param $ptrs i32) (param $count i32)
    (local $i i32)
    (block $done
      (loop $item
        (br_if $done (i32.ge_u (local.get $i) (local.get $count)))
        (call $puts (local.get $prefix))
        (call $puts (i32.load (i32.add (local.get $ptrs) (i32.shl (local.get $i) (i32.const 2)))))
        (call $newline)
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $item))))

  (func (export "_start")
    (local $argc i32)
    (call $puts (i32.const 2048))

    ;; Arguments and environment, as the runtime does at start-up.
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (local.set $argc (i32.load (i32.const 0)))
    (drop (call $args_get (i32.const 512) (i32.const 4096)))
    (call $put_kv (i32.const 2080) (local.get $argc))
    (call $put_list (i32.const 2088) (i32.const 512) (local.get $argc))
    (drop (call $environ_sizes_get (i32.const 0) (i32.const 4)))
    (drop (call $environ_get (i32.const 768) (i32.const 8192)))
    (call $put_list (i32.const 2096) (i32.const 768) (i32.load (i32.const 0)))

    ;; os.Stdout's kind, and wasi-libc's preopen scan (stops at the first EBADF).
    (drop (call $fd_fdstat_get (i32.const 1) (i32.const 32)))
    (call $put_kv (i32.const 2104) (i32.load8_u (i32.const 32)))
    (call $put_kv (i32.const 2128) (call $fd_prestat_get (i32.const 3) (i32.const 64)))
    (call $put_kv (i32.const 2152) (call $fd_prestat_dir_name (i32.const 3) (i32.const 72) (i32.const 8)))

    ;; The hashmap seed and time.Now().
    (drop (call $random_get (i32.const 96) (i32.const 8)))
    (call $puts (i32.const 2184))
    (call $put_hex (i32.const 96) (i32.const 8))
    (call $newline)
    (drop (call $clock_time_get (i32.const 0) (i64.const 1000) (i32.const 104)))
    (call $puts (i32.const 2192))
    (call $put_u64 (i64.load (i32.const 104)))
    (call $newline)

    ;; What the sandbox refuses: seeking a stream, stat, opening files, sleeping.
    (call $put_kv (i32.const 2200) (call $fd_seek (i32.const 1) (i64.const 0) (i32.const 1) (i32.const 112)))
    (call $put_kv (i32.const 2216) (call $fd_filestat_get (i32.const 1) (i32.const 144)))
    (call $put_kv (i32.const 2240)
      (call $path_open (i32.const 3) (i32.const 0) (i32.const 2320) (i32.const 7) (i32.const 0)
        (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 120)))
    (call $put_kv (i32.const 2256) (call $poll_oneoff (i32.const 160) (i32.const 208) (i32.const 1) (i32.const 128)))

    ;; Up to 64 bytes of stdin (one iovec at 24), then close it twice.
    (i32.store (i32.const 24) (i32.const 12288))
    (i32.store (i32.const 28) (i32.const 64))
    (drop (call $fd_read (i32.const 0) (i32.const 24) (i32.const 1) (i32.const 136)))
    (call $puts (i32.const 2272))
    (call $write (i32.const 12288) (i32.load (i32.const 136)))
    (call $newline)
    (call $put_kv (i32.const 2280) (call $fd_close (i32.const 0)))
    (call $put_kv (i32.const 2280) (call $fd_close (i32.const 0)))
    (call $put_kv (i32.const 2296) (call $fd_read (i32.const 0) (i32.const 24) (i32.const 1) (i32.const 136)))

    (call $proc_exit (local.get $argc))))
