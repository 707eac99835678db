import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { formatProblems, parseCheckpoint } from '@cairn/core';
import { terminalProgress, verifyBundle } from '@cairn/ledger';
import { expectPositionals } from '../args.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../command.js';
import { ioCode, readTextFile } from '../files.js';
import { EXIT, UsageError } from '../io.js';
import type { CliIo, ExitCode } from '../io.js';
import { withLedger } from '../ledger-access.js';
import { formatBundleReport, formatLedgerReport } from '../report.js';

/** `cairn verify`: the whole ledger, or an evidence bundle offline. */
export const verify = defineCommand({
  name: 'verify',
  summary: 'verify the whole ledger (or an evidence bundle with --bundle) and list every problem',
  usage: `Usage: cairn verify [--against FILE] [--json]
       cairn verify --bundle DIR [--json]

Re-reads every entry in index order in constant memory: recomputes each leaf hash from the stored
bytes, rebuilds the Merkle tree (RFC 9162), checks every stored node and every signed checkpoint,
and lists every problem found. With --against, also checks a checkpoint note kept outside the system
(by an auditor, a witness): it must be signed by the log and the ledger must still contain its tree,
which catches a truncated or rewritten log.

With --bundle, verifies an evidence bundle directory made by 'cairn export' instead, offline: no
database or key is needed (docs/evidence-bundle.md).

A progress line is drawn on stderr when it is a terminal.
Exit codes: 0 everything verified, 1 a problem was found, 2 usage or I/O error.

Options:
  --against FILE   a signed checkpoint note to check the ledger against
  --bundle DIR     verify this evidence bundle instead of a ledger
  --json           print the report as JSON

Examples:
  cairn verify
  cairn verify --against auditor/checkpoint-2026-11-30.txt
  cairn verify --bundle evidence-2026-11 --json`,
  options: { against: { type: 'string' }, bundle: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals }, ctx) {
    expectPositionals(ctx.command, positionals, []);
    if (values.bundle !== undefined) {
      if (values.against !== undefined) throw new UsageError('--against and --bundle cannot be combined');
      return verifyBundleDir(values.bundle, values.json === true, ctx.io);
    }
    const against =
      values.against === undefined ? undefined : await readCheckpointNote(ctx.io, values.against);
    return verifyLedger(against, values.json === true, ctx);
  },
});

function progress(io: CliIo): ((done: number, total: number) => void) | undefined {
  return io.interactive ? terminalProgress({ isTTY: true, write: io.stderr }) : undefined;
}

async function verifyLedger(
  against: string | undefined,
  json: boolean,
  { io, config }: CommandContext,
): Promise<ExitCode> {
  return withLedger(config, { signer: 'none', create: false }, async ({ ledger, location }) => {
    const report = await ledger.verify({ against, onProgress: progress(io) });
    io.stdout(
      json
        ? `${JSON.stringify({ ledger: location, origin: ledger.origin ?? null, ...report }, null, 2)}\n`
        : formatLedgerReport(report, location, ledger.origin),
    );
    return report.ok ? EXIT.ok : EXIT.integrity;
  });
}

// A file that is not a checkpoint note at all is a usage error (exit 2); one that is, but does not verify against
// this ledger, is a finding of ledger.verify (exit 1).
async function readCheckpointNote(io: CliIo, path: string): Promise<string> {
  const note = await readTextFile(io, path, '--against');
  const blank = note.indexOf('\n\n');
  const parsed = parseCheckpoint(blank < 0 ? note : note.slice(0, blank + 1));
  if (!parsed.ok)
    throw new UsageError(`--against ${path}: not a checkpoint note: ${formatProblems(parsed.problems, 1)}`);
  if (blank < 0)
    throw new UsageError(`--against ${path}: not a signed note: no signature lines after the checkpoint`);
  return note;
}

async function verifyBundleDir(dir: string, json: boolean, io: CliIo): Promise<ExitCode> {
  const path = resolve(io.cwd, dir);
  // A bundle that is not there at all cannot be read (exit 2); everything inside one is checked and reported (exit 1).
  const info = await stat(path).catch((error: unknown) => {
    throw new UsageError(`--bundle ${dir}: cannot be read (${ioCode(error)})`);
  });
  if (!info.isDirectory()) throw new UsageError(`--bundle ${dir}: not a directory`);
  await stat(resolve(path, 'manifest.json')).catch(() => {
    throw new UsageError(`--bundle ${dir}: no manifest.json: not an evidence bundle`);
  });
  const report = await verifyBundle(path, { onProgress: progress(io) });
  io.stdout(
    json ? `${JSON.stringify({ bundle: dir, ...report }, null, 2)}\n` : formatBundleReport(report, dir),
  );
  return report.ok ? EXIT.ok : EXIT.integrity;
}
