/**
 * WASI preview1 constants used by the sandbox (values from `typenames.witx` of
 * wasi_snapshot_preview1, as wasi-libc's `wasi/api.h` spells them): errno codes, file types,
 * rights bits, clock ids, and the byte layout of `fdstat`.
 */

/** WASI `errno` values (u16) that the sandbox returns. */
export const WasiErrno = {
  /** No error. */
  SUCCESS: 0,
  /** Bad file descriptor: not open (the sandbox has only 0, 1, 2 and no preopens). */
  BADF: 8,
  /** Invalid argument (an unknown clock id, a byte count past u32). */
  INVAL: 28,
  /** Function not implemented: the sandbox has no file system, sockets, polling or signals. */
  NOSYS: 52,
  /** Invalid seek: stdin, stdout and stderr are streams. */
  SPIPE: 70,
} as const;

/** One of the {@link WasiErrno} values. */
export type WasiErrno = (typeof WasiErrno)[keyof typeof WasiErrno];

/** `filetype::character_device`, what fds 0, 1 and 2 report. */
export const FILETYPE_CHARACTER_DEVICE = 2;

/** `rights::fd_read` (bit 1). */
export const RIGHTS_FD_READ: bigint = 1n << 1n;
/** `rights::fd_write` (bit 6). */
export const RIGHTS_FD_WRITE: bigint = 1n << 6n;
/** `rights::poll_fd_readwrite` (bit 27). */
export const RIGHTS_POLL_FD_READWRITE: bigint = 1n << 27n;

/** `clockid::realtime`: wall-clock time since 1970-01-01T00:00:00Z. */
export const CLOCK_REALTIME = 0;
/** `clockid::monotonic`. */
export const CLOCK_MONOTONIC = 1;

/** Size in bytes of `fdstat` (u8 filetype @0, u16 flags @2, u64 rights_base @8, u64 rights_inheriting @16). */
export const FDSTAT_SIZE = 24;

/** Size in bytes of one `iovec` / `ciovec` (u32 buf @0, u32 buf_len @4). */
export const IOVEC_SIZE = 8;
