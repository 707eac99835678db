// Checkpoint checks for verify: signatures against trusted keys, the stored columns against the signed note, the
// signed root against the tree rebuilt from the entries, and RFC 9162 consistency between successive checkpoints.
import {
  bytesEqual,
  consistencyProof,
  formatKeyId,
  formatProblems,
  parseVerifierKey,
  problem,
  toBase64,
  verifyCheckpoint,
  verifyConsistency,
} from '@cairn/core';
import type { NoteSigner, NoteVerifier, Problem } from '@cairn/core';
import { toStoredCheckpoint } from './checkpoints.js';
import type { StoredCheckpoint } from './checkpoints.js';
import { storeHashReader } from './hash-reader.js';
import type { LedgerDb } from './store.js';

const at = (seq: number) => `checkpoint ${seq}`;
const PAGE = 500;

/**
 * The keys verify trusts. Given keys win: the auditor's own copy of the published list. Without them, the keys in
 * `signer_keys` and the ledger's own signer are trusted, which catches a forged signature but not a forger who
 * also added his key to the store (README: pass the published keys).
 */
export async function trustedVerifiers(
  db: LedgerDb,
  given: readonly (NoteVerifier | string)[] | undefined,
  signer: NoteSigner | undefined,
  problems: Problem[],
): Promise<NoteVerifier[]> {
  const stored = (await db.selectFrom('signer_keys').select('verifier_key').execute()).map(
    (r) => r.verifier_key,
  );
  const texts = given === undefined ? [...stored, ...(signer === undefined ? [] : [signer.verifierKey])] : [];
  const verifiers: NoteVerifier[] =
    given === undefined ? [] : given.filter((v): v is NoteVerifier => typeof v !== 'string');
  if (given !== undefined) texts.push(...given.filter((v): v is string => typeof v === 'string'));
  for (const text of new Set(texts)) {
    const parsed = parseVerifierKey(text);
    if (parsed.ok) verifiers.push(parsed.value);
    else
      problems.push(
        problem('signer_keys', 'invalid_key', `signer key: ${formatProblems(parsed.problems, 1)}`),
      );
  }
  if (given !== undefined) {
    const trusted = new Set(verifiers.map((v) => v.verifierKey));
    for (const key of stored.filter((k) => !trusted.has(k))) {
      const name = key.split('+')[0] ?? '';
      problems.push(
        problem(
          'signer_keys',
          'untrusted_key',
          `signer_keys: the store publishes a key of ${JSON.stringify(name.slice(0, 64))} that is not among the trusted verifier keys`,
        ),
      );
    }
  }
  return verifiers;
}

/** A checkpoint whose signature and fields were checked: its signed size and root. */
export type SignedHead = { readonly size: number; readonly root: Uint8Array };

/**
 * Verifies a checkpoint row's signature and that its columns match its note. Returns the signed head, or
 * undefined when the note cannot be trusted (problems say why).
 */
export async function checkCheckpointRow(
  cp: StoredCheckpoint,
  verifiers: readonly NoteVerifier[],
  origin: string | undefined,
  problems: Problem[],
): Promise<SignedHead | undefined> {
  const checked = await verifyCheckpoint(cp.note, verifiers, origin === undefined ? {} : { origin });
  if (!checked.ok) {
    problems.push(
      problem(at(cp.seq), 'bad_signature', `${at(cp.seq)}: ${formatProblems(checked.problems, 2)}`),
    );
    return undefined;
  }
  const { size, root, signatures } = checked.value;
  if (size !== cp.size || !bytesEqual(root, cp.root)) {
    problems.push(
      problem(
        at(cp.seq),
        'column_mismatch',
        `${at(cp.seq)}: stored size/root columns differ from the signed note`,
      ),
    );
  }
  if (!signatures.some((s) => formatKeyId(s.keyId) === cp.keyId)) {
    problems.push(
      problem(
        at(cp.seq),
        'column_mismatch',
        `${at(cp.seq)}: stored key_id ${cp.keyId} did not sign the note`,
      ),
    );
  }
  return { size, root };
}

/** Reports a signed root that differs from the root rebuilt from the entries at that size. */
export function compareRoot(
  seq: number | 'external',
  head: SignedHead,
  rebuilt: Uint8Array,
  problems: Problem[],
): void {
  if (bytesEqual(head.root, rebuilt)) return;
  const name = seq === 'external' ? 'external checkpoint' : at(seq);
  problems.push(
    problem(
      name,
      'root_mismatch',
      `${name}: signed root ${toBase64(head.root)} at size ${head.size} differs from the root rebuilt from the entries, ${toBase64(rebuilt)}`,
    ),
  );
}

/**
 * Pages through checkpoints up to `maxSeq`, ordered by (size, seq), so they can be matched against the tree as it
 * is rebuilt. Holds one page in memory.
 */
export class CheckpointsBySize {
  readonly #db: LedgerDb;
  readonly #maxSeq: number;
  #page: StoredCheckpoint[] = [];
  #done = false;
  #after: [size: number, seq: number] = [-1, -1];

  constructor(db: LedgerDb, maxSeq: number) {
    this.#db = db;
    this.#maxSeq = maxSeq;
  }

  /** False when no checkpoint can be due at `size` yet, answered without a query (verify asks once per entry). */
  mayBeDue(size: number): boolean {
    const next = this.#page[0];
    return next === undefined ? !this.#done : next.size <= size;
  }

  /** Removes and returns every checkpoint whose stored size is at most `size`. */
  async takeUpTo(size: number): Promise<StoredCheckpoint[]> {
    const taken: StoredCheckpoint[] = [];
    for (;;) {
      if (this.#page.length === 0 && !(await this.#fill())) return taken;
      while (this.#page.length > 0 && this.#page[0]!.size <= size) taken.push(this.#page.shift()!);
      if (this.#page.length > 0) return taken;
    }
  }

  async #fill(): Promise<boolean> {
    if (this.#done) return false;
    const [size, seq] = this.#after;
    const rows = await this.#db
      .selectFrom('checkpoints')
      .selectAll()
      .where('seq', '<=', this.#maxSeq)
      .where((eb) => eb(eb.refTuple('size', 'seq'), '>', eb.tuple(size, seq)))
      .orderBy('size')
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    if (rows.length < PAGE) this.#done = true;
    const last = rows[rows.length - 1];
    if (last !== undefined) this.#after = [last.size, last.seq];
    this.#page = rows.map(toStoredCheckpoint);
    return rows.length > 0;
  }
}

/**
 * Walks all checkpoints in seq order: seq numbers without gaps, sizes and times that never go back, and an RFC 9162
 * consistency proof (from the stored nodes) between each checkpoint and the next. Checkpoints in `bad` failed their
 * own checks already; their columns cannot be trusted, so they are left out of the pairs.
 */
export async function checkCheckpointChain(
  db: LedgerDb,
  maxSeq: number,
  ledgerSize: number,
  bad: ReadonlySet<number>,
  problems: Problem[],
): Promise<void> {
  let previous: StoredCheckpoint | undefined;
  let expected = 0;
  for (let from = 0; from <= maxSeq;) {
    const rows = await db
      .selectFrom('checkpoints')
      .selectAll()
      .where('seq', '>=', from)
      .where('seq', '<=', maxSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const cp of rows.map(toStoredCheckpoint)) {
      if (cp.seq !== expected) {
        const message = `${at(expected)}: missing (checkpoints ${expected}..${cp.seq - 1} are absent)`;
        problems.push(problem(at(expected), 'missing_checkpoint', message));
      }
      expected = cp.seq + 1;
      if (bad.has(cp.seq)) continue;
      if (previous !== undefined) await checkPair(db, previous, cp, ledgerSize, problems);
      previous = cp;
    }
    if (rows.length < PAGE) break;
    from = rows[rows.length - 1]!.seq + 1;
  }
}

async function checkPair(
  db: LedgerDb,
  a: StoredCheckpoint,
  b: StoredCheckpoint,
  ledgerSize: number,
  problems: Problem[],
): Promise<void> {
  if (b.createdAt < a.createdAt) {
    problems.push(
      problem(
        at(b.seq),
        'time_order',
        `${at(b.seq)}: created at ${b.createdAt}, before checkpoint ${a.seq} (${a.createdAt})`,
      ),
    );
  }
  if (b.size < a.size) {
    problems.push(
      problem(
        at(b.seq),
        'size_order',
        `${at(b.seq)}: size ${b.size} is smaller than checkpoint ${a.seq}'s ${a.size}`,
      ),
    );
    return;
  }
  if (b.size > ledgerSize) return; // reported as beyond the end of the ledger
  let ok: boolean;
  try {
    const proof = await consistencyProof(a.size, b.size, storeHashReader(db));
    ok = verifyConsistency({
      first: a.size,
      second: b.size,
      firstRoot: a.root,
      secondRoot: b.root,
      proof,
    }).ok;
  } catch {
    ok = false;
  }
  if (!ok) {
    problems.push(
      problem(
        at(b.seq),
        'inconsistent',
        `${at(b.seq)}: not consistent with checkpoint ${a.seq} (RFC 9162 consistency proof from the stored tree failed)`,
      ),
    );
  }
}
