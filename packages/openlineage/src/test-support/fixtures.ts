// The shared fixtures (/work/shared/fixtures, see their READMEs) and small helpers to post them through a real
// Hono app in the tests of every receiver package.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Hono } from 'hono';

/** The shared fixtures folder, beside the checkout. */
export const FIXTURES_DIR = resolve(import.meta.dirname, '../../../../../shared/fixtures');

/**
 * Fixture and answer JSON as the tests read it: field by field, compared with what the receivers stored. Typed
 * loosely on purpose, in this one place.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export type FixtureFolder = 'openlineage' | 'prefect';

/** Every fixture file of a folder (not its README), sorted, so a fixture added later is tested too. */
export function fixtureFiles(folder: FixtureFolder): string[] {
  return readdirSync(resolve(FIXTURES_DIR, folder))
    .filter((name) => !name.toLowerCase().endsWith('.md'))
    .sort();
}

export function fixtureBytes(folder: FixtureFolder, name: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(FIXTURES_DIR, folder, name)));
}

/** The JSON a fixture holds, gunzipped with node:zlib (an implementation independent of the routes' own). */
export function fixtureJson(folder: FixtureFolder, name: string): Loose {
  const bytes = fixtureBytes(folder, name);
  const text = name.endsWith('.gz')
    ? gunzipSync(bytes).toString('utf8')
    : Buffer.from(bytes).toString('utf8');
  return JSON.parse(text);
}

/** The request headers a fixture travels with: gzip files carry `Content-Encoding: gzip`, as the transport sends. */
export function fixtureHeaders(name: string): Record<string, string> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (name.endsWith('.gz')) headers['Content-Encoding'] = 'gzip';
  return headers;
}

export type Posted = { readonly status: number; readonly json: Loose; readonly headers: Headers };

/** POSTs a body through the app's own request method and reads the JSON answer. */
export async function post(
  app: Hono,
  path: string,
  body: Uint8Array | string,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
): Promise<Posted> {
  const response = await app.request(path, { method: 'POST', body: body as BodyInit, headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json, headers: response.headers };
}

/** POSTs a JSON value. */
export function postJson(app: Hono, path: string, value: unknown): Promise<Posted> {
  return post(app, path, JSON.stringify(value));
}
