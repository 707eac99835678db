// loadDemo: plan the demo, send it to a running server through its real receivers, count what was stored.
import { CairnError, describeValue } from '@cairn/core';
import type { AppendResult } from '@cairn/core';
import { planDemo } from './plan.js';
import { entrySink, postPayload, sendEntries } from './send.js';
import type { Target } from './send.js';
import { ackBook } from './steps.js';
import type { AckBook, DemoHighlights, DemoOrchestrator, Stage, Step } from './steps.js';

/**
 * The seed used when none is given.
 *
 * @example await loadDemo({ baseUrl, seed: DEFAULT_DEMO_SEED }) // the same as leaving seed out
 */
export const DEFAULT_DEMO_SEED = 'cairn-demo';

/** Entries sent, and how the server took them: newly stored, or already there (`duplicate: true`). */
export type DemoCounts = { readonly sent: number; readonly stored: number; readonly duplicates: number };

/** One step done, for a progress line. */
export type DemoProgress = {
  readonly orchestrator: DemoOrchestrator;
  /** What the step sent, e.g. `OpenLineage underwrite_all try 1 START`. */
  readonly message: string;
  readonly done: number;
  readonly total: number;
};

/** Options of {@link loadDemo}. */
export type DemoOptions = {
  /** The running Cairn server, e.g. `http://127.0.0.1:7070`. */
  readonly baseUrl: string;
  /** Its `CAIRN_INGEST_TOKEN`, when ingest routes need one. */
  readonly ingestToken?: string | undefined;
  /**
   * The story is dated to the UTC day of `now` minus one hour (default: the current time): its live runs happen
   * between 00:00 and 01:00 of that day, its history over the 30 days before. Loads that fall on the same story
   * day send the same ids and store nothing new.
   */
  readonly now?: Date | undefined;
  /** Every id derives from it (default `cairn-demo`); another seed loads a second, independent demo. */
  readonly seed?: string | undefined;
  /** Called after each step; its exceptions are not caught. */
  readonly onProgress?: ((progress: DemoProgress) => void) | undefined;
};

/** A run the demo created, with its address in the query API. */
export type DemoRun = {
  readonly orchestrator: DemoOrchestrator;
  readonly runId: string;
  readonly workflow: string;
  /** `GET` it for the run's run events and decisions in time order. */
  readonly url: string;
};

/** What {@link loadDemo} did. */
export type DemoReport = {
  readonly seed: string;
  /** `YYYY-MM-DD`: the UTC day the live story is dated to. */
  readonly day: string;
  /** Per orchestrator; Airflow includes the 30 days of history. */
  readonly counts: Readonly<Record<DemoOrchestrator, DemoCounts>>;
  readonly total: DemoCounts;
  /** The live runs (the history adds one `loan_review` run per day before). */
  readonly runs: readonly DemoRun[];
  readonly highlights: DemoHighlights;
};

type Tally = Record<DemoOrchestrator, { sent: number; stored: number; duplicates: number }>;

function checkOptions(options: DemoOptions): { baseUrl: string; seed: string; now: Date } {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol)) {
    throw new CairnError(
      'invalid_argument',
      `baseUrl: expected an http(s) URL, got ${describeValue(options.baseUrl)}`,
    );
  }
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  if (seed === '') throw new CairnError('invalid_argument', 'seed: expected a non-empty string, got ""');
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime()))
    throw new CairnError('invalid_argument', 'now: expected a valid Date, got an invalid one');
  return { baseUrl, seed, now };
}

async function runStep(target: Target, step: Step, acks: AckBook): Promise<readonly AppendResult[]> {
  const results =
    step.kind === 'payload'
      ? await postPayload(target, step)
      : step.kind === 'entries'
        ? await sendEntries(target, step.entries(acks))
        : await step.drive(entrySink(target));
  acks.record(results);
  return results;
}

// Runs a stage's steps `concurrency` at a time; after a failure no new step starts, and the first error is thrown.
async function runStage(stage: Stage, run: (step: Step) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < stage.steps.length) {
      const step = stage.steps[next++]!;
      try {
        await run(step);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(stage.concurrency, stage.steps.length) }, worker));
}

function sum(tally: Tally): DemoCounts {
  const all = Object.values(tally);
  return {
    sent: all.reduce((n, c) => n + c.sent, 0),
    stored: all.reduce((n, c) => n + c.stored, 0),
    duplicates: all.reduce((n, c) => n + c.duplicates, 0),
  };
}

/**
 * Loads the first-run demo into a running Cairn server: 30 days of `loan_review` history (a model and policy rollout
 * a week ago shifts the decision mix, for the drift monitor), then one night of live runs — an Airflow DAG run
 * through the OpenLineage receiver, a Prefect flow run through the automation hook, Dagster runs through the
 * run-status sensor hook and Trigger.dev task runs as the middleware records them — with the loan-underwriting,
 * claims-triage and clinical-alert agents' decisions linked to each run, a human override, a contest and a
 * correction. Idempotent: a second load on the same story day stores nothing new.
 *
 * @example
 * const report = await loadDemo({ baseUrl: server.url, ingestToken: process.env.CAIRN_INGEST_TOKEN });
 * console.log(`${report.total.stored} entries stored; try ${report.runs[0]!.url}`);
 */
export async function loadDemo(options: DemoOptions): Promise<DemoReport> {
  const { baseUrl, seed, now } = checkOptions(options);
  const plan = planDemo({ seed, now, recordedAt: new Date().toISOString() });
  const target: Target = { baseUrl, token: options.ingestToken };
  const acks = ackBook();
  const zero = () => ({ sent: 0, stored: 0, duplicates: 0 });
  const tally: Tally = { airflow: zero(), prefect: zero(), dagster: zero(), 'trigger.dev': zero() };
  const total = plan.stages.reduce((n, stage) => n + stage.steps.length, 0);
  let done = 0;
  for (const stage of plan.stages) {
    await runStage(stage, async (step) => {
      const results = await runStep(target, step, acks);
      const counts = tally[step.orchestrator];
      counts.sent += results.length;
      const duplicates = results.filter((r) => r.duplicate).length;
      counts.duplicates += duplicates;
      counts.stored += results.length - duplicates;
      done += 1;
      options.onProgress?.({ orchestrator: step.orchestrator, message: step.message, done, total });
    });
  }
  return {
    seed,
    day: plan.dayLabel,
    counts: tally,
    total: sum(tally),
    runs: plan.runs.map((r) => ({
      ...r,
      url: `${baseUrl}/v1/runs/${r.orchestrator}/${encodeURIComponent(r.runId)}`,
    })),
    highlights: plan.highlights,
  };
}
