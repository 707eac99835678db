// Realistic entries of every kind for the tests of every package: a loan-underwriting decision taken inside a
// Trigger.dev run, the Prefect flow-run event of shared/fixtures/prefect/flow-run-running.event.json, and the
// oversight, contest, correction, erasure and anomaly entries that follow such a decision. Each builder returns
// a fresh object; overrides replace top-level fields, and the body's fields one level down.
import { toHex, utf8 } from '../bytes.js';
import { sha256 } from '../hash/sha256.js';
import type {
  AnomalyEntry,
  ContestEntry,
  CorrectionEntry,
  DecisionEntry,
  Entry,
  ErasureEntry,
  OversightEntry,
  RunEventEntry,
  RunLink,
} from '../schema/entry.js';

/** `sha256:<hex>` of a text, as prompts, policies, payloads and commitments are digested. */
export function digestOf(text: string): string {
  return `sha256:${toHex(sha256(utf8(text)))}`;
}

/** Top-level overrides, and the body's own fields merged one level down. */
export type Overrides<E, B extends keyof E> = Partial<Omit<E, B>> & { [K in B]?: Partial<E[K]> };

function build<E, B extends keyof E>(base: E, bodyKey: B, overrides: Overrides<E, B>): E {
  const body = overrides[bodyKey];
  return { ...base, ...overrides, [bodyKey]: { ...base[bodyKey], ...body } };
}

const DECISION_ID = '0193a1f2-6c4d-7e8f-9a0b-1c2d3e4f5a6b';
const SUBJECT_REF = 'hmac:3f1c9b2e7a4d6f8e0b1c2d3e4f5a6b7c';

/** The Trigger.dev run in which the example decision was taken. */
export function exampleTriggerRun(): RunLink {
  return {
    orchestrator: 'trigger.dev',
    id: 'run_cm4q2x8a70001bl3kf9d2h7s',
    workflow: { id: 'underwrite-loan', name: 'Underwrite a loan application' },
    attempt: 1,
    rootRunId: 'run_cm4q2x1zq0000bl3k0c8v5e1',
    parentRunId: 'run_cm4q2x1zq0000bl3k0c8v5e1',
    namespace: 'proj_lnqwrzmtbrkdtvfxwqwj',
    environment: 'prod',
    tags: ['application:app_7f3k'],
    url: 'https://cloud.trigger.dev/projects/v3/proj_lnqwrzmtbrkdtvfxwqwj/runs/run_cm4q2x8a70001bl3kf9d2h7s',
    ids: { 'trigger.batchId': 'batch_cm4q2x1zq0003bl3k', 'trigger.queue': 'task/underwrite-loan' },
  };
}

/** An advisory loan-underwriting decision with every optional field filled in. */
export function exampleDecision(overrides: Overrides<DecisionEntry, 'decision'> = {}): DecisionEntry {
  const base: DecisionEntry = {
    v: 1,
    kind: 'decision',
    id: DECISION_ID,
    occurredAt: '2026-11-23T14:24:56.123Z',
    recordedAt: '2026-11-23T14:24:56.131Z',
    producer: { id: 'loan-underwriter@worker-3', seq: 41 },
    run: exampleTriggerRun(),
    trace: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' },
    subject: { ref: SUBJECT_REF },
    retention: { class: 'eu-ai-act-6m' },
    redactions: [
      {
        path: 'decision.context.applicant.nationalId',
        ruleId: 'pii.national-id',
        method: 'commitment',
        commitment: digestOf('salt:9d2c|DE-1234567890'),
      },
    ],
    tags: ['eu-ai-act:art12', 'gdpr:art22'],
    decision: {
      type: 'loan.underwriting',
      agent: { id: 'underwriter', name: 'Loan underwriting agent', version: '2.4.0' },
      model: { provider: 'anthropic', name: 'claude-sonnet-4-5', version: '20250929' },
      prompt: { id: 'underwrite', version: '7', hash: digestOf('You are a careful loan underwriter…') },
      policy: {
        id: 'credit-policy',
        version: '2026.11',
        hash: digestOf('Tier B: DTI < 0.35 and score >= 680'),
      },
      context: {
        applicationId: 'app_7f3k',
        requestedAmount: 25000,
        currency: 'EUR',
        termMonths: 60,
        applicant: { incomeMonthly: 4200, debtToIncome: 0.31, creditScore: 712, employmentMonths: 38 },
        bureau: { provider: 'experian', reportId: 'rpt_91c2' },
      },
      alternatives: [
        { label: 'approve', score: 0.82, reason: 'DTI 0.31 and score 712 meet policy tier B' },
        { label: 'approve_reduced', score: 0.64, reason: 'not needed: the full amount fits tier B limits' },
        { label: 'refer', score: 0.35, reason: 'no rule requires a manual review' },
        { label: 'decline', score: 0.11, reason: 'no decline rule matched' },
      ],
      chosen: { label: 'approve', value: { amount: 25000, apr: 0.079, termMonths: 60 } },
      reasoning: {
        text: 'Debt-to-income of 0.31 is below the 0.35 limit and the bureau score of 712 is above 680, so tier B applies.',
        source: 'model',
      },
      confidence: 0.82,
      factors: [
        { name: 'debtToIncome', weight: 0.4, value: 0.31 },
        { name: 'creditScore', weight: 0.35, value: 712 },
        { name: 'employmentMonths', weight: 0.25, value: 38 },
      ],
      outcome: { status: 'approved', adverse: false },
      aiRole: 'advisory',
      humanDecider: { id: 'uw-1042', role: 'senior underwriter' },
    },
  };
  return build(base, 'decision', overrides);
}

/** The id Prefect gave the event behind {@link exampleRunEvent}. */
const PREFECT_EVENT_ID = 'f6a7b890-1234-5678-9012-abcdef345678';

/** Prefect's `prefect.flow-run.Running` event (shared/fixtures/prefect/flow-run-running.event.json) as a run event. */
export function exampleRunEvent(overrides: Overrides<RunEventEntry, 'runEvent'> = {}): RunEventEntry {
  const base: RunEventEntry = {
    v: 1,
    kind: 'run_event',
    id: `prefect:${PREFECT_EVENT_ID}`,
    occurredAt: '2026-03-31T18:30:00.000000Z',
    recordedAt: '2026-03-31T18:30:00.412Z',
    producer: { id: 'prefect-receiver', seq: 7 },
    run: {
      orchestrator: 'prefect',
      id: 'e3755d32-cec5-42ca-9bcd-af236e308ba6',
      workflow: { id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', name: 'my-etl-flow' },
      attempt: 1,
      tags: ['production'],
      ids: {
        'prefect.flowRunName': 'crimson-fox',
        'prefect.deploymentId': 'b2c3d4e5-f6a7-8901-bcde-f12345678901',
        'prefect.workPoolId': 'c3d4e5f6-a7b8-9012-cdef-123456789012',
      },
    },
    runEvent: {
      status: 'started',
      state: 'Running',
      source: {
        eventId: PREFECT_EVENT_ID,
        // Stands in for the digest of the raw body as received.
        payloadDigest: digestOf(`{"id":"${PREFECT_EVENT_ID}","event":"prefect.flow-run.Running"}`),
        type: 'prefect.flow-run.Running',
      },
    },
  };
  return build(base, 'runEvent', overrides);
}

const envelopeAfter = (id: string, seq: number, at: string) => ({
  v: 1 as const,
  id,
  occurredAt: at,
  recordedAt: at,
  producer: { id: 'loan-review-console', seq },
  refs: [{ id: DECISION_ID }],
  subject: { ref: SUBJECT_REF },
});

/** A senior underwriter approving the example decision. */
export function exampleOversight(overrides: Overrides<OversightEntry, 'oversight'> = {}): OversightEntry {
  const base: OversightEntry = {
    ...envelopeAfter('0193a1f3-0000-7000-8000-000000000001', 12, '2026-11-23T15:02:10.004Z'),
    kind: 'oversight',
    oversight: {
      action: 'approved',
      reviewer: { id: 'uw-1042', role: 'senior underwriter' },
      note: 'Checked the bureau report.',
    },
  };
  return build(base, 'oversight', overrides);
}

/** The applicant contesting the example decision (GDPR Art. 22(3)). */
export function exampleContest(overrides: Overrides<ContestEntry, 'contest'> = {}): ContestEntry {
  const base: ContestEntry = {
    ...envelopeAfter('0193a1f3-0000-7000-8000-000000000002', 13, '2026-11-30T09:15:00.000Z'),
    kind: 'contest',
    contest: {
      by: 'data_subject',
      grounds: 'The income figure omits a second employment.',
      channel: 'customer-portal',
      requestedAction: 'human review',
    },
  };
  return build(base, 'contest', overrides);
}

/** A correction superseding the income the example decision saw. */
export function exampleCorrection(overrides: Overrides<CorrectionEntry, 'correction'> = {}): CorrectionEntry {
  const base: CorrectionEntry = {
    ...envelopeAfter('0193a1f3-0000-7000-8000-000000000003', 14, '2026-12-01T10:00:00.000+01:00'),
    kind: 'correction',
    correction: {
      reason: 'Second employment confirmed by payslips.',
      changes: [{ path: 'decision.context.applicant.incomeMonthly', value: 5600 }],
    },
  };
  return build(base, 'correction', overrides);
}

/** The tombstone left when the applicant's data was erased on request. */
export function exampleErasure(overrides: Overrides<ErasureEntry, 'erasure'> = {}): ErasureEntry {
  const { refs: _refs, ...envelope } = envelopeAfter(
    '0193a1f3-0000-7000-8000-000000000004',
    15,
    '2027-06-01T00:00:00.000Z',
  );
  const base: ErasureEntry = {
    ...envelope,
    kind: 'erasure',
    erasure: {
      subjectRef: SUBJECT_REF,
      reason: 'data_subject_request',
      keyId: 'subject-key:7',
      note: 'Request DSR-2207.',
    },
  };
  return build(base, 'erasure', overrides);
}

/** A drift monitor's finding on the approval rate, citing the example decision. */
export function exampleAnomaly(overrides: Overrides<AnomalyEntry, 'anomaly'> = {}): AnomalyEntry {
  const base: AnomalyEntry = {
    ...envelopeAfter('0193a1f3-0000-7000-8000-000000000005', 3, '2026-11-24T00:05:00.000Z'),
    producer: { id: 'cairn-drift', seq: 3 },
    kind: 'anomaly',
    anomaly: {
      detector: 'approval-rate.psi',
      severity: 'warning',
      summary: 'Approval rate drifted from 0.41 to 0.58 over the last day.',
      statistic: { name: 'psi', value: 0.27, threshold: 0.2 },
      window: { from: '2026-11-23T00:00:00.000Z', to: '2026-11-24T00:00:00.000Z' },
      baseline: { from: '2026-10-24T00:00:00.000Z', to: '2026-11-23T00:00:00.000Z' },
      details: { decisions: 1284, approvalRate: { baseline: 0.41, window: 0.58 } },
    },
  };
  return build(base, 'anomaly', overrides);
}

/** One example of every kind, in the order a log would hold them. */
export function exampleEntries(): Entry[] {
  return [
    exampleRunEvent(),
    exampleDecision(),
    exampleOversight(),
    exampleContest(),
    exampleCorrection(),
    exampleAnomaly(),
    exampleErasure(),
  ];
}
