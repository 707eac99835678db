import { expectPositionals } from '../args.js';
import { defineCommand } from '../command.js';
import { writeTextFile } from '../files.js';
import { EXIT } from '../io.js';
import { withLedger } from '../ledger-access.js';

/** `cairn checkpoint`: sign the log's current tree now. */
export const checkpoint = defineCommand({
  name: 'checkpoint',
  summary: 'sign a checkpoint of the ledger now and print it',
  usage: `Usage: cairn checkpoint [--out FILE]

Signs a C2SP checkpoint (origin, tree size, root hash) of the whole ledger with the signing key and
prints the signed note. Keep a copy outside the system: 'cairn verify --against FILE' later proves the
log was only appended to since. Needs the signing key (see 'cairn keygen').

Options:
  --out FILE    also write the note to FILE

Examples:
  cairn checkpoint
  cairn checkpoint --out audit/checkpoint-2026-11-30.txt`,
  options: { out: { type: 'string' } },
  async run({ values, positionals }, { io, config, command }) {
    expectPositionals(command, positionals, []);
    const note = await withLedger(config, { signer: 'required', create: false }, ({ ledger }) =>
      ledger.checkpoint(),
    );
    if (values.out !== undefined) await writeTextFile(io, values.out, note, '--out');
    io.stdout(note);
    return EXIT.ok;
  },
});
