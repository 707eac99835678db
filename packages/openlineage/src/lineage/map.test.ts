import { ok, problem, utf8, validateEntry } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { payloadDigest } from '../entry.js';
import { fixtureFiles, fixtureJson } from '../test-support/fixtures.js';
import { classifyOpenLineageEvent, mapOpenLineageEvent } from './map.js';
import type { LineageFacetMapper } from './map.js';

const receivedAt = '2026-08-20T10:00:09.000Z';
const rawDigest = payloadDigest(utf8('raw body'));
const options = { receivedAt, rawDigest };
const fail = fixtureJson('openlineage', 'airflow-task-fail.json');

function mapOne(event: unknown, facetMappers: readonly LineageFacetMapper[] = []) {
  const mapped = mapOpenLineageEvent(event, { ...options, facetMappers });
  if (!mapped.ok) throw new Error(JSON.stringify(mapped.problems));
  expect(mapped.value).toHaveLength(1);
  return mapped.value[0]!;
}

function problemsOf(event: unknown) {
  const mapped = mapOpenLineageEvent(event, options);
  expect(mapped.ok).toBe(false);
  return mapped.ok ? [] : mapped.problems;
}

describe('mapOpenLineageEvent without orchestrator facets', () => {
  for (const name of fixtureFiles('openlineage')) {
    it(`maps ${name} to one valid run event linked by the OpenLineage run`, () => {
      const event = fixtureJson('openlineage', name);
      const entry = mapOne(event);
      expect(validateEntry(entry).ok).toBe(true);
      expect(entry.run.orchestrator).toBe('other');
      expect(entry.run.id).toBe(event.run.runId);
      expect(entry.run.namespace).toBe(event.job.namespace);
      expect(entry.run.workflow).toEqual({ id: event.job.name });
      expect(entry.run.ids?.['openlineage.runId']).toBe(event.run.runId);
      expect(entry.run.parentRunId).toBe(event.run.facets.parent?.run.runId);
      expect(entry.run.rootRunId).toBe(event.run.facets.parent?.root?.run.runId);
      expect(entry.runEvent.state).toBe(event.eventType);
      expect(Date.parse(entry.occurredAt)).toBe(Math.floor(Date.parse(event.eventTime)));
      expect(entry.recordedAt).toBe(receivedAt);
      expect(entry.runEvent.source).toEqual({
        eventId: `${event.run.runId}:${event.eventType}:${event.eventTime}`,
        payloadDigest: rawDigest,
        type: 'RunEvent',
      });
      expect(entry.id.startsWith(`openlineage:${event.run.runId}:${event.eventType}:`)).toBe(true);
      expect(entry.producer).toEqual({ id: 'cairn-receiver:openlineage', seq: 0 });
    });
  }

  it('keeps the failure message and names the Python exception from the stack trace', () => {
    const entry = mapOne(fail);
    const facet = fail.run.facets.errorMessage;
    expect(entry.runEvent.status).toBe('failed');
    expect(entry.runEvent.error?.message).toBe(facet.message);
    expect(facet.stackTrace.trimEnd().split('\n').at(-1)).toMatch(
      new RegExp(`^${entry.runEvent.error?.type}: `),
    );
  });

  it('accepts a facet without _producer and _schemaURL, which the strict schema rejects', () => {
    expect(fail.run.facets.custom_facet._producer).toBeUndefined();
    expect(mapOne(fail).run.id).toBe(fail.run.runId);
  });

  it('names the first line of a JVM stack trace', () => {
    const event = structuredClone(fail);
    event.run.facets.errorMessage = {
      message: 'boom',
      programmingLanguage: 'JAVA',
      stackTrace: 'java.lang.IllegalStateException: boom\n\tat org.example.Job.run(Job.java:12)',
    };
    expect(mapOne(event).runEvent.error).toEqual({
      type: 'java.lang.IllegalStateException',
      message: 'boom',
    });
  });

  it('stores an unknown eventType as other, keeping its name', () => {
    const entry = mapOne({ ...fail, eventType: 'PAUSED' });
    expect(entry.runEvent).toMatchObject({ status: 'other', state: 'PAUSED' });
  });

  it('identifies an event without eventType by the digest of its bytes', () => {
    const { eventType: _dropped, ...event } = fail;
    const entry = mapOne(event);
    expect(entry.id).toBe(`openlineage:${rawDigest}`);
    expect(entry.runEvent).toMatchObject({ status: 'other', state: 'UNSPECIFIED' });
    expect(entry.runEvent.source.eventId).toBe(rawDigest);
  });

  it('acknowledges a DatasetEvent or JobEvent without recording a run event', () => {
    const dataset = {
      eventTime: fail.eventTime,
      producer: fail.producer,
      dataset: { namespace: 'db', name: 't' },
    };
    const job = { eventTime: fail.eventTime, producer: fail.producer, job: fail.job };
    expect(mapOpenLineageEvent(dataset, options)).toEqual(ok([]));
    expect(mapOpenLineageEvent(job, options)).toEqual(ok([]));
  });

  it('reports every missing required field with its path', () => {
    expect(problemsOf({}).map((p) => p.path)).toEqual([
      'eventTime',
      'run',
      'run.runId',
      'job',
      'job.namespace',
      'job.name',
    ]);
  });

  it('reports every wrongly typed field with its path and what came', () => {
    const event = structuredClone(fail);
    event.eventType = 5;
    event.run.runId = 7;
    event.job.facets = 'x';
    event.eventTime = '2026-02-30T00:00:00Z';
    expect(problemsOf(event)).toEqual([
      problem(
        'eventTime',
        'invalid_type',
        'eventTime: expected an RFC 3339 date-time, got "2026-02-30T00:00:00Z"',
      ),
      problem('eventType', 'invalid_type', 'eventType: expected a non-empty string, got 5'),
      problem('run.runId', 'invalid_type', 'run.runId: expected a non-empty string, got 7'),
      problem('job.facets', 'invalid_type', 'job.facets: expected an object, got "x"'),
    ]);
  });

  it.each([null, [], 'text', 42])('refuses a body that is not an object (%j)', (body) => {
    expect(problemsOf(body)).toHaveLength(1);
  });
});

describe('facet mappers', () => {
  const named = (name: string, id: string): LineageFacetMapper => ({
    name,
    mapRun: (_event, base) => ok({ ...base, orchestrator: 'airflow', id }),
  });
  const never: LineageFacetMapper = { name: 'never', mapRun: () => undefined };

  it('lets the first mapper that recognises the event decide the run link', () => {
    expect(mapOne(fail, [never, named('a', 'run-a'), named('b', 'run-b')]).run.id).toBe('run-a');
  });

  it('reports the problems a mapper finds in its facets', () => {
    const broken: LineageFacetMapper = {
      name: 'broken',
      mapRun: () => ({
        ok: false,
        problems: [problem('run.facets.x', 'required', 'run.facets.x: expected an object, got nothing')],
      }),
    };
    const mapped = mapOpenLineageEvent(fail, { ...options, facetMappers: [broken] });
    expect(mapped.ok ? [] : mapped.problems.map((p) => p.path)).toEqual(['run.facets.x']);
  });
});

describe('classifyOpenLineageEvent', () => {
  it.each([
    ['START', 'started'],
    ['RUNNING', 'started'],
    ['COMPLETE', 'succeeded'],
    ['FAIL', 'failed'],
    ['ABORT', 'cancelled'],
    ['OTHER', 'other'],
    ['complete', 'other'],
    ['__proto__', 'other'],
    [undefined, 'other'],
  ])('classifies %s as %s', (eventType, status) => {
    expect(classifyOpenLineageEvent(eventType)).toBe(status);
  });
});
