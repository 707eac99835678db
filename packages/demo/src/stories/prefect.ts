// The live Prefect story: tonight's `claims-triage` flow run (examples/prefect-claims-triage) triages four claims,
// one task run each. The automation posts the flow run's Pending, Running and Completed events and each task run's
// Completed event to the real receiver; the agent's decisions, made through `cairn_client` inside each task, carry
// the flow run, the task run and the run count. Later a claims handler corrects one decision: the OCR read the
// claimed amount as 18,400 where the form says 1,840.
import type { Entry, RunLink } from '@cairn/core';
import { claimDecision } from '../agents/claims-triage.js';
import type { Claim } from '../agents/claims-triage.js';
import { MINUTE, SECOND } from '../clock.js';
import type { Micros } from '../clock.js';
import { buildEntry, producer } from '../entries.js';
import { flowRunStateEvent, taskRunStateEvent, tojsonBody } from '../prefect/events.js';
import type { PrefectSetting, PrefectState, PrefectTaskRun, StateChange } from '../prefect/events.js';
import { entriesStep } from '../steps.js';
import type { Acks, PayloadStep, Step, Story, StoryContext } from '../steps.js';
import { pythonProducer } from './payloads.js';

/** The self-hosted Prefect UI the decisions link to (`prefect.runtime.flow_run.ui_url`). */
export const PREFECT_UI = 'http://localhost:4200';

/** Tonight's claims: [amount, tier, prior claims in 12 months, days since the policy started]. */
const CLAIMS: readonly (readonly [number, Claim['policyTier'], number, number])[] = [
  [1_800, 'gold', 0, 410],
  [18_400, 'silver', 0, 233],
  [2_900, 'bronze', 4, 12],
  [4_100, 'gold', 1, 800],
];

/** The claim whose amount the OCR misread. */
const MISREAD = 1;
const CORRECT_AMOUNT = 1_840;

const STATE: Record<string, PrefectState> = {
  scheduled: { type: 'SCHEDULED', name: 'Scheduled' },
  pending: { type: 'PENDING', name: 'Pending' },
  running: { type: 'RUNNING', name: 'Running' },
  completed: { type: 'COMPLETED', name: 'Completed' },
};

function setting(ctx: StoryContext): PrefectSetting {
  const id = (label: string) => ctx.ids.uuid4(`prefect/${label}`);
  return {
    flow: { id: id('flow'), name: 'claims-triage' },
    deployment: { id: id('deployment'), name: 'claims-triage/production' },
    workQueue: { id: id('work-queue'), name: 'default' },
    workPool: { id: id('work-pool'), name: 'claims-k8s', type: 'kubernetes' },
    tags: ['claims', 'production'],
    flowRun: { id: id('flow-run'), name: 'amber-heron' },
  };
}

function eventStep(body: string, message: string): PayloadStep {
  return { kind: 'payload', orchestrator: 'prefect', path: '/hooks/prefect', body, gzip: false, message };
}

function taskRuns(ctx: StoryContext, start: Micros): PrefectTaskRun[] {
  const taskKey = `triage_claim-${ctx.ids.hex('prefect/task-key', 8)}`;
  return CLAIMS.map((_, i) => {
    const begin = start + i * 3 * SECOND + 117_000 * (i + 1);
    return {
      id: ctx.ids.uuid4(`prefect/task-run/${i}`),
      name: `triage_claim-${i}`,
      taskKey,
      dynamicKey: String(i),
      start: begin,
      end: begin + 1_400_000 + 23_000 * i,
      retries: 2,
      retryDelaySeconds: 10,
    };
  });
}

/** The run link `cairn_client` builds inside a Prefect task (`_prefect_run`). */
function decisionRun(s: PrefectSetting, task: PrefectTaskRun): RunLink {
  return {
    orchestrator: 'prefect',
    id: s.flowRun.id,
    workflow: { id: s.flow.name },
    task: { id: 'triage_claim', runId: task.id },
    attempt: 1,
    url: `${PREFECT_UI}/runs/flow-run/${s.flowRun.id}`,
  };
}

function claims(ctx: StoryContext): Claim[] {
  return CLAIMS.map(([amount, policyTier, priorClaims12m, daysSincePolicyStart], i) => ({
    claimId: `CLM-${(parseInt(ctx.ids.hex(`prefect/claim/${i}`, 6), 16) % 9_000) + 1_000}`,
    claimantRef: ctx.ids.subject(`prefect/claimant/${i}`),
    amount,
    policyTier,
    priorClaims12m,
    daysSincePolicyStart,
  }));
}

function correction(ctx: StoryContext, decisionId: string, claim: Claim) {
  const at = ctx.day + 48 * MINUTE + 2 * SECOND + 301_000;
  const desk = producer(`claims-desk:${ctx.ids.hex('prefect/desk', 8)}`);
  return (acks: Acks): Entry[] => [
    buildEntry(
      {
        kind: 'correction',
        correction: {
          reason: `OCR misread the claimed amount as ${claim.amount}; the claim form says ${CORRECT_AMOUNT}. Re-triage to fast track.`,
          changes: [
            { path: 'decision.context.amount', value: CORRECT_AMOUNT },
            { path: 'decision.chosen', value: { label: 'fast_track' } },
          ],
        },
      },
      {
        id: ctx.ids.uuid7('prefect/correction', at),
        occurredAt: at,
        recordedAt: ctx.recordedAt,
        producer: desk,
        refs: [acks.ref(decisionId)],
        subject: { ref: claim.claimantRef },
        retention: { class: 'finra-6y' },
      },
    ),
  ];
}

/** A transition of the story: its label (for ids), time, states, run count and the state it follows. */
type Transition = {
  label: string;
  at: Micros;
  from: PrefectState;
  to: PrefectState;
  runCount: number;
  follows?: string;
};

function change(ctx: StoryContext, t: Transition): StateChange {
  const received = t.at + 40_000 + Math.floor(ctx.ids.random(`prefect/received/${t.label}`)() * 50_000);
  const { from, to, runCount, follows } = t;
  return {
    id: ctx.ids.uuid4(`prefect/state/${t.label}`),
    follows,
    occurred: t.at,
    received,
    from,
    to,
    runCount,
  };
}

/** Each claim's task run: the agent's decision inside it, then the client's Completed event. */
function taskSteps(
  ctx: StoryContext,
  s: PrefectSetting,
  tasks: readonly PrefectTaskRun[],
  claimList: readonly Claim[],
) {
  // The tasks run in the flow run's process, so one cairn_client producer records every decision.
  const worker = pythonProducer(ctx.ids, 'claims-triage-7f9c4-x2k8d', 'prefect/flow-run');
  const decisions: Entry[] = [];
  const steps = tasks.flatMap((task, i): Step[] => {
    const at = task.end - 201_000;
    const claim = claimList[i]!;
    const decision = buildEntry(
      { kind: 'decision', decision: claimDecision(claim) },
      {
        id: ctx.ids.uuid7(`prefect/decision/${i}`, at),
        occurredAt: at,
        recordedAt: ctx.recordedAt,
        producer: worker,
        run: decisionRun(s, task),
        subject: { ref: claim.claimantRef },
        retention: { class: 'finra-6y' },
        tags: ['eu-ai-act:art12', 'gdpr:art22'],
      },
    );
    decisions.push(decision);
    const running = ctx.ids.uuid4(`prefect/state/task/${i}/running`);
    const completed = change(ctx, {
      label: `task/${i}/completed`,
      at: task.end,
      from: STATE.running!,
      to: STATE.completed!,
      runCount: 1,
      follows: running,
    });
    return [
      entriesStep('prefect', `claims-triage decision for ${claim.claimId}`, [decision]),
      eventStep(tojsonBody(taskRunStateEvent(s, task, completed)), `task run ${task.name} Completed`),
    ];
  });
  return { steps, decisions };
}

/**
 * The live Prefect story of the demo's day.
 *
 * @example const { stages, runs } = prefectStory(ctx);
 */
export function prefectStory(ctx: StoryContext): Story {
  const s = setting(ctx);
  const start = ctx.day + 15 * MINUTE;
  const pending = change(ctx, {
    label: 'pending',
    at: start + 204_118,
    from: STATE.scheduled!,
    to: STATE.pending!,
    runCount: 0,
  });
  const running = change(ctx, {
    label: 'running',
    at: start + 4 * SECOND + 871_205,
    from: STATE.pending!,
    to: STATE.running!,
    runCount: 1,
    follows: pending.id,
  });
  const tasks = taskRuns(ctx, running.occurred + 300_000);
  const end = tasks.at(-1)!.end + 612_447;
  const completed = change(ctx, {
    label: 'completed',
    at: end,
    from: STATE.running!,
    to: STATE.completed!,
    runCount: 1,
    follows: running.id,
  });
  const claimList = claims(ctx);
  const { steps, decisions } = taskSteps(ctx, s, tasks, claimList);
  const fix = correction(ctx, decisions[MISREAD]!.id, claimList[MISREAD]!);
  return {
    stages: [
      {
        steps: [
          eventStep(tojsonBody(flowRunStateEvent(s, pending)), 'flow run Pending'),
          eventStep(tojsonBody(flowRunStateEvent(s, running)), 'flow run Running'),
          ...steps,
          eventStep(tojsonBody(flowRunStateEvent(s, completed)), 'flow run Completed'),
          {
            kind: 'entries',
            orchestrator: 'prefect',
            message: 'a claims handler corrects a misread amount',
            entries: fix,
          },
        ],
        concurrency: 1,
      },
    ],
    runs: [{ orchestrator: 'prefect', runId: s.flowRun.id, workflow: s.flow.name }],
    highlights: { correctedDecision: decisions[MISREAD]!.id },
  };
}
