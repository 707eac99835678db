// Driving real Trigger.dev task runs for the demo: @cairn/trigger/testing executes the task through Trigger.dev's own
// TaskExecutor (middleware chain, lifecycle hooks, locals, retries), `registerCairn` binds an SDK recorder to each
// attempt, and the recorder sends what the middleware records to the sink the demo hands in (httpSink to the server).
// Two things make the runs replayable: the recorder's clock follows the story's times, and the recorder makes entry
// ids from (seed, producer, sequence, time) instead of at random (its `entryId` option) — otherwise a second load
// would store the Trigger.dev entries again.
import { CairnError, formatProblems } from '@cairn/core';
import type { AppendResult, Decision, Problem } from '@cairn/core';
import { createRecorder } from '@cairn/sdk';
import type { RecorderDefaults, Sink } from '@cairn/sdk';
import type * as CairnTrigger from '@cairn/trigger';
import type * as TriggerTesting from '@cairn/trigger/testing';
import type * as TriggerSdk from '@trigger.dev/sdk';
import type { Micros } from '../clock.js';
import type { StoryContext } from '../steps.js';
import type { TriggerRun } from '../stories/trigger.js';

/** What the task and its recorder are: the task id, and the agent and defaults `registerCairn` is given. */
export type TriggerSetup = {
  readonly taskId: string;
  readonly agent: Decision['agent'];
  readonly defaults: Omit<RecorderDefaults, 'run'>;
};

/** The error the credit bureau client throws; the middleware records its name as `runEvent.error.type`. */
class DemoTaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** A sink that keeps the server's receipts of what it delivers, for the demo's summary. */
function keepingReceipts(sink: Sink, received: AppendResult[]): Sink {
  return {
    async write(entries, hooks) {
      const results = await sink.write(entries, hooks);
      received.push(...results);
      return results;
    },
    bind: (report) => sink.bind?.(report),
  };
}

// Trigger.dev's runtime lives in one process-global slot that the harness replaces: one drive at a time.
let exclusive: Promise<unknown> = Promise.resolve();

/**
 * Executes the runs' attempts in order through the real middleware and returns the server's receipts for everything
 * it recorded. Throws `CairnError` when the middleware reports entries it could not store.
 *
 * @example const receipts = await driveTriggerRuns(ctx, runs, httpSink({ url, token }), setup);
 */
export function driveTriggerRuns(
  story: StoryContext,
  runs: readonly TriggerRun[],
  sink: Sink,
  setup: TriggerSetup,
): Promise<AppendResult[]> {
  const turn = exclusive.then(() => drive(story, runs, sink, setup));
  exclusive = turn.catch(() => undefined);
  return turn;
}

type Runtime = {
  readonly testing: typeof TriggerTesting;
  readonly cairn: typeof CairnTrigger;
  readonly sdk: typeof TriggerSdk;
};

// Loaded on first use: Trigger.dev's SDK is large, and a CLI that imports the demo should not pay for it at start.
async function loadRuntime(): Promise<Runtime> {
  const [testing, cairn, sdk] = await Promise.all([
    import('@cairn/trigger/testing'),
    import('@cairn/trigger'),
    import('@trigger.dev/sdk'),
  ]);
  return { testing, cairn, sdk };
}

/** The story's clock: the recorder reads it, the task and the loop below move it. */
type StoryClock = { now: Micros };

/** `registerCairn` with a recorder on the story's clock and replayable ids; returns the recorder and its problems. */
function registerRecorder(
  runtime: Runtime,
  story: StoryContext,
  sink: Sink,
  setup: TriggerSetup,
  clock: StoryClock,
) {
  const received: AppendResult[] = [];
  const problems: Problem[] = [];
  const recorder = createRecorder({
    sink: keepingReceipts(sink, received),
    agent: setup.agent,
    defaults: setup.defaults,
    producerId: `${setup.agent.id}:${story.ids.uuid7('trigger/producer', story.day)}`,
    clock: () => Math.floor(clock.now / 1000),
    // Ids from (seed, producer, sequence, time) rather than random: a second load records the same ids.
    entryId: ({ producerId, seq, nowMs }) => story.ids.uuid7(`trigger/${producerId}/${seq}`, nowMs * 1000),
    // The harness's tracer records nothing; real runs would add the attempt's span as `trace`.
    otel: false,
    logger: false,
  });
  runtime.cairn.registerCairn({
    recorder,
    triggerOrigin: 'https://cloud.trigger.dev',
    flushTimeoutMs: 30_000,
    logger: false,
    onProblem: (p) => problems.push({ path: p.code, code: p.code, message: p.message }),
  });
  return { recorder, received, problems };
}

/** The task: it records the attempt's decision, then fails as the story says or returns. */
function defineTask(
  runtime: Runtime,
  runs: readonly TriggerRun[],
  setup: TriggerSetup,
  clock: StoryClock,
): void {
  runtime.sdk.task({
    id: setup.taskId,
    retry: { maxAttempts: 3, factor: 2, minTimeoutInMs: 1_000, maxTimeoutInMs: 10_000 },
    machine: 'small-1x',
    run: async (payload: { readonly run: number }, { ctx }) => {
      const attempt = runs[payload.run]!.attempts[ctx.attempt.number - 1]!;
      if (attempt.decision !== undefined) {
        clock.now = attempt.decision.at;
        const { body, subjectRef } = attempt.decision;
        runtime.cairn.getCairn().decision({ ...body, subject: { ref: subjectRef } });
      }
      clock.now = attempt.failure?.at ?? attempt.end;
      if (attempt.failure !== undefined)
        throw new DemoTaskError(attempt.failure.type, attempt.failure.message);
      return Promise.resolve({ decision: attempt.decision?.body.chosen.label });
    },
  });
}

/** Each attempt as the platform would start it, in order, through Trigger.dev's TaskExecutor. */
async function executeRuns(
  runtime: Runtime,
  runs: readonly TriggerRun[],
  setup: TriggerSetup,
  clock: StoryClock,
) {
  const { executeAttempt, makeExecution } = runtime.testing;
  for (const [index, { ctx, attempts }] of runs.entries()) {
    for (const attempt of attempts) {
      clock.now = attempt.start;
      const execution = makeExecution(
        setup.taskId,
        { run: index },
        {
          runId: ctx.runId,
          attempt: attempt.number,
          run: { tags: [...ctx.tags], version: ctx.version },
          project: ctx.project,
          environment: ctx.environment,
          organization: ctx.organization,
          machine: 'small-1x',
          queue: ctx.queue,
        },
      );
      await executeAttempt(execution);
    }
  }
}

async function drive(
  story: StoryContext,
  runs: readonly TriggerRun[],
  sink: Sink,
  setup: TriggerSetup,
): Promise<AppendResult[]> {
  const runtime = await loadRuntime();
  runtime.testing.installTriggerTestRuntime();
  const clock: StoryClock = { now: 0 };
  const { recorder, received, problems } = registerRecorder(runtime, story, sink, setup, clock);
  defineTask(runtime, runs, setup, clock);
  await executeRuns(runtime, runs, setup, clock);
  await recorder.close();
  if (problems.length > 0) {
    throw new CairnError(
      'unavailable',
      `Trigger.dev runs: ${problems.length} problems recording: ${formatProblems(problems, 3)}`,
    );
  }
  return received;
}
