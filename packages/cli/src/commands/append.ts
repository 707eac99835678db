import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { formatProblems } from '@cairn/core';
import type { AppendResult, Entry, Problem } from '@cairn/core';
import type { Ledger } from '@cairn/ledger';
import { expectPositionals, integerOption } from '../args.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../command.js';
import { ioCode } from '../files.js';
import { EXIT, UsageError } from '../io.js';
import { inputLines, isBlank, parseEntryLine } from '../jsonl.js';
import { withLedger } from '../ledger-access.js';

const DEFAULT_BATCH = 500;
/** Problems named in the one-line error; the rest are counted. */
const SHOWN_PROBLEMS = 3;

/** `cairn append FILE|-`: seal JSON lines entries. */
export const append = defineCommand({
  name: 'append',
  summary: 'append entries from a JSON lines file, or stdin with -',
  usage: `Usage: cairn append FILE [--batch N] [--json]
       cairn append - [--batch N] [--json]      (read stdin)

Appends one Cairn entry per line (JSON lines; blank lines are skipped). Each line is parsed as strict
I-JSON and validated as an entry; problems name the line: 'line 3: decision.confidence: …'. Entries
whose id is already in the ledger are not stored again and count as duplicates, so re-running the
same input is safe. Creates the ledger when missing. Appending does not sign: run 'cairn checkpoint'.

On an invalid line:
  FILE   the whole file is validated first; if any line is invalid nothing is appended.
  -      stdin is read and appended in batches of N lines, each validated whole before it is
         appended: the batches before the one holding the invalid line are appended, nothing from
         that batch on. Fix the line and send the whole input again: appended entries count as
         duplicates.

Prints 'appended N (D duplicates), log size S'.

Options:
  --batch N    entries per append transaction, 1 to 10000 (default ${DEFAULT_BATCH})
  --json       print { appended, duplicates, size, results: [{ id, index, leafHash, duplicate }] }

Examples:
  cairn append decisions.jsonl
  my-agent --emit-jsonl | cairn append -`,
  options: { batch: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values, positionals }, ctx) {
    const [input] = expectPositionals(ctx.command, positionals, ['FILE (or - for stdin)']);
    const batch = integerOption('batch', values.batch, 1, 10_000) ?? DEFAULT_BATCH;
    const json = values.json === true;
    const tally =
      input === '-' ? await appendStdin(ctx, batch, json) : await appendFile(ctx, input!, batch, json);
    const size = tally.size;
    if (json) {
      const body = { appended: tally.appended, duplicates: tally.duplicates, size, results: tally.results };
      ctx.io.stdout(`${JSON.stringify(body)}\n`);
    } else {
      ctx.io.stdout(`appended ${tally.appended} (${tally.duplicates} duplicates), log size ${size}\n`);
    }
    return EXIT.ok;
  },
});

type Tally = { appended: number; duplicates: number; size: number; results: AppendResult[] | undefined };

async function appendBatch(ledger: Ledger, entries: Entry[], tally: Tally): Promise<void> {
  if (entries.length === 0) return;
  const results = await ledger.append(entries);
  for (const r of results) {
    if (r.duplicate) tally.duplicates++;
    else tally.appended++;
    tally.results?.push(r);
  }
  entries.length = 0;
}

function problemSummary(problems: readonly Problem[], total: number): string {
  const more = total > problems.length ? ` (and ${total - problems.length} more)` : '';
  return formatProblems(problems, SHOWN_PROBLEMS) + more;
}

async function openInput(ctx: CommandContext, file: string): Promise<Readable> {
  const path = resolve(ctx.io.cwd, file);
  // Opened up front so a missing or unreadable file is reported before anything else happens.
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw new UsageError(`${file}: cannot be read (${ioCode(error)})`, { cause: error });
  });
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new UsageError(`${file}: not a file`);
  }
  // The stream owns the handle and closes it at the end (or on error).
  return handle.createReadStream();
}

async function* entriesOf(
  stream: Readable,
  file: string,
): AsyncGenerator<{ line: number; entry?: Entry; problems?: readonly Problem[] }> {
  try {
    for await (const input of inputLines(stream)) {
      if (!input.tooLong && isBlank(input.bytes)) continue;
      const parsed = parseEntryLine(input);
      yield parsed.ok
        ? { line: input.line, entry: parsed.value }
        : { line: input.line, problems: parsed.problems };
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: cannot be read (${ioCode(error)})`, { cause: error });
  }
}

// A file is read twice: once to validate every line (nothing is appended if one is invalid), once to append.
async function appendFile(
  ctx: CommandContext,
  file: string,
  batchSize: number,
  json: boolean,
): Promise<Tally> {
  const kept: Problem[] = [];
  let total = 0;
  for await (const { problems } of entriesOf(await openInput(ctx, file), file)) {
    if (problems === undefined) continue;
    total += problems.length;
    kept.push(...problems.slice(0, SHOWN_PROBLEMS - kept.length));
  }
  if (total > 0) throw new UsageError(`${file}: ${problemSummary(kept, total)}; nothing appended`);
  return withLedger(ctx.config, { signer: 'optional', create: true }, async ({ ledger }) => {
    const tally: Tally = { appended: 0, duplicates: 0, size: 0, results: json ? [] : undefined };
    const pending: Entry[] = [];
    for await (const { entry } of entriesOf(await openInput(ctx, file), file)) {
      pending.push(entry!);
      if (pending.length >= batchSize) await appendBatch(ledger, pending, tally);
    }
    await appendBatch(ledger, pending, tally);
    return { ...tally, size: await ledger.size() };
  });
}

async function appendStdin(ctx: CommandContext, batchSize: number, json: boolean): Promise<Tally> {
  return withLedger(ctx.config, { signer: 'optional', create: true }, async ({ ledger }) => {
    const tally: Tally = { appended: 0, duplicates: 0, size: 0, results: json ? [] : undefined };
    const pending: Entry[] = [];
    let batchStart = 1;
    for await (const { line, entry, problems } of entriesOf(ctx.io.stdin, 'stdin')) {
      if (pending.length === 0) batchStart = line;
      if (problems !== undefined) {
        const before =
          tally.appended + tally.duplicates === 0
            ? 'nothing appended'
            : `appended the entries before line ${batchStart}, nothing from there on`;
        throw new UsageError(
          `stdin ${problemSummary(problems.slice(0, SHOWN_PROBLEMS), problems.length)}; ${before}`,
        );
      }
      pending.push(entry!);
      if (pending.length >= batchSize) await appendBatch(ledger, pending, tally);
    }
    await appendBatch(ledger, pending, tally);
    return { ...tally, size: await ledger.size() };
  });
}
