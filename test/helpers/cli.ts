/**
 * Test helper: runs the CLI's `main()` in-process with captured output (the CLI tests share it).
 */
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
