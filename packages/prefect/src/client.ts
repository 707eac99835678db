// A small client for the Prefect REST API (reference §3), for the three things the bridge asks of Prefect: read a
// flow run or task run (enrichment), create a link artifact on a flow run (the link back from Prefect's UI), and
// page through events (reconciling webhooks Prefect never retries). Cloud and self-hosted differ only in the API
// URL and the Authorization header. Like Prefect's own client it retries 429, 502 and 503 and honours Retry-After.
import { CairnError, toBase64, utf8 } from '@cairn/core';
import { isRecord, joinUrl, truncate } from '@cairn/openlineage';
import type { JsonRecord } from '@cairn/openlineage';

/** Options of {@link createPrefectClient}. */
export type PrefectClientOptions = {
  /** `https://api.prefect.cloud/api/accounts/<a>/workspaces/<w>` or `http://<host>:4200/api`. */
  readonly apiUrl: string;
  /** A Cloud API key or service-account key, sent as `Authorization: Bearer <key>`. */
  readonly apiKey?: string | undefined;
  /** Self-hosted basic auth (`PREFECT_API_AUTH_STRING`, `user:pass`, Prefect ≥ 3.1.8). Configure only one of the two. */
  readonly authString?: string | undefined;
  readonly fetch?: typeof fetch;
  /** Per request; default 10 s. */
  readonly timeoutMs?: number;
  /** Attempts for a request answered 429, 502 or 503, or not answered at all; default 3. */
  readonly maxAttempts?: number;
};

/** A Prefect object as the API returns it (FlowRunResponse, TaskRun, Artifact…), with its id. */
export type PrefectObject = JsonRecord & { readonly id: string };

/** A link artifact to create on a flow run. */
export type LinkArtifact = {
  /** Lowercase letters, digits and dashes (Prefect: `^[a-z0-9-]*$`). */
  readonly key: string;
  readonly link: string;
  readonly linkText?: string;
  /** Markdown shown with the artifact. */
  readonly description?: string;
};

/** One page of `POST /events/filter` or `GET /events/filter/next` (EventPage). */
export type PrefectEventPage = {
  readonly events: readonly unknown[];
  readonly total: number;
  /** Pass back as `pageToken` for the next page; undefined on the last page. */
  readonly nextPageToken?: string | undefined;
};

/** What {@link PrefectClient.readEvents} takes: a time window for the first page, or the token of the next. */
export type ReadEventsRequest = {
  readonly since?: string;
  readonly until?: string;
  readonly pageToken?: string;
  /** Events per page; Prefect allows at most 50. */
  readonly limit?: number;
};

/** The Prefect REST calls the bridge makes. */
export type PrefectClient = {
  readFlowRun(id: string): Promise<PrefectObject>;
  readTaskRun(id: string): Promise<PrefectObject>;
  createLinkArtifact(flowRunId: string, artifact: LinkArtifact): Promise<PrefectObject>;
  readEvents(request: ReadEventsRequest): Promise<PrefectEventPage>;
};

const RETRY_STATUSES = new Set([429, 502, 503]);
const MAX_RETRY_AFTER_SECONDS = 30;
const ARTIFACT_KEY = /^[a-z0-9-]*$/;
// The state and task-run events the bridge records (reference §2.5).
const EVENT_PREFIXES = ['prefect.flow-run.', 'prefect.task-run.'];

type Sender = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>;

function authorization(options: PrefectClientOptions): Record<string, string> {
  if (options.apiKey !== undefined) return { Authorization: `Bearer ${options.apiKey}` };
  if (options.authString !== undefined) {
    // RFC 7617 §2: base64 of the UTF-8 `user:pass`.
    return { Authorization: `Basic ${toBase64(utf8(options.authString))}` };
  }
  return {};
}

function delayMs(response: Response | undefined, attempt: number): number {
  const header = response?.headers.get('retry-after');
  const seconds = header === null || header === undefined ? Number.NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, MAX_RETRY_AFTER_SECONDS) * 1000;
  return 500 * 2 ** (attempt - 1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function failure(method: string, path: string, response: Response): Promise<CairnError> {
  const where = `Prefect API ${method} ${path}`;
  const detail = truncate((await response.text().catch(() => '')).replace(/\s+/g, ' '), 200);
  if (response.status === 404) return new CairnError('not_found', `${where}: not found`);
  if (response.status === 401 || response.status === 403) {
    return new CairnError(
      'config',
      `${where}: answered ${response.status}; check the API key or auth string (and CSRF settings)`,
    );
  }
  if (response.status < 500 && response.status !== 429) {
    return new CairnError('invalid_argument', `${where}: answered ${response.status}: ${detail}`);
  }
  return new CairnError('unavailable', `${where}: answered ${response.status}`);
}

function createSender(options: PrefectClientOptions): Sender {
  const fetchImpl = options.fetch ?? fetch;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 3);
  const headers = { Accept: 'application/json', ...authorization(options) };
  return async (method, path, body) => {
    const init = () => ({
      method,
      headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      try {
        response = await fetchImpl(joinUrl(options.apiUrl, path), init());
      } catch (error) {
        if (attempt >= maxAttempts)
          throw new CairnError('unavailable', `Prefect API ${method} ${path}: no answer`, { cause: error });
      }
      if (response !== undefined && !(RETRY_STATUSES.has(response.status) && attempt < maxAttempts)) {
        if (!response.ok) throw await failure(method, path, response);
        return (response.json() as Promise<unknown>).catch((error: unknown) => {
          throw new CairnError('unavailable', `Prefect API ${method} ${path}: the answer is not JSON`, {
            cause: error,
          });
        });
      }
      await response?.body?.cancel();
      await sleep(delayMs(response, attempt));
    }
  };
}

function asObject(value: unknown, what: string): PrefectObject {
  if (isRecord(value) && typeof value['id'] === 'string') return value as PrefectObject;
  throw new CairnError('unavailable', `Prefect API: expected ${what} with an id`);
}

/** The token inside EventPage.next_page (`…/events/filter/next?page-token=<token>`). */
function pageTokenOf(nextPage: unknown): string | undefined {
  if (typeof nextPage !== 'string') return undefined;
  try {
    return new URL(nextPage).searchParams.get('page-token') ?? undefined;
  } catch {
    return undefined;
  }
}

function asEventPage(value: unknown): PrefectEventPage {
  if (!isRecord(value) || !Array.isArray(value['events'])) {
    throw new CairnError('unavailable', 'Prefect API: expected an event page with events');
  }
  const total = typeof value['total'] === 'number' ? value['total'] : value['events'].length;
  return { events: value['events'], total, nextPageToken: pageTokenOf(value['next_page']) };
}

function readEventsWith(send: Sender) {
  return async ({ since, until, pageToken, limit = 50 }: ReadEventsRequest): Promise<PrefectEventPage> => {
    if (pageToken !== undefined) {
      return asEventPage(await send('GET', `events/filter/next?page-token=${encodeURIComponent(pageToken)}`));
    }
    // src/prefect/server/events/filters.py EventFilter: occurred.since/until are inclusive; order ASC replays in time.
    const occurred = { ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
    const filter = { occurred, event: { prefix: EVENT_PREFIXES }, order: 'ASC' };
    return asEventPage(await send('POST', 'events/filter', { filter, limit }));
  };
}

/**
 * A client for the Prefect REST API. Errors are CairnErrors: `not_found` (404), `config` (401/403),
 * `invalid_argument` (other 4xx) and `unavailable` (no answer, 5xx, or 429/502/503 after the retries).
 *
 * @example
 * const prefect = createPrefectClient({ apiUrl: process.env.PREFECT_API_URL!, apiKey: process.env.PREFECT_API_KEY });
 * const run = await prefect.readFlowRun('e3755d32-cec5-42ca-9bcd-af236e308ba6');
 */
export function createPrefectClient(options: PrefectClientOptions): PrefectClient {
  const send = createSender(options);
  return Object.freeze({
    readFlowRun: async (id: string) =>
      asObject(await send('GET', `flow_runs/${encodeURIComponent(id)}`), 'a flow run'),
    readTaskRun: async (id: string) =>
      asObject(await send('GET', `task_runs/${encodeURIComponent(id)}`), 'a task run'),
    async createLinkArtifact(flowRunId: string, artifact: LinkArtifact) {
      if (!ARTIFACT_KEY.test(artifact.key)) {
        throw new CairnError(
          'invalid_argument',
          'artifact key: expected lowercase letters, digits and dashes',
        );
      }
      // src/prefect/artifacts.py create_link_artifact: a markdown artifact whose data is `[text](link)`.
      const text = (artifact.linkText ?? artifact.link).replace(/[[\]]/g, '');
      const body = {
        key: artifact.key,
        type: 'markdown',
        description: artifact.description,
        data: `[${text}](${artifact.link.replace(/\)/g, '%29')})`,
        flow_run_id: flowRunId,
      };
      return asObject(await send('POST', 'artifacts/', body), 'an artifact');
    },
    readEvents: readEventsWith(send),
  });
}
