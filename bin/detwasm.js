#!/usr/bin/env node
// detwasm command line: a shim that runs the compiled CLI (src/cli.ts -> dist/cli.js).
let cli;
try {
  cli = await import('../dist/cli.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist')) {
    process.stderr.write('detwasm: dist/cli.js is missing; run `npm run build` first\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await cli.main(process.argv.slice(2));
