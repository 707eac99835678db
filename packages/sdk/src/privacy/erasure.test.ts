import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNoteSigner, generateSignerKey } from '@cairn/core';
import type { DecisionEntry, ErasureEntry } from '@cairn/core';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import type { Ledger } from '@cairn/ledger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../recorder/create-recorder.js';
import type { Recorder } from '../recorder/create-recorder.js';
import type { Captured } from '../recorder/types.js';
import { ledgerSink } from '../sinks/ledger-sink.js';
import { spooledSink } from '../spool/spooled-sink.js';
import { loanDecision } from '../test-support/examples.js';
import { filesUnder, tempDir } from '../test-support/temp-dir.js';
import { createPrivacy } from './privacy.js';
import type { Privacy } from './privacy.js';
import { RETENTION_PRESETS } from './retention.js';
import { verifyCommitment } from './seal.js';

const DIAGNOSIS = { A: 'J45.909 severe persistent asthma', B: 'E11.9 type 2 diabetes' } as const;
const EMAIL = { A: 'alice.subject@example.com', B: 'bob.subject@example.com' } as const;

let dir: ReturnType<typeof tempDir>;
let ledger: Ledger;
let privacy: Privacy;
let recorder: Recorder;

beforeEach(async () => {
  dir = tempDir('erasure');
  ledger = await createLedger({
    store: openSqliteStore({ path: join(dir.path, 'ledger.db') }),
    signer: await createNoteSigner(await generateSignerKey('example.com/sdk-test')),
  });
  privacy = createPrivacy({
    dir: join(dir.path, 'privacy'),
    redact: [{ id: 'email', pattern: /[\w.+-]+@[\w-]+\.[\w.]+/ }],
    seal: [{ id: 'diagnosis', path: 'context.patient.diagnosis' }],
    retention: [{ id: 'short', min: { days: 1 }, max: { days: 30 } }, RETENTION_PRESETS['hipaa-6y']],
  });
  const sink = spooledSink({ sink: ledgerSink(ledger), dir: join(dir.path, 'spool') });
  recorder = createRecorder({ sink, agent: { id: 'triage' }, privacy, logger: false });
});

afterEach(async () => {
  await recorder.close();
  await ledger.close();
  dir.cleanup();
});

function record(
  subject: 'A' | 'B',
  n: number,
  extra: Parameters<Recorder['decision']>[0] extends infer I ? Partial<I> : never = {},
): Captured {
  const input = loanDecision(n, {
    type: 'triage.priority',
    subject: { ref: `subject-${subject}` },
    context: { patient: { diagnosis: DIAGNOSIS[subject], contact: EMAIL[subject] }, ward: 3 },
    ...extra,
  });
  return recorder.decision(input) as Captured;
}

describe('sealed fields', () => {
  it('puts only a salted commitment in the ledger and opens it from the vault for the subject', async () => {
    const captured = record('A', 1);
    const receipt = await captured.sealed;
    expect(receipt.ok).toBe(true);
    const stored = (await ledger.get(captured.id))!.entry as DecisionEntry;
    const sealed = (stored.decision.context.patient as Record<string, { $commitment: string }>).diagnosis!;
    expect(sealed.$commitment).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stored.redactions).toEqual([
      {
        path: 'decision.context.patient.diagnosis',
        ruleId: 'diagnosis',
        method: 'commitment',
        commitment: sealed.$commitment,
      },
      { path: 'decision.context.patient.contact', ruleId: 'email', method: 'masked' },
    ]);
    const [opened] = privacy.reveal('subject-A');
    expect(opened).toMatchObject({
      entryId: captured.id,
      path: 'decision.context.patient.diagnosis',
      value: DIAGNOSIS.A,
    });
    expect(verifyCommitment(sealed.$commitment, opened!)).toBe(true);
    expect(verifyCommitment(sealed.$commitment, { ...opened!, value: DIAGNOSIS.B })).toBe(false);
  });

  it('keeps sealed and redacted plaintext out of every file it writes', async () => {
    record('A', 1);
    await recorder.flush();
    for (const file of filesUnder(dir.path)) {
      expect(file.bytes.includes(DIAGNOSIS.A), file.path).toBe(false);
      expect(file.bytes.includes(EMAIL.A), file.path).toBe(false);
    }
  });

  it('refuses to seal for an entry without a subject, naming subject.ref', () => {
    const refused = recorder.decision(loanDecision(1, { context: { patient: { diagnosis: 'x' } } }));
    expect(refused.ok ? [] : refused.problems.map((p) => p.path)).toEqual(['subject.ref']);
  });
});

describe('eraseSubject', () => {
  it('destroys the subject’s key and sealed values, appends a tombstone, and leaves the ledger verifiable and other subjects whole', async () => {
    const a = [record('A', 1), record('A', 2)];
    const b = [record('B', 3)];
    await Promise.all([...a, ...b].map((c) => c.sealed));
    const keyFileA = join(
      dir.path,
      'privacy',
      'keys',
      `${createHash('sha256').update('subject-A').digest('hex')}.key`,
    );
    const keyA = (JSON.parse(readFileSync(keyFileA, 'utf8')) as { key: string }).key;
    expect(privacy.reveal('subject-A')).toHaveLength(2);

    const erased = await recorder.eraseSubject('subject-A', {
      reason: 'data_subject_request',
      now: new Date(Date.now() + 2 * 86_400_000),
    });
    expect(erased.ok).toBe(true);
    if (!erased.ok) return;
    expect(erased.value.sealedValuesDestroyed).toBe(2);
    expect(erased.value.keyId).toMatch(/^key:/);
    const tombstone = await erased.value.tombstone.sealed;
    expect(tombstone.ok).toBe(true);

    const stored = (await ledger.get(erased.value.tombstone.id))!.entry as ErasureEntry;
    expect(stored).toMatchObject({
      kind: 'erasure',
      subject: { ref: 'subject-A' },
      erasure: { subjectRef: 'subject-A', reason: 'data_subject_request', keyId: erased.value.keyId },
    });
    await ledger.checkpoint();
    const report = await ledger.verify();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.entriesChecked).toBe(4);

    expect(privacy.reveal('subject-A')).toEqual([]);
    expect(existsSync(keyFileA)).toBe(false);
    for (const file of filesUnder(dir.path)) {
      expect(file.bytes.includes(DIAGNOSIS.A), file.path).toBe(false);
      expect(file.bytes.includes(keyA), file.path).toBe(false);
    }
    const [openedB] = privacy.reveal('subject-B');
    const entryB = (await ledger.get(b[0]!.id))!.entry as DecisionEntry;
    expect(openedB!.value).toBe(DIAGNOSIS.B);
    expect(
      verifyCommitment(entryB.redactions!.find((r) => r.method === 'commitment')!.commitment!, openedB!),
    ).toBe(true);
    expect(privacy.subject('subject-A')?.erased?.tombstoneId).toBe(erased.value.tombstone.id);
  });

  it('refuses a subject on legal hold until the hold is released', async () => {
    await record('A', 1).sealed;
    privacy.holdSubject('subject-A', { reason: 'litigation 2026-114' });
    const later = new Date(Date.now() + 2 * 86_400_000);
    const refused = await recorder.eraseSubject('subject-A', { reason: 'data_subject_request', now: later });
    expect(refused.ok ? [] : refused.problems.map((p) => p.code)).toEqual(['legal_hold']);
    expect(privacy.reveal('subject-A')).toHaveLength(1);
    privacy.releaseSubject('subject-A');
    expect(
      (await recorder.eraseSubject('subject-A', { reason: 'data_subject_request', now: later })).ok,
    ).toBe(true);
  });

  it('refuses inside the minimum retention of the subject’s class unless told the minimum does not apply', async () => {
    await record('A', 1, { retention: { class: 'hipaa-6y' } }).sealed;
    const refused = await recorder.eraseSubject('subject-A', { reason: 'data_subject_request' });
    expect(refused.ok ? '' : refused.problems[0]!.message).toMatch(/hipaa-6y keeps its records until \d{4}-/);
    expect((await recorder.eraseSubject('subject-A', { reason: 'other', ignoreMinimum: true })).ok).toBe(
      true,
    );
  });
});

describe('purgeExpired', () => {
  it('erases subjects whose records are all past the maximum of their class, through the same mechanism, sparing holds', async () => {
    await Promise.all([
      record('A', 1, { retention: { class: 'short' } }).sealed,
      record('B', 2, { retention: { class: 'short' } }).sealed,
    ]);
    privacy.holdSubject('subject-B', { reason: 'audit' });
    expect((await recorder.purgeExpired({ now: new Date(Date.now() + 10 * 86_400_000) })).erased).toEqual([]);
    const purged = await recorder.purgeExpired({ now: new Date(Date.now() + 31 * 86_400_000) });
    expect(purged.erased.map((e) => e.subjectRef)).toEqual(['subject-A']);
    expect(purged.held).toEqual(['subject-B']);
    const tombstone = (await ledger.get(purged.erased[0]!.tombstone.id))!.entry as ErasureEntry;
    expect(tombstone.erasure.reason).toBe('retention_expired');
    expect(privacy.reveal('subject-A')).toEqual([]);
    expect(privacy.reveal('subject-B')).toHaveLength(1);
  });

  it('never purges records without a class or in a class without a maximum', async () => {
    await Promise.all([record('A', 1).sealed, record('B', 2, { retention: { class: 'hipaa-6y' } }).sealed]);
    const purged = await recorder.purgeExpired({ now: new Date(Date.now() + 100 * 365 * 86_400_000) });
    expect(purged.erased).toEqual([]);
  });
});
