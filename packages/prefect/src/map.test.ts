import { utf8, validateEntry } from '@cairn/core';
import { payloadDigest } from '@cairn/openlineage';
import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../../openlineage/src/test-support/fixtures.js';
import { mapPrefectEvent } from './map.js';
import type { Loose } from '../../openlineage/src/test-support/fixtures.js';

const flowRunning = fixtureJson('prefect', 'flow-run-running.event.json');
const taskCompleted = fixtureJson('prefect', 'task-run-completed.event.json');
const options = {
  receivedAt: '2026-03-31T18:35:01.000Z',
  rawDigest: payloadDigest(utf8('body')),
  uiUrl: 'http://prefect.test:4200',
};
const OTHER_FLOW_RUN = '0b6f6b8e-9a53-4c1e-8d5e-0f6f2f8c1a77';

function mapOne(event: unknown) {
  const mapped = mapPrefectEvent(event, options);
  if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));
  expect(mapped.value).toHaveLength(1);
  expect(validateEntry(mapped.value[0]).ok).toBe(true);
  return mapped.value[0]!;
}

function pathsOf(event: unknown): string[] {
  const mapped = mapPrefectEvent(event, options);
  return mapped.ok ? [] : mapped.problems.map((p) => p.path);
}

function withState(type: string, name: string, message = ''): Loose {
  const event = structuredClone(flowRunning);
  Object.assign(event.resource, {
    'prefect.state-type': type,
    'prefect.state-name': name,
    'prefect.state-message': message,
  });
  event.event = `prefect.flow-run.${name}`;
  return event;
}

describe('mapPrefectEvent', () => {
  it('reads the custom-webhook notification variant, whose body holds the event as JSON text', () => {
    const notification = {
      subject: 'Prefect automated notification',
      body: JSON.stringify(flowRunning),
      name: 'cairn',
    };
    expect(mapOne(notification)).toEqual(mapOne(flowRunning));
  });

  it('reports a notification body that is not the event as JSON', () => {
    const legacy = {
      subject: 's',
      body: 'Flow run my-etl-flow/crimson-fox observed in state `Running`',
      name: 'n',
    };
    const mapped = mapPrefectEvent(legacy, options);
    expect(mapped.ok ? [] : mapped.problems.map((p) => p.message)).toEqual([
      'body: expected the Prefect event as JSON text (set the webhook payload template to {{ event | tojson }} in the notification body)',
    ]);
  });

  it('names fields inside a notification under body', () => {
    const broken = { ...flowRunning, id: 'not-a-uuid' };
    expect(pathsOf({ subject: 's', body: JSON.stringify(broken) })).toEqual(['body.id']);
  });

  it('acknowledges a flow-run heartbeat without an entry', () => {
    const heartbeat = { ...flowRunning, event: 'prefect.flow-run.heartbeat', payload: {} };
    expect(mapPrefectEvent(heartbeat, options)).toEqual({ ok: true, value: [] });
  });

  it('acknowledges an event that concerns no run without an entry', () => {
    const automation = {
      ...flowRunning,
      event: 'prefect.automation.triggered',
      resource: { 'prefect.resource.id': 'prefect.automation.5a4f1b5e-4d4b-4b8b-9b8f-3f6c1d2e7a90' },
      related: [],
    };
    expect(mapPrefectEvent(automation, options)).toEqual({ ok: true, value: [] });
  });

  it('prefers the related flow run of a real task-run event over the docs-only payload field', () => {
    const real = structuredClone(taskCompleted);
    real.related.push({
      'prefect.resource.id': `prefect.flow-run.${OTHER_FLOW_RUN}`,
      'prefect.resource.role': 'flow-run',
    });
    expect(mapOne(real).run.id).toBe(OTHER_FLOW_RUN);
  });

  it('links a task run outside any flow run by its own id', () => {
    const standalone = structuredClone(taskCompleted);
    delete standalone.payload.task_run.flow_run_id;
    const entry = mapOne(standalone);
    const taskRunId = standalone.resource['prefect.resource.id'].split('.').at(-1);
    expect(entry.run.id).toBe(taskRunId);
    expect(entry.run.task?.runId).toBe(taskRunId);
    expect(entry.run.url).toBe(`${options.uiUrl}/runs/task-run/${taskRunId}`);
  });

  it('keeps the state message of a failed run as its error', () => {
    const entry = mapOne(withState('FAILED', 'TimedOut', 'Flow run exceeded timeout of 60.0 second(s)'));
    expect(entry.runEvent).toMatchObject({
      status: 'failed',
      state: 'TimedOut',
      error: { message: 'Flow run exceeded timeout of 60.0 second(s)' },
    });
  });

  it('classifies AwaitingRetry as retrying although its type is SCHEDULED', () => {
    expect(mapOne(withState('SCHEDULED', 'AwaitingRetry')).runEvent).toMatchObject({
      status: 'retrying',
      state: 'AwaitingRetry',
    });
  });

  it('accepts the +00:00 and space-separated timestamps real events and templates render', () => {
    const real = { ...flowRunning, occurred: '2026-03-31 18:30:00.000001+00:00' };
    real.resource = { ...flowRunning.resource, 'prefect.state-timestamp': '2026-03-31T18:30:00+00:00' };
    expect(mapOne(real).occurredAt).toBe('2026-03-31T18:30:00.000Z');
  });

  it('records the parent task run of a subflow and who created the run', () => {
    const subflow = structuredClone(flowRunning);
    subflow.related.push(
      {
        'prefect.resource.id': 'prefect.task-run.7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
        'prefect.resource.role': 'task-run',
      },
      {
        'prefect.resource.id': 'prefect.automation.5a4f1b5e-4d4b-4b8b-9b8f-3f6c1d2e7a90',
        'prefect.resource.role': 'creator',
      },
    );
    expect(mapOne(subflow).run.ids).toMatchObject({
      'prefect.parentTaskRunId': '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
      'prefect.createdBy': 'prefect.automation.5a4f1b5e-4d4b-4b8b-9b8f-3f6c1d2e7a90',
    });
  });

  it('gives no attempt before the run first ran', () => {
    const pending = withState('PENDING', 'Pending');
    pending.resource['prefect.run-count'] = '0';
    expect(mapOne(pending).run.attempt).toBeUndefined();
  });

  it('derives the same entry id whatever the case of the event id', () => {
    expect(mapOne({ ...flowRunning, id: flowRunning.id.toUpperCase() }).id).toBe(mapOne(flowRunning).id);
  });

  it('reports every missing field of an empty object', () => {
    expect(pathsOf({})).toEqual(['id', 'event', 'occurred', 'resource']);
  });

  it('reports a run reference that is not prefect.flow-run.<uuid>', () => {
    const broken = {
      ...flowRunning,
      resource: { ...flowRunning.resource, 'prefect.resource.id': 'prefect.flow-run.42' },
    };
    expect(pathsOf(broken)).toEqual(['resource["prefect.resource.id"]']);
  });

  it('reports labels that are not strings, and related resources without a role', () => {
    const broken = structuredClone(flowRunning);
    broken.resource['prefect.run-count'] = 1;
    delete broken.related[1]['prefect.resource.role'];
    expect(pathsOf(broken)).toEqual(['resource["prefect.run-count"]', 'related[1]["prefect.resource.role"]']);
  });

  it.each([null, 'text', [flowRunning], 3])('refuses a body that is not an event object (%j)', (body) => {
    expect(pathsOf(body)).toEqual(['']);
  });
});
