// The checks the integrity panel runs in the browser, one by one, so the page can say what was checked and not
// only "verified". Pure: the same code runs in the browser bundle and in Node tests. The final verdict also
// requires core's verifyReceipt, the one-call check an auditor's own tool would make.
import {
  fromUtf8,
  leafHash,
  parseJson,
  parseReceipt,
  parseVerifierKey,
  toBase64,
  toHex,
  verifyCheckpoint,
  verifyInclusion,
  verifyReceipt,
} from '@cairn/core';
import type { NoteVerifier, Receipt } from '@cairn/core';

/** What the panel verifies: the receipt, the exact stored bytes, and the keys the ledger publishes. */
export type IntegrityInput = {
  readonly entryId: string;
  /** The c2sp.org/tlog-proof@v1 receipt text. */
  readonly receipt: string;
  /** The exact bytes stored for the entry. */
  readonly leaf: Uint8Array;
  /** The leaf hash the ledger's index recorded when the entry was appended, lowercase hex. */
  readonly recordedLeafHash: string;
  /** The ledger's published verifier keys (C2SP vkey text). */
  readonly verifierKeys: readonly string[];
  /** Where the keys come from: configured on the server (outside the database) or published by the ledger. */
  readonly keySource?: 'configured' | 'ledger';
  readonly origin: string;
};

/** One check with its outcome, worded for the page. */
export type IntegrityCheck = {
  readonly name:
    'receipt' | 'keys' | 'signature' | 'origin' | 'leaf' | 'entry' | 'inclusion' | 'receipt-verifier';
  readonly ok: boolean;
  readonly label: string;
  readonly detail: string;
};

/** The verdict: `ok` only when every check passed. */
export type IntegrityReport = { readonly ok: boolean; readonly checks: readonly IntegrityCheck[] };

const short = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Runs every integrity check of one entry and reports each with its outcome.
 *
 * @example
 * const report = await checkIntegrity({ entryId, receipt, leaf, recordedLeafHash, verifierKeys, origin });
 * report.checks.forEach((c) => console.log(c.ok ? 'pass' : 'FAIL', c.label));
 */
export async function checkIntegrity(input: IntegrityInput): Promise<IntegrityReport> {
  const checks: IntegrityCheck[] = [];
  const parsed = parseReceipt(input.receipt);
  checks.push(
    parsed.ok
      ? {
          name: 'receipt',
          ok: true,
          label: 'Receipt is a c2sp.org/tlog-proof@v1 document',
          detail: `index ${parsed.value.index}, ${parsed.value.proof.length} proof hashes, checkpoint of size ${parsed.value.checkpoint.size}`,
        }
      : {
          name: 'receipt',
          ok: false,
          label: 'Receipt is a c2sp.org/tlog-proof@v1 document',
          detail: short(parsed.problems.map((p) => p.message).join('; ')),
        },
  );
  const verifiers = keysCheck(input.verifierKeys, input.keySource ?? 'ledger', checks);
  const hash = leafHash(input.leaf);
  checks.push(leafCheck(toHex(hash), input.recordedLeafHash), entryCheck(input.leaf, input.entryId));
  if (parsed.ok) {
    checks.push(...(await checkpointChecks(parsed.value, verifiers, input.origin)));
    checks.push(inclusionCheck(parsed.value, hash));
  }
  const whole = await verifyReceipt({
    receipt: input.receipt,
    leaf: input.leaf,
    verifiers,
    origin: input.origin,
  });
  checks.push({
    name: 'receipt-verifier',
    ok: whole.ok,
    label: 'The receipt verifies as a whole (verifyReceipt of @cairn/core)',
    detail: whole.ok
      ? 'signature, origin and inclusion all hold'
      : short(whole.problems.map((p) => p.message).join('; ')),
  });
  return { ok: checks.every((c) => c.ok), checks };
}

function keysCheck(
  keys: readonly string[],
  source: 'configured' | 'ledger',
  checks: IntegrityCheck[],
): NoteVerifier[] {
  const verifiers: NoteVerifier[] = [];
  const bad: string[] = [];
  for (const key of keys) {
    const parsed = parseVerifierKey(key);
    if (parsed.ok) verifiers.push(parsed.value);
    else bad.push(short(key, 60));
  }
  const ok = verifiers.length > 0 && bad.length === 0;
  checks.push({
    name: 'keys',
    ok,
    label:
      source === 'configured'
        ? 'The verifier keys configured on the server are valid'
        : 'The verifier keys the ledger database publishes are valid',
    detail: ok
      ? verifiers.map((v) => v.verifierKey).join(', ')
      : `${verifiers.length} valid; unreadable: ${bad.join(', ') || 'none published'}`,
  });
  return verifiers;
}

function leafCheck(computed: string, recorded: string): IntegrityCheck {
  const ok = computed === recorded;
  return {
    name: 'leaf',
    ok,
    label: 'Leaf hash SHA-256(0x00 ‖ stored bytes) matches the hash recorded at append (RFC 9162 §2.1.1)',
    detail: ok ? computed : `computed ${computed}, recorded ${recorded}`,
  };
}

function entryCheck(leaf: Uint8Array, entryId: string): IntegrityCheck {
  const parsed = parseJson(fromUtf8(leaf));
  const id =
    parsed.ok && typeof parsed.value === 'object' && parsed.value !== null
      ? (parsed.value as { id?: unknown }).id
      : undefined;
  const ok = id === entryId;
  return {
    name: 'entry',
    ok,
    label: 'The stored bytes are the entry shown on this page',
    detail: ok
      ? `${leaf.length} bytes of canonical JSON with id ${entryId}`
      : `the stored bytes hold ${parsed.ok ? `id ${short(String(id), 80)}` : 'no readable JSON'}`,
  };
}

async function checkpointChecks(
  receipt: Receipt,
  verifiers: NoteVerifier[],
  origin: string,
): Promise<IntegrityCheck[]> {
  const signed =
    verifiers.length === 0 ? undefined : await verifyCheckpoint(receipt.checkpointNote, verifiers);
  const signers = signed?.ok ? signed.value.signatures : [];
  const named = signers.map(
    (s) => verifiers.find((v) => v.keyId === s.keyId && v.name === s.name)?.verifierKey ?? s.name,
  );
  return [
    {
      name: 'signature',
      ok: signed?.ok === true,
      label: 'The checkpoint is signed by a published verifier key (C2SP signed note, Ed25519)',
      detail: signed?.ok
        ? `signed by ${named.join(', ')}`
        : short(signed?.problems.map((p) => p.message).join('; ') ?? 'no key to check with'),
    },
    {
      name: 'origin',
      ok: receipt.checkpoint.origin === origin,
      label: `The checkpoint names this ledger's origin`,
      detail: `checkpoint origin ${short(receipt.checkpoint.origin, 100)}, ledger origin ${short(origin, 100)}`,
    },
  ];
}

function inclusionCheck(receipt: Receipt, hash: Uint8Array): IntegrityCheck {
  const { index, proof, checkpoint } = receipt;
  const included = verifyInclusion({
    index,
    size: checkpoint.size,
    leafHash: hash,
    proof,
    root: checkpoint.root,
  });
  return {
    name: 'inclusion',
    ok: included.ok,
    label: `The entry is leaf ${index} of the tree of size ${checkpoint.size} (RFC 9162 §2.1.3.2)`,
    detail: included.ok
      ? `root ${toBase64(checkpoint.root)}`
      : short(included.problems.map((p) => p.message).join('; ')),
  };
}
