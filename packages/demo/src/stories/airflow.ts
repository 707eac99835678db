// The live Airflow story: tonight's scheduled `loan_review` run. Its first task fails on the applications database and
// succeeds on try 2; the underwriting task then decides six applications (two approvals, two referrals, two adverse
// declines). Later a senior underwriter overrides one decline to a referral, and another applicant contests theirs.
// The OpenLineage events go to the real receiver; the decisions, made through `cairn_client` inside the task, carry
// the same DAG run, task and try.
import type { Entry } from '@cairn/core';
import { loanDecision, UNDERWRITER_RELEASES } from '../agents/loan-underwriter.js';
import type { LoanApplication } from '../agents/loan-underwriter.js';
import { dagRunEvents } from '../airflow/dag-run.js';
import type { DagRunStory } from '../airflow/dag-run.js';
import { loanReviewRun, taskRunLink } from '../airflow/loan-review-dag.js';
import { MINUTE, SECOND } from '../clock.js';
import type { Micros } from '../clock.js';
import { buildEntry, producer } from '../entries.js';
import { entriesStep } from '../steps.js';
import type { Acks, EntriesStep, Step, Story, StoryContext } from '../steps.js';
import { lineageStep, pythonProducer } from './payloads.js';

/** Tonight's applications: [credit score, monthly income, monthly debt, amount, term, years employed, purpose]. */
const APPLICATIONS: readonly (readonly [number, number, number, number, number, number, string])[] = [
  [780, 7400, 1200, 18_000, 48, 9, 'home_improvement'],
  [712, 6200, 1450, 25_000, 60, 6, 'debt_consolidation'],
  [745, 9100, 2100, 32_000, 60, 12, 'vehicle'],
  [668, 4800, 2050, 9_500, 36, 3, 'medical'],
  [603, 3900, 1950, 12_000, 48, 2, 'debt_consolidation'],
  [588, 4200, 2350, 7_500, 36, 1, 'personal'],
];

/** The decline a senior underwriter overrides, and the one its applicant contests (indexes into APPLICATIONS). */
const OVERRIDDEN = 4;
const CONTESTED = 5;

function applications(ctx: StoryContext): LoanApplication[] {
  return APPLICATIONS.map(
    ([creditScore, monthlyIncome, monthlyDebt, amount, termMonths, employmentYears, purpose], i) => ({
      applicationId: `APP-${(parseInt(ctx.ids.hex(`airflow/application/${i}`, 6), 16) % 90_000) + 10_000}`,
      applicantRef: ctx.ids.subject(`airflow/applicant/${i}`),
      amount,
      termMonths,
      purpose,
      creditScore,
      monthlyIncome,
      monthlyDebt,
      employmentYears,
    }),
  );
}

function liveRun(ctx: StoryContext): DagRunStory {
  const jitter = ctx.ids.random('airflow/live/timing');
  return loanReviewRun(ctx.day, ctx.day, { loadRetried: true, underwriteSeconds: 14.2, jitter });
}

function decisions(ctx: StoryContext, story: DagRunStory, apps: readonly LoanApplication[]): Entry[] {
  const underwrite = story.tries.at(-1)!;
  const tiId = ctx.ids.uuid7('airflow/live/ti/underwrite_all/1', underwrite.queued);
  const run = taskRunLink(story, underwrite, tiId);
  const worker = pythonProducer(ctx.ids, 'airflow-worker-2', 'airflow/live/underwrite_all/1');
  return apps.map((app, i) => {
    const at = underwrite.start + (i + 1) * 2 * SECOND + 183_411;
    const decision = loanDecision(app, UNDERWRITER_RELEASES.current, 'python');
    return buildEntry(
      { kind: 'decision', decision },
      {
        id: ctx.ids.uuid7(`airflow/live/decision/${i}`, at),
        occurredAt: at,
        recordedAt: ctx.recordedAt,
        producer: worker,
        run,
        subject: { ref: app.applicantRef },
        retention: { class: 'co-3y' },
        tags: decision.outcome?.adverse ? ['gdpr:art22'] : undefined,
      },
    );
  });
}

/** Who acts on a decision later, when, about which applicant. */
type Later = {
  readonly ctx: StoryContext;
  readonly decisionId: string;
  readonly applicant: LoanApplication;
  readonly at: Micros;
};

/** A senior underwriter, in the underwriting console, overrides a decline to a referral (EU AI Act Art. 14). */
function override({ ctx, decisionId, applicant, at }: Later): EntriesStep['entries'] {
  const reviewConsole = producer(`underwriting-console:${ctx.ids.hex('airflow/console', 8)}`);
  return (acks: Acks) => [
    buildEntry(
      {
        kind: 'oversight',
        oversight: {
          action: 'overridden',
          reviewer: { id: `uw_${ctx.ids.hex('airflow/reviewer', 6)}`, role: 'senior underwriter' },
          note: 'Payslips show the car loan ended in October: monthly debt is 1,450, not 1,950. Refer for manual underwriting.',
          newChoice: { label: 'refer' },
        },
      },
      {
        id: ctx.ids.uuid7('airflow/live/override', at),
        occurredAt: at,
        recordedAt: ctx.recordedAt,
        producer: reviewConsole,
        refs: [acks.ref(decisionId)],
        subject: { ref: applicant.applicantRef },
        retention: { class: 'co-3y' },
        tags: ['eu-ai-act:art14'],
      },
    ),
  ];
}

/** The applicant contests a decline through the customer portal (GDPR Art. 22(3)). */
function contest({ ctx, decisionId, applicant, at }: Later): EntriesStep['entries'] {
  const portal = producer(`customer-portal:${ctx.ids.hex('airflow/portal', 8)}`);
  return (acks: Acks) => [
    buildEntry(
      {
        kind: 'contest',
        contest: {
          by: 'data_subject',
          grounds: 'The decision used a credit file from before my last two repayments were reported.',
          channel: 'customer-portal',
          requestedAction: 'human review of the decision',
        },
      },
      {
        id: ctx.ids.uuid7('airflow/live/contest', at),
        occurredAt: at,
        recordedAt: ctx.recordedAt,
        producer: portal,
        refs: [acks.ref(decisionId)],
        subject: { ref: applicant.applicantRef },
        retention: { class: 'co-3y' },
        tags: ['gdpr:art22'],
      },
    ),
  ];
}

function reviewSteps(
  ctx: StoryContext,
  made: readonly Entry[],
  apps: readonly LoanApplication[],
): EntriesStep[] {
  const later = (i: number, at: Micros): Later => ({ ctx, decisionId: made[i]!.id, applicant: apps[i]!, at });
  const overrideAt = ctx.day + 42 * MINUTE + 10 * SECOND + 512_000;
  const contestAt = ctx.day + 55 * MINUTE + 31 * SECOND + 77_000;
  return [
    {
      kind: 'entries',
      orchestrator: 'airflow',
      message: 'a senior underwriter overrides a decline',
      entries: override(later(OVERRIDDEN, overrideAt)),
    },
    {
      kind: 'entries',
      orchestrator: 'airflow',
      message: 'an applicant contests a decline',
      entries: contest(later(CONTESTED, contestAt)),
    },
  ];
}

/**
 * The live Airflow story of the demo's day.
 *
 * @example const { stages, runs } = airflowStory(ctx);
 */
export function airflowStory(ctx: StoryContext): Story {
  const story = liveRun(ctx);
  const apps = applications(ctx);
  const made = decisions(ctx, story, apps);
  const underwriteStart = story.tries.at(-1)!.start;
  const steps: Step[] = [];
  let decided = false;
  for (const event of dagRunEvents(story)) {
    // The decisions are made while the underwriting task runs: after its START, before its COMPLETE.
    if (event.at > underwriteStart && !decided) {
      steps.push(
        entriesStep('airflow', `${made.length} underwriting decisions in underwrite_all try 1`, made),
      );
      decided = true;
    }
    steps.push(lineageStep('airflow', event));
  }
  steps.push(...reviewSteps(ctx, made, apps));
  return {
    stages: [{ steps, concurrency: 1 }],
    runs: [{ orchestrator: 'airflow', runId: story.run.runId, workflow: story.dag.dagId }],
    highlights: {
      overriddenDecision: made[OVERRIDDEN]!.id,
      contestedDecision: made[CONTESTED]!.id,
    },
  };
}
