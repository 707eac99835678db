#!/usr/bin/env node
// The entry point of the container / systemd unit: `node dist/main.js`, configured by CAIRN_* variables
// (packages/server/README.md lists them).
import { exitCodeFor, runService } from './service.js';

try {
  const { stopped } = await runService({ env: process.env, signals: process });
  await stopped;
} catch (error) {
  // A configuration error holds one line per bad variable; each gets the prefix.
  const message = error instanceof Error ? error.message : String(error);
  for (const line of message.split('\n')) process.stderr.write(`cairn: ${line}\n`);
  process.exitCode = exitCodeFor(error);
}
