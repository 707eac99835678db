// The shared fixtures (/work/shared/fixtures, see their READMEs), read by the tests that hold the demo's payloads
// against what the real producers send.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The shared fixtures folder, beside the checkout. */
export const FIXTURES_DIR = resolve(import.meta.dirname, '../../../../../shared/fixtures');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** A fixture's bytes. @example fixtureText('openlineage', 'airflow3-task-complete.wire.json') */
export function fixtureText(folder: 'openlineage' | 'prefect', name: string): string {
  return readFileSync(resolve(FIXTURES_DIR, folder, name), 'utf8');
}

/** A fixture parsed. @example fixtureJson('prefect', 'flow-run-running.event.json').resource */
export function fixtureJson(folder: 'openlineage' | 'prefect', name: string): Loose {
  return JSON.parse(fixtureText(folder, name));
}

/**
 * Every key path of a JSON value (`run.facets.airflow.dag.dag_id`; keys of array items under `[]`), to compare the
 * shape of the demo's payloads with a fixture's without comparing values (an empty list has the shape of a full one).
 *
 * @example keyPaths({ a: { b: [ { c: 1 } ] } }) // ['a', 'a.b', 'a.b[].c']
 */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => keyPaths(v, `${prefix}[]`)))];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return [path, ...keyPaths(child, path)];
  });
}
