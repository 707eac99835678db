#!/usr/bin/env node
// The `cairn` executable: everything happens in main(), which never throws and returns the exit code.
import { nodeIo } from './io.js';
import { main } from './main.js';

// A closed pipe (`cairn verify | head -1`) is not an error of the command: stop writing quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

process.exitCode = await main(process.argv.slice(2), nodeIo());
