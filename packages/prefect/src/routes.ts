import { CairnError, ok } from '@cairn/core';
import type { AppendResult, EntryWriter, RunEventEntry } from '@cairn/core';
import { httpUrl, ingestHandler } from '@cairn/openlineage';
import type { IngestMeta } from '@cairn/openlineage';
import { Hono } from 'hono';
import { createPrefectClient } from './client.js';
import type { PrefectClient } from './client.js';
import { enrichEntry, linkArtifactFor, shouldLinkBack } from './enrich.js';
import type { PrefectErrorHandler } from './enrich.js';
import { mapPrefectEvent } from './map.js';
import { prefectUiUrl, prefectWorkspace } from './urls.js';

/** How the bridge reaches Prefect, for links, enrichment and link artifacts (Cloud and self-hosted alike). */
export type PrefectBridgeOptions = {
  /** `PREFECT_API_URL`: `https://api.prefect.cloud/api/accounts/<a>/workspaces/<w>` or `http://<host>:4200/api`. */
  readonly apiUrl?: string;
  /** `PREFECT_API_KEY` (Cloud, or a self-hosted server behind a bearer proxy). */
  readonly apiKey?: string;
  /** Self-hosted basic auth, `user:pass`. */
  readonly authString?: string;
  /** The Prefect UI base for `run.url`; by default derived from `apiUrl` as Prefect derives it. */
  readonly uiUrl?: string;
  /** Read each event's flow run (`GET /flow_runs/{id}`) to fill what the event lacks. */
  readonly enrich?: boolean;
  /** Put a link to the run's Cairn page on the flow run, as a markdown link artifact. Needs `cairnUiUrl`. */
  readonly linkArtifacts?: boolean;
  /** Cairn's dashboard base; the artifact links to `<cairnUiUrl>/runs/prefect/<flow run id>`. */
  readonly cairnUiUrl?: string;
  readonly fetch?: typeof fetch;
  /** Hears enrichment and artifact failures, which never fail the webhook. Default: ignore them. */
  readonly onError?: PrefectErrorHandler;
};

/** Options of {@link prefectRoutes}. */
export type PrefectRoutesOptions = {
  readonly writer: EntryWriter;
  readonly prefect?: PrefectBridgeOptions;
  /** Largest body, compressed and decompressed; default 2 MiB (Prefect events reach 1.5 MB). */
  readonly maxBodyBytes?: number;
  readonly now?: () => Date;
};

/** Default body limit of the Prefect hook: Prefect caps an event at 1,500,000 bytes of JSON. */
export const DEFAULT_PREFECT_MAX_BYTES = 2 * 1024 * 1024;

function checkUrl(name: string, value: string | undefined): void {
  if (value !== undefined && httpUrl(value) === undefined) {
    throw new CairnError('config', `prefect.${name}: expected an http or https URL`);
  }
}

function clientFor(options: PrefectBridgeOptions): PrefectClient | undefined {
  for (const name of ['apiUrl', 'uiUrl', 'cairnUiUrl'] as const) checkUrl(name, options[name]);
  const needsApi = options.enrich === true || options.linkArtifacts === true;
  if (needsApi && options.apiUrl === undefined) {
    throw new CairnError('config', 'prefect.apiUrl: enrich and linkArtifacts need the Prefect API URL');
  }
  if (options.linkArtifacts === true && options.cairnUiUrl === undefined) {
    throw new CairnError(
      'config',
      'prefect.cairnUiUrl: linkArtifacts needs the Cairn dashboard URL to link to',
    );
  }
  if (!needsApi || options.apiUrl === undefined) return undefined;
  const { apiUrl, apiKey, authString, fetch } = options;
  // Prefect's call-webhook action gives up after httpx's default 5 s and never retries, so enrichment (which runs
  // before the event is sealed) gets one short attempt: a slow Prefect API must not cost the event itself.
  return createPrefectClient({
    apiUrl,
    apiKey,
    authString,
    timeoutMs: ENRICH_TIMEOUT_MS,
    maxAttempts: 1,
    ...(fetch === undefined ? {} : { fetch }),
  });
}

/** How long enrichment may take before the event is sealed without it. */
export const ENRICH_TIMEOUT_MS = 2000;

function linkBack(client: PrefectClient, cairnUiUrl: string, onError: PrefectErrorHandler) {
  return (entries: readonly RunEventEntry[], results: readonly AppendResult[]): Promise<void> => {
    const fresh = entries.filter((entry, i) => results[i]?.duplicate === false && shouldLinkBack(entry));
    // The event is sealed already: the link artifact is a courtesy, created after the webhook has its answer.
    void (async () => {
      for (const entry of fresh) {
        await client
          .createLinkArtifact(entry.run.id, linkArtifactFor(entry.run.id, cairnUiUrl))
          .catch(onError);
      }
    })();
    return Promise.resolve();
  };
}

/**
 * `POST /hooks/prefect`: the target of a Prefect automation's call-webhook action with the payload template
 * `{{ event | tojson }}`, or of a custom-webhook notification whose body is that template. Flow-run and task-run
 * state events become run events; a redelivery stores nothing new. Compose it with
 * `app.route('/', prefectRoutes({ writer }))`; authentication is the caller's middleware.
 *
 * @example
 * app.route('/', prefectRoutes({ writer: ledger, prefect: { apiUrl: process.env.PREFECT_API_URL, apiKey, enrich: true } }));
 */
export function prefectRoutes({
  writer,
  prefect = {},
  maxBodyBytes = DEFAULT_PREFECT_MAX_BYTES,
  now = () => new Date(),
}: PrefectRoutesOptions): Hono {
  const client = clientFor(prefect);
  const onError = prefect.onError ?? (() => undefined);
  const uiUrl = prefect.uiUrl ?? (prefect.apiUrl === undefined ? undefined : prefectUiUrl(prefect.apiUrl));
  const namespace = prefect.apiUrl === undefined ? undefined : prefectWorkspace(prefect.apiUrl);
  const map = async (body: unknown, meta: IngestMeta) => {
    const mapped = mapPrefectEvent(body, { ...meta, uiUrl, namespace });
    if (!mapped.ok || client === undefined || prefect.enrich !== true) return mapped;
    return ok(await Promise.all(mapped.value.map((entry) => enrichEntry(entry, client, onError))));
  };
  const afterWrite =
    client !== undefined && prefect.linkArtifacts === true && prefect.cairnUiUrl !== undefined
      ? linkBack(client, prefect.cairnUiUrl, onError)
      : undefined;
  const app = new Hono();
  app.post(
    '/hooks/prefect',
    ingestHandler({ writer, maxBodyBytes, now, map, ...(afterWrite === undefined ? {} : { afterWrite }) }),
  );
  return app;
}
