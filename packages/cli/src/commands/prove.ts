import { CairnError } from '@cairn/core';
import { expectPositionals } from '../args.js';
import { defineCommand } from '../command.js';
import { writeTextFile } from '../files.js';
import { EXIT } from '../io.js';
import { withLedger } from '../ledger-access.js';

/** `cairn prove ID`: a tlog-proof@v1 receipt for one entry. */
export const prove = defineCommand({
  name: 'prove',
  summary: 'print a c2sp.org/tlog-proof@v1 receipt proving an entry is in the log',
  usage: `Usage: cairn prove RECORD_ID [--out FILE] [--entry FILE]

Prints a receipt for the entry RECORD_ID in the c2sp.org/tlog-proof@v1 format: its index, its
RFC 9162 inclusion proof and the signed checkpoint the proof leads to. Anyone holding the entry and
the log's verifier key can check it offline ('cairn verify-receipt'). When no checkpoint covers the
entry yet, one is signed first (this needs the signing key).

Options:
  --out FILE     write the receipt to FILE instead of stdout
  --entry FILE   also write the entry's exact bytes (RFC 8785 JSON) to FILE

Examples:
  cairn prove 0193a1f2-6c4d-7e8f-9a0b-1c2d3e4f5a6b
  cairn prove dec-42 --out dec-42.receipt --entry dec-42.json`,
  options: { out: { type: 'string' }, entry: { type: 'string' } },
  async run({ values, positionals }, { io, config, command }) {
    const [id] = expectPositionals(command, positionals, ['RECORD_ID']);
    const { receipt, bytes, index } = await withLedger(
      config,
      { signer: 'optional', create: false },
      async ({ ledger }) => {
        const stored = await ledger.get(id!);
        if (stored === undefined)
          throw new CairnError(
            'not_found',
            `entry ${JSON.stringify(id!.slice(0, 128))} is not in the ledger`,
          );
        return { receipt: await ledger.receipt(id!), bytes: stored.bytes, index: stored.index };
      },
    );
    if (values.entry !== undefined) await writeTextFile(io, values.entry, bytes, '--entry');
    if (values.out === undefined) {
      io.stdout(receipt);
      return EXIT.ok;
    }
    await writeTextFile(io, values.out, receipt, '--out');
    io.stdout(`wrote the receipt for entry ${JSON.stringify(id)} (index ${index}) to ${values.out}\n`);
    return EXIT.ok;
  },
});
