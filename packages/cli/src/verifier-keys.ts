// Verifier keys given on the command line: `--vkey VKEY` (repeatable) and `--keys FILE` (one per line, as
// `cairn keygen --vkey` writes). Commands that check signatures take them so that the trust comes from the
// auditor's own copy of the keys, not from the ledger database the keys would be checking.
import { formatProblems, parseVerifierKey } from '@cairn/core';
import type { NoteVerifier } from '@cairn/core';
import type { CommandContext } from './command.js';
import { readTextFile } from './files.js';
import { UsageError } from './io.js';

/** A verifier key checked for form, with where it came from (`--vkey`, `--keys FILE line 3`, `the ledger`). */
export type GivenVerifierKey = {
  readonly text: string;
  readonly from: string;
  readonly verifier: NoteVerifier;
};

/**
 * Reads and checks the keys of `--vkey` and `--keys`; an empty list when neither was given. A key that does not
 * parse, or a keys file without any key, is a usage error naming where it came from.
 *
 * @example const keys = await readVerifierKeys(ctx, values.vkey ?? [], values.keys);
 */
export async function readVerifierKeys(
  ctx: CommandContext,
  inline: readonly string[],
  keysFile: string | undefined,
): Promise<GivenVerifierKey[]> {
  const texts = inline.map((text) => ({ text: text.trim(), from: '--vkey' }));
  if (keysFile !== undefined) {
    const lines = (await readTextFile(ctx.io, keysFile, '--keys')).split('\n');
    lines.forEach((line, i) => {
      if (line.trim() !== '') texts.push({ text: line.trim(), from: `--keys ${keysFile} line ${i + 1}` });
    });
    if (texts.length === inline.length)
      throw new UsageError(`--keys ${keysFile}: no verifier key in the file`);
  }
  return texts.map((given) => checkedKey(given.text, given.from));
}

/**
 * Parses one key text, or throws a usage error naming where it came from.
 *
 * @example checkedKey(line, 'the ledger').verifier
 */
export function checkedKey(text: string, from: string): GivenVerifierKey {
  const parsed = parseVerifierKey(text);
  if (!parsed.ok) throw new UsageError(`${from}: not a verifier key: ${formatProblems(parsed.problems, 1)}`);
  return { text, from, verifier: parsed.value };
}
