import { describe, expect, it } from 'vitest';
import { validateEntry } from '@cairn/core';
import type { DecisionEntry } from '@cairn/core';
import type { SealedEntry } from './collect.js';
import { similarReasoning } from './reasoning.js';
import { replay } from './replay.js';
import type { ReplayAgent } from './replay.js';
import { createMemoryWriter } from './test-support/memory-writer.js';
import { createPrng } from './test-support/prng.js';
import { asAsync } from './test-support/synthetic.js';

type Applicant = { income: number; creditScore: number };

// Production policy: approve from an income of 50,000 and a score of 650.
function production(a: Applicant, incomeFloor = 50_000): { chosen: string; reasoning: string } {
  const approve = a.income >= incomeFloor && a.creditScore >= 650;
  return approve
    ? { chosen: 'approve', reasoning: 'Income and credit score meet the policy.' }
    : { chosen: 'deny', reasoning: 'Income or credit score below the policy floor.' };
}

function recorded(count: number): SealedEntry[] {
  const prng = createPrng(51);
  return Array.from({ length: count }, (_, i) => {
    const context = { income: 30_000 + prng.int(50_000), creditScore: 550 + prng.int(300) };
    const { chosen, reasoning } = production(context);
    const at = new Date(Date.UTC(2026, 1, 1, 0, i)).toISOString();
    const entry: DecisionEntry = {
      v: 1,
      kind: 'decision',
      id: `dec-${i}`,
      occurredAt: at,
      recordedAt: at,
      producer: { id: 'app', seq: i },
      run: { orchestrator: 'other', id: `run-${i}` },
      decision: {
        type: 'loan.underwriting',
        agent: { id: 'underwriter' },
        context,
        alternatives: [{ label: 'approve' }, { label: 'deny' }],
        chosen: { label: chosen },
        reasoning: { text: reasoning, source: 'application' },
        confidence: 0.9,
        aiRole: 'assistive',
      },
    };
    return { index: 2 * i + 1, entry };
  });
}

const applicant = (context: DecisionEntry['decision']['context']): Applicant =>
  context as unknown as Applicant;

// The candidate raises the income floor to 60,000 and words its reasoning differently for scores of 800 and up.
const candidate: ReplayAgent = (context) => {
  const a = applicant(context);
  const decided = production(a, 60_000);
  return a.creditScore >= 800 && decided.chosen === 'approve'
    ? { ...decided, reasoning: 'Excellent credit score; income meets the policy.', confidence: 0.95 }
    : decided;
};

const NOW = () => new Date('2026-03-01T12:00:00.000Z');

describe('replay', () => {
  it('records exactly the decisions whose outcome or reasoning the changed agent no longer reproduces', async () => {
    const entries = recorded(300);
    const writer = createMemoryWriter();
    const summary = await replay({
      entries: asAsync(entries),
      agent: candidate,
      writer,
      producerId: 'cairn-replay',
      seq: 0,
      candidate: 'floor-60k',
      clock: NOW,
    });
    const contextOf = (e: SealedEntry) => applicant((e.entry as DecisionEntry).decision.context);
    const flipped = entries.filter((e) => {
      const a = contextOf(e);
      return a.income >= 50_000 && a.income < 60_000 && a.creditScore >= 650;
    });
    const reworded = entries.filter((e) => contextOf(e).income >= 60_000 && contextOf(e).creditScore >= 800);
    expect(flipped.length).toBeGreaterThan(0);
    expect(reworded.length).toBeGreaterThan(0);
    expect(summary).toMatchObject({
      replayed: 300,
      outcomeChanged: flipped.length,
      reasoningChanged: reworded.length,
      same: 300 - flipped.length - reworded.length,
      failed: 0,
    });
    const byIndex = (list: readonly { index: number }[]) => list.map((x) => x.index).sort((a, b) => a - b);
    expect(byIndex(summary.divergences.filter((d) => d.outcomeChanged))).toEqual(byIndex(flipped));
    expect(byIndex(summary.divergences.filter((d) => !d.outcomeChanged))).toEqual(byIndex(reworded));
    expect(summary.divergences.find((d) => d.outcomeChanged)).toMatchObject({
      original: { chosen: 'approve' },
      replayed: { chosen: 'deny' },
    });
  });

  it('seals one valid anomaly entry per divergence, linked to the original, then a summary entry', async () => {
    const entries = recorded(120);
    const writer = createMemoryWriter();
    const summary = await replay({
      entries,
      agent: candidate,
      writer,
      producerId: 'cairn-replay',
      seq: 10,
      clock: NOW,
    });
    expect(summary.entries.length).toBe(summary.divergences.length + 1);
    expect(summary.findings.map((f) => f.id)).toEqual(summary.entries.map((e) => e.id));
    expect(writer.sealed.map((s) => s.entry.id)).toEqual(summary.entries.map((e) => e.id));
    expect(summary.entries.map((e) => e.producer.seq)).toEqual(summary.entries.map((_, k) => 10 + k));
    expect(summary.nextSeq).toBe(10 + summary.entries.length);
    summary.divergences.forEach((d, k) => {
      const entry = summary.entries[k]!;
      expect(entry.refs).toEqual([{ id: d.id, index: d.index }]);
      expect(entry.anomaly).toMatchObject({
        detector: 'replay',
        severity: d.outcomeChanged ? 'warning' : 'info',
      });
    });
    const last = summary.entries.at(-1)!;
    expect(last.anomaly.details).toMatchObject({
      replayed: 120,
      outcomeChanged: summary.outcomeChanged,
      failed: 0,
    });
    for (const entry of summary.entries) {
      const result = validateEntry(entry);
      expect(result.ok ? [] : result.problems).toEqual([]);
    }
  });

  it('finds nothing against the unchanged agent and records only the summary', async () => {
    const unchanged: ReplayAgent = (context) => production(applicant(context));
    const summary = await replay({
      entries: recorded(50),
      agent: unchanged,
      producerId: 'cairn-replay',
      seq: 0,
      clock: NOW,
    });
    expect(summary).toMatchObject({
      replayed: 50,
      same: 50,
      outcomeChanged: 0,
      reasoningChanged: 0,
      appended: [],
    });
    expect(summary.entries.map((e) => e.anomaly.severity)).toEqual(['info']);
    expect(summary.entries[0]!.refs.length).toBe(50);
  });

  it('accepts rephrased reasoning with a similarity comparator', async () => {
    const summary = await replay({
      entries: recorded(200),
      agent: candidate,
      compareReasoning: similarReasoning(0.3),
      producerId: 'cairn-replay',
      seq: 0,
      clock: NOW,
    });
    expect(summary.reasoningChanged).toBe(0);
    expect(summary.outcomeChanged).toBeGreaterThan(0);
  });

  it('counts an agent that throws or answers nothing as failed, and never throws itself', async () => {
    const flaky: ReplayAgent = (context, original) => {
      if (original.id === 'dec-3') throw new Error('model endpoint unavailable');
      if (original.id === 'dec-4') return { chosen: '' };
      return production(applicant(context));
    };
    const summary = await replay({
      entries: recorded(10),
      agent: flaky,
      producerId: 'cairn-replay',
      seq: 0,
      clock: NOW,
    });
    expect(summary.failed).toBe(2);
    expect(summary.failures).toEqual([
      { id: 'dec-3', index: 7, message: 'Error: model endpoint unavailable' },
      { id: 'dec-4', index: 9, message: 'the agent answered without a chosen label' },
    ]);
    expect(summary.same).toBe(8);
  });

  it('keeps log order whatever order concurrent agent calls finish in', async () => {
    const prng = createPrng(5);
    const slow: ReplayAgent = async (context) => {
      await new Promise((resolve) => setTimeout(resolve, prng.int(5)));
      return candidate(context, undefined as never);
    };
    const summary = await replay({
      entries: recorded(60),
      agent: slow,
      concurrency: 8,
      producerId: 'cairn-replay',
      seq: 0,
      clock: NOW,
    });
    const indices = summary.divergences.map((d) => d.index);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
  });

  it('replays only the decisions the filter keeps', async () => {
    const summary = await replay({
      entries: recorded(40),
      agent: candidate,
      filter: (e) => e.id.endsWith('0'),
      producerId: 'cairn-replay',
      seq: 0,
      clock: NOW,
    });
    expect(summary.replayed).toBe(4);
  });
});
