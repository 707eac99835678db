import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isCairnError } from '@cairn/core';
import { exportBundle, ledgerBundleSource } from '@cairn/ledger';
import type { BundleManifest, ExportBundleOptions, Ledger } from '@cairn/ledger';
import { expectPositionals, integerOption } from '../args.js';
import { defineCommand } from '../command.js';
import { ioCode } from '../files.js';
import { EXIT, UsageError } from '../io.js';
import { withLedger } from '../ledger-access.js';
import { indexRangeOfPeriod, parseTimeOption } from '../period.js';
import { count } from '../report.js';
import type { Period } from '../period.js';

type Selection = { from?: number; to?: number; period?: Period };

/** `cairn export --out DIR`: an evidence bundle (docs/evidence-bundle.md). */
export const exportCommand = defineCommand({
  name: 'export',
  summary: 'write an evidence bundle an auditor can verify offline',
  usage: `Usage: cairn export --out DIR [--from INDEX] [--to INDEX] [--json]
       cairn export --out DIR [--since TIME] [--until TIME] [--by occurred|recorded] [--json]

Writes an evidence bundle (docs/evidence-bundle.md, format version 1) to the new directory DIR: the
entries' exact bytes with their indices, every checkpoint, the verifier keys, the proofs tying the
range to the latest checkpoint, and a manifest with counts. Anyone can verify it offline with
'cairn verify --bundle DIR' or any RFC 9162 + C2SP implementation. The bundle is cut at the latest
checkpoint: run 'cairn checkpoint' first to include the newest entries.

By index: --from is the first index (default 0), --to is one past the last (default: the latest
checkpoint's size), so --from 100 --to 200 holds entries 100..199.
By time: --since (inclusive) and --until (exclusive), given together, take RFC 3339 times or dates
(UTC midnight).
The bundle then holds the smallest index range containing every entry whose occurredAt (default, or
recordedAt with --by recorded) lies in the period; entries inside that range are all included, since
a bundle is a contiguous range. An empty period gives an empty bundle (count 0) that still carries
every checkpoint. The period is written to the manifest as information; the index range is what is proven.

Options:
  --out DIR          the directory to create (must not exist, or be empty)
  --from INDEX       first entry index
  --to INDEX         one past the last entry index
  --since TIME       start of the period, e.g. 2026-11-01 or 2026-11-01T00:00:00Z
  --until TIME       end of the period (exclusive)
  --by FIELD         occurred (default) or recorded: which time of an entry the period selects on
  --json             print the manifest as JSON

Examples:
  cairn export --out evidence-full
  cairn export --out evidence-2026-11 --since 2026-11-01 --until 2026-12-01
  cairn export --out evidence-slice --from 1000 --to 2000`,
  options: {
    out: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    by: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }, { io, config, command }) {
    expectPositionals(command, positionals, []);
    if (values.out === undefined) throw new UsageError(`missing --out DIR (see 'cairn export --help')`);
    const selection = readSelection(values);
    const dir = resolve(io.cwd, values.out);
    await checkOutDir(dir, values.out);
    const { manifest, size } = await withLedger(
      config,
      { signer: 'none', create: false },
      async ({ ledger }) => {
        const latest = await ledger.latestCheckpoint();
        if (latest === undefined)
          throw new UsageError(`the ledger has no checkpoint yet; run 'cairn checkpoint' first`);
        const { first, end } = await rangeOf(ledger, selection, latest.size);
        const period = selection.period === undefined ? undefined : periodText(selection.period);
        const written = await writeBundle(
          ledger,
          { dir, first, end, ...(period === undefined ? {} : { period }) },
          values.out!,
        );
        return { manifest: written, size: await ledger.size() };
      },
    );
    io.stdout(
      values.json === true ? `${JSON.stringify(manifest, null, 2)}\n` : summary(manifest, values.out, size),
    );
    return EXIT.ok;
  },
});

function readSelection(values: {
  from?: string;
  to?: string;
  since?: string;
  until?: string;
  by?: string;
}): Selection {
  const byIndex = values.from !== undefined || values.to !== undefined;
  const byTime = values.since !== undefined || values.until !== undefined;
  if (byIndex && byTime)
    throw new UsageError('--from/--to and --since/--until cannot be combined: choose indices or times');
  if (values.by !== undefined && values.by !== 'occurred' && values.by !== 'recorded') {
    throw new UsageError(
      `--by: expected occurred or recorded, got ${JSON.stringify(values.by.slice(0, 20))}`,
    );
  }
  if (values.by !== undefined && !byTime) throw new UsageError('--by applies only with --since or --until');
  const from = integerOption('from', values.from);
  const to = integerOption('to', values.to);
  if (from !== undefined && to !== undefined && to < from)
    throw new UsageError(`--to ${to} is before --from ${from}`);
  if (!byTime) return { from, to };
  // Both ends, so the manifest can state the period the auditor asked for.
  if (values.since === undefined || values.until === undefined)
    throw new UsageError('--since and --until go together');
  const since = parseTimeOption('since', values.since)!;
  const until = parseTimeOption('until', values.until)!;
  if (until < since) throw new UsageError('--until is before --since');
  return { period: { since, until, by: values.by === 'recorded' ? 'recorded' : 'occurred' } };
}

async function rangeOf(
  ledger: Ledger,
  selection: Selection,
  sealed: number,
): Promise<{ first: number; end: number }> {
  if (selection.period !== undefined) return indexRangeOfPeriod(ledger, selection.period, sealed);
  const first = selection.from ?? 0;
  const end = selection.to ?? sealed;
  if (end > sealed) {
    throw new UsageError(
      `--to ${end} is past the latest checkpoint's size ${sealed}; run 'cairn checkpoint' first or lower --to`,
    );
  }
  if (first > end) throw new UsageError(`--from ${first} is past the end of the range ${end}`);
  return { first, end };
}

function periodText(period: Period): { from: string; to: string } {
  return { from: new Date(period.since!).toISOString(), to: new Date(period.until!).toISOString() };
}

async function checkOutDir(dir: string, shown: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info !== undefined && !info.isDirectory())
    throw new UsageError(`--out ${shown}: exists and is not a directory`);
}

// exportBundle throws CairnError for what it checks; a failed write (EACCES, ENOSPC) is an I/O error of --out.
async function writeBundle(
  ledger: Ledger,
  options: ExportBundleOptions,
  shown: string,
): Promise<BundleManifest> {
  try {
    return await exportBundle(ledgerBundleSource(ledger), options);
  } catch (error) {
    if (isCairnError(error) || (error as { code?: unknown }).code === undefined) throw error;
    throw new UsageError(`--out ${shown}: cannot be written (${ioCode(error)})`, { cause: error });
  }
}

function summary(manifest: BundleManifest, out: string, size: number): string {
  const { first, count: n } = manifest.range;
  const range = n === 0 ? `an empty range at index ${first}` : `entries ${first}..${first + n - 1} (${n})`;
  const { checkpoints, verifierKeys } = manifest.counts;
  const lines = [
    `exported ${range} of a tree of ${manifest.treeSize}, ${count(checkpoints, 'checkpoint')} and ${count(verifierKeys, 'verifier key')} to ${out}`,
    `verify it with: cairn verify --bundle ${out}`,
  ];
  if (size > manifest.treeSize) {
    const left = size - manifest.treeSize;
    lines.push(
      `note: ${count(left, 'entry', 'entries')} after the latest checkpoint ${left === 1 ? 'is' : 'are'} not in the bundle; run 'cairn checkpoint' first to include them`,
    );
  }
  return lines.map((l) => `${l}\n`).join('');
}
