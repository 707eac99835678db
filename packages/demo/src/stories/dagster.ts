// The live Dagster story: two runs of the `clinical_alerts` job (examples/dagster-clinical-alerts), one per ward
// partition. Ward 4B's run assesses four patients — one rapid-response page, one nurse notification, two with no
// action — and succeeds; ward 7A's run fails before it assesses anyone. The run-status sensors post STARTED, SUCCESS
// and FAILURE in the documented JSON (`DagsterRunStatusPayload` of @cairn/dagster, as `run_status_payload` in the
// example builds it); the decisions, made through `cairn_client` with the op's context, carry the run.
import type { Entry, RunLink } from '@cairn/core';
import { alertDecision } from '../agents/clinical-alert.js';
import type { Vitals } from '../agents/clinical-alert.js';
import { MINUTE, SECOND, unixSeconds } from '../clock.js';
import type { Micros } from '../clock.js';
import { buildEntry } from '../entries.js';
import { pythonJson } from '../python-json.js';
import type { PythonValue } from '../python-json.js';
import { entriesStep } from '../steps.js';
import type { PayloadStep, Story, StoryContext } from '../steps.js';
import { pythonProducer } from './payloads.js';

/** The Dagster webserver the run pages live on (`CAIRN_DAGSTER_URL` in the example). */
export const DAGSTER_UI = 'http://localhost:3000';
const JOB = 'clinical_alerts';

/** Ward 4B's patients tonight: [respiratory rate, SpO2, systolic BP, heart rate]. */
const VITALS: readonly (readonly [number, number, number, number])[] = [
  [26, 90, 88, 132],
  [22, 93, 104, 112],
  [16, 97, 124, 78],
  [18, 95, 118, 96],
];

type DagsterRun = { readonly runId: string; readonly partition: string };

/** The sensor's body: `run_status_payload(context, DAGSTER_URL)`, posted with `json.dumps` (keys in that order). */
function statusStep(
  run: DagsterRun,
  status: 'STARTED' | 'SUCCESS' | 'FAILURE',
  at: Micros,
  failure?: string,
): PayloadStep {
  const eventType = { STARTED: 'PIPELINE_START', SUCCESS: 'PIPELINE_SUCCESS', FAILURE: 'PIPELINE_FAILURE' }[
    status
  ];
  const body: Record<string, PythonValue> = {
    run_id: run.runId,
    job_name: JOB,
    status,
    tags: { 'dagster/partition': run.partition, 'dagster/schedule_name': 'clinical_alerts_every_15_min' },
    parent_run_id: null,
    root_run_id: null,
    event_type: eventType,
    timestamp: unixSeconds(at),
    partition_key: run.partition,
    run_url: `${DAGSTER_UI}/runs/${run.runId}`,
    ...(failure === undefined ? {} : { failure_message: failure }),
  };
  return {
    kind: 'payload',
    orchestrator: 'dagster',
    path: '/hooks/dagster',
    body: pythonJson(body),
    gzip: false,
    message: `run-status sensor: ${JOB} ${run.partition} ${status}`,
  };
}

/** The run link `cairn_client` builds from the op's context (`_dagster_run`). */
function decisionRun(run: DagsterRun): RunLink {
  return {
    orchestrator: 'dagster',
    id: run.runId,
    workflow: { id: JOB },
    attempt: 1,
    url: `${DAGSTER_UI}/runs/${run.runId}`,
    ids: { 'dagster.partitionKey': run.partition },
  };
}

function decisions(ctx: StoryContext, run: DagsterRun, from: Micros): Entry[] {
  const op = pythonProducer(ctx.ids, 'dagster-run-worker', `dagster/${run.runId}`);
  const clinician = { id: `clin_${ctx.ids.hex('dagster/clinician', 6)}`, role: 'charge nurse' };
  return VITALS.map(([respRate, spo2, systolicBp, heartRate], i) => {
    const vitals: Vitals = {
      patientRef: ctx.ids.subject(`dagster/patient/${i}`),
      respRate,
      spo2,
      systolicBp,
      heartRate,
    };
    const at = from + i * 3 * SECOND + 402_113;
    return buildEntry(
      { kind: 'decision', decision: alertDecision(vitals, clinician) },
      {
        id: ctx.ids.uuid7(`dagster/decision/${i}`, at),
        occurredAt: at,
        recordedAt: ctx.recordedAt,
        producer: op,
        run: decisionRun(run),
        subject: { ref: vitals.patientRef },
        retention: { class: 'hipaa-6y' },
      },
    );
  });
}

/**
 * The live Dagster story of the demo's day.
 *
 * @example const { stages, runs } = dagsterStory(ctx);
 */
export function dagsterStory(ctx: StoryContext): Story {
  const ward4b = { runId: ctx.ids.uuid4('dagster/run/ward-4b'), partition: 'ward-4b' };
  const ward7a = { runId: ctx.ids.uuid4('dagster/run/ward-7a'), partition: 'ward-7a' };
  const start = ctx.day + 20 * MINUTE;
  const made = decisions(ctx, ward4b, start + 9 * SECOND);
  const failure = 'Execution of run for "clinical_alerts" failed. Steps failed: [\'assess_ward\'].';
  const steps = [
    statusStep(ward4b, 'STARTED', start + 2 * SECOND + 418_204),
    statusStep(ward7a, 'STARTED', start + 3 * SECOND + 96_771),
    entriesStep('dagster', `${made.length} deterioration-alert decisions on ward 4B`, made),
    statusStep(ward7a, 'FAILURE', start + 19 * SECOND + 512_930, failure),
    statusStep(ward4b, 'SUCCESS', start + 31 * SECOND + 770_615),
  ];
  return {
    stages: [{ steps, concurrency: 1 }],
    runs: [
      { orchestrator: 'dagster', runId: ward4b.runId, workflow: JOB },
      { orchestrator: 'dagster', runId: ward7a.runId, workflow: JOB },
    ],
    highlights: { rapidResponsePage: made[0]!.id },
  };
}
