import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Ledger } from '@cairn/ledger';
import { expectPositionals } from '../args.js';
import { defineCommand } from '../command.js';
import { ioCode, writeTextFile } from '../files.js';
import { EXIT, UsageError } from '../io.js';
import type { CliIo, ExitCode } from '../io.js';
import { withLedger } from '../ledger-access.js';
import { count } from '../report.js';
import type { LedgerConfig } from '../config.js';
import { parseTimeOption } from '../period.js';
import { periodReport } from '../period-report.js';

/** The renderings `--format` selects. */
export type ReportFormat = 'html' | 'pdf' | 'json' | 'all';

const FORMATS: readonly ReportFormat[] = ['html', 'pdf', 'json', 'all'];

/** `cairn report`: the reports a person or an auditor asks for, written to files. */
export const report = defineCommand({
  name: 'report',
  summary: 'write a decision explanation, a subject access export or a period evidence pack',
  usage: `Usage: cairn report explain RECORD_ID [--out DIR] [--format html|json|all]
       cairn report subject SUBJECT_REF [--out DIR] [--format html|json|all]
       cairn report period --since TIME --until TIME [--out DIR] [--format html|pdf|json|all]

explain   The explanation of one decision for the person concerned (GDPR Art. 22(3), Art. 15(1)(h);
          EU AI Act Art. 86): what was decided, the role of the AI, the main elements, the human
          review, how to contest. Writes explanation-<id>.html and .json to DIR (default .).
subject   Everything the ledger holds about one pseudonymous data subject reference, in index
          order with the receipt of each entry (GDPR Art. 15): subject-access-<ref>.html and .json.
          A receipt is signed first when no checkpoint covers an entry yet and the key is there.
period    The evidence pack of the period [--since, --until), by when entries occurred: the
          evidence bundle (DIR/bundle, verified once written: 'cairn verify --bundle DIR/bundle'),
          report.html, report.pdf and report.json with counts, the checkpoint, the keys, how to
          verify and the requirement mapping, and verify-bundle.sh (the same checks with coreutils,
          base64 and OpenSSL). The pack is cut at the latest checkpoint: run 'cairn checkpoint'
          first to include the newest entries. DIR must not exist or be empty
          (default ./cairn-evidence-<since>_<until>).

Exit codes: 0 written, 1 the period's bundle did not verify, 2 usage or I/O error (an unknown id).

Options:
  --out DIR        where the files go
  --format FORMAT  html, json, pdf (period only) or all (default): which renderings to write
  --since TIME     start of the period, e.g. 2026-11-01 or 2026-11-01T00:00:00Z (period)
  --until TIME     end of the period, exclusive (period)

Examples:
  cairn report explain 01935a7c-2f10-7c3e-8a41-5b6c7d8e9f01 --out letters
  cairn report subject hmac:7b1e4c9a2d5f8e0b3c6a9d2e5f8b1c4a --format json
  cairn report period --since 2026-11-01 --until 2026-12-01 --out evidence-2026-11`,
  options: {
    out: { type: 'string' },
    format: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
  },
  async run({ values, positionals }, { io, config, command }) {
    const kind = reportKind(positionals[0]);
    const format = readFormat(values.format);
    if (kind === 'period') {
      expectPositionals(command, positionals, ['period']);
      return periodCommand(values, { io, config, format });
    }
    if (values.since !== undefined || values.until !== undefined)
      throw new UsageError(`--since and --until apply only to 'cairn report period'`);
    if (format === 'pdf')
      throw new UsageError('--format pdf: only the period report has a PDF; use html, json or all');
    const [, ref] = expectPositionals(command, positionals, [
      kind,
      kind === 'explain' ? 'RECORD_ID' : 'SUBJECT_REF',
    ]);
    return personReport(kind, ref!, { io, config, out: values.out ?? '.', format });
  },
});

function reportKind(kind: string | undefined): 'explain' | 'subject' | 'period' {
  if (kind === 'explain' || kind === 'subject' || kind === 'period') return kind;
  throw new UsageError(
    kind === undefined
      ? "missing the report: explain, subject or period (see 'cairn report --help')"
      : `unknown report ${JSON.stringify(kind.slice(0, 40))}: expected explain, subject or period`,
  );
}

function readFormat(value: string | undefined): ReportFormat {
  if (value === undefined) return 'all';
  if ((FORMATS as readonly string[]).includes(value)) return value as ReportFormat;
  throw new UsageError(
    `--format: expected html, pdf, json or all, got ${JSON.stringify(value.slice(0, 20))}`,
  );
}

type Target = { io: CliIo; config: LedgerConfig; out: string; format: ReportFormat };

type Rendered = {
  readonly base: string;
  readonly html: string;
  readonly json: unknown;
  readonly what: string;
};

async function render(kind: 'explain' | 'subject', ref: string, ledger: Ledger): Promise<Rendered> {
  // Loaded here: the dashboard's report modules bring the PDF writer, which no other command needs.
  const reports = await import('@cairn/dashboard');
  const source = reports.ledgerPersonSource(ledger);
  if (kind === 'explain') {
    const { stored, linked } = await reports.gatherDecision(source, ref);
    const { html, json } = reports.explainDecision(stored, linked);
    const what = `explanation of decision ${ref.slice(0, 128)} (with ${count(linked.length, 'entry', 'entries')} referring to it)`;
    return { base: `explanation-${reports.safeFileName(ref)}`, html, json, what };
  }
  const { entries, receipts } = await reports.gatherSubject(source, ref);
  const origin = ledger.origin ?? '';
  const { html, json } = reports.subjectAccessExport({ subjectRef: ref, origin, entries, receipts });
  const what = `access export of ${count(entries.length, 'entry', 'entries')} about the subject`;
  return { base: `subject-access-${reports.safeFileName(ref)}`, html, json, what };
}

async function personReport(
  kind: 'explain' | 'subject',
  ref: string,
  { io, config, out, format }: Target,
): Promise<ExitCode> {
  const rendered = await withLedger(config, { signer: 'optional', create: false }, ({ ledger }) =>
    render(kind, ref, ledger),
  );
  await makeOutDir(io, out);
  const files: string[] = [];
  if (format !== 'json') files.push(join(out, `${rendered.base}.html`));
  if (format !== 'html') files.push(join(out, `${rendered.base}.json`));
  for (const file of files) {
    const content = file.endsWith('.html') ? rendered.html : `${JSON.stringify(rendered.json, null, 2)}\n`;
    await writeTextFile(io, file, content, '--out');
  }
  io.stdout(`${rendered.what} written to ${files.join(' and ')}\n`);
  return EXIT.ok;
}

async function makeOutDir(io: CliIo, out: string): Promise<void> {
  try {
    await mkdir(resolve(io.cwd, out), { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${out}: cannot be created (${ioCode(error)})`, { cause: error });
  }
}

async function periodCommand(
  values: { since?: string; until?: string; out?: string },
  { io, config, format }: Omit<Target, 'out'>,
): Promise<ExitCode> {
  if (values.since === undefined || values.until === undefined)
    throw new UsageError(
      "missing --since and --until: a period report needs both (see 'cairn report --help')",
    );
  const since = new Date(parseTimeOption('since', values.since)!).toISOString();
  const until = new Date(parseTimeOption('until', values.until)!).toISOString();
  if (until < since) throw new UsageError('--until is before --since');
  const out = values.out ?? `cairn-evidence-${since.slice(0, 10)}_${until.slice(0, 10)}`;
  const dir = resolve(io.cwd, out);
  const existing = await readdir(dir).catch((error: { code?: string }) => {
    if (error.code === 'ENOENT') return [];
    throw new UsageError(`--out ${out}: cannot be read (${ioCode(error)})`, { cause: error });
  });
  if (existing.length > 0)
    throw new UsageError(`--out ${out}: exists and is not empty; choose a new directory`);
  return periodReport({ io, config, since, until, out, dir, format });
}
