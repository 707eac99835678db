// The live Trigger.dev story: two runs of the `underwrite-loan-application` task (examples/trigger-loan-underwriting),
// executed for real by Trigger.dev's own TaskExecutor (@cairn/trigger/testing) under @cairn/trigger's middleware,
// registered with `registerCairn` and an SDK recorder whose sink is `httpSink` to the server. The first run decides at
// once; the second's first attempt times out on the credit bureau, Trigger.dev retries it, and attempt 2 decides.
import type { Decision } from '@cairn/core';
import { loanDecision, UNDERWRITER, UNDERWRITER_RELEASES } from '../agents/loan-underwriter.js';
import type { LoanApplication } from '../agents/loan-underwriter.js';
import { dayLabel, MINUTE, SECOND } from '../clock.js';
import type { Micros } from '../clock.js';
import type { Story, StoryContext } from '../steps.js';
import { driveTriggerRuns } from '../trigger/drive.js';

/** The task the story runs. */
export const TRIGGER_TASK = 'underwrite-loan-application';

/** What `registerCairn`'s recorder is built with besides the sink (examples/trigger-loan-underwriting/src/cairn.ts). */
export const TRIGGER_RECORDER = Object.freeze({
  agent: { ...UNDERWRITER, version: UNDERWRITER_RELEASES.current.agentVersion },
  defaults: { retention: { class: 'eu-ai-act-6m' }, tags: ['eu-ai-act:art12'] },
});

/** The parts of Trigger.dev's run context the story chooses (the rest are the harness's realistic defaults). */
export type TriggerRunContext = {
  readonly runId: string;
  readonly tags: readonly string[];
  /** The deployed version, `YYYYMMDD.n`. */
  readonly version: string;
  readonly project: {
    readonly id: string;
    readonly ref: string;
    readonly slug: string;
    readonly name: string;
  };
  readonly environment: { readonly id: string; readonly slug: string; readonly type: 'PRODUCTION' };
  readonly organization: { readonly id: string; readonly slug: string; readonly name: string };
  readonly queue: string;
};

/** One attempt: when it starts, the decision it records, the error it fails with (Trigger.dev then retries), its end. */
export type TriggerAttempt = {
  readonly number: number;
  readonly start: Micros;
  readonly decision?:
    { readonly body: Decision; readonly subjectRef: string; readonly at: Micros } | undefined;
  readonly failure?: { readonly type: string; readonly message: string; readonly at: Micros } | undefined;
  readonly end: Micros;
};

/** One run and its attempts. */
export type TriggerRun = { readonly ctx: TriggerRunContext; readonly attempts: readonly TriggerAttempt[] };

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function context(ctx: StoryContext, label: string): TriggerRunContext {
  const cuid = (kind: string) => ctx.ids.friendly('cm', `trigger/${kind}`, 23);
  return {
    runId: ctx.ids.friendly('run_', `trigger/run/${label}`, 25),
    tags: ['channel:web'],
    version: `${dayLabel(ctx.day).replace(/-/g, '')}.1`,
    project: {
      id: `proj_${cuid('project')}`,
      ref: ctx.ids.friendly('proj_', 'trigger/ref', 20, LETTERS),
      slug: 'lending',
      name: 'Lending',
    },
    environment: { id: `env_${cuid('environment')}`, slug: 'prod', type: 'PRODUCTION' },
    organization: { id: `org_${cuid('organization')}`, slug: 'acme-lending', name: 'Acme Lending' },
    queue: `task/${TRIGGER_TASK}`,
  };
}

function application(
  ctx: StoryContext,
  label: string,
  creditScore: number,
  income: number,
  debt: number,
): LoanApplication {
  return {
    applicationId: `APP-${(parseInt(ctx.ids.hex(`trigger/application/${label}`, 6), 16) % 90_000) + 10_000}`,
    applicantRef: ctx.ids.subject(`trigger/applicant/${label}`),
    amount: 6_000,
    termMonths: 24,
    purpose: 'vehicle',
    creditScore,
    monthlyIncome: income,
    monthlyDebt: debt,
    employmentYears: 5,
  };
}

function decided(app: LoanApplication, at: Micros): TriggerAttempt['decision'] {
  return {
    body: loanDecision(app, UNDERWRITER_RELEASES.current, 'typescript'),
    subjectRef: app.applicantRef,
    at,
  };
}

/**
 * The story's two runs.
 *
 * @example const [instant, retried] = triggerRuns(ctx);
 */
export function triggerRuns(ctx: StoryContext): TriggerRun[] {
  const first = ctx.day + 30 * MINUTE + 12 * SECOND + 318_044;
  const second = ctx.day + 31 * MINUTE + 40 * SECOND + 77_912;
  const timeout = {
    type: 'BureauUnavailableError',
    message: 'the credit bureau did not answer within 5000 ms',
  };
  return [
    {
      ctx: context(ctx, 'instant'),
      attempts: [
        {
          number: 1,
          start: first,
          decision: decided(application(ctx, 'instant', 756, 6_900, 1_150), first + 912_000),
          end: first + 1_204_000,
        },
      ],
    },
    {
      ctx: context(ctx, 'retried'),
      attempts: [
        {
          number: 1,
          start: second,
          failure: { ...timeout, at: second + 5_013_000 },
          end: second + 5_013_000,
        },
        {
          number: 2,
          start: second + 6_871_000,
          decision: decided(application(ctx, 'retried', 731, 5_400, 1_290), second + 7_644_000),
          end: second + 7_902_000,
        },
      ],
    },
  ];
}

/**
 * The live Trigger.dev story of the demo's day: one step that executes both runs and sends what the middleware
 * records.
 *
 * @example const { stages, runs } = triggerStory(ctx);
 */
export function triggerStory(ctx: StoryContext): Story {
  const runs = triggerRuns(ctx);
  return {
    stages: [
      {
        steps: [
          {
            kind: 'drive',
            orchestrator: 'trigger.dev',
            message: `${runs.length} runs of ${TRIGGER_TASK} through @cairn/trigger's middleware`,
            drive: (sink) => driveTriggerRuns(ctx, runs, sink, { taskId: TRIGGER_TASK, ...TRIGGER_RECORDER }),
          },
        ],
        concurrency: 1,
      },
    ],
    runs: runs.map((run) => ({ orchestrator: 'trigger.dev', runId: run.ctx.runId, workflow: TRIGGER_TASK })),
    highlights: {},
  };
}
