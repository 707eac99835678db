import { describe, expect, it } from 'vitest';
import { CairnError } from '@cairn/core';
import type { Entry } from '@cairn/core';
import type { PortEntry } from '../ledger.js';
import { CONTESTED_DECISION_ID, scenarioEntries } from '../test-support/fixtures.js';
import { explainDecision } from './explain-decision.js';

const stored = (entries: Entry[]): PortEntry[] =>
  entries.map((entry, index) => ({ index, leafHash: 'ab'.repeat(32), entry }));
const all = stored(scenarioEntries());
const byId = (id: string) => all.find((s) => s.entry.id === id)!;
const linkedTo = (id: string) => all.filter((s) => s.entry.refs?.some((r) => r.id === id));

describe('explainDecision', () => {
  const { html, json } = explainDecision(byId(CONTESTED_DECISION_ID), linkedTo(CONTESTED_DECISION_ID));

  it('says the decision was solely automated, citing GDPR Art. 22(1)', () => {
    expect(json.aiRole).toBe('sole');
    expect(json.roleOfAi).toContain('no person decided it');
    expect(html).toContain('GDPR Art. 22(1)');
  });

  it('lists the main factors by weight, the options with why each lost, and the outcome', () => {
    expect(json.mainFactors.map((f) => f.name)).toEqual([
      'missedPayments12m',
      'utilisation',
      'requestedLimit',
    ]);
    expect(json.optionsConsidered.filter((o) => o.chosen).map((o) => o.label)).toEqual(['decline']);
    expect(html).toContain('missed payments exceed the policy limit of 1');
    expect(html).toContain('three missed payments in 12 months');
    expect(html).toContain('This outcome is unfavourable to you.');
  });

  it('tells what happened since: the review, the contest and the correction', () => {
    expect(json.humanReview).toEqual([
      {
        at: '2026-11-23T10:20:00.000Z',
        action: 'reviewed',
        reviewer: 'credit analyst',
        note: 'Payment history checked.',
      },
    ]);
    expect(json.contests.map((c) => c.grounds)).toEqual(['Two of the missed payments were bank errors.']);
    expect(json.corrections[0]!.changes).toEqual([{ path: 'decision.context.missedPayments12m', value: 1 }]);
    expect(html).toContain('missed payments 12m is now 1');
  });

  it('says how to contest, quoting the reference, and cites GDPR Art. 15(1)(h), 22(3) and AI Act Art. 86(1)', () => {
    expect(json.howToContest).toContain(CONTESTED_DECISION_ID);
    expect(json.legalBasis.join('\n')).toMatch(
      /GDPR Art\. 15\(1\)\(h\)[\s\S]*GDPR Art\. 22\(3\)[\s\S]*EU AI Act Art\. 86\(1\)/,
    );
  });

  it('writes a self-contained page: no script, no remote resource', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|https?:\/\//);
  });

  it('escapes text from the record instead of writing it as markup', () => {
    const decision = byId(CONTESTED_DECISION_ID).entry as Extract<Entry, { kind: 'decision' }>;
    const hostile = {
      ...decision,
      decision: {
        ...decision.decision,
        reasoning: { text: '<img src=x onerror=alert(1)>', source: 'model' as const },
      },
    };
    const out = explainDecision({ index: 3, leafHash: 'cd'.repeat(32), entry: hostile }, []).html;
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('refuses an entry that is not a decision', () => {
    expect(() => explainDecision(byId('ovr-0195a7c4-0001'), [])).toThrow(CairnError);
  });
});
