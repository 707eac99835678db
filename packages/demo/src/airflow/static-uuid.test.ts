import { describe, expect, it } from 'vitest';
import { fixtureJson } from '../test-support/fixtures.js';
import { airflowRunIds, openLineageStaticUuid } from './static-uuid.js';

// The fixtures' runIds were computed by the provider's algorithm from the logical dates their README names.
type Loose = { run: { runId: string; facets: { parent: { run: { runId: string } } } } };
const fixture = (name: string) => fixtureJson('openlineage', name) as Loose;

const SIMPLE = Date.UTC(2026, 7, 20, 10, 0, 0) * 1000 + 123_456;
const FAILURE = Date.UTC(2026, 7, 20, 11, 30, 0) * 1000 + 250_000;

describe('openLineageStaticUuid', () => {
  it('derives the DAG run id of airflow3-dag-start.json from its logical date and namespace', () => {
    const ids = airflowRunIds('default', 'openlineage_base_simple_dag', SIMPLE);
    expect(ids.dagRun()).toBe(fixture('airflow3-dag-start.json').run.runId);
  });

  it('derives the task try id of airflow3-task-start.json, and its parent is the DAG run id', () => {
    const ids = airflowRunIds('default', 'openlineage_base_simple_dag', SIMPLE);
    const start = fixture('airflow3-task-start.json');
    expect(ids.task('do_nothing_task', 1)).toBe(start.run.runId);
    expect(ids.dagRun()).toBe(start.run.facets.parent.run.runId);
  });

  it('derives both ids of airflow-task-fail.json, whose logical date has a fraction of 250 ms', () => {
    const ids = airflowRunIds('default', 'openlineage_custom_operator_failure_dag', FAILURE);
    const failed = fixture('airflow-task-fail.json');
    expect(ids.task('failing_task', 1)).toBe(failed.run.runId);
    expect(ids.dagRun()).toBe(failed.run.facets.parent.run.runId);
  });

  it('gives another id for another try, and a version 7 UUID whose time part is the logical date', () => {
    const ids = airflowRunIds('default', 'loan_review', SIMPLE);
    const first = ids.task('load_applications', 1);
    expect(ids.task('load_applications', 2)).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(first.replace(/-/g, '').slice(0, 12), 16)).toBe(Math.floor(SIMPLE / 1000));
  });

  it('hashes the instant as Python isoformat writes it, without a fraction when there is none', () => {
    const whole = Date.UTC(2026, 10, 23) * 1000;
    expect(openLineageStaticUuid(whole, 'x')).not.toBe(openLineageStaticUuid(whole + 1, 'x'));
  });
});
