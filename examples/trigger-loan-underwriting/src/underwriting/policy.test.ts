import { createHash } from 'node:crypto';
import { canonicalize } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { SAMPLE_APPLICATIONS } from './fixtures.js';
import { assess, debtToIncome, monthlyPayment, policyReference, UNDERWRITING_POLICY } from './policy.js';

describe('the underwriting rules', () => {
  it('computes the level payment of an amortizing loan', () => {
    // 20,000 over 36 months at 12% APR: the textbook annuity formula, checked term by term.
    const r = 0.01;
    expect(monthlyPayment(20_000, 36, 0.12)).toBeCloseTo((20_000 * r) / (1 - 1 / (1 + r) ** 36), 10);
    expect(monthlyPayment(20_000, 36, 0.12)).toBeCloseTo(664.29, 2);
  });

  it('approves a strong applicant with every factor in its favour', () => {
    const assessment = assess(SAMPLE_APPLICATIONS.strong, { score: 742, delinquencies: 0 });
    expect(assessment.chosen).toBe('approve');
    expect(assessment.factors.map((f) => [f.name, f.points])).toStrictEqual([
      ['credit_score', 2],
      ['delinquencies', 1],
      ['debt_to_income', 2],
      ['employment_months', 1],
      ['loan_to_income', 1],
    ]);
    expect(assessment.points).toBe(7);
  });

  it('refers a borderline applicant to an underwriter', () => {
    const assessment = assess(SAMPLE_APPLICATIONS.borderline, { score: 655, delinquencies: 1 });
    expect(assessment.chosen).toBe('refer');
    expect(assessment.points).toBe(2);
    expect(assessment.confidence).toBe(Math.max(...assessment.alternatives.map((a) => a.score)));
  });

  it('declines an applicant below the credit score floor, and says so', () => {
    const assessment = assess(SAMPLE_APPLICATIONS.weak, { score: 548, delinquencies: 3 });
    expect(assessment.chosen).toBe('decline');
    expect(assessment.alternatives.find((a) => a.label === 'decline')?.reason).toBe(
      'credit score below the policy floor of 580',
    );
  });

  it('declines an applicant whose debt would exceed the ceiling, whatever the credit score', () => {
    const stretched = { ...SAMPLE_APPLICATIONS.strong, monthlyDebtPayments: 3_900 };
    expect(debtToIncome(stretched)).toBeGreaterThan(UNDERWRITING_POLICY.maxDebtToIncome);
    expect(assess(stretched, { score: 800, delinquencies: 0 }).chosen).toBe('decline');
  });

  it('refers a thin file, which cannot be scored', () => {
    const assessment = assess(SAMPLE_APPLICATIONS.thinFile, undefined);
    expect(assessment.chosen).toBe('refer');
    expect(assessment.factors[0]).toStrictEqual({
      name: 'credit_score',
      value: null,
      points: 0,
      note: 'no credit file at the bureau',
    });
  });

  it.each([
    ['strong', SAMPLE_APPLICATIONS.strong, { score: 742, delinquencies: 0 }],
    ['borderline', SAMPLE_APPLICATIONS.borderline, { score: 655, delinquencies: 1 }],
    ['weak', SAMPLE_APPLICATIONS.weak, { score: 548, delinquencies: 3 }],
    ['thin file', SAMPLE_APPLICATIONS.thinFile, undefined],
  ] as const)(
    'gives the %s applicant scores in [0, 1] that sum to one across the three options',
    (_name, application, report) => {
      const { alternatives } = assess(application, report);
      expect(alternatives.map((a) => a.label)).toStrictEqual(['approve', 'refer', 'decline']);
      for (const a of alternatives) expect(a.score).toBeGreaterThanOrEqual(0);
      expect(alternatives.reduce((sum, a) => sum + a.score, 0)).toBeCloseTo(1, 2);
    },
  );

  it('seals the policy by the SHA-256 of its canonical bytes', () => {
    const digest = createHash('sha256').update(canonicalize(UNDERWRITING_POLICY), 'utf8').digest('hex');
    expect(policyReference()).toStrictEqual({
      id: 'consumer-loan-underwriting',
      version: '2026.11',
      hash: `sha256:${digest}`,
    });
  });
});
