// Checkpoints, c2sp.org/tlog-checkpoint@v1.0.0: a signed note whose text is the log's origin, tree size and
// RFC 6962 root hash, then optional extension lines.
import { fromBase64, toBase64 } from '../bytes.js';
import { CairnError } from '../errors.js';
import { describeValue, fail, formatProblems, ok, problem } from '../result.js';
import type { Problem, Result } from '../result.js';
import type { KeyRef, NoteSigner, NoteVerifier } from './keys.js';
import { assertVerifiers, checkSignatures, readNote } from './note-reader.js';
import type { ReadNote } from './note-reader.js';
import { signNote } from './signed-note.js';
import { controlCharacterProblems, decodeText, isSingleLine, linePath, parseDecimal } from './text.js';
import type { TextContext } from './text.js';

/** Bytes of a SHA-256 RFC 6962 root hash. */
const ROOT_BYTES = 32;

const CHECKPOINT: TextContext = { label: 'checkpoint', lineOffset: 0 };

/** The tree head a checkpoint states. */
export type Checkpoint = {
  /** The log's identity, e.g. `example.com/log`. */
  readonly origin: string;
  /** Number of leaves. */
  readonly size: number;
  /** RFC 6962 root hash of the first `size` leaves (32 bytes). */
  readonly root: Uint8Array;
  /** Extension lines, opaque (NOT RECOMMENDED by the spec, kept for round trips). */
  readonly extensions: readonly string[];
};

/** A checkpoint whose signatures verified, with the keys that signed it. */
export type VerifiedCheckpoint = Checkpoint & { readonly signatures: readonly KeyRef[] };

/** What {@link formatCheckpoint} takes. */
export type CheckpointInput = {
  readonly origin: string;
  readonly size: number;
  readonly root: Uint8Array;
  readonly extensions?: readonly string[];
};

/**
 * The note text of a checkpoint: `<origin>\n<size>\n<base64 root>\n[extension lines]`. Throws
 * CairnError('invalid_checkpoint') naming every bad field.
 *
 * @example
 * formatCheckpoint({ origin: 'Log', size: 8, root }) === 'Log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n'
 */
export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const { origin, size, root, extensions = [] } = checkpoint;
  const problems: Problem[] = [];
  if (typeof origin !== 'string' || origin.length === 0 || !isSingleLine(origin)) {
    problems.push(
      problem('origin', 'invalid_origin', 'origin: expected a non-empty line without control characters'),
    );
  }
  if (!Number.isSafeInteger(size) || size < 0) {
    problems.push(
      problem('size', 'invalid_size', `size: expected a safe integer >= 0, got ${describeValue(size)}`),
    );
  }
  if (!(root instanceof Uint8Array) || root.length !== ROOT_BYTES) {
    problems.push(problem('root', 'invalid_length', `root: expected ${ROOT_BYTES} bytes`));
  }
  extensions.forEach((line, i) => {
    if (typeof line !== 'string' || line.length === 0 || !isSingleLine(line)) {
      const message = `extensions[${i}]: expected a non-empty line without control characters`;
      problems.push(problem(`extensions[${i}]`, 'invalid_extension', message));
    }
  });
  if (problems.length > 0) throw new CairnError('invalid_checkpoint', formatProblems(problems));
  return `${origin}\n${size}\n${toBase64(root)}\n${extensions.map((line) => `${line}\n`).join('')}`;
}

/**
 * Parses checkpoint note text strictly: at least three lines, each ending in "\n"; a non-empty origin; a
 * decimal size without leading zeros; canonical base64 of exactly 32 bytes; non-empty extension lines.
 *
 * @example
 * const cp = parseCheckpoint('Log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n');
 * if (cp.ok) cp.value.size === 8;
 */
export function parseCheckpoint(text: string | Uint8Array): Result<Checkpoint> {
  const decoded = decodeText(text, CHECKPOINT);
  if (!decoded.ok) return decoded;
  const problems = controlCharacterProblems(decoded.value.text, CHECKPOINT);
  const parsed = parseCheckpointText(decoded.value.text, CHECKPOINT, 'checkpoint');
  if (problems.length > 0) return fail([...problems, ...(parsed.ok ? [] : parsed.problems)]);
  return parsed;
}

/**
 * @internal The checkpoint fields of note text that already passed the note rules; `field` prefixes paths
 * (`checkpoint`, `receipt.checkpoint`).
 */
export function parseCheckpointText(text: string, ctx: TextContext, field: string): Result<Checkpoint> {
  if (text.length === 0)
    return fail([problem(field, 'empty', `${field}: expected checkpoint text, got nothing`)]);
  const problems: Problem[] = [];
  const at = (name: string, line: number) => `${field}.${name} (${linePath(ctx, line)})`;
  if (!text.endsWith('\n')) {
    problems.push(
      problem(field, 'missing_final_newline', `${field}: expected every line to end in a newline`),
    );
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length < 3) {
    const message = `${field}: expected origin, tree size and root hash lines, got ${lines.length} line(s)`;
    return fail([...problems, problem(field, 'missing_lines', message)]);
  }
  const [origin, sizeText, rootText, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin.length === 0) {
    problems.push(
      problem(`${field}.origin`, 'empty_origin', `${at('origin', 1)}: expected a non-empty origin`),
    );
  }
  const size = parseDecimal(sizeText);
  if ('error' in size)
    problems.push(problem(`${field}.size`, 'invalid_size', `${at('size', 2)}: ${size.error}`));
  const root = readRoot(rootText, at('root', 3), `${field}.root`, problems);
  extensions.forEach((line, i) => {
    if (line.length > 0) return;
    // C2SP tlog-checkpoint: "Extension lines, if any, MUST be non-empty."
    const path = linePath(ctx, 4 + i);
    problems.push(problem(path, 'empty_extension_line', `${path}: extension lines must be non-empty`));
  });
  if (problems.length > 0 || 'error' in size || root === undefined) return fail(problems);
  return ok({ origin, size: size.value, root, extensions });
}

function readRoot(text: string, where: string, path: string, problems: Problem[]): Uint8Array | undefined {
  const root = fromBase64(text);
  if (root === undefined) {
    problems.push(
      problem(
        path,
        'invalid_base64',
        `${where}: expected canonical padded base64, got ${describeValue(text)}`,
      ),
    );
    return undefined;
  }
  if (root.length !== ROOT_BYTES) {
    problems.push(
      problem(
        path,
        'invalid_length',
        `${where}: expected a ${ROOT_BYTES}-byte hash, got ${root.length} bytes`,
      ),
    );
    return undefined;
  }
  return root;
}

/**
 * Signs a checkpoint: the note of {@link formatCheckpoint}'s text. The log's key name should equal the origin.
 *
 * @example
 * const note = await signCheckpoint({ origin: 'example.com/log', size: tree.size, root: tree.root() }, [signer]);
 */
export async function signCheckpoint(
  checkpoint: CheckpointInput,
  signers: readonly NoteSigner[],
): Promise<string> {
  return signNote(formatCheckpoint(checkpoint), signers);
}

/**
 * Opens a signed checkpoint: the note's signatures (as {@link openNote}), its text as a checkpoint, and, given
 * `origin`, that the checkpoint is from that log. Lists every problem.
 *
 * @example
 * const cp = await verifyCheckpoint(note, [logVerifier], { origin: 'example.com/log' });
 * if (cp.ok) console.log(cp.value.size, cp.value.signatures);
 */
export async function verifyCheckpoint(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  options: { readonly origin?: string } = {},
): Promise<Result<VerifiedCheckpoint>> {
  assertVerifiers(verifiers);
  const read = readNote(note, CHECKPOINT);
  if (!read.ok) return read;
  return checkCheckpointNote(read.value, verifiers, CHECKPOINT, 'checkpoint', options.origin);
}

/** @internal Signatures, fields and origin of a structurally valid checkpoint note, every problem listed. */
export async function checkCheckpointNote(
  note: ReadNote,
  verifiers: readonly NoteVerifier[],
  ctx: TextContext,
  field: string,
  origin: string | undefined,
): Promise<Result<VerifiedCheckpoint>> {
  const body = parseCheckpointText(note.text, ctx, field);
  const signatures = await checkSignatures(note, verifiers, ctx);
  const problems = body.ok ? [] : [...body.problems];
  if (body.ok && origin !== undefined && body.value.origin !== origin) {
    const message = `${field}.origin: expected ${describeValue(origin)}, got ${describeValue(body.value.origin)}`;
    problems.push(problem(`${field}.origin`, 'origin_mismatch', message));
  }
  problems.push(...signatures.problems);
  if (problems.length > 0 || !body.ok) return fail(problems);
  return ok({ ...body.value, signatures: signatures.verified });
}
