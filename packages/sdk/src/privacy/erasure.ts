import { CairnError, fail, ok, problem } from '@cairn/core';
import type { AppendResult, Problem, Result } from '@cairn/core';
import type { RecorderCore } from '../recorder/core.js';
import type { Layer } from '../recorder/envelope.js';
import type { PrivacyEngine } from './privacy.js';
import { addDuration } from './retention.js';
import type { SubjectRecord } from './subjects.js';

/** Options of `recorder.eraseSubject`. */
export type EraseOptions = {
  readonly reason: 'data_subject_request' | 'retention_expired' | 'other';
  /** Free text for the tombstone; never personal data. */
  readonly note?: string;
  readonly now?: Date;
  /**
   * Erase even inside the minimum retention of the subject's classes. Only when your legal basis says the
   * retention duty does not apply (GDPR Art. 17(3)(b) lets a retention duty take precedence over erasure).
   */
  readonly ignoreMinimum?: boolean;
};

/** What an erasure did. The tombstone is an ordinary entry: the ledger's next signed checkpoint covers it. */
export type ErasureReport = {
  readonly subjectRef: string;
  /** Id of the destroyed key, also in the tombstone; undefined when the subject never had sealed values. */
  readonly keyId: string | undefined;
  /** Sealed values whose ciphertext was destroyed with the key. */
  readonly sealedValuesDestroyed: number;
  readonly tombstone: {
    readonly id: string;
    readonly seq: number;
    readonly sealed: Promise<Result<AppendResult>>;
  };
};

/** What `recorder.purgeExpired` did. */
export type PurgeReport = {
  readonly erased: readonly ErasureReport[];
  /** Expired subjects kept because of a legal hold. */
  readonly held: readonly string[];
  /** Expired subjects whose erasure was refused, with why. */
  readonly refused: readonly { readonly subjectRef: string; readonly problems: readonly Problem[] }[];
};

/**
 * Crypto-shredding: destroys the subject's key and its vault file, and appends an erasure tombstone. The ledger
 * is not touched, so every proof still verifies: it only ever held redacted bodies and salted commitments, which
 * say nothing about a value without the salt that was encrypted under the destroyed key.
 */
export async function eraseSubject(
  core: RecorderCore,
  layer: Layer,
  subjectRef: string,
  options: EraseOptions,
): Promise<Result<ErasureReport>> {
  const engine = engineOf(core);
  // Secrets still queued must reach the vault before the key goes, or they would outlive the erasure as orphans.
  await core.flush();
  const now = options.now ?? new Date(core.settings.clock());
  const record = engine.registry.get(subjectRef);
  const refusal = refusalOf(engine, record, now, options.ignoreMinimum === true);
  if (refusal) return fail([refusal]);
  const keyId = engine.keys.find(subjectRef)?.keyId;
  const made = core.capture(
    'erasure',
    { subject: { ref: subjectRef }, subjectRef, reason: options.reason, keyId, note: options.note },
    layer,
  );
  if ('problems' in made) return fail(made.problems);
  const tombstone = made.capture;
  const durable = core.settings.failMode === 'closed' ? tombstone.whenDurable() : undefined;
  engine.keys.destroy(subjectRef);
  const sealedValuesDestroyed = engine.vault.erase(subjectRef);
  engine.registry.update(subjectRef, (r) => ({
    ...r,
    erased: { at: now.toISOString(), keyId, tombstoneId: tombstone.id },
  }));
  core.admit(tombstone);
  await (durable ?? core.flush());
  return ok({
    subjectRef,
    keyId,
    sealedValuesDestroyed,
    tombstone: { id: tombstone.id, seq: tombstone.seq, sealed: tombstone.sealed },
  });
}

/** Erases, through {@link eraseSubject}, every subject whose records are all past their class's maximum. */
export async function purgeExpired(
  core: RecorderCore,
  layer: Layer,
  options: { readonly now?: Date } = {},
): Promise<PurgeReport> {
  const engine = engineOf(core);
  const now = options.now ?? new Date(core.settings.clock());
  const erased: ErasureReport[] = [];
  const held: string[] = [];
  const refused: { subjectRef: string; problems: readonly Problem[] }[] = [];
  for (const record of engine.registry.all()) {
    if (record.erased || !isExpired(engine, record, now)) continue;
    if (record.hold) {
      held.push(record.ref);
      continue;
    }
    const result = await eraseSubject(core, layer, record.ref, { reason: 'retention_expired', now });
    if (result.ok) erased.push(result.value);
    else refused.push({ subjectRef: record.ref, problems: result.problems });
  }
  return { erased, held, refused };
}

function engineOf(core: RecorderCore): PrivacyEngine {
  if (core.settings.privacy === undefined)
    throw new CairnError('config', 'erasure needs createRecorder({ privacy: createPrivacy(...) })');
  return core.settings.privacy;
}

function refusalOf(
  engine: PrivacyEngine,
  record: SubjectRecord | undefined,
  now: Date,
  ignoreMinimum: boolean,
) {
  if (record?.hold)
    return problem(
      'subject',
      'legal_hold',
      `subject: on legal hold since ${record.hold.since}; release it first`,
    );
  if (record === undefined || ignoreMinimum) return undefined;
  for (const [classId, latest] of Object.entries(record.latest)) {
    const retention = engine.retention.get(classId);
    if (retention === undefined) continue;
    const until = addDuration(new Date(latest), retention.min);
    if (until > now) {
      return problem(
        'subject',
        'minimum_retention',
        `subject: retention class ${classId} keeps its records until ${until.toISOString()}`,
      );
    }
  }
  return undefined;
}

// Expired: every class the subject has records in defines a maximum, and it has passed. Records without a class,
// or in a class this process does not know, are never purged automatically.
function isExpired(engine: PrivacyEngine, record: SubjectRecord, now: Date): boolean {
  const classes = Object.entries(record.latest);
  return (
    classes.length > 0 &&
    classes.every(([classId, latest]) => {
      const max = engine.retention.get(classId)?.max;
      return max !== undefined && addDuration(new Date(latest), max) <= now;
    })
  );
}
