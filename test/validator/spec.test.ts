/**
 * Validator conformance against the official spec tests (WebAssembly 2.0 core, SIMD included):
 * every `assert_invalid` module decodes and is rejected with InvalidError, and every binary
 * `module` command decodes and validates. Message mismatches against the JSON `text` (the
 * reference interpreter's wording, compared as a prefix like the reference does) are printed
 * (target: zero) but do not fail the test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/decoder/decode.js';
import { InvalidError } from '../../src/errors.js';
import { validateModule } from '../../src/validator/validate.js';
import { WASM_2_0 } from '../../src/validator/features.js';
import { hasSpecSuite, isCI, listSpecFiles, SPEC_CORE_DIR } from '../spec/paths.js';

interface Command {
  readonly type: string;
  readonly line: number;
  readonly filename?: string;
  readonly text?: string;
  readonly module_type?: string;
}

const files = hasSpecSuite() ? listSpecFiles() : [];

// Skipped without the suite, except under CI, where 'finds the core suite' then fails (the shared
// CI check of test/spec/paths.ts, as in test/spec/spec.test.ts).
describe.skipIf(files.length === 0 && !isCI())('spec core: validation', () => {
  it('finds the core suite', () => {
    expect(files.length).toBe(148);
  });

  it.each(files)('%s', (file) => {
    const json = JSON.parse(readFileSync(join(SPEC_CORE_DIR, file), 'utf8')) as { commands: Command[] };
    const failures: string[] = [];
    const mismatches: string[] = [];
    for (const cmd of json.commands) {
      if (cmd.filename === undefined || cmd.module_type === 'text') continue;
      const where = `${file}:${cmd.line} (${cmd.filename})`;
      if (cmd.type === 'module') {
        try {
          validateModule(decodeModule(readFileSync(join(SPEC_CORE_DIR, cmd.filename)), undefined, WASM_2_0), WASM_2_0);
        } catch (e) {
          failures.push(`${where}: valid module rejected: ${String(e)}`);
        }
      } else if (cmd.type === 'assert_invalid') {
        let module;
        try {
          module = decodeModule(readFileSync(join(SPEC_CORE_DIR, cmd.filename)), undefined, WASM_2_0);
        } catch (e) {
          failures.push(`${where}: decode failed: ${String(e)}`);
          continue;
        }
        try {
          validateModule(module, WASM_2_0); // (the core suite is 2.0)
          failures.push(`${where}: invalid module accepted (expected "${cmd.text}")`);
        } catch (e) {
          if (!(e instanceof InvalidError)) {
            failures.push(`${where}: threw ${String(e)} (expected InvalidError "${cmd.text}")`);
          } else if (!e.message.startsWith(cmd.text!)) {
            mismatches.push(`${where}: message "${e.message}", expected "${cmd.text}"`);
          }
        }
      }
    }
    if (mismatches.length > 0) console.log(`${mismatches.length} message mismatches:\n${mismatches.join('\n')}`);
    // Only the error class is binding; message wording is reported (target: zero).
    expect(failures).toEqual([]);
  });
});
