// The orchestrator payloads the demo sends, held against the shared fixtures of what the real producers send: every
// key the provider's templates and Prefect's documented events carry is there, in the same place.
import { describe, expect, it } from 'vitest';
import { storyDay } from './clock.js';
import { demoIds } from './ids.js';
import { pythonJson } from './python-json.js';
import type { PayloadStep, StoryContext } from './steps.js';
import { airflowStory } from './stories/airflow.js';
import { dagsterStory } from './stories/dagster.js';
import { prefectStory } from './stories/prefect.js';
import { fixtureJson, keyPaths } from './test-support/fixtures.js';
import type { Loose } from './test-support/fixtures.js';

const day = storyDay(new Date('2026-11-23T14:00:00Z'));
const ctx: StoryContext = { ids: demoIds('payload-test', day), day, recordedAt: '2026-11-23T14:00:00.000Z' };

function payloads(steps: readonly { kind: string }[]): { step: PayloadStep; body: Loose }[] {
  return steps.flatMap((s) =>
    s.kind === 'payload' ? [{ step: s as PayloadStep, body: JSON.parse((s as PayloadStep).body) }] : [],
  );
}

const lineage = payloads(airflowStory(ctx).stages.flatMap((s) => s.steps));
const prefect = payloads(prefectStory(ctx).stages.flatMap((s) => s.steps));
const dagster = payloads(dagsterStory(ctx).stages.flatMap((s) => s.steps));

// Task ids are keys of the DAG START's task list: compare the shape under any task id.
const shape = (value: unknown) =>
  keyPaths(value).map((p) => p.replace(/^(job\.facets\.airflow\.tasks)\.[^.]+/, '$1.*'));
const missing = (ours: unknown, theirs: unknown, ignore: RegExp = /^$/) => {
  const have = new Set(shape(ours));
  return shape(theirs).filter((path) => !have.has(path) && !ignore.test(path));
};

function find(eventType: string, jobName: string): Loose {
  const found = lineage.find(({ body }) => body.eventType === eventType && body.job.name === jobName);
  if (found === undefined) throw new Error(`no ${eventType} of ${jobName}`);
  return found.body;
}

describe("the demo's Airflow OpenLineage events", () => {
  it("carry every key of the provider's DAG START template", () => {
    expect(
      missing(find('START', 'loan_review'), fixtureJson('openlineage', 'airflow3-dag-start.json')),
    ).toStrictEqual([]);
  });

  it("carry every key of the provider's task START and COMPLETE templates", () => {
    expect(
      missing(
        find('START', 'loan_review.underwrite_all'),
        fixtureJson('openlineage', 'airflow3-task-start.json'),
      ),
    ).toStrictEqual([]);
    expect(
      missing(
        find('COMPLETE', 'loan_review.underwrite_all'),
        fixtureJson('openlineage', 'airflow3-task-complete.json'),
      ),
    ).toStrictEqual([]);
  });

  it("carry every key of the task FAIL template but that DAG's own documentation, description and operator facet", () => {
    const ignore =
      /^(run\.facets\.custom_facet|job\.facets\.documentation|run\.facets\.airflow\.dag\.description)/;
    expect(
      missing(
        find('FAIL', 'loan_review.load_applications'),
        fixtureJson('openlineage', 'airflow-task-fail.json'),
        ignore,
      ),
    ).toStrictEqual([]);
  });

  it('are sent as openlineage-python serialises them, the workers gzip-compressed and the scheduler not', () => {
    for (const { step, body } of lineage) {
      expect(step.body).toBe(pythonJson(body, { sortKeys: true }));
      expect(step.gzip).toBe(body.job.facets.jobType.jobType === 'TASK');
    }
  });

  it("put one try's START and end under one runId whose parent is the DAG run's", () => {
    const dagRunId = find('START', 'loan_review').run.runId;
    const start = find('START', 'loan_review.underwrite_all');
    expect(find('COMPLETE', 'loan_review.underwrite_all').run.runId).toBe(start.run.runId);
    expect(start.run.facets.parent.run.runId).toBe(dagRunId);
    expect(start.run.facets.airflow.taskUuid).toBe(start.run.runId);
  });
});

describe("the demo's Prefect events", () => {
  const events = prefect.map(({ body }) => body);

  it('carry every key of the documented flow-run event, plus the received time tojson adds', () => {
    const running = events.find((e) => e.event === 'prefect.flow-run.Running');
    expect(missing(running, fixtureJson('prefect', 'flow-run-running.event.json'))).toStrictEqual([]);
    expect(running.received > running.occurred).toBe(true);
  });

  it('carry every key of the documented task-run event but the flow_run_id real events leave out', () => {
    const completed = events.find((e) => e.event === 'prefect.task-run.Completed');
    const ignore = /^payload\.task_run\.flow_run_id$/;
    expect(missing(completed, fixtureJson('prefect', 'task-run-completed.event.json'), ignore)).toStrictEqual(
      [],
    );
    const flowRun = completed.related.find((r: Loose) => r['prefect.resource.role'] === 'flow-run');
    expect(flowRun['prefect.resource.id']).toBe(events[0].resource['prefect.resource.id']);
  });

  it("post the flow run's Pending, Running and Completed and a Completed per task run, each state following the last", () => {
    const flow = events.filter((e) => e.event.startsWith('prefect.flow-run.'));
    expect(flow.map((e) => e.event)).toStrictEqual([
      'prefect.flow-run.Pending',
      'prefect.flow-run.Running',
      'prefect.flow-run.Completed',
    ]);
    expect(flow[1].follows).toBe(flow[0].id);
    expect(flow[2].follows).toBe(flow[1].id);
    expect(events.filter((e) => e.event === 'prefect.task-run.Completed').length).toBeGreaterThan(0);
  });
});

describe("the demo's Dagster run-status posts", () => {
  const documented = [
    'run_id',
    'job_name',
    'status',
    'tags',
    'parent_run_id',
    'root_run_id',
    'event_type',
    'partition_key',
    'timestamp',
    'failure_message',
    'location_name',
    'repository_name',
    'run_url',
    'deployment',
    'sample',
  ];

  it('use only the documented fields of DagsterRunStatusPayload, with the required ones', () => {
    for (const { body } of dagster) {
      expect(Object.keys(body).filter((k) => !documented.includes(k))).toStrictEqual([]);
      expect(
        typeof body.run_id === 'string' &&
          typeof body.job_name === 'string' &&
          typeof body.status === 'string',
      ).toBe(true);
    }
  });

  it('report one run STARTED then SUCCESS and another STARTED then FAILURE with its failure message', () => {
    const byRun = new Map<string, string[]>();
    for (const { body } of dagster) byRun.set(body.run_id, [...(byRun.get(body.run_id) ?? []), body.status]);
    expect([...byRun.values()].sort()).toStrictEqual([
      ['STARTED', 'FAILURE'],
      ['STARTED', 'SUCCESS'],
    ]);
    expect(dagster.find(({ body }) => body.status === 'FAILURE')!.body.failure_message).toContain(
      'Steps failed',
    );
  });
});
