// Thirty days of history before the live story, so the drift monitor has something to show: one scheduled
// `loan_review` run a day, each with its OpenLineage events and 40 underwriting decisions. A week ago release 4.1.0
// rolled out (new model, prompt and a stricter credit policy), and the chosen-option mix moved from 60/25/15 to
// 35/25/40 approve/refer/decline: the shift the drift README's detectors are shown to flag at the window it starts.
// Every decision follows from its applicant under the release's rules; applicants are drawn until the day's mix holds.
import type { Entry } from '@cairn/core';
import { loanDecision, underwrite, UNDERWRITER_RELEASES } from '../agents/loan-underwriter.js';
import type { LoanApplication, LoanChoice, UnderwriterRelease } from '../agents/loan-underwriter.js';
import { dagRunEvents } from '../airflow/dag-run.js';
import { loanReviewRun, taskRunLink } from '../airflow/loan-review-dag.js';
import { DAY, SECOND } from '../clock.js';
import { buildEntry } from '../entries.js';
import { entriesStep } from '../steps.js';
import type { Story, StoryContext } from '../steps.js';
import { lineageStep, pythonProducer } from './payloads.js';

/** Days of history before the story's day, decisions per day, and how many days ago the rollout happened. */
export const HISTORY = Object.freeze({ days: 30, decisionsPerDay: 40, rolloutDaysAgo: 7 });

const MIX: Readonly<Record<'previous' | 'current', Readonly<Record<LoanChoice, number>>>> = {
  previous: { approve: 24, refer: 10, decline: 6 },
  current: { approve: 14, refer: 10, decline: 16 },
};
const PURPOSES = ['debt_consolidation', 'home_improvement', 'vehicle', 'medical', 'personal'] as const;
const MAX_DRAWS = 1_000;
const DAYS_PER_BATCH = 10;

function drawApplicant(random: () => number, id: string, ref: string): LoanApplication {
  const pick = (n: number) => Math.floor(random() * n);
  const monthlyIncome = 2_800 + 50 * pick(185);
  return {
    applicationId: id,
    applicantRef: ref,
    creditScore: 540 + pick(281),
    monthlyIncome,
    monthlyDebt: Math.round(monthlyIncome * (0.05 + random() * 0.57)),
    amount: 3_000 + 500 * pick(75),
    termMonths: [24, 36, 48, 60][pick(4)]!,
    employmentYears: pick(21),
    purpose: PURPOSES[pick(PURPOSES.length)]!,
  };
}

/** The day's chosen labels in a shuffled order (Fisher–Yates over the day's generator). */
function dayLabels(mix: Readonly<Record<LoanChoice, number>>, random: () => number): LoanChoice[] {
  const labels = (Object.entries(mix) as [LoanChoice, number][]).flatMap(([label, n]) =>
    Array<LoanChoice>(n).fill(label),
  );
  for (let i = labels.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [labels[i], labels[j]] = [labels[j]!, labels[i]!];
  }
  return labels;
}

function applicantFor(
  ctx: StoryContext,
  daysAgo: number,
  i: number,
  target: LoanChoice,
  release: UnderwriterRelease,
): LoanApplication {
  const random = ctx.ids.random(`history/${daysAgo}/applicant/${i}`);
  const id = `APP-${(parseInt(ctx.ids.hex(`history/${daysAgo}/application/${i}`, 6), 16) % 90_000) + 10_000}`;
  const ref = ctx.ids.subject(`history/${daysAgo}/applicant/${i}`);
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const app = drawApplicant(random, id, ref);
    if (underwrite(app, release).chosen === target) return app;
  }
  throw new RangeError(`history: no applicant for ${target} in ${MAX_DRAWS} draws`);
}

function dayOf(ctx: StoryContext, daysAgo: number) {
  const logicalDate = ctx.day - daysAgo * DAY;
  const jitter = ctx.ids.random(`history/${daysAgo}/timing`);
  const story = loanReviewRun(ctx.day, logicalDate, { loadRetried: false, underwriteSeconds: 650.4, jitter });
  const release =
    daysAgo <= HISTORY.rolloutDaysAgo ? UNDERWRITER_RELEASES.current : UNDERWRITER_RELEASES.previous;
  const mix = daysAgo <= HISTORY.rolloutDaysAgo ? MIX.current : MIX.previous;
  const underwriteTry = story.tries.at(-1)!;
  const run = taskRunLink(story, underwriteTry, ctx.ids.uuid7(`history/${daysAgo}/ti`, underwriteTry.queued));
  const worker = pythonProducer(ctx.ids, `airflow-worker-${1 + (daysAgo % 3)}`, `history/${daysAgo}`);
  const decisions = dayLabels(mix, ctx.ids.random(`history/${daysAgo}/labels`)).map((target, i): Entry => {
    const app = applicantFor(ctx, daysAgo, i, target, release);
    const at = underwriteTry.start + (i + 1) * 15 * SECOND + Math.floor(jitter() * SECOND);
    return buildEntry(
      { kind: 'decision', decision: loanDecision(app, release, 'python') },
      {
        id: ctx.ids.uuid7(`history/${daysAgo}/decision/${i}`, at),
        occurredAt: at,
        recordedAt: ctx.recordedAt,
        producer: worker,
        run,
        subject: { ref: app.applicantRef },
        retention: { class: 'co-3y' },
      },
    );
  });
  return { story, decisions };
}

/**
 * The history, oldest day first: one stage posting every day's OpenLineage events a few at a time, then the
 * decisions in batches, in time order (the drift monitor reads version changes in log order).
 *
 * @example const { stages } = historyStory(ctx);
 */
export function historyStory(ctx: StoryContext): Story {
  const days = Array.from({ length: HISTORY.days }, (_, i) => dayOf(ctx, HISTORY.days - i));
  const events = days.flatMap(({ story }) =>
    dagRunEvents(story).map((event) => lineageStep('airflow', event)),
  );
  const batches = [];
  for (let i = 0; i < days.length; i += DAYS_PER_BATCH) {
    const part = days.slice(i, i + DAYS_PER_BATCH);
    const entries = part.flatMap((d) => d.decisions);
    batches.push(
      entriesStep('airflow', `${entries.length} underwriting decisions of ${part.length} past days`, entries),
    );
  }
  return {
    stages: [
      { steps: events, concurrency: 6 },
      { steps: batches, concurrency: 1 },
    ],
    // The report lists the live runs; these thirty are the backdrop.
    runs: [],
    highlights: { driftingAgent: 'loan-underwriter' },
  };
}
