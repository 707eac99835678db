// A local Prefect REST API for the tests: a real node:http server on 127.0.0.1 answering the calls the bridge makes
// with the shapes Prefect's server answers (reference §2.5, §3.2, §3.3: FlowRunResponse, TaskRun, ArtifactCreate
// with extra="forbid", EventPage with a `next_page` URL and `page-token`, 404 `{"detail": …}`), so the client is
// exercised over real HTTP rather than a mocked fetch.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Loose } from '../../../openlineage/src/test-support/fixtures.js';

export type RecordedRequest = {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Loose;
};

type Fault = { status: number; retryAfter?: string; times: number };

const ARTIFACT_FIELDS = new Set([
  'key',
  'type',
  'description',
  'data',
  'metadata_',
  'flow_run_id',
  'task_run_id',
]);

/** A FlowRunResponse as `GET /flow_runs/{id}` returns it (fields from the OpenAPI schema, reference §3.2). */
export function flowRunResponse(id: string, flowId: string): Record<string, unknown> {
  return {
    id,
    created: '2026-03-31T18:29:55.123456Z',
    updated: '2026-03-31T18:31:00.654321Z',
    name: 'crimson-fox',
    flow_id: flowId,
    state_id: 'f6a7b890-1234-5678-9012-abcdef345678',
    deployment_id: 'b2c3d4e5-f6a7-8901-bcde-f12345678901',
    deployment_version: '1.4.0',
    work_queue_id: '9a8b7c6d-5e4f-3a2b-1c0d-efabcdef0123',
    work_queue_name: 'default',
    flow_version: '7f3a9c',
    parameters: { source: 's3://bucket/in' },
    idempotency_key: null,
    context: {},
    empirical_policy: { retries: 2, retry_delay: 10, pause_keys: [], resuming: false },
    tags: ['production', 'etl'],
    labels: { 'prefect.flow.id': flowId },
    parent_task_run_id: null,
    state_type: 'RUNNING',
    state_name: 'Running',
    run_count: 1,
    expected_start_time: '2026-03-31T18:30:00Z',
    next_scheduled_start_time: null,
    start_time: '2026-03-31T18:30:00Z',
    end_time: null,
    total_run_time: 0,
    estimated_run_time: 60.5,
    estimated_start_time_delta: 0.12,
    auto_scheduled: false,
    infrastructure_document_id: null,
    infrastructure_pid: 'my-job-abc123',
    created_by: {
      id: 'b2c3d4e5-f6a7-8901-bcde-f12345678901',
      type: 'DEPLOYMENT',
      display_value: 'my-etl-flow/production',
    },
    work_pool_id: 'c3d4e5f6-a7b8-9012-cdef-123456789012',
    work_pool_name: 'my-k8s-pool',
    state: {
      id: 'f6a7b890-1234-5678-9012-abcdef345678',
      type: 'RUNNING',
      name: 'Running',
      timestamp: '2026-03-31T18:30:00Z',
      message: null,
      data: null,
      state_details: { flow_run_id: id, task_run_id: null, child_flow_run_id: null, retriable: null },
    },
    job_variables: {},
  };
}

/** A TaskRun as `GET /task_runs/{id}` returns it. */
export function taskRunResponse(id: string, flowRunId: string | null): Record<string, unknown> {
  return {
    id,
    created: '2026-03-31T18:31:00Z',
    updated: '2026-03-31T18:31:05Z',
    name: 'extract-data-0',
    flow_run_id: flowRunId,
    task_key: 'extract_data',
    dynamic_key: '0',
    tags: ['etl'],
    state_type: 'COMPLETED',
    state_name: 'Completed',
    run_count: 1,
    start_time: '2026-03-31T18:31:00Z',
    end_time: '2026-03-31T18:31:05Z',
    total_run_time: 5.0,
  };
}

export class PrefectApi {
  readonly requests: RecordedRequest[] = [];
  readonly artifacts: Record<string, unknown>[] = [];
  readonly flowRuns = new Map<string, Record<string, unknown>>();
  readonly taskRuns = new Map<string, Record<string, unknown>>();
  events: Record<string, unknown>[] = [];
  readonly #server: Server;
  readonly #apiKey: string;
  readonly #faults: Fault[] = [];
  readonly #pages = new Map<string, { events: Record<string, unknown>[]; limit: number }>();
  #port = 0;
  /** Milliseconds every answer waits, to play a slow Prefect API. */
  delayMs = 0;

  constructor(apiKey: string) {
    this.#apiKey = apiKey;
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  /** `http://127.0.0.1:<port>/api`, like a self-hosted PREFECT_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** The next `times` requests are answered with `status` (and a Retry-After header when given). */
  failNext(status: number, times: number, retryAfter?: string): void {
    this.#faults.push({ status, times, ...(retryAfter === undefined ? {} : { retryAfter }) });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.apiUrl);
    const body = text === '' ? undefined : JSON.parse(text);
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname + url.search,
      headers: req.headers,
      body,
    });
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const fault = this.#faults[0];
    if (fault !== undefined) {
      if (--fault.times === 0) this.#faults.shift();
      const headers: Record<string, string> =
        fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter };
      return send(res, fault.status, { detail: 'Service Unavailable' }, headers);
    }
    if (req.headers.authorization !== `Bearer ${this.#apiKey}`)
      return send(res, 401, { detail: 'Unauthorized' });
    this.#route(req.method ?? '', url, body, res);
  }

  #route(method: string, url: URL, body: Loose, res: ServerResponse): void {
    const path = url.pathname.replace(/^\/api/, '');
    const flowRun = /^\/flow_runs\/([^/]+)$/.exec(path);
    if (method === 'GET' && flowRun !== null)
      return this.#read(this.flowRuns, flowRun[1]!, 'Flow run not found', res);
    const taskRun = /^\/task_runs\/([^/]+)$/.exec(path);
    if (method === 'GET' && taskRun !== null)
      return this.#read(this.taskRuns, taskRun[1]!, 'Task run not found', res);
    if (method === 'POST' && path === '/artifacts/') return this.#createArtifact(body, res);
    if (method === 'POST' && path === '/events/filter') return this.#filterEvents(body, res);
    if (method === 'GET' && path === '/events/filter/next')
      return this.#nextPage(url.searchParams.get('page-token'), res);
    send(res, 404, { detail: 'Not Found' });
  }

  #read(store: Map<string, Record<string, unknown>>, id: string, missing: string, res: ServerResponse): void {
    const found = store.get(id);
    if (found === undefined) send(res, 404, { detail: missing });
    else send(res, 200, found);
  }

  #createArtifact(body: Loose, res: ServerResponse): void {
    const extra = Object.keys(body ?? {}).filter((key) => !ARTIFACT_FIELDS.has(key));
    if (extra.length > 0 || !/^[a-z0-9-]*$/.test(body.key ?? '')) {
      return send(res, 422, {
        detail: [{ loc: ['body', extra[0] ?? 'key'], msg: 'invalid', type: 'value_error' }],
      });
    }
    const artifact = {
      id: `0a1b2c3d-0000-4000-8000-${String(this.artifacts.length).padStart(12, '0')}`,
      created: '2026-03-31T18:31:01Z',
      updated: '2026-03-31T18:31:01Z',
      metadata_: null,
      task_run_id: null,
      ...body,
    };
    this.artifacts.push(artifact);
    send(res, 201, artifact);
  }

  #page(matching: Record<string, unknown>[], limit: number, res: ServerResponse): void {
    const rest = matching.slice(limit);
    let nextPage: string | null = null;
    if (rest.length > 0) {
      // src/prefect/server/api/events.py generate_next_page_link: base64 token on `api/events/filter/next`.
      const token = Buffer.from(`page-${this.#pages.size}`).toString('base64');
      this.#pages.set(token, { events: rest, limit });
      nextPage = `http://127.0.0.1:${this.#port}/api/events/filter/next?page-token=${token}`;
    }
    send(res, 200, { events: matching.slice(0, limit), total: matching.length, next_page: nextPage });
  }

  #filterEvents(body: Loose, res: ServerResponse): void {
    const { since, until } = body?.filter?.occurred ?? {};
    const prefixes: string[] = body?.filter?.event?.prefix ?? [];
    const limit = body?.limit ?? 50;
    if (typeof limit !== 'number' || limit > 50)
      return send(res, 422, { detail: 'limit must be at most 50' });
    const matching = this.events
      .filter((e) => since === undefined || Date.parse(e['occurred'] as string) >= Date.parse(since))
      .filter((e) => until === undefined || Date.parse(e['occurred'] as string) <= Date.parse(until))
      .filter((e) => prefixes.length === 0 || prefixes.some((p) => (e['event'] as string).startsWith(p)))
      .sort((a, b) => Date.parse(a['occurred'] as string) - Date.parse(b['occurred'] as string));
    this.#page(matching, limit, res);
  }

  #nextPage(token: string | null, res: ServerResponse): void {
    const page = token === null ? undefined : this.#pages.get(token);
    // verified_page_token: an unknown or undecodable token is 403.
    if (page === undefined) return send(res, 403, { detail: 'Forbidden' });
    this.#page(page.events, page.limit, res);
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
