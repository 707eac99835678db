// C2SP signed notes (c2sp.org/signed-note@v1.0.0): sign, cosign and open.
import { concatBytes, toBase64, utf8 } from '../bytes.js';
import { CairnError } from '../errors.js';
import { fail, formatProblems, ok } from '../result.js';
import type { Result } from '../result.js';
import { describeKey, isKeyId, keyNameError } from './keys.js';
import type { KeyRef, NoteSigner, NoteVerifier } from './keys.js';
import {
  MAX_SIGNATURES,
  SIGNATURE_PREFIX,
  assertVerifiers,
  checkSignatures,
  readNote,
} from './note-reader.js';
import { controlCharacterProblems, decodeText, isList } from './text.js';
import type { TextContext } from './text.js';

const NOTE: TextContext = { label: 'note', lineOffset: 0 };

/** An opened note: its text (what the signatures cover) and who signed it. */
export type OpenedNote = {
  /** The note text, ending in "\n": only trust it after `openNote` returned ok. */
  readonly text: string;
  /** Known keys whose signatures verified, in line order, each once. */
  readonly verified: readonly KeyRef[];
  /** Signature lines from keys no verifier knows: ignored, listed for the record. */
  readonly unknown: readonly KeyRef[];
};

/**
 * Signs `text` (ending in "\n", no control characters but newline) with every signer and returns the note.
 * Throws CairnError('invalid_note') for unusable text and CairnError('invalid_key') for a bad signer.
 *
 * @example
 * const note = await signNote('This is an example message.\n', [signer]);
 * // 'This is an example message.\n\n— example.com/foo Uw2QOkn8…\n'
 */
export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  assertNoteText(text);
  assertSigners(signers);
  return `${text}\n${(await signatureLines(text, signers)).join('')}`;
}

/**
 * Adds signatures to a note (cosigning), after the lines already there. A line from the same (name, key ID) as
 * a new signer is replaced, as golang.org/x/mod/sumdb/note `Sign` does. The existing signatures are not
 * verified: open the note first. Throws CairnError('invalid_note') for a malformed note.
 *
 * @example
 * const cosigned = await addSignatures(note, [witness]);
 */
export async function addSignatures(note: string, signers: readonly NoteSigner[]): Promise<string> {
  assertSigners(signers);
  const read = readNote(note, NOTE);
  if (!read.ok) throw new CairnError('invalid_note', formatProblems(read.problems));
  const replaced = new Set(signers.map((s) => describeKey(s)));
  const kept = read.value.signatures.filter((s) => !replaced.has(describeKey(s))).map((s) => `${s.text}\n`);
  if (kept.length + signers.length > MAX_SIGNATURES) {
    throw new CairnError('invalid_argument', `signers: a note holds at most ${MAX_SIGNATURES} signatures`);
  }
  const added = await signatureLines(read.value.text, signers);
  return `${read.value.text}\n${[...kept, ...added].join('')}`;
}

/**
 * Opens a signed note per C2SP signed-note: the last blank line splits text from signatures; lines from
 * unknown (name, key ID) are ignored; every known key's signature must verify; at least one must. Up to 100
 * signature lines are read. Every problem is listed, malformed lines by line number.
 *
 * @example
 * const opened = await openNote(note, [verifier]);
 * if (opened.ok) console.log(opened.value.text, opened.value.verified);
 */
export async function openNote(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
): Promise<Result<OpenedNote>> {
  assertVerifiers(verifiers);
  const read = readNote(note, NOTE);
  if (!read.ok) return read;
  const check = await checkSignatures(read.value, verifiers, NOTE);
  if (check.problems.length > 0) return fail(check.problems);
  return ok({ text: read.value.text, verified: check.verified, unknown: check.unknown });
}

async function signatureLines(text: string, signers: readonly NoteSigner[]): Promise<string[]> {
  const message = utf8(text);
  return Promise.all(
    signers.map(async (signer) => {
      const signature = await signer.sign(message);
      if (!(signature instanceof Uint8Array) || signature.length === 0) {
        throw new CairnError(
          'signature_failed',
          `signer ${describeKey(signer)}: returned no signature bytes`,
        );
      }
      const id = Uint8Array.of(signer.keyId >>> 24, signer.keyId >>> 16, signer.keyId >>> 8, signer.keyId);
      return `${SIGNATURE_PREFIX}${signer.name} ${toBase64(concatBytes(id, signature))}\n`;
    }),
  );
}

function assertNoteText(text: unknown): asserts text is string {
  if (typeof text !== 'string') throw new CairnError('invalid_note', 'text: expected a string');
  const ctx: TextContext = { label: 'text', lineOffset: 0 };
  const decoded = decodeText(text, ctx);
  if (!decoded.ok) throw new CairnError('invalid_note', formatProblems(decoded.problems));
  const problems = controlCharacterProblems(decoded.value.text, ctx);
  if (!decoded.value.text.endsWith('\n')) {
    throw new CairnError('invalid_note', 'text: expected note text ending in a newline');
  }
  if (problems.length > 0) throw new CairnError('invalid_note', formatProblems(problems));
}

function assertSigners(signers: readonly NoteSigner[]): void {
  if (!isList(signers) || signers.length === 0) {
    throw new CairnError('invalid_argument', 'signers: expected at least one NoteSigner');
  }
  if (signers.length > MAX_SIGNATURES) {
    throw new CairnError('invalid_argument', `signers: a note holds at most ${MAX_SIGNATURES} signatures`);
  }
  const seen = new Set<string>();
  for (const signer of signers) {
    const nameError = keyNameError(signer?.name);
    if (nameError !== undefined) throw new CairnError('invalid_key', `signer name: ${nameError}`);
    if (!isKeyId(signer.keyId))
      throw new CairnError('invalid_key', `signer ${signer.name}: expected a 32-bit key ID`);
    if (seen.has(describeKey(signer))) {
      throw new CairnError('invalid_argument', `signers: ${describeKey(signer)} is given twice`);
    }
    seen.add(describeKey(signer));
  }
}
