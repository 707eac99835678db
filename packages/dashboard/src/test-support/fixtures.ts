// A small but realistic ledger content for the dashboard's tests: an Airflow DAG run in which a credit agent takes
// decisions about two applicants, the orchestrator's run events around them, a reviewer's oversight, a contest by
// one applicant and a correction; plus a Trigger.dev and a Prefect run so filters have something to tell apart.
import type {
  ContestEntry,
  CorrectionEntry,
  DecisionEntry,
  Entry,
  OversightEntry,
  RunEventEntry,
  RunLink,
} from '@cairn/core';

/** The Airflow dag_run_id the browser test searches for. */
export const AIRFLOW_RUN_ID = 'scheduled__2026-11-23T10:00:00+00:00';
/** The OpenLineage run id of that DAG run, kept in `run.ids`. */
export const OPENLINEAGE_RUN_ID = '0195a7c4-1d2e-7f30-8a41-5b6c7d8e9f01';
/** The decision that is reviewed, contested and corrected. */
export const CONTESTED_DECISION_ID = 'dec-0195a7c4-credit-0001';
/** The pseudonymous subject of that decision. */
export const SUBJECT_REF = 'hmac:7d1f0c2b9e84a6d3';
/** A second subject, with one decision. */
export const OTHER_SUBJECT_REF = 'hmac:04be51c9aa73e210';

const AIRFLOW_RUN: RunLink = {
  orchestrator: 'airflow',
  id: AIRFLOW_RUN_ID,
  workflow: { id: 'credit_limit_review', name: 'Credit limit review' },
  task: { id: 'score_applications', runId: 'credit_limit_review.score_applications.1' },
  attempt: 1,
  namespace: 'airflow://prod-eu',
  environment: 'prod',
  url: 'https://airflow.example.com/dags/credit_limit_review/grid?dag_run_id=scheduled__2026-11-23T10%3A00%3A00%2B00%3A00',
  ids: { 'openlineage.runId': OPENLINEAGE_RUN_ID },
};

function envelope(id: string, seq: number, at: string) {
  return {
    v: 1 as const,
    id,
    occurredAt: at,
    recordedAt: at,
    producer: { id: 'credit-agent@worker-2', seq },
  };
}

function airflowEvent(
  id: string,
  seq: number,
  at: string,
  status: 'started' | 'succeeded',
  state: string,
): RunEventEntry {
  return {
    ...envelope(id, seq, at),
    producer: { id: 'airflow-receiver', seq },
    kind: 'run_event',
    run: AIRFLOW_RUN,
    runEvent: {
      status,
      state,
      source: { eventId: id, payloadDigest: `sha256:${'ab'.repeat(32)}`, type: `openlineage.${state}` },
    },
  };
}

/** A credit-limit decision by the agent; `adverse` flips the outcome. */
export function creditDecision(options: {
  id: string;
  seq: number;
  at: string;
  subject: string;
  adverse: boolean;
}): DecisionEntry {
  const { id, seq, at, subject, adverse } = options;
  return {
    ...envelope(id, seq, at),
    kind: 'decision',
    run: AIRFLOW_RUN,
    subject: { ref: subject },
    retention: { class: 'eu-ai-act-6m' },
    tags: ['eu-ai-act:art12', 'gdpr:art22'],
    decision: {
      type: 'credit.limit_increase',
      agent: { id: 'credit-agent', name: 'Credit limit agent', version: '3.2.0' },
      model: { provider: 'anthropic', name: 'claude-sonnet-4-5', version: '20250929' },
      prompt: { id: 'limit-review', version: '12', hash: `sha256:${'1f'.repeat(32)}` },
      policy: { id: 'credit-policy', version: '2026.11', hash: `sha256:${'2e'.repeat(32)}` },
      context: {
        requestedLimit: 8000,
        currentLimit: 3000,
        utilisation: adverse ? 0.93 : 0.41,
        missedPayments12m: adverse ? 3 : 0,
      },
      alternatives: [
        {
          label: 'increase',
          score: adverse ? 0.22 : 0.87,
          reason: adverse ? 'three missed payments in 12 months' : 'utilisation 41 % and no missed payment',
        },
        {
          label: 'partial_increase',
          score: adverse ? 0.31 : 0.55,
          reason: 'policy allows the full amount only below 60 % utilisation',
        },
        {
          label: 'decline',
          score: adverse ? 0.79 : 0.08,
          reason: adverse ? 'missed payments exceed the policy limit of 1' : 'no decline rule matched',
        },
      ],
      chosen: adverse ? { label: 'decline' } : { label: 'increase', value: { newLimit: 8000 } },
      reasoning: {
        text: adverse
          ? 'Three missed payments in the last 12 months exceed the policy limit of one, so the increase is declined.'
          : 'Utilisation is 41 % with no missed payment, which meets the policy for a full increase.',
        source: 'model',
      },
      confidence: adverse ? 0.79 : 0.87,
      factors: [
        { name: 'missedPayments12m', weight: 0.5, value: adverse ? 3 : 0 },
        { name: 'utilisation', weight: 0.3, value: adverse ? 0.93 : 0.41 },
        { name: 'requestedLimit', weight: 0.2, value: 8000 },
      ],
      outcome: adverse
        ? { status: 'declined', adverse: true, detail: 'limit stays at 3000' }
        : { status: 'increased', adverse: false },
      aiRole: 'sole',
    },
  };
}

function followUps(): [OversightEntry, ContestEntry, CorrectionEntry] {
  const about = { refs: [{ id: CONTESTED_DECISION_ID }], subject: { ref: SUBJECT_REF } };
  return [
    {
      ...envelope('ovr-0195a7c4-0001', 0, '2026-11-23T10:20:00.000Z'),
      ...about,
      producer: { id: 'review-console', seq: 0 },
      kind: 'oversight',
      oversight: {
        action: 'reviewed',
        reviewer: { id: 'analyst-17', role: 'credit analyst' },
        note: 'Payment history checked.',
      },
    },
    {
      ...envelope('con-0195a7c4-0001', 1, '2026-11-25T08:00:00.000Z'),
      ...about,
      producer: { id: 'review-console', seq: 1 },
      kind: 'contest',
      contest: {
        by: 'data_subject',
        grounds: 'Two of the missed payments were bank errors.',
        channel: 'customer-portal',
        requestedAction: 'human review',
      },
    },
    {
      ...envelope('cor-0195a7c4-0001', 2, '2026-11-27T12:00:00.000Z'),
      ...about,
      producer: { id: 'review-console', seq: 2 },
      kind: 'correction',
      correction: {
        reason: 'The bank confirmed two payments were its error.',
        changes: [{ path: 'decision.context.missedPayments12m', value: 1 }],
      },
    },
  ];
}

function otherRuns(): Entry[] {
  const trigger: RunLink = {
    orchestrator: 'trigger.dev',
    id: 'run_cm4q2x8a70001bl3kf9d2h7s',
    workflow: { id: 'summarise-ticket' },
    url: 'https://cloud.trigger.dev/projects/v3/proj_lnqw/runs/run_cm4q2x8a70001bl3kf9d2h7s',
  };
  const prefect: RunLink = {
    orchestrator: 'prefect',
    id: 'e3755d32-cec5-42ca-9bcd-af236e308ba6',
    workflow: { id: 'nightly-etl' },
  };
  const event = (
    id: string,
    seq: number,
    at: string,
    run: RunLink,
    status: 'succeeded' | 'failed',
    state: string,
  ): RunEventEntry => ({
    ...envelope(id, seq, at),
    producer: { id: `${run.orchestrator}-receiver`, seq },
    kind: 'run_event',
    run,
    runEvent: { status, state, source: { eventId: id, payloadDigest: `sha256:${'cd'.repeat(32)}` } },
  });
  return [
    event('trg-evt-1', 0, '2026-11-22T09:00:00.000Z', trigger, 'succeeded', 'COMPLETED'),
    event('prefect:evt-1', 0, '2026-11-21T02:00:00.000Z', prefect, 'failed', 'Failed'),
  ];
}

/** Every entry of the scenario, in the order they are appended. */
export function scenarioEntries(): Entry[] {
  const at = (minute: number) => `2026-11-23T10:${String(minute).padStart(2, '0')}:00.000Z`;
  return [
    ...otherRuns(),
    airflowEvent(`openlineage:${OPENLINEAGE_RUN_ID}:START`, 0, at(0), 'started', 'START'),
    creditDecision({ id: CONTESTED_DECISION_ID, seq: 0, at: at(2), subject: SUBJECT_REF, adverse: true }),
    creditDecision({
      id: 'dec-0195a7c4-credit-0002',
      seq: 1,
      at: at(3),
      subject: OTHER_SUBJECT_REF,
      adverse: false,
    }),
    airflowEvent(`openlineage:${OPENLINEAGE_RUN_ID}:COMPLETE`, 1, at(5), 'succeeded', 'COMPLETE'),
    ...followUps(),
  ];
}
