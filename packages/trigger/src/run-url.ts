import { CairnError, describeValue } from '@cairn/core';

/** The dashboard of Trigger.dev Cloud (cli-v3 consts.ts `CLOUD_WEB_URL`). @example triggerRunUrl(TRIGGER_CLOUD_ORIGIN, ref, runId) */
export const TRIGGER_CLOUD_ORIGIN = 'https://cloud.trigger.dev';

// Trigger.dev Cloud serves its API and its dashboard from different hosts (cli-v3 consts.ts: CLOUD_API_URL).
const CLOUD_API_HOST = 'api.trigger.dev';

/**
 * Parses an origin given in configuration: an http(s) URL, optionally with a path prefix, without query or
 * fragment. Returns it without a trailing slash.
 */
function parseOrigin(value: unknown, field: string): string {
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new CairnError('config', `${field}: expected an http(s) URL, got ${describeValue(value)}`);
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new CairnError('config', `${field}: expected an origin without credentials, query or fragment`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Chooses the Trigger.dev dashboard origin that run links point to. An explicit origin wins (self-hosted
 * Trigger.dev serves its dashboard at the webapp's APP_ORIGIN). Otherwise the API URL the task runs against
 * decides: Trigger.dev Cloud when it is unset or `api.trigger.dev`, else the same origin, as self-hosted instances
 * serve API and dashboard from one host (cli-v3 commands/login.ts).
 *
 * @example
 * resolveTriggerOrigin('https://trigger.example.com') === 'https://trigger.example.com'
 * resolveTriggerOrigin(undefined, 'https://api.trigger.dev') === 'https://cloud.trigger.dev'
 */
export function resolveTriggerOrigin(configured?: string, apiUrl: string | undefined = readApiUrl()): string {
  if (configured !== undefined) return parseOrigin(configured, 'triggerOrigin');
  if (apiUrl === undefined || apiUrl === '' || !URL.canParse(apiUrl)) return TRIGGER_CLOUD_ORIGIN;
  const api = new URL(apiUrl);
  if (api.hostname === CLOUD_API_HOST || (api.protocol !== 'https:' && api.protocol !== 'http:')) {
    return TRIGGER_CLOUD_ORIGIN;
  }
  return api.origin;
}

function readApiUrl(): string | undefined {
  // The run workers export the API URL the task talks to (core apiClientManager reads the same variable).
  return globalThis.process?.env?.['TRIGGER_API_URL'];
}

/**
 * The dashboard permalink of a run, as the Trigger.dev CLI prints it (cli-v3 dev/devOutput.ts):
 * `{origin}/projects/v3/{projectRef}/runs/{runId}`. The webapp redirects it to the run's canonical page after
 * checking that the viewer belongs to the organization, so the link is a pointer, not public evidence.
 *
 * @example
 * triggerRunUrl('https://cloud.trigger.dev', 'proj_abc', 'run_123') ===
 *   'https://cloud.trigger.dev/projects/v3/proj_abc/runs/run_123'
 */
export function triggerRunUrl(origin: string, projectRef: string, runId: string): string {
  return `${origin}/projects/v3/${encodeURIComponent(projectRef)}/runs/${encodeURIComponent(runId)}`;
}

/**
 * Resolves the Cairn origin that run metadata links to (`{cairnUrl}/v1/decisions/{id}`), or undefined when none is
 * configured.
 */
export function resolveCairnUrl(configured: string | undefined): string | undefined {
  return configured === undefined ? undefined : parseOrigin(configured, 'cairnUrl');
}

/**
 * The Cairn server's address for one sealed entry (`GET /v1/decisions/{id}`).
 *
 * @example cairnEntryUrl('https://cairn.example.com', '0193…') === 'https://cairn.example.com/v1/decisions/0193…'
 */
export function cairnEntryUrl(cairnUrl: string, id: string): string {
  return `${cairnUrl}/v1/decisions/${encodeURIComponent(id)}`;
}
