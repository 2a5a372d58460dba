/**
 * Test helpers: run the CLI's `main()` in-process with captured output, or the built
 * bin/detwasm.js in a child process (the CLI tests share them).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.js';

/** Exit code and everything written to stdout / stderr. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `detwasm ARGV...` in-process. */
export async function runCli(argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  return { code, stdout, stderr };
}

/** bin/detwasm.js, the built command (it runs dist/cli.js: `npm run build` first). */
export const CLI_BIN: string = fileURLToPath(new URL('../../bin/detwasm.js', import.meta.url));

/**
 * Runs the built `detwasm ARGV...` in a child process (node bin/detwasm.js), as a user's shell
 * would; `timeoutMs` (default 30 s) ends a run that does not stop (status null then).
 */
export function runBin(argv: string[], options: { cwd?: string; bin?: string; timeoutMs?: number } = {}): CliRun & { readonly status: number | null } {
  const r = spawnSync(process.execPath, [options.bin ?? CLI_BIN, ...argv], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 30_000,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
  });
  return { code: r.status ?? -1, status: r.status, stdout: r.stdout, stderr: r.stderr };
}
