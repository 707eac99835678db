import { join } from 'node:path';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { CairnError, fromUtf8 } from '@cairn/core';
import type { Entry, EntryKind, Problem, Redaction } from '@cairn/core';
import { fileKeyStore } from './key-store.js';
import type { KeyStore } from './key-store.js';
import { compileRedaction, foldRedactions, redactPaths, redactPatterns } from './redact.js';
import type { RedactionRule } from './redact.js';
import { indexRetention } from './retention.js';
import type { RetentionClass } from './retention.js';
import { compileSeals, sealBody, secretAad } from './seal.js';
import type { SealedSecret, SealRule } from './seal.js';
import { SubjectRegistry } from './subjects.js';
import type { SubjectRecord } from './subjects.js';
import { directoryVault } from './vault.js';
import type { SubjectVault } from './vault.js';

/** Options of {@link createPrivacy}. */
export type PrivacyOptions = {
  /** Base directory: `keys/`, `vault/` and `subjects/` are made in it. */
  readonly dir: string;
  readonly redact?: readonly RedactionRule[];
  readonly seal?: readonly SealRule[];
  readonly retention?: readonly RetentionClass[];
  /** Replaces the file key store under `dir/keys`. */
  readonly keyStore?: KeyStore;
  /** 32 bytes wrapping the keys of the default file key store. */
  readonly masterKey?: Uint8Array;
  /** Replaces the directory vault under `dir/vault`. */
  readonly vault?: SubjectVault;
};

/** A sealed value opened with its subject's key, as shown to the subject or an auditor. */
export type RevealedValue = {
  readonly entryId: string;
  readonly path: string;
  /** The salt, hex: with `value` it opens the entry's commitment (see `verifyCommitment`). */
  readonly salt: string;
  readonly value: unknown;
};

/**
 * Privacy by design for a recorder: redaction at capture, sealed fields with an encrypted per-subject vault,
 * legal holds, retention classes. Hand it to `createRecorder({ privacy })`; erase through the recorder, which
 * appends the tombstone.
 *
 * @example
 * const privacy = createPrivacy({ dir: '.cairn/privacy', seal: [{ id: 'diagnosis', path: 'context.patient.diagnosis' }] });
 * privacy.holdSubject('patient-7f3a', { reason: 'litigation 2026-114' });
 */
export type Privacy = {
  /** Puts the subject on legal hold: erasure and purging are refused until released. */
  holdSubject(subjectRef: string, options: { readonly reason: string; readonly now?: Date }): void;
  releaseSubject(subjectRef: string): void;
  /** What is known of the subject: latest record per retention class, hold, erasure. */
  subject(subjectRef: string): SubjectRecord | undefined;
  /** Opens the subject's sealed values (a subject access request, an audit); empty once erased. */
  reveal(subjectRef: string): RevealedValue[];
  readonly retention: ReadonlyMap<string, RetentionClass>;
};

/** The capture-side result of privacy rules on one body. */
export type Applied = {
  body: unknown;
  redactions: Redaction[];
  secrets: SealedSecret[];
  problems: Problem[];
};

/** What the recorder and erasure use; not part of the public surface. */
export type PrivacyEngine = {
  apply(
    kind: EntryKind,
    bodyKey: string,
    body: unknown,
    ctx: { entryId: string; subjectRef?: string },
  ): Applied;
  persist(items: readonly { entry: Entry; secrets: readonly SealedSecret[] | undefined }[]): Promise<void>;
  readonly keys: KeyStore;
  readonly vault: SubjectVault;
  readonly registry: SubjectRegistry;
  readonly retention: ReadonlyMap<string, RetentionClass>;
};

const engines = new WeakMap<Privacy, PrivacyEngine>();

/** The engine behind a `Privacy` made by {@link createPrivacy}. */
export function privacyEngine(privacy: Privacy): PrivacyEngine {
  const engine = engines.get(privacy);
  if (engine === undefined)
    throw new CairnError('config', 'privacy: expected the value createPrivacy() returned');
  return engine;
}

/** @example const privacy = createPrivacy({ dir: '.cairn/privacy', redact: [{ id: 'email', pattern: /\S+@\S+/ }] }); */
export function createPrivacy(options: PrivacyOptions): Privacy {
  const redaction = compileRedaction(options.redact ?? []);
  const seals = compileSeals(options.seal ?? []);
  const keys =
    options.keyStore ?? fileKeyStore({ dir: join(options.dir, 'keys'), masterKey: options.masterKey });
  const vault = options.vault ?? directoryVault({ dir: join(options.dir, 'vault') });
  const registry = new SubjectRegistry(join(options.dir, 'subjects'));
  const retention = indexRetention(options.retention ?? []);

  const engine: PrivacyEngine = {
    keys,
    vault,
    registry,
    retention,
    apply(kind, bodyKey, body, ctx) {
      // Order matters: removals first (nothing removed is ever sealed or kept), then seals (a sealed value keeps
      // its plaintext whole in the vault), then patterns over what stays in the clear.
      const removed = redactPaths(redaction, kind, bodyKey, body);
      const sealed =
        seals.length > 0 ? sealBody(seals, keys, { kind, bodyKey, ...ctx }, removed.body) : undefined;
      const masked = redactPatterns(redaction, kind, bodyKey, sealed?.body ?? removed.body);
      const all = [...removed.redactions, ...(sealed?.redactions ?? []), ...masked.redactions];
      return {
        body: masked.body,
        redactions: foldRedactions(all, bodyKey),
        secrets: sealed?.secrets ?? [],
        problems: sealed?.problems ?? [],
      };
    },
    async persist(items) {
      const secrets = items.flatMap((i) => i.secrets ?? []);
      if (secrets.length > 0) vault.append(secrets);
      for (const { entry } of items)
        if (entry.subject && entry.kind !== 'erasure')
          registry.note(entry.subject.ref, entry.retention?.class, entry.occurredAt);
      registry.save();
      if (secrets.length > 0) await Promise.all([keys.sync(), vault.sync()]);
    },
  };

  const privacy: Privacy = Object.freeze({
    retention,
    holdSubject(ref: string, { reason, now = new Date() }: { reason: string; now?: Date }) {
      if (typeof reason !== 'string' || reason === '')
        throw new CairnError('invalid_argument', 'holdSubject: expected a reason');
      registry.update(ref, (r) => ({ ...r, hold: { reason, since: now.toISOString() } }));
    },
    releaseSubject(ref: string) {
      registry.update(ref, ({ hold: _hold, ...rest }) => rest);
    },
    subject: (ref: string) => registry.get(ref),
    reveal: (ref: string) => reveal(keys, vault, ref),
  });
  engines.set(privacy, engine);
  return privacy;
}

function reveal(keys: KeyStore, vault: SubjectVault, ref: string): RevealedValue[] {
  const records = vault.read(ref);
  if (records.length === 0) return [];
  const key = keys.find(ref);
  if (key === undefined)
    throw new CairnError('not_found', 'reveal: the subject has sealed records but no key');
  return records.map((r) => {
    const plain = xchacha20poly1305(key.key, r.nonce, secretAad(r.entryId, r.path, r.keyId)).decrypt(
      r.ciphertext,
    );
    const opened = JSON.parse(fromUtf8(plain)) as { salt: string; value: unknown };
    return { entryId: r.entryId, path: r.path, salt: opened.salt, value: opened.value };
  });
}
