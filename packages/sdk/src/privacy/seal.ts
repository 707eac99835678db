import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import {
  CairnError,
  bytesEqual,
  canonicalBytes,
  concatBytes,
  fromHex,
  sha256,
  toHex,
  utf8,
} from '@cairn/core';
import type { EntryKind, Problem, Redaction } from '@cairn/core';
import type { KeyStore } from './key-store.js';
import { parseRulePath, renderPath, visitPath } from './paths.js';

/**
 * A field sealed as a salted commitment: in the entry it becomes `{ "$commitment": "sha256:<hex>" }`, with
 * commitment = SHA-256(salt ‖ RFC 8785 bytes of the value) and a fresh 32-byte salt; the value and the salt go,
 * encrypted with the subject's key, to the vault. Without the salt the digest says nothing about the value, even
 * one from a small set (a diagnosis code); with both, an auditor checks the value against the sealed entry.
 */
export type SealRule = { readonly id: string; readonly path: string; readonly kinds?: readonly EntryKind[] };

/** A sealed value on its way to the vault: only ciphertext, under the subject's key. */
export type SealedSecret = {
  readonly subjectRef: string;
  readonly keyId: string;
  readonly entryId: string;
  /** Where the value sat in the entry: `decision.context.patient.diagnosis`. */
  readonly path: string;
  readonly nonce: Uint8Array;
  readonly ciphertext: Uint8Array;
};

type CompiledSeal = {
  readonly id: string;
  readonly kinds?: readonly EntryKind[];
  readonly path: readonly string[];
};

/** @example compileSeals([{ id: 'diagnosis', path: 'context.patient.diagnosis' }]) */
export function compileSeals(rules: readonly SealRule[]): readonly CompiledSeal[] {
  return rules.map((rule) => {
    if (typeof rule.id !== 'string' || rule.id === '')
      throw new CairnError('config', 'a seal rule needs a non-empty id');
    return { id: rule.id, kinds: rule.kinds, path: parseRulePath(rule.path, rule.id) };
  });
}

/** The commitment to a value under a salt. @example commitmentOf(salt, 'J45.909') // 'sha256:…' */
export function commitmentOf(salt: Uint8Array, value: unknown): string {
  return `sha256:${toHex(sha256(concatBytes(salt, canonicalBytes(value))))}`;
}

/**
 * True when `value` and `salt` (hex) open `commitment`: how an auditor shown the plaintext checks it against
 * the sealed entry.
 *
 * @example verifyCommitment(entry.decision.context.patient.diagnosis.$commitment, revealed)
 */
export function verifyCommitment(
  commitment: string,
  opening: { readonly salt: string; readonly value: unknown },
): boolean {
  const salt = fromHex(opening.salt);
  const expected = /^sha256:([0-9a-f]{64})$/.exec(commitment)?.[1];
  if (salt === undefined || salt.length !== 32 || expected === undefined) return false;
  return bytesEqual(utf8(commitmentOf(salt, opening.value)), utf8(commitment));
}

/** Context of one sealing: the entry and subject the secrets belong to. */
export type SealContext = {
  readonly kind: EntryKind;
  readonly bodyKey: string;
  readonly entryId: string;
  readonly subjectRef?: string;
};

/** Result of sealing a body: the body with commitments in place, the redaction records, the secrets, problems. */
export type SealOutcome = {
  body: unknown;
  redactions: Redaction[];
  secrets: SealedSecret[];
  problems: Problem[];
};

/** Seals every value the rules of `ctx.kind` reach. */
export function sealBody(
  rules: readonly CompiledSeal[],
  keys: KeyStore | undefined,
  ctx: SealContext,
  body: unknown,
): SealOutcome {
  const out: SealOutcome = { body, redactions: [], secrets: [], problems: [] };
  for (const rule of rules) {
    if (rule.kinds && !rule.kinds.includes(ctx.kind)) continue;
    out.body = visitPath(out.body, rule.path, [ctx.bodyKey], (value, segments) => {
      const path = renderPath(segments);
      if (ctx.subjectRef === undefined || keys === undefined) {
        const why = keys === undefined ? 'a key store' : 'subject.ref';
        out.problems.push({
          path: 'subject.ref',
          code: 'required',
          message: `subject.ref: seal rule ${rule.id} matched ${path}, which needs ${why}, got nothing`,
        });
        return { action: 'remove' };
      }
      return sealValue(value, path, rule.id, keys, { ...ctx, subjectRef: ctx.subjectRef }, out);
    });
  }
  return out;
}

function sealValue(
  value: unknown,
  path: string,
  ruleId: string,
  keys: KeyStore,
  ctx: SealContext & { subjectRef: string },
  out: SealOutcome,
) {
  const salt = crypto.getRandomValues(new Uint8Array(32));
  let commitment: string;
  let plaintext: Uint8Array;
  try {
    commitment = commitmentOf(salt, value);
    plaintext = canonicalBytes({ salt: toHex(salt), value });
  } catch {
    out.problems.push({
      path,
      code: 'invalid_json',
      message: `${path}: expected a JSON value to seal, got something else`,
    });
    return { action: 'remove' } as const;
  }
  const { keyId, key } = keys.keyFor(ctx.subjectRef);
  const nonce = crypto.getRandomValues(new Uint8Array(24));
  const ciphertext = xchacha20poly1305(key, nonce, secretAad(ctx.entryId, path, keyId)).encrypt(plaintext);
  out.secrets.push({ subjectRef: ctx.subjectRef, keyId, entryId: ctx.entryId, path, nonce, ciphertext });
  out.redactions.push({ path, ruleId, method: 'commitment', commitment });
  return { action: 'set', value: { $commitment: commitment } } as const;
}

/** Binds a ciphertext to its entry, path and key, so no record can be passed off as another's. */
export function secretAad(entryId: string, path: string, keyId: string): Uint8Array {
  return utf8(`cairn-sealed-v1\n${entryId}\n${path}\n${keyId}`);
}
