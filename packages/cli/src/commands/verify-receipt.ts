import {
  canonicalBytes,
  formatKeyId,
  formatProblems,
  parseJson,
  parseReceipt,
  verifyReceipt,
} from '@cairn/core';
import type { NoteVerifier } from '@cairn/core';
import { expectPositionals } from '../args.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../command.js';
import { readTextFile } from '../files.js';
import { EXIT, UsageError } from '../io.js';
import { withLedger } from '../ledger-access.js';
import { checkedKey, readVerifierKeys } from '../verifier-keys.js';

/** `cairn verify-receipt FILE`: check a receipt against an entry and the log's keys, offline. */
export const verifyReceiptCommand = defineCommand({
  name: 'verify-receipt',
  summary: 'check a tlog-proof@v1 receipt against the entry and the verifier keys',
  usage: `Usage: cairn verify-receipt RECEIPT_FILE --entry ENTRY.json [--vkey VKEY]... [--keys FILE] [--json]

Checks that the entry is at the receipt's index in the tree of the receipt's checkpoint (RFC 9162
inclusion proof), and that the checkpoint is signed by one of the verifier keys. The entry JSON is
canonicalised (RFC 8785), which reproduces the exact bytes that were hashed, so any formatting of the
same JSON verifies. Keys come from --vkey and --keys; with neither, from the configured ledger's
published keys. With --origin (or CAIRN_ORIGIN), the checkpoint must also name that log.

Exit codes: 0 the receipt verified, 1 it did not, 2 usage or I/O error (e.g. a file that is not a receipt).

Options:
  --entry FILE    the entry as JSON (required)
  --vkey VKEY     a C2SP verifier key, e.g. example.com/log+1a2b3c4d+AX...; repeatable
  --keys FILE     a file of verifier keys, one per line (as 'cairn keygen --vkey' writes)
  --json          print the result as JSON

Examples:
  cairn verify-receipt dec-42.receipt --entry dec-42.json --keys decisions.vkey
  cairn verify-receipt dec-42.receipt --entry dec-42.json --vkey "$(cat decisions.vkey)"`,
  options: {
    entry: { type: 'string' },
    vkey: { type: 'string', multiple: true },
    keys: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values, positionals }, ctx) {
    const [file] = expectPositionals(ctx.command, positionals, ['RECEIPT_FILE']);
    if (values.entry === undefined)
      throw new UsageError(`missing --entry FILE (see 'cairn verify-receipt --help')`);
    const receipt = await readTextFile(ctx.io, file!, 'receipt');
    const parsed = parseReceipt(receipt);
    if (!parsed.ok)
      throw new UsageError(
        `receipt ${file}: not a tlog-proof@v1 receipt: ${formatProblems(parsed.problems, 2)}`,
      );
    const leaf = await readEntryBytes(ctx, values.entry);
    const verifiers = await loadVerifiers(ctx, values.vkey ?? [], values.keys);
    const origin = ctx.config.origin;
    const checked = await verifyReceipt({
      receipt,
      leaf,
      verifiers,
      ...(origin === undefined ? {} : { origin }),
    });
    if (values.json === true) {
      const result = checked.ok
        ? {
            ok: true,
            index: checked.value.index,
            size: checked.value.checkpoint.size,
            origin: checked.value.checkpoint.origin,
          }
        : { ok: false, problems: checked.problems };
      ctx.io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    } else if (checked.ok) {
      const { index, checkpoint } = checked.value;
      const signers = checkpoint.signatures.map((s) => `${s.name}+${formatKeyId(s.keyId)}`).join(', ');
      ctx.io.stdout(
        `ok: the entry is at index ${index} of ${checkpoint.origin}, in the tree of size ${checkpoint.size} signed by ${signers}\n`,
      );
    } else {
      ctx.io.stdout(
        `FAILED: the receipt does not verify\n${checked.problems.map((p) => `  - ${p.message}\n`).join('')}`,
      );
    }
    return checked.ok ? EXIT.ok : EXIT.integrity;
  },
});

async function readEntryBytes({ io }: CommandContext, path: string): Promise<Uint8Array> {
  const parsed = parseJson((await readTextFile(io, path, '--entry')).trim());
  if (!parsed.ok)
    throw new UsageError(`--entry ${path}: not strict JSON: ${formatProblems(parsed.problems, 1)}`);
  // RFC 8785 reproduces the exact bytes that were hashed from any formatting of the same JSON value.
  return canonicalBytes(parsed.value);
}

async function loadVerifiers(
  ctx: CommandContext,
  inline: readonly string[],
  keysFile: string | undefined,
): Promise<NoteVerifier[]> {
  const given = await readVerifierKeys(ctx, inline, keysFile);
  if (given.length > 0) return given.map((key) => key.verifier);
  const published = await withLedger(ctx.config, { signer: 'none', create: false }, ({ ledger }) =>
    ledger.verifierKeys(),
  );
  if (published.length === 0)
    throw new UsageError('no verifier keys: pass --vkey or --keys (the ledger has published none)');
  return published.map((text) => checkedKey(text, 'the ledger').verifier);
}
