import { describe, expect, it } from 'vitest';
import { validateEntry } from '@cairn/core';
import { runDriftAnalysis } from './analysis.js';
import { findingToAnomaly, MAX_REFS, sealFindings } from './anomaly.js';
import type { Finding } from './finding.js';
import { createMemoryWriter } from './test-support/memory-writer.js';
import { syntheticStream } from './test-support/synthetic.js';

const NOW = new Date('2026-03-01T00:00:00.000Z');

async function shiftedFindings(): Promise<readonly Finding[]> {
  const entries = syntheticStream({
    seed: 31,
    windows: 10,
    perWindow: 150,
    mix: (w) => (w >= 6 ? { approve: 30, refer: 30, deny: 40 } : { approve: 60, refer: 25, deny: 15 }),
    confidence: (w) => ({ mean: w >= 6 ? 0.7 : 0.8, sd: 0.08 }),
    overrideRate: (w) => (w >= 6 ? 0.3 : 0.05),
    model: (w) => ({ provider: 'acme', name: 'scorer', version: w >= 6 ? '2' : '1' }),
  });
  return (await runDriftAnalysis({ entries })).findings;
}

describe('findingToAnomaly', () => {
  it('turns every kind of drift finding into an entry that core’s schema accepts', async () => {
    const findings = await shiftedFindings();
    expect(new Set(findings.map((f) => f.detector))).toEqual(
      new Set(['mix', 'confidence', 'override_rate', 'version_change']),
    );
    findings.forEach((finding, seq) => {
      const entry = findingToAnomaly(finding, { producerId: 'cairn-drift', seq, now: NOW });
      const result = validateEntry(entry);
      expect(result.ok ? [] : result.problems).toEqual([]);
      expect(entry.anomaly.detector).toBe(finding.detector);
      expect(entry.id).toBe(finding.id);
    });
  });

  it('caps refs at the schema limit and accounts for every entry in details', async () => {
    const mix = (await shiftedFindings()).find((f) => f.detector === 'mix')!;
    expect(mix.entries.length).toBe(150);
    const entry = findingToAnomaly(mix, { producerId: 'cairn-drift', seq: 0, now: NOW });
    expect(entry.refs).toEqual(mix.entries.slice(0, MAX_REFS));
    type Span = {
      count: number;
      first: number;
      last: number;
      indexRanges: number[][];
      rangesTruncated: boolean;
    };
    const details = entry.anomaly.details as unknown as {
      entries: Span & { refsTruncated: boolean };
      baselineEntries: Span;
    };
    expect(details.entries.count).toBe(150);
    expect(details.entries.refsTruncated).toBe(true);
    // Decisions interleave with oversight entries in this log: 150 runs of one index, the first 100 listed.
    const indices = mix.entries.map((e) => e.index).sort((a, b) => a - b);
    expect(details.entries).toMatchObject({ first: indices[0], last: indices[149], rangesTruncated: true });
    expect(details.entries.indexRanges).toEqual(indices.slice(0, 100).map((i) => [i, i]));
    expect(details.baselineEntries.count).toBe(mix.baseline!.entries.count);
    expect(entry.anomaly.baseline).toEqual({ from: mix.baseline!.from, to: mix.baseline!.to });
    expect(entry.anomaly.statistic).toEqual(mix.statistic);
  });

  it('truncates a summary beyond the schema’s 10,000 characters and still validates', () => {
    const finding: Finding = {
      id: 'drift:mix:long',
      detector: 'mix',
      severity: 'warning',
      agentId: 'a'.repeat(9_000),
      decisionType: 't',
      summary: 's'.repeat(12_000),
      entries: [{ id: 'dec-1', index: 1 }],
      occurredAt: NOW.toISOString(),
      details: {},
    };
    const entry = findingToAnomaly(finding, { producerId: 'p', seq: 0, now: NOW });
    expect(entry.anomaly.summary.length).toBe(10_000);
    expect(validateEntry(entry).ok).toBe(true);
  });

  it('refuses a finding with no entries behind it', () => {
    const finding = {
      id: 'x',
      detector: 'mix',
      severity: 'info',
      agentId: '',
      decisionType: '',
      summary: 's',
      entries: [],
      occurredAt: NOW.toISOString(),
      details: {},
    } as const;
    expect(() => findingToAnomaly(finding, { producerId: 'p', seq: 0 })).toThrow(
      /at least one entry behind it/,
    );
  });
});

describe('sealFindings', () => {
  it('appends findings with consecutive sequence numbers and seals nothing new on a second run', async () => {
    const findings = await shiftedFindings();
    const writer = createMemoryWriter();
    const first = await sealFindings({
      findings,
      writer,
      producerId: 'cairn-drift',
      seq: 7,
      clock: () => NOW,
    });
    expect(first.entries.map((e) => e.producer.seq)).toEqual(findings.map((_, k) => 7 + k));
    expect(first.appended.every((r) => !r.duplicate)).toBe(true);
    expect(first.nextSeq).toBe(7 + findings.length);
    const again = await sealFindings({
      findings,
      writer,
      producerId: 'cairn-drift',
      seq: first.nextSeq,
      clock: () => NOW,
    });
    expect(again.appended.every((r) => r.duplicate)).toBe(true);
    expect(writer.sealed.length).toBe(findings.length);
  });
});
