// The whole demo as data: thirty days of history, then the day's live stories of the four orchestrators, every id
// and every time derived from the seed and the story's day.
import { CairnError } from '@cairn/core';
import { dayLabel, storyDay } from './clock.js';
import type { Micros } from './clock.js';
import { demoIds } from './ids.js';
import type { DemoHighlights, Stage, StoryContext, StoryRun } from './steps.js';
import { airflowStory } from './stories/airflow.js';
import { dagsterStory } from './stories/dagster.js';
import { historyStory } from './stories/history.js';
import { prefectStory } from './stories/prefect.js';
import { triggerStory } from './stories/trigger.js';

/** Everything the demo will send. */
export type DemoPlan = {
  readonly day: Micros;
  /** `YYYY-MM-DD` of the story's day. */
  readonly dayLabel: string;
  readonly stages: readonly Stage[];
  readonly runs: readonly StoryRun[];
  readonly highlights: DemoHighlights;
};

/** What a plan is made from. */
export type PlanOptions = {
  readonly seed: string;
  /** Any instant of the day after the story (see `storyDay`). */
  readonly now: Date;
  /** When the demo records its own entries. */
  readonly recordedAt: string;
};

function complete(parts: Partial<DemoHighlights>): DemoHighlights {
  const keys = [
    'overriddenDecision',
    'contestedDecision',
    'correctedDecision',
    'rapidResponsePage',
    'driftingAgent',
  ] as const;
  for (const key of keys) {
    if (parts[key] === undefined)
      throw new CairnError('invalid_argument', `demo plan: no story provides ${key}`);
  }
  return parts as DemoHighlights;
}

/**
 * Plans the demo: the history first (the drift monitor reads version changes in log order), then the live
 * stories of Airflow, Prefect, Dagster and Trigger.dev in the order their runs start.
 *
 * @example const plan = planDemo({ seed: 'cairn-demo', now: new Date(), recordedAt: new Date().toISOString() });
 */
export function planDemo(options: PlanOptions): DemoPlan {
  const day = storyDay(options.now);
  const ctx: StoryContext = { ids: demoIds(options.seed, day), day, recordedAt: options.recordedAt };
  const stories = [
    historyStory(ctx),
    airflowStory(ctx),
    prefectStory(ctx),
    dagsterStory(ctx),
    triggerStory(ctx),
  ];
  return {
    day,
    dayLabel: dayLabel(day),
    stages: stories.flatMap((s) => s.stages),
    runs: stories.flatMap((s) => s.runs),
    highlights: complete(Object.assign({}, ...stories.map((s) => s.highlights)) as Partial<DemoHighlights>),
  };
}
