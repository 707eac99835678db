import { describe, expect, it } from 'vitest';
import type { Entry } from '@cairn/core';
import type { PortEntry } from '../ledger.js';
import {
  CONTESTED_DECISION_ID,
  OTHER_SUBJECT_REF,
  SUBJECT_REF,
  scenarioEntries,
} from '../test-support/fixtures.js';
import { subjectAccessExport } from './subject-access.js';

const stored = (entries: Entry[]): PortEntry[] =>
  entries.map((entry, index) => ({ index, leafHash: 'ab'.repeat(32), entry }));
const all = stored(scenarioEntries());

describe('subjectAccessExport', () => {
  const about = all.filter((s) => s.entry.subject?.ref === SUBJECT_REF);
  const receipts = new Map(about.map((s) => [s.entry.id, `c2sp.org/tlog-proof@v1\nindex ${s.index}\n`]));
  const { json, html } = subjectAccessExport({
    subjectRef: SUBJECT_REF,
    origin: 'dashboard.example/cairn',
    entries: [...about, ...about],
    receipts,
    now: () => new Date('2026-12-01T00:00:00Z'),
  });

  it('covers every entry about the subject once, in ledger order, each with its receipt', () => {
    expect(json.entries.map((e) => e.entry.id)).toEqual(about.map((s) => s.entry.id));
    expect(json.entries.every((e) => e.receipt === receipts.get(e.entry.id))).toBe(true);
    expect(json.counts).toEqual({
      entries: 4,
      decisions: 1,
      solelyAutomated: 1,
      byKind: { decision: 1, oversight: 1, contest: 1, correction: 1 },
    });
  });

  it('explains each decision with the follow-ups found among the entries', () => {
    expect(json.explanations.map((x) => [x.decisionId, x.contests.length, x.corrections.length])).toEqual([
      [CONTESTED_DECISION_ID, 1, 1],
    ]);
  });

  it('never mentions another subject', () => {
    expect(JSON.stringify(json)).not.toContain(OTHER_SUBJECT_REF);
    expect(html).not.toContain(OTHER_SUBJECT_REF);
  });
});
