import { describe, expect, it } from 'vitest';
import { airflowMajor, airflowUiUrl } from './urls.js';

const target = {
  baseUrl: 'https://airflow.example/',
  dagId: 'etl',
  runId: 'manual__2026-08-20T10:00:00.123456+00:00',
};

describe('airflowUiUrl', () => {
  it('links an Airflow 3 DAG run by path, percent-encoding the run id', () => {
    expect(airflowUiUrl({ ...target, version: 3 })).toBe(
      'https://airflow.example/dags/etl/runs/manual__2026-08-20T10%3A00%3A00.123456%2B00%3A00',
    );
  });

  it('links an Airflow 3 mapped task instance', () => {
    expect(airflowUiUrl({ ...target, version: 3, taskId: 'load', mapIndex: 4 })).toMatch(
      /\/runs\/[^/]+\/tasks\/load\/mapped\/4$/,
    );
    expect(airflowUiUrl({ ...target, version: 3, taskId: 'load', mapIndex: -1 })).toMatch(/\/tasks\/load$/);
  });

  it('links an Airflow 2 task instance in the grid view', () => {
    const url = new URL(airflowUiUrl({ ...target, version: 2, taskId: 'load', mapIndex: 2 }));
    expect(url.pathname).toBe('/dags/etl/grid');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      dag_run_id: target.runId,
      task_id: 'load',
      map_index: '2',
    });
    expect(url.search).toContain('%2B00%3A00');
  });
});

describe('airflowMajor', () => {
  it.each([
    ['3.3.0', 3],
    ['2.10.4+astro.1', 2],
    ['1.10.15', undefined],
    ['banana', undefined],
    [undefined, undefined],
  ])('reads %s as %s', (version, major) => {
    expect(airflowMajor(version)).toBe(major);
  });
});
