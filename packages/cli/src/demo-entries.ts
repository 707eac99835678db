// The entries `cairn demo` seals: three AI decisions as they are taken inside real orchestrator runs (a loan
// underwritten in a Trigger.dev task, an insurance claim triaged in a Prefect flow, a sepsis alert raised by an
// Airflow DAG), a person overriding the first, and the run events around them, one of them from Dagster. Ids and
// times are fixed, so a second demo finds every entry already sealed and appends nothing.
import { sha256, toHex, utf8 } from '@cairn/core';
import type { DecisionEntry, Entry, OversightEntry, RunEventEntry, RunLink } from '@cairn/core';

/** `sha256:<hex>` of a text, as prompts, policies and raw payloads are digested. */
const digest = (text: string) => `sha256:${toHex(sha256(utf8(text)))}`;

const TRIGGER_PROJECT = 'proj_wxqkbdnzrmtpvlchyfga';
const TRIGGER_RUN = 'run_cm8x4m2qa0007ks0g3hd9w1ze';
const PREFECT_ACCOUNT = '6f2d8c1a-3b4e-4a5f-9c7d-1e2f3a4b5c6d';
const PREFECT_WORKSPACE = '9a8b7c6d-5e4f-4d3c-8b2a-1f0e9d8c7b6a';
const PREFECT_FLOW_RUN = '0e6b3c1d-82a4-4f5e-9b7c-3d2a1f0e9c8b';
const AIRFLOW_DAG_RUN = 'scheduled__2026-11-23T14:00:00+00:00';
const DAGSTER_RUN = 'b7e4c2a9-5d1f-4e8b-a3c6-9f0d2e7b4a1c';

/** The id of the loan decision, whose receipt the demo prints. */
export const DEMO_RECEIPT_ID = '01935a7c-2f10-7c3e-8a41-5b6c7d8e9f01';

const triggerRun: RunLink = {
  orchestrator: 'trigger.dev',
  id: TRIGGER_RUN,
  workflow: { id: 'underwrite-loan', name: 'Underwrite a loan application' },
  attempt: 1,
  namespace: TRIGGER_PROJECT,
  environment: 'prod',
  tags: ['application:app_3k9d2f'],
  url: `https://cloud.trigger.dev/projects/v3/${TRIGGER_PROJECT}/runs/${TRIGGER_RUN}`,
  ids: { 'trigger.queue': 'task/underwrite-loan' },
};

const prefectRun: RunLink = {
  orchestrator: 'prefect',
  id: PREFECT_FLOW_RUN,
  workflow: { id: 'c41f9e2b-7a6d-4b3c-8e1f-2a9b8c7d6e5f', name: 'claims-triage' },
  task: { id: 'score-claim', runId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', name: 'score-claim-0' },
  attempt: 1,
  namespace: PREFECT_WORKSPACE,
  environment: 'production',
  url: `https://app.prefect.cloud/account/${PREFECT_ACCOUNT}/workspace/${PREFECT_WORKSPACE}/runs/flow-run/${PREFECT_FLOW_RUN}`,
  ids: {
    'prefect.flowRunName': 'amber-heron',
    'prefect.deploymentId': 'd2c1b0a9-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
  },
};

const airflowRun: RunLink = {
  orchestrator: 'airflow',
  id: AIRFLOW_DAG_RUN,
  workflow: { id: 'sepsis_early_warning' },
  task: { id: 'score_vitals', runId: `${AIRFLOW_DAG_RUN}.score_vitals.1` },
  attempt: 1,
  namespace: 'airflow://ward-analytics',
  environment: 'prod',
  url: `https://airflow.ward-analytics.example.org/dags/sepsis_early_warning/runs/${encodeURIComponent(AIRFLOW_DAG_RUN)}/tasks/score_vitals`,
  ids: { 'openlineage.runId': '01935a70-0000-7e51-a2c4-6b8d0f1e3a57' },
};

const dagsterRun: RunLink = {
  orchestrator: 'dagster',
  id: DAGSTER_RUN,
  workflow: { id: 'claims_fraud_features', name: 'claims_fraud_features' },
  namespace: 'claims-data',
  environment: 'prod',
  url: `https://acme-insurance.dagster.cloud/prod/runs/${DAGSTER_RUN}`,
};

function runEvent(
  id: string,
  at: string,
  seq: number,
  run: RunLink,
  event: { status: RunEventEntry['runEvent']['status']; state: string; type: string },
): RunEventEntry {
  return {
    v: 1,
    kind: 'run_event',
    id,
    occurredAt: at,
    // Receivers record an event a moment after the orchestrator emitted it.
    recordedAt: new Date(Date.parse(at) + 180).toISOString(),
    producer: { id: `cairn-receiver/${run.orchestrator}`, seq },
    run,
    runEvent: {
      status: event.status,
      state: event.state,
      source: {
        eventId: id.slice(id.indexOf(':') + 1),
        payloadDigest: digest(`${id}|${event.state}`),
        type: event.type,
      },
    },
  };
}

function loanDecision(): DecisionEntry {
  return {
    v: 1,
    kind: 'decision',
    id: DEMO_RECEIPT_ID,
    occurredAt: '2026-11-23T14:24:56.123Z',
    recordedAt: '2026-11-23T14:24:56.131Z',
    producer: { id: 'loan-underwriter@worker-3', seq: 0 },
    run: triggerRun,
    trace: { traceId: '6e0c63257de34c92bf9efcd03927272e', spanId: '9c2d4b0e71a85f36' },
    subject: { ref: 'hmac:7b1e4c9a2d5f8e0b3c6a9d2e5f8b1c4a' },
    retention: { class: 'eu-ai-act-6m' },
    tags: ['eu-ai-act:art12', 'gdpr:art22'],
    decision: {
      type: 'loan.underwriting',
      agent: { id: 'underwriter', name: 'Loan underwriting agent', version: '2.4.0' },
      model: { provider: 'anthropic', name: 'claude-sonnet-4-5', version: '20250929' },
      prompt: { id: 'underwrite', version: '7', hash: digest('You are a careful loan underwriter.') },
      policy: {
        id: 'credit-policy',
        version: '2026.11',
        hash: digest('Tier B: DTI < 0.35 and score >= 680'),
      },
      context: {
        applicationId: 'app_3k9d2f',
        requestedAmount: 32000,
        currency: 'EUR',
        termMonths: 72,
        applicant: { incomeMonthly: 3900, debtToIncome: 0.37, creditScore: 694, employmentMonths: 14 },
      },
      alternatives: [
        {
          label: 'approve',
          score: 0.41,
          reason: 'score 694 meets tier B, but DTI 0.37 is above the 0.35 limit',
        },
        { label: 'approve_reduced', score: 0.33, reason: 'EUR 24,000 would bring DTI to 0.33' },
        {
          label: 'refer',
          score: 0.62,
          reason: 'DTI over the limit with 14 months of employment: policy asks for review',
        },
        { label: 'decline', score: 0.09, reason: 'no decline rule matched' },
      ],
      chosen: { label: 'refer', value: { queue: 'senior-underwriting' } },
      reasoning: {
        text: 'Debt-to-income 0.37 exceeds the tier B limit of 0.35; policy section 4.2 requires a human review.',
        source: 'model',
      },
      confidence: 0.62,
      factors: [
        { name: 'debtToIncome', weight: 0.45, value: 0.37 },
        { name: 'creditScore', weight: 0.35, value: 694 },
        { name: 'employmentMonths', weight: 0.2, value: 14 },
      ],
      aiRole: 'advisory',
    },
  };
}

function loanOverride(): OversightEntry {
  return {
    v: 1,
    kind: 'oversight',
    id: '01935a91-4e02-7d1a-b5c3-0f9e8d7c6b5a',
    occurredAt: '2026-11-23T15:02:10.004Z',
    recordedAt: '2026-11-23T15:02:10.019Z',
    producer: { id: 'loan-review-console', seq: 0 },
    refs: [{ id: DEMO_RECEIPT_ID }],
    subject: { ref: 'hmac:7b1e4c9a2d5f8e0b3c6a9d2e5f8b1c4a' },
    oversight: {
      action: 'overridden',
      reviewer: { id: 'uw-1042', role: 'senior underwriter' },
      note: 'Second income confirmed by payslips; reduced amount keeps DTI under 0.35.',
      newChoice: { label: 'approve_reduced', value: { amount: 24000, apr: 0.084, termMonths: 72 } },
    },
  };
}

function claimTriage(): DecisionEntry {
  return {
    v: 1,
    kind: 'decision',
    id: '01935a7d-8b21-7f04-9c52-6d7e8f9a0b12',
    occurredAt: '2026-11-23T14:31:07.550Z',
    recordedAt: '2026-11-23T14:31:07.561Z',
    producer: { id: 'claims-triage@prefect-worker-2', seq: 0 },
    run: prefectRun,
    subject: { ref: 'hmac:2c5f8a1d4e7b0c3f6a9d2b5e8c1f4a7d' },
    retention: { class: 'insurance-7y' },
    decision: {
      type: 'claims.triage',
      agent: { id: 'claims-triage', version: '1.9.3' },
      model: { provider: 'openai', name: 'gpt-4.1-mini' },
      context: {
        claimId: 'CLM-2026-118204',
        line: 'motor',
        amountClaimed: 2840,
        currency: 'EUR',
        photos: 4,
        priorClaims24m: 0,
      },
      alternatives: [
        { label: 'fast_track', score: 0.88, reason: 'low amount, clear photos, no prior claims' },
        { label: 'adjuster_review', score: 0.1 },
        { label: 'fraud_review', score: 0.02, reason: 'no fraud signal above threshold' },
      ],
      chosen: { label: 'fast_track' },
      confidence: 0.88,
      outcome: { status: 'paid', adverse: false },
      aiRole: 'sole',
    },
  };
}

function sepsisAlert(): DecisionEntry {
  return {
    v: 1,
    kind: 'decision',
    id: '01935a80-1c33-7a95-8e63-7f8091a2b3c4',
    occurredAt: '2026-11-23T14:05:41.207Z',
    recordedAt: '2026-11-23T14:05:41.233Z',
    producer: { id: 'sepsis-ews@airflow-worker-1', seq: 0 },
    run: airflowRun,
    subject: { ref: 'hmac:9e2b5c8f1a4d7e0b3f6c9a2d5b8e1f4c' },
    retention: { class: 'hipaa-6y' },
    tags: ['hipaa', 'fda:cds'],
    decision: {
      type: 'clinical.alert',
      agent: { id: 'sepsis-early-warning', version: '3.1.0' },
      model: { provider: 'internal', name: 'sepsis-gbm', version: '2026-10-02' },
      context: {
        ward: '4B',
        heartRate: 118,
        respiratoryRate: 24,
        temperatureC: 38.9,
        lactateMmolL: 2.6,
        qSofa: 2,
      },
      alternatives: [
        { label: 'page_rapid_response', score: 0.81, reason: 'qSOFA 2 with lactate above 2 mmol/L' },
        { label: 'notify_nurse', score: 0.17 },
        { label: 'no_alert', score: 0.02 },
      ],
      chosen: { label: 'page_rapid_response' },
      confidence: 0.81,
      aiRole: 'assistive',
      humanDecider: { id: 'rn-5531', role: 'charge nurse' },
    },
  };
}

/**
 * The demo's entries, valid per `validateEntry`, in the order they are sealed.
 *
 * @example await ledger.append(demoEntries());
 */
export function demoEntries(): Entry[] {
  return [
    runEvent('airflow:sepsis_early_warning:score_vitals:running', '2026-11-23T14:05:38.912Z', 0, airflowRun, {
      status: 'started',
      state: 'running',
      type: 'openlineage.START',
    }),
    sepsisAlert(),
    runEvent(`trigger.dev:${TRIGGER_RUN}:EXECUTING`, '2026-11-23T14:24:52.400Z', 0, triggerRun, {
      status: 'started',
      state: 'EXECUTING',
      type: 'run.executing',
    }),
    loanDecision(),
    claimTriage(),
    runEvent(`prefect:7d3e9f1a-2b4c-4d6e-8f0a-1b2c3d4e5f60`, '2026-11-23T14:31:09.870Z', 0, prefectRun, {
      status: 'succeeded',
      state: 'Completed',
      type: 'prefect.flow-run.Completed',
    }),
    runEvent(`dagster:${DAGSTER_RUN}:RUN_SUCCESS`, '2026-11-23T14:40:03.118Z', 0, dagsterRun, {
      status: 'succeeded',
      state: 'RUN_SUCCESS',
      type: 'RUN_SUCCESS',
    }),
    loanOverride(),
  ];
}
