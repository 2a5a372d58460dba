/*
 * WASI fixture in C (wasi-libc): prints a greeting, its arguments and environment, eight random
 * bytes, the wall-clock and monotonic time, a line on stderr, and exits with a code taken from the
 * first argument (default 0). Built by scripts/build-wasi-examples.sh; tests run the committed
 * hello-c.wasm under detwasm's deterministic WASI (src/host/wasi/), where every value printed here
 * comes from the host's options: args, env, seed and block time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("hello from C\n");
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);
  for (char **e = environ; *e != NULL; e++) printf("env %s\n", *e);

  unsigned char bytes[8];
  if (getentropy(bytes, sizeof bytes) != 0) {
    perror("getentropy");
    return 10;
  }
  printf("random=");
  for (size_t i = 0; i < sizeof bytes; i++) printf("%02x", bytes[i]);
  printf("\n");

  struct timespec real, mono;
  if (clock_gettime(CLOCK_REALTIME, &real) != 0 || clock_gettime(CLOCK_MONOTONIC, &mono) != 0) {
    perror("clock_gettime");
    return 11;
  }
  printf("realtime=%lld.%09ld\n", (long long)real.tv_sec, real.tv_nsec);
  printf("monotonic=%lld.%09ld\n", (long long)mono.tv_sec, mono.tv_nsec);

  /* No file system is reachable: fopen must fail. */
  FILE *f = fopen("/etc/passwd", "r");
  printf("fopen=%s\n", f == NULL ? "failed" : "opened");
  if (f != NULL) fclose(f);
  /* The raw call on fd 3 (the first preopen under a real runtime) reports the errno. */
  __wasi_fd_t fd = 0;
  __wasi_errno_t err = __wasi_path_open(3, 0, "secret.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &fd);
  printf("path_open errno=%d\n", (int)err);

  fprintf(stderr, "to stderr\n");
  fflush(stdout);
  return argc > 1 ? atoi(argv[1]) : 0;
}
