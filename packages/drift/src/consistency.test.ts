import { describe, expect, it } from 'vitest';
import { validateEntry } from '@cairn/core';
import type { DecisionEntry, Json } from '@cairn/core';
import { findingToAnomaly } from './anomaly.js';
import type { SealedEntry } from './collect.js';
import { consistencyFindings, findInconsistencies } from './consistency.js';
import { createPrng } from './test-support/prng.js';

const FIELDS = ['context.income', 'context.creditScore', 'context.region'];
const NORMALISE = { 'context.income': { bin: 10_000 }, 'context.creditScore': { bin: 50 } };

// Each profile is one input bin; its labels are the outcomes its decisions reached, in order.
const PROFILES: {
  name: string;
  agent: string;
  income: number;
  score: number;
  region: string;
  labels: string[];
}[] = [
  {
    name: 'A',
    agent: 'underwriter',
    income: 40_000,
    score: 600,
    region: 'North',
    labels: ['approve', 'approve', 'deny', 'approve', 'deny', 'approve'],
  },
  {
    name: 'B',
    agent: 'underwriter',
    income: 70_000,
    score: 700,
    region: 'South',
    labels: [
      'approve',
      'refer',
      'deny',
      'approve',
      'refer',
      'approve',
      'deny',
      'approve',
      'refer',
      'approve',
    ],
  },
  {
    name: 'C',
    agent: 'underwriter',
    income: 30_000,
    score: 550,
    region: 'East',
    labels: ['deny', 'refer', 'deny'],
  },
  {
    name: 'D',
    agent: 'underwriter',
    income: 90_000,
    score: 800,
    region: 'West',
    labels: ['approve', 'approve', 'approve', 'approve'],
  },
  { name: 'E', agent: 'underwriter', income: 50_000, score: 650, region: 'North', labels: ['refer'] },
  {
    name: 'B2',
    agent: 'second-opinion',
    income: 70_000,
    score: 700,
    region: 'South',
    labels: ['deny', 'approve'],
  },
];

function stream(): SealedEntry[] {
  const prng = createPrng(41);
  const decisions: { profile: string; entry: DecisionEntry }[] = [];
  PROFILES.forEach((p) =>
    p.labels.forEach((label, i) => {
      // Inputs vary inside the bin and in spelling, so only normalisation makes them match.
      const context: Record<string, Json> = {
        income: p.income + prng.int(10_000),
        creditScore: p.score + prng.int(50),
        region: i % 2 === 0 ? p.region : `  ${p.region.toUpperCase()} `,
      };
      const at = new Date(Date.UTC(2026, 0, 5, 0, decisions.length)).toISOString();
      decisions.push({
        profile: p.name,
        entry: {
          v: 1,
          kind: 'decision',
          id: `${p.name}-${i}`,
          occurredAt: at,
          recordedAt: at,
          producer: { id: 'p', seq: decisions.length },
          run: { orchestrator: 'other', id: `r-${decisions.length}` },
          decision: {
            type: 'loan.underwriting',
            agent: { id: p.agent },
            context,
            alternatives: [],
            chosen: { label },
            aiRole: 'sole',
          },
        },
      });
    }),
  );
  const missing = {
    ...decisions[0]!.entry,
    id: 'no-score',
    decision: { ...decisions[0]!.entry.decision, context: { income: 1 } },
  };
  // Shuffle (Fisher–Yates, seeded) so group members are not adjacent in the log.
  const shuffled = [...decisions.map((d) => d.entry), missing];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return shuffled.map((entry, index) => ({ index, entry }));
}

describe('findInconsistencies', () => {
  it('finds exactly the groups of matching inputs with different outcomes, ranked by size × disagreement', async () => {
    const entries = stream();
    const report = await findInconsistencies({
      entries,
      fingerprint: { fields: FIELDS, normalise: NORMALISE },
    });
    // B: 10 decisions, 5 approve → 5 against the majority; A: 6, 4 approve → 2; B2: 2 → 1; C: 3, 2 deny → 1.
    expect(report.groups.map((g) => [g.agentId, g.size, g.majority, g.score])).toEqual([
      ['underwriter', 10, 'approve', 5],
      ['underwriter', 6, 'approve', 2],
      ['underwriter', 3, 'deny', 1],
      ['second-opinion', 2, 'approve', 1],
    ]);
    const idsOf = (name: string) =>
      entries.filter((e) => e.entry.id.startsWith(`${name}-`)).map((e) => e.entry.id);
    expect(report.groups.map((g) => g.decisions.map((d) => d.id))).toEqual([
      idsOf('B'),
      idsOf('A'),
      idsOf('C'),
      idsOf('B2'),
    ]);
    expect(report.groups[0]!.labels).toEqual([
      { label: 'approve', count: 5 },
      { label: 'refer', count: 3 },
      { label: 'deny', count: 2 },
    ]);
    expect(report.groups[0]!.disagreement).toBeCloseTo(0.5, 12);
    expect(report).toMatchObject({ examined: 27, skipped: 1, consistentGroups: 1 });
  });

  it('tells differently spelled text apart when text is matched exactly', async () => {
    const report = await findInconsistencies({
      entries: stream(),
      fingerprint: { fields: FIELDS, normalise: { ...NORMALISE, 'context.region': { text: 'exact' } } },
    });
    // Even positions keep the region's spelling, odd ones upper-case and pad it: each profile splits in two.
    const expected = PROFILES.flatMap((p) =>
      [0, 1].map((parity) =>
        p.labels.flatMap((label, i) => (i % 2 === parity ? [{ id: `${p.name}-${i}`, label }] : [])),
      ),
    ).filter((members) => new Set(members.map((m) => m.label)).size > 1);
    const found = report.groups.map((g) => g.decisions.map((d) => d.id).sort());
    expect(found.sort()).toEqual(expected.map((members) => members.map((m) => m.id).sort()).sort());
  });
});

describe('consistencyFindings', () => {
  it('names the decisions against the majority first and seals as valid anomaly entries', async () => {
    const report = await findInconsistencies({
      entries: stream(),
      fingerprint: { fields: FIELDS, normalise: NORMALISE },
    });
    const findings = consistencyFindings(report.groups);
    const b = findings[0]!;
    expect(
      b.entries
        .slice(0, 5)
        .map((e) => e.id)
        .sort(),
    ).toEqual(['B-1', 'B-2', 'B-4', 'B-6', 'B-8']);
    expect(b.summary).toContain('10 decisions of loan.underwriting by underwriter');
    expect(JSON.stringify(b.details)).not.toContain('70000');
    findings.forEach((finding, seq) => {
      const result = validateEntry(findingToAnomaly(finding, { producerId: 'cairn-drift', seq }));
      expect(result.ok ? [] : result.problems).toEqual([]);
    });
  });
});
