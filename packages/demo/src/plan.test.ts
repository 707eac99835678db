// The plan without a server: what the demo would send, its determinism, its times, and the history's drift.
import { validateEntry } from '@cairn/core';
import type { DecisionEntry, Entry } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, storyDay } from './clock.js';
import { planDemo } from './plan.js';
import type { DemoPlan } from './plan.js';
import { ackBook } from './steps.js';
import { HISTORY } from './stories/history.js';

const AFTERNOON = new Date('2026-11-23T14:00:00Z');
const plan = (seed: string, now = AFTERNOON, recordedAt = '2026-11-23T14:00:00.000Z') =>
  planDemo({ seed, now, recordedAt });

function entriesOf(p: DemoPlan): Entry[] {
  const acks = ackBook();
  return p.stages.flatMap((stage) =>
    stage.steps.flatMap((step) => (step.kind === 'entries' ? step.entries(acks) : [])),
  );
}

function payloadsOf(p: DemoPlan): string[] {
  return p.stages.flatMap((stage) =>
    stage.steps.flatMap((step) => (step.kind === 'payload' ? [step.body] : [])),
  );
}

const base = plan('cairn-demo');
const entries = entriesOf(base);
const decisions = entries.filter((e): e is DecisionEntry => e.kind === 'decision');

describe('storyDay', () => {
  it('dates the story to the day of now minus one hour, so its live hour has passed', () => {
    expect(storyDay(AFTERNOON)).toBe(Date.UTC(2026, 10, 23) * 1000);
    expect(storyDay(new Date('2026-11-23T00:30:00Z'))).toBe(Date.UTC(2026, 10, 22) * 1000);
  });
});

describe('planDemo', () => {
  it('builds only entries that validate, with ids unique across the plan', () => {
    expect(entries.every((e) => validateEntry(e).ok)).toBe(true);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it("keeps each producer's sequence gap-free from 0 in the order the entries are sent", () => {
    const seqs = new Map<string, number[]>();
    for (const e of entries) seqs.set(e.producer.id, [...(seqs.get(e.producer.id) ?? []), e.producer.seq]);
    for (const list of seqs.values()) expect(list).toStrictEqual(list.map((_, i) => i));
  });

  it('plans the same ids and payload bytes for any instant of the same story day', () => {
    const later = plan('cairn-demo', new Date('2026-11-23T23:59:00Z'), '2026-11-24T00:00:00.000Z');
    expect(entriesOf(later).map((e) => e.id)).toStrictEqual(entries.map((e) => e.id));
    expect(payloadsOf(later)).toStrictEqual(payloadsOf(base));
    expect(later.runs).toStrictEqual(base.runs);
  });

  it('plans other entry ids for another seed, and another story for another day', () => {
    const ids = new Set(entries.map((e) => e.id));
    expect(entriesOf(plan('another-seed')).some((e) => ids.has(e.id))).toBe(false);
    const tomorrow = plan('cairn-demo', new Date(AFTERNOON.getTime() + 86_400_000));
    expect(entriesOf(tomorrow).some((e) => ids.has(e.id))).toBe(false);
  });

  it("dates the history in the 30 days before the story's day and the live story in its first hour", () => {
    const day = storyDay(AFTERNOON);
    const times = entries.map((e) => Date.parse(e.occurredAt) * 1000);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(day - HISTORY.days * DAY);
    expect(Math.max(...times)).toBeLessThan(day + HOUR);
    expect(entries.every((e) => e.recordedAt === '2026-11-23T14:00:00.000Z')).toBe(true);
  });

  it('shifts the underwriting mix toward decline from the rollout on, under the new model and policy', () => {
    const rollout = storyDay(AFTERNOON) - HISTORY.rolloutDaysAgo * DAY;
    const history = decisions.filter((d) => Date.parse(d.occurredAt) * 1000 < storyDay(AFTERNOON));
    const share = (list: DecisionEntry[]) =>
      list.filter((d) => d.decision.chosen.label === 'decline').length / list.length;
    const before = history.filter((d) => Date.parse(d.occurredAt) * 1000 < rollout);
    const after = history.filter((d) => Date.parse(d.occurredAt) * 1000 >= rollout);
    expect(before.length + after.length).toBe(HISTORY.days * HISTORY.decisionsPerDay);
    expect(share(after)).toBeGreaterThan(2 * share(before));
    expect(new Set(before.map((d) => d.decision.model?.name)).size).toBe(1);
    expect(new Set(after.map((d) => d.decision.model?.name))).not.toContain(before[0]!.decision.model?.name);
  });

  it('makes every decision follow from its scores: the chosen option is one with the highest score', () => {
    for (const { decision } of decisions) {
      const top = Math.max(...decision.alternatives.map((a) => a.score ?? 0));
      expect(decision.alternatives.find((a) => a.label === decision.chosen.label)!.score).toBe(top);
    }
  });

  it('points the highlights at an overridden decline, a contested adverse decline and a clinician-decided page', () => {
    const byId = new Map(decisions.map((d) => [d.id, d.decision]));
    expect(byId.get(base.highlights.overriddenDecision)?.chosen.label).toBe('decline');
    expect(byId.get(base.highlights.contestedDecision)?.outcome?.adverse).toBe(true);
    expect(byId.get(base.highlights.correctedDecision)?.type).toBe('claims.triage');
    expect(byId.get(base.highlights.rapidResponsePage)).toMatchObject({
      chosen: { label: 'page_rapid_response' },
      humanDecider: { role: 'charge nurse' },
    });
  });

  it('links every live decision to a run of its orchestrator that the plan names', () => {
    const runs = new Set(base.runs.map((r) => `${r.orchestrator}/${r.runId}`));
    const live = decisions.filter((d) => Date.parse(d.occurredAt) * 1000 >= storyDay(AFTERNOON));
    expect(live.length).toBeGreaterThan(0);
    for (const d of live) expect(runs.has(`${d.run.orchestrator}/${d.run.id}`)).toBe(true);
  });
});
