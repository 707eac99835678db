import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics, in a registry of its own so that embedding apps keep theirs. */
export type ServerMetrics = {
  readonly registry: Registry;
  readonly ingestedEntries: Counter<'route'>;
  readonly requests: Counter<'route' | 'status'>;
  readonly ingestSeconds: Histogram<'route'>;
  readonly commits: Counter;
  readonly commitEntries: Histogram;
  readonly ledgerSize: Gauge;
  readonly checkpointAgeSeconds: Gauge;
};

/** What the gauges read when Prometheus scrapes. */
export type MetricSources = {
  readonly ledgerSize: () => Promise<number>;
  readonly lastCheckpointAt: () => Promise<Date | undefined>;
};

function ingestMetrics(registry: Registry) {
  const registers = [registry];
  return {
    ingestedEntries: new Counter({
      name: 'cairn_ingested_entries_total',
      help: 'Entries accepted, by route (duplicates included).',
      labelNames: ['route'] as const,
      registers,
    }),
    requests: new Counter({
      name: 'cairn_ingest_requests_total',
      help: 'Ingest requests by route and status code.',
      labelNames: ['route', 'status'] as const,
      registers,
    }),
    ingestSeconds: new Histogram({
      name: 'cairn_ingest_duration_seconds',
      help: 'Time from request to sealed, durable response, by route.',
      labelNames: ['route'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    commits: new Counter({
      name: 'cairn_ledger_commits_total',
      help: 'Ledger append transactions (each groups concurrent requests).',
      registers,
    }),
    commitEntries: new Histogram({
      name: 'cairn_ledger_commit_entries',
      help: 'Entries per ledger append transaction.',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
      registers,
    }),
  };
}

/**
 * Creates the metrics `/metrics` exposes: ingest counts and latency per route, commits and their group sizes,
 * ledger size, and the age of the last checkpoint (an alert on it catches a stopped signer, as CloudTrail's hourly
 * digest does).
 *
 * @example const metrics = createServerMetrics({ ledgerSize: () => ledger.size(), lastCheckpointAt: async () => undefined })
 */
export function createServerMetrics(read: MetricSources): ServerMetrics {
  const registry = new Registry();
  const ledgerSize = new Gauge({
    name: 'cairn_ledger_entries',
    help: 'Number of entries in the ledger.',
    registers: [registry],
    async collect() {
      this.set(await read.ledgerSize());
    },
  });
  const checkpointAgeSeconds = new Gauge({
    name: 'cairn_last_checkpoint_age_seconds',
    help: 'Seconds since the last signed checkpoint (-1 when none yet).',
    registers: [registry],
    async collect() {
      const at = await read.lastCheckpointAt();
      this.set(at === undefined ? -1 : (Date.now() - at.getTime()) / 1000);
    },
  });
  return { registry, ...ingestMetrics(registry), ledgerSize, checkpointAgeSeconds };
}
