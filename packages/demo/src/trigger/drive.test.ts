// The Trigger.dev story driven through the real middleware (Trigger.dev's TaskExecutor via @cairn/trigger/testing,
// registerCairn, the SDK recorder) into a writer that really stores in memory. Expectations come from the story's
// inputs and @cairn/trigger's README (run link table, lifecycle states), not from the code under test.
import { canonicalBytes, leafHash, toHex, validateEntry } from '@cairn/core';
import type { AppendResult, Entry, EntryWriter, RunEventEntry } from '@cairn/core';
import { ledgerSink } from '@cairn/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { isoMillis, storyDay } from '../clock.js';
import { demoIds } from '../ids.js';
import type { StoryContext } from '../steps.js';
import { TRIGGER_RECORDER, TRIGGER_TASK, triggerRuns, triggerStory } from '../stories/trigger.js';
import type { TriggerRun } from '../stories/trigger.js';

function memoryWriter(): EntryWriter & { readonly stored: Entry[] } {
  const stored: Entry[] = [];
  return {
    stored,
    append(entries) {
      return Promise.resolve(
        entries.map((entry): AppendResult => {
          const seen = stored.findIndex((e) => e.id === entry.id);
          const index = seen >= 0 ? seen : stored.push(entry) - 1;
          return {
            id: entry.id,
            index,
            leafHash: toHex(leafHash(canonicalBytes(stored[index]))),
            duplicate: seen >= 0,
          };
        }),
      );
    },
  };
}

const day = storyDay(new Date('2026-11-23T14:00:00Z'));
const ctx: StoryContext = { ids: demoIds('drive-test', day), day, recordedAt: '2026-11-23T14:00:00.000Z' };
const runs = triggerRuns(ctx);
const writer = memoryWriter();
let first: readonly AppendResult[];
let second: readonly AppendResult[];

async function driveInto(sinkWriter: EntryWriter): Promise<readonly AppendResult[]> {
  const step = triggerStory(ctx).stages[0]!.steps[0]!;
  if (step.kind !== 'drive') throw new Error('expected the Trigger.dev story to drive real runs');
  return step.drive(ledgerSink(sinkWriter));
}

beforeAll(async () => {
  first = await driveInto(writer);
  second = await driveInto(writer);
});

const ofRun = (run: TriggerRun) => writer.stored.filter((e) => e.run?.id === run.ctx.runId);
const timeline = (entries: Entry[]) =>
  entries.map((e) =>
    e.kind === 'run_event' ? `${e.runEvent.state}@${e.run.attempt}` : `${e.kind}@${e.run?.attempt}`,
  );

describe('the Trigger.dev story, run through the real middleware', () => {
  it('records a run that decides on its first attempt: start, decision, success, completion', () => {
    expect(timeline(ofRun(runs[0]!))).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'decision@1',
      'RUN_SUCCEEDED@1',
      'RUN_COMPLETED@1',
    ]);
  });

  it('records a run whose first attempt times out as retrying, with the error, then the decision of attempt 2', () => {
    const entries = ofRun(runs[1]!);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'ATTEMPT_FAILED@1',
      'ATTEMPT_STARTED@2',
      'decision@2',
      'RUN_SUCCEEDED@2',
      'RUN_COMPLETED@2',
    ]);
    const failed = entries[1] as RunEventEntry;
    const failure = runs[1]!.attempts[0]!.failure!;
    expect(failed.runEvent.status).toBe('retrying');
    expect(failed.runEvent.error).toStrictEqual({ type: failure.type, message: failure.message });
    expect(failed.runEvent.source.type).toBe('trigger.dev/catchError');
  });

  it("links every entry to its run as the README's table says, with the recorder's defaults", () => {
    for (const run of runs) {
      for (const entry of ofRun(run)) {
        expect(validateEntry(entry).ok).toBe(true);
        expect(entry.run).toMatchObject({
          orchestrator: 'trigger.dev',
          id: run.ctx.runId,
          workflow: { id: TRIGGER_TASK },
          namespace: run.ctx.project.ref,
          environment: 'prod',
          tags: ['channel:web'],
          url: `https://cloud.trigger.dev/projects/v3/${run.ctx.project.ref}/runs/${run.ctx.runId}`,
          ids: {
            'trigger.version': run.ctx.version,
            'trigger.queue': run.ctx.queue,
            'trigger.projectId': run.ctx.project.id,
            'trigger.organizationId': run.ctx.organization.id,
            'trigger.environmentId': run.ctx.environment.id,
            'trigger.environmentType': 'PRODUCTION',
            'trigger.machine': 'small-1x',
          },
        });
        expect(entry.retention).toStrictEqual(TRIGGER_RECORDER.defaults.retention);
        expect(entry.tags).toStrictEqual(TRIGGER_RECORDER.defaults.tags);
      }
    }
  });

  it("dates each decision at the story's time and names its applicant", () => {
    for (const run of runs) {
      const attempt = run.attempts.find((a) => a.decision !== undefined)!;
      const decision = ofRun(run).find((e) => e.kind === 'decision')!;
      expect(decision.occurredAt).toBe(isoMillis(attempt.decision!.at));
      expect(decision.subject).toStrictEqual({ ref: attempt.decision!.subjectRef });
      expect(decision.kind === 'decision' && decision.decision.agent).toStrictEqual(TRIGGER_RECORDER.agent);
    }
  });

  it('keeps one producer with a gap-free sequence across both runs', () => {
    expect(new Set(writer.stored.map((e) => e.producer.id)).size).toBe(1);
    expect(writer.stored.map((e) => e.producer.seq)).toStrictEqual(writer.stored.map((_, i) => i));
  });

  it('records the same ids when driven again, so a second load stores nothing new', () => {
    expect(first.length).toBe(10);
    expect(first.every((r) => !r.duplicate)).toBe(true);
    expect(second.map((r) => r.id)).toStrictEqual(first.map((r) => r.id));
    expect(second.every((r) => r.duplicate)).toBe(true);
    expect(writer.stored).toHaveLength(first.length);
  });
});
