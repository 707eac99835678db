// Reading a C2SP signed note (c2sp.org/signed-note): its structure, then its signatures against known keys.
import { fromBase64, utf8 } from '../bytes.js';
import { CairnError } from '../errors.js';
import { describeValue, fail, ok, problem } from '../result.js';
import type { Problem, Result } from '../result.js';
import { describeKey, keyNameError } from './keys.js';
import type { KeyRef, NoteVerifier } from './keys.js';
import { capProblems, controlCharacterProblems, decodeText, isList, linePath } from './text.js';
import type { TextContext } from './text.js';

/**
 * Signature lines read from one note: C2SP asks verifiers to accept at least 16; more than this is refused before
 * any is verified, to bound the work (golang sumdb/note uses the same limit).
 *
 * @example
 * if (signers.length > MAX_SIGNATURES) throw new Error('too many cosigners');
 */
export const MAX_SIGNATURES = 100;

/** C2SP signed-note: a signature line starts with U+2014 EM DASH and a space. */
export const SIGNATURE_PREFIX = '\u2014 ';

/** One signature line: who signed (name, key ID), the raw signature, and where the line is. */
export type SignatureLine = KeyRef & {
  readonly signature: Uint8Array;
  readonly line: number;
  readonly text: string;
};

/** A structurally valid note: its text, the exact signed bytes and its signature lines. */
export type ReadNote = {
  readonly text: string;
  readonly message: Uint8Array;
  readonly signatures: readonly SignatureLine[];
};

/** What opening a note found: verified keys and the keys no verifier knows. */
export type SignatureCheck = {
  readonly verified: KeyRef[];
  readonly unknown: KeyRef[];
  readonly problems: Problem[];
};

/**
 * Checks a note's structure (size, UTF-8, control characters, the last blank line, every signature line)
 * without verifying signatures. The note text is everything up to the last "\n\n", including one "\n".
 */
export function readNote(input: unknown, ctx: TextContext): Result<ReadNote> {
  const decoded = decodeText(input, ctx);
  if (!decoded.ok) return decoded;
  const note = decoded.value.text;
  if (note.length === 0)
    return fail([problem(ctx.label, 'empty', `${ctx.label}: expected a signed note, got nothing`)]);
  const problems = controlCharacterProblems(note, ctx);
  if (!note.endsWith('\n')) {
    const message = `${ctx.label}: expected the last signature line to end in a newline`;
    problems.push(problem(ctx.label, 'missing_final_newline', message));
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0) {
    const message = `${ctx.label}: expected a blank line between the text and the signature lines, found none`;
    return fail([...problems, problem(ctx.label, 'missing_blank_line', message)]);
  }
  const text = note.slice(0, split + 1);
  const firstLine = countLines(text) + 2;
  const lines = note.slice(split + 2).split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) {
    const message = `${ctx.label}: expected at least one signature line after the blank line, found none`;
    return fail([...problems, problem(ctx.label, 'missing_signatures', message)]);
  }
  if (lines.length > MAX_SIGNATURES) {
    const message = `${ctx.label}: expected at most ${MAX_SIGNATURES} signature lines, got ${lines.length}`;
    return fail([...problems, problem(ctx.label, 'too_many_signatures', message)]);
  }
  const signatures = readSignatureLines(lines, firstLine, ctx, problems);
  if (problems.length > 0) return fail(problems);
  // C2SP signed-note: the signed message is the text, including its final newline, not the blank line.
  return ok({ text, message: utf8(text), signatures });
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function readSignatureLines(lines: string[], firstLine: number, ctx: TextContext, problems: Problem[]) {
  const signatures: SignatureLine[] = [];
  const lineProblems: Problem[] = [];
  lines.forEach((content, i) => {
    const read = readSignatureLine(content, firstLine + i, ctx);
    if ('problem' in read) lineProblems.push(read.problem);
    else signatures.push(read);
  });
  problems.push(
    ...capProblems(lineProblems, ctx, 'malformed_signature_line', 'signature lines are malformed'),
  );
  return signatures;
}

function readSignatureLine(
  content: string,
  line: number,
  ctx: TextContext,
): SignatureLine | { problem: Problem } {
  const path = linePath(ctx, line);
  const bad = (code: string, detail: string) => ({ problem: problem(path, code, `${path}: ${detail}`) });
  if (!content.startsWith(SIGNATURE_PREFIX)) {
    return bad(
      'malformed_signature_line',
      `expected "\u2014 <key name> <base64 signature>", got ${describeValue(content)}`,
    );
  }
  const rest = content.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = space < 0 ? rest : rest.slice(0, space);
  const nameError = keyNameError(name);
  if (nameError !== undefined) return bad('invalid_key_name', nameError);
  if (space < 0)
    return bad('malformed_signature_line', `expected a space and a base64 signature after ${name}`);
  const raw = fromBase64(rest.slice(space + 1));
  if (raw === undefined)
    return bad('invalid_base64', `the signature of ${name} is not canonical padded base64`);
  // C2SP signed-note: four key ID bytes, then a signature of at least one byte.
  if (raw.length < 5)
    return bad('signature_too_short', `expected a key ID and a signature, got ${raw.length} bytes`);
  const keyId = ((raw[0]! << 24) | (raw[1]! << 16) | (raw[2]! << 8) | raw[3]!) >>> 0;
  return { name, keyId, signature: raw.slice(4), line, text: content };
}

/**
 * Verifies every signature line from a known (name, key ID) and lists the others as unknown, per C2SP
 * signed-note "Signatures": unknown keys are ignored even when they share a name or an ID with a known key, a
 * known key's failing signature rejects the note, and so does a note no known key verified.
 */
export async function checkSignatures(
  note: ReadNote,
  verifiers: readonly NoteVerifier[],
  ctx: TextContext,
): Promise<SignatureCheck> {
  const known = indexVerifiers(verifiers);
  // Verify in parallel, then collect in line order so the result does not depend on which finished first.
  const outcomes = await Promise.all(note.signatures.map((sig) => checkOne(sig, known, note.message, ctx)));
  const problems: Problem[] = [];
  const verified = new Map<string, KeyRef>();
  const unknown = new Map<string, KeyRef>();
  note.signatures.forEach((sig, i) => {
    const outcome = outcomes[i]!;
    const key = { name: sig.name, keyId: sig.keyId };
    if (outcome === 'verified') verified.set(refId(sig), key);
    else if (outcome === 'unknown') unknown.set(refId(sig), key);
    else problems.push(outcome);
  });
  if (verified.size === 0) problems.push(noVerifiedSignature(note, ctx));
  return { verified: [...verified.values()], unknown: [...unknown.values()], problems };
}

function refId(key: KeyRef): string {
  return `${key.name}\n${key.keyId}`;
}

async function checkOne(
  sig: SignatureLine,
  known: Map<string, NoteVerifier[]>,
  message: Uint8Array,
  ctx: TextContext,
): Promise<'verified' | 'unknown' | Problem> {
  const path = linePath(ctx, sig.line);
  const candidates = known.get(refId(sig));
  if (candidates === undefined) return 'unknown';
  if (candidates.length > 1) {
    const detail = `${candidates.length} different verifier keys are named ${describeKey(sig)}`;
    return problem(path, 'ambiguous_key', `${path}: ${detail}`);
  }
  if (await candidates[0]!.verify(message, sig.signature)) return 'verified';
  return problem(path, 'signature_failed', `${path}: the signature by ${describeKey(sig)} does not verify`);
}

function indexVerifiers(verifiers: readonly NoteVerifier[]): Map<string, NoteVerifier[]> {
  const known = new Map<string, NoteVerifier[]>();
  for (const v of verifiers) {
    const id = refId(v);
    const list = known.get(id) ?? [];
    // The same key given twice is not ambiguous; two keys sharing a name and an ID are (golang sumdb/note).
    if (!list.some((other) => other.verifierKey === v.verifierKey)) list.push(v);
    known.set(id, list);
  }
  return known;
}

function noVerifiedSignature(note: ReadNote, ctx: TextContext): Problem {
  const signers = note.signatures.map((s) => describeKey(s));
  const shown = signers.slice(0, 5).join(', ') + (signers.length > 5 ? `, … (${signers.length} in all)` : '');
  const message = `${ctx.label}: no signature from a known key verified (signed by ${shown})`;
  return problem(ctx.label, 'no_verified_signature', message);
}

/** Verifiers are the caller's configuration: anything but an array is a programmer error. */
export function assertVerifiers(verifiers: readonly NoteVerifier[]): void {
  if (!isList(verifiers))
    throw new CairnError('invalid_argument', 'verifiers: expected an array of NoteVerifier');
}
