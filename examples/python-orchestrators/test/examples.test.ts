// Exercises the three Python examples without Prefect, Airflow or Dagster: a real Cairn server receives what each
// orchestrator really sends (the shared fixtures' shapes), and the example's agent runs under the environment that
// orchestrator gives a task. Both must land on the same run.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '@cairn/server';
import type { RunningServer } from '@cairn/server';

const run = promisify(execFile);
const HERE = fileURLToPath(new URL('..', import.meta.url));
const CLIENT = fileURLToPath(new URL('../../../clients/python', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures', import.meta.url));
const INGEST = 'example-ingest-token-0123456789';
const READ = 'example-read-token-0123456789';

let dir: string;
let server: RunningServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-python-examples-'));
  const config = loadServerConfig({
    CAIRN_DB: join(dir, 'ledger.db'),
    CAIRN_SIGNING_KEY_FILE: join(dir, 'signing.key'),
    CAIRN_PORT: '0',
    CAIRN_INGEST_TOKEN: INGEST,
    CAIRN_READ_TOKEN: READ,
  });
  server = await startServer(config, { log: () => undefined });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs Python in an example's folder, with the client on the path and Cairn's variables set; returns its JSON. */
async function python(folder: string, code: string, env: Record<string, string> = {}): Promise<unknown> {
  const { stdout } = await run('python3', ['-c', code], {
    cwd: join(HERE, folder),
    env: {
      PATH: process.env.PATH ?? '',
      PYTHONPATH: `${CLIENT}:${join(HERE, folder)}`,
      CAIRN_URL: server.url,
      CAIRN_INGEST_TOKEN: INGEST,
      CAIRN_SPOOL_DIR: join(dir, `spool-${folder}`),
      ...env,
    },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');
}

async function post(path: string, body: unknown): Promise<number> {
  const response = await fetch(server.url + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return response.status;
}

type RunEntries = {
  entries: { entry: { kind: string; run: Record<string, unknown>; runEvent?: { state: string } } }[];
};

async function read(path: string): Promise<RunEntries> {
  const response = await fetch(server.url + path, { headers: { authorization: `Bearer ${READ}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as RunEntries;
}

/** The fields of the fixtures these tests read. */
type Fixture = {
  resource: Record<string, string>;
  run: { facets: { airflow: { dagRun: { dag_id: string; run_id: string } } } };
};

async function fixture(path: string): Promise<Fixture> {
  return JSON.parse(await readFile(join(FIXTURES, path), 'utf8')) as Fixture;
}

describe('the Prefect claims-triage example', () => {
  it('puts the flow run state event and the agent decision on one Prefect run', async () => {
    const event = await fixture('prefect/flow-run-running.event.json');
    const flowRunId = String(event.resource['prefect.resource.id']).replace('prefect.flow-run.', '');
    expect(await post('/hooks/prefect', event)).toBe(200);
    const record = (await python(
      'prefect',
      `import json; from claims_agent import triage
chosen, record = triage({"claim_id": "CLM-1042", "claimant_ref": "subj_7f3a9c", "amount": 1800, "policy_tier": "gold",
                         "prior_claims_12m": 0, "days_since_policy_start": 410})
print(json.dumps({"chosen": chosen, **record}))`,
      { PREFECT__FLOW_RUN_ID: flowRunId },
    )) as { chosen: string; status: string };
    expect(record).toMatchObject({ chosen: 'fast_track', status: 'sealed' });
    const { entries } = await read(`/v1/runs/prefect/${flowRunId}`);
    expect(entries.map((e) => e.entry.kind).sort()).toEqual(['decision', 'run_event']);
  });
});

describe('the Airflow loan-review example', () => {
  it('puts the OpenLineage task start and the agent decision made in that task on one Airflow run', async () => {
    const start = await fixture('openlineage/airflow3-task-start.json');
    const { dag_id: dagId, run_id: runId } = start.run.facets.airflow.dagRun;
    expect(await post('/api/v1/lineage', start)).toBe(200);
    const record = (await python(
      'airflow',
      `import json; from loan_agent import underwrite
chosen, record = underwrite({"application_id": "APP-2231", "applicant_ref": "subj_91c2d0", "amount": 25000,
  "credit_score": 540, "monthly_income": 3000, "monthly_debt": 1600, "employment_years": 1})
print(json.dumps({"chosen": chosen, **record}))`,
      {
        AIRFLOW_CTX_DAG_ID: dagId,
        AIRFLOW_CTX_DAG_RUN_ID: runId,
        AIRFLOW_CTX_TASK_ID: 'do_nothing_task',
        AIRFLOW_CTX_TRY_NUMBER: '1',
        CAIRN_AIRFLOW_URL: 'http://airflow.test:8080',
      },
    )) as { chosen: string; status: string };
    expect(record).toMatchObject({ chosen: 'decline', status: 'sealed' });
    const { entries } = await read(`/v1/runs/airflow/${encodeURIComponent(runId)}`);
    expect(entries.map((e) => e.entry.kind).sort()).toEqual(['decision', 'run_event']);
    const decision = entries.find((e) => e.entry.kind === 'decision')!;
    expect(decision.entry.run).toMatchObject({
      workflow: { id: dagId },
      task: { id: 'do_nothing_task' },
      attempt: 1,
    });
  });
});

describe('the Dagster clinical-alert example', () => {
  const RUN_ID = '6c2f0a8e-1d3b-4f7a-9e5c-2b8d4a6f1c3e';
  const payload = (status: string) => ({
    run_id: RUN_ID,
    job_name: 'clinical_alerts',
    status,
    tags: {},
    timestamp: 1795435200,
  });

  it('spools a run status while Cairn is down and delivers it once, first, when Cairn is back', async () => {
    const send = (url: string, status: string) => {
      const args = `url=${JSON.stringify(url)}, token="${INGEST}", spool_dir=${JSON.stringify(join(dir, 'sensor-spool'))}`;
      return python(
        'dagster',
        `import json; from cairn_dagster import post_run_status
payload = json.loads(${JSON.stringify(JSON.stringify(payload(status)))})
print(json.dumps(post_run_status(payload, ${args}, backoff_seconds=0.01, log=lambda m: None)))`,
      );
    };
    expect(await send('http://127.0.0.1:9', 'STARTED')).toBe('spooled');
    expect(await send(server.url, 'SUCCESS')).toBe('sent');
    expect(await send(server.url, 'SUCCESS')).toBe('sent');
    const { entries } = await read(`/v1/runs/dagster/${RUN_ID}`);
    const states = entries.filter((e) => e.entry.kind === 'run_event').map((e) => e.entry.runEvent?.state);
    expect(states).toEqual(['STARTED', 'SUCCESS']);
  });

  it('links a decision made in an op to the Dagster run, job and retry of the context passed', async () => {
    const record = (await python(
      'dagster',
      `import json; from alert_agent import assess
class Run: run_id = ${JSON.stringify(RUN_ID)}
class Context:
    run = Run(); job_name = "clinical_alerts"; retry_number = 0; has_partition_key = False
chosen, record = assess({"patient_ref": "subj_3b81e4", "resp_rate": 24, "spo2": 92, "systolic_bp": 98, "heart_rate": 118}, context=Context())
print(json.dumps({"chosen": chosen, **record}))`,
      { CAIRN_DAGSTER_URL: 'http://dagster.test:3000' },
    )) as { chosen: string; status: string };
    expect(record).toMatchObject({ chosen: 'page_rapid_response', status: 'sealed' });
    const { entries } = await read(`/v1/runs/dagster/${RUN_ID}`);
    const decision = entries.find((e) => e.entry.kind === 'decision')!;
    expect(decision.entry.run).toMatchObject({
      orchestrator: 'dagster',
      workflow: { id: 'clinical_alerts' },
      attempt: 1,
      url: `http://dagster.test:3000/runs/${RUN_ID}`,
    });
  });
});
