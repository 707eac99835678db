// The underwriting agent's judgement. Plain deterministic rules stand in for the model, so the example runs
// offline and its tests can say exactly what each application yields; swapping in a model changes this file
// only. Every factor contributes points; the total places the application in approve / refer / decline, and two
// policy floors decline outright whatever the points.
import { canonicalBytes, sha256, toHex } from '@cairn/core';
import type { LoanApplication } from './application.js';
import type { CreditReport } from './bureau.js';

/** The options the agent weighs. */
export type Choice = 'approve' | 'refer' | 'decline';

/** The policy the rules implement; its digest is sealed with every decision. */
export const UNDERWRITING_POLICY = Object.freeze({
  id: 'consumer-loan-underwriting',
  version: '2026.11',
  /** Affordability is judged at a stressed APR, not at the offered rate. */
  stressApr: 0.12,
  approveAtPoints: 4,
  declineAtPoints: -2,
  minCreditScore: 580,
  maxDebtToIncome: 0.5,
});

/** One factor of the assessment: its value and the points it contributed. */
export type Factor = {
  readonly name: string;
  readonly value: number | null;
  readonly points: number;
  readonly note: string;
};

/** What the agent concluded about one application. */
export type Assessment = {
  readonly chosen: Choice;
  readonly points: number;
  readonly factors: readonly Factor[];
  readonly alternatives: readonly { label: Choice; score: number; reason: string }[];
  /** The scoring's support for the chosen option. */
  readonly confidence: number;
  readonly reasoning: string;
};

/**
 * The policy as sealed in each decision: id, version and the SHA-256 of its RFC 8785 bytes.
 *
 * @example policyReference().hash // 'sha256:…'
 */
export function policyReference(): { id: string; version: string; hash: string } {
  const hash = `sha256:${toHex(sha256(canonicalBytes(UNDERWRITING_POLICY)))}`;
  return { id: UNDERWRITING_POLICY.id, version: UNDERWRITING_POLICY.version, hash };
}

/** Level monthly payment of an amortizing loan. */
export function monthlyPayment(amount: number, termMonths: number, apr: number): number {
  const rate = apr / 12;
  return (amount * rate) / (1 - (1 + rate) ** -termMonths);
}

/** Monthly debt payments including the new loan at the stress rate, over monthly income. */
export function debtToIncome(application: LoanApplication): number {
  const payment = monthlyPayment(
    application.requestedAmount,
    application.termMonths,
    UNDERWRITING_POLICY.stressApr,
  );
  const monthlyIncome = application.annualIncome / 12;
  return monthlyIncome === 0
    ? Number.POSITIVE_INFINITY
    : (application.monthlyDebtPayments + payment) / monthlyIncome;
}

function band(value: number, steps: readonly (readonly [number, number])[], otherwise: number): number {
  for (const [upTo, points] of steps) if (value <= upTo) return points;
  return otherwise;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function creditFactors(report: CreditReport | undefined): Factor[] {
  if (report === undefined) {
    return [{ name: 'credit_score', value: null, points: 0, note: 'no credit file at the bureau' }];
  }
  const scorePoints =
    report.score >= 720
      ? 2
      : report.score >= 680
        ? 1
        : report.score >= 620
          ? 0
          : report.score >= 580
            ? -1
            : -3;
  const delinquencyPoints = report.delinquencies === 0 ? 1 : report.delinquencies <= 2 ? 0 : -2;
  return [
    { name: 'credit_score', value: report.score, points: scorePoints, note: `credit score ${report.score}` },
    {
      name: 'delinquencies',
      value: report.delinquencies,
      points: delinquencyPoints,
      note: `${report.delinquencies} recent delinquencies`,
    },
  ];
}

function affordabilityFactors(application: LoanApplication): Factor[] {
  const dti = debtToIncome(application);
  const lti =
    application.annualIncome === 0
      ? Number.POSITIVE_INFINITY
      : application.requestedAmount / application.annualIncome;
  const shown = (x: number) => (Number.isFinite(x) ? round(x, 3) : null);
  return [
    {
      name: 'debt_to_income',
      value: shown(dti),
      points: band(
        dti,
        [
          [0.28, 2],
          [0.36, 1],
          [0.43, 0],
          [0.5, -1],
        ],
        -3,
      ),
      note: `debt-to-income ${shown(dti) ?? 'undefined'} with the new payment at the stress rate`,
    },
    {
      name: 'employment_months',
      value: application.employmentMonths,
      points: application.employmentMonths >= 24 ? 1 : application.employmentMonths >= 12 ? 0 : -1,
      note: `${application.employmentMonths} months in current employment`,
    },
    {
      name: 'loan_to_income',
      value: shown(lti),
      points: band(
        lti,
        [
          [0.3, 1],
          [0.5, 0],
        ],
        -1,
      ),
      note: `loan is ${shown(lti) ?? 'an undefined share'} of annual income`,
    },
  ];
}

/** The floor an application breaks, if any: such applications are declined whatever their points. */
function floorBreach(application: LoanApplication, report: CreditReport | undefined): string | undefined {
  if (report !== undefined && report.score < UNDERWRITING_POLICY.minCreditScore) {
    return `credit score below the policy floor of ${UNDERWRITING_POLICY.minCreditScore}`;
  }
  if (debtToIncome(application) > UNDERWRITING_POLICY.maxDebtToIncome) {
    return `debt-to-income above the policy ceiling of ${UNDERWRITING_POLICY.maxDebtToIncome}`;
  }
  return undefined;
}

/** Support for each option from the points: a softmax over logits centred on the band edges. */
function scores(points: number): Record<Choice, number> {
  const { approveAtPoints: up, declineAtPoints: down } = UNDERWRITING_POLICY;
  const middle = (up + down) / 2;
  const logits: Record<Choice, number> = {
    approve: (points - up + 0.5) / 2,
    refer: ((up - down) / 2 - Math.abs(points - middle)) / 2,
    decline: (down - points + 0.5) / 2,
  };
  const exp = {
    approve: Math.exp(logits.approve),
    refer: Math.exp(logits.refer),
    decline: Math.exp(logits.decline),
  };
  const total = exp.approve + exp.refer + exp.decline;
  return {
    approve: round(exp.approve / total, 3),
    refer: round(exp.refer / total, 3),
    decline: round(exp.decline / total, 3),
  };
}

function choose(points: number, report: CreditReport | undefined, floor: string | undefined): Choice {
  if (floor !== undefined) return 'decline';
  // A thin file cannot be scored: a person underwrites it.
  if (report === undefined) return 'refer';
  if (points >= UNDERWRITING_POLICY.approveAtPoints) return 'approve';
  return points <= UNDERWRITING_POLICY.declineAtPoints ? 'decline' : 'refer';
}

function reasons(
  points: number,
  report: CreditReport | undefined,
  floor: string | undefined,
): Record<Choice, string> {
  const { approveAtPoints: up, declineAtPoints: down } = UNDERWRITING_POLICY;
  return {
    approve:
      points >= up
        ? `${points} points reach the approval mark of ${up}`
        : `${points} points are short of the approval mark of ${up}`,
    refer:
      report === undefined
        ? 'no credit file: a person must underwrite it'
        : `between ${down} and ${up} points a person decides`,
    decline:
      floor ??
      (points <= down
        ? `${points} points are at or below the decline mark of ${down}`
        : `${points} points are above the decline mark of ${down}`),
  };
}

/**
 * Weighs approve, refer and decline for one application.
 *
 * @example
 * const { chosen, confidence } = assess(application, await lookUpCreditReport(application.applicantRef, 1));
 */
export function assess(application: LoanApplication, report: CreditReport | undefined): Assessment {
  const factors = [...creditFactors(report), ...affordabilityFactors(application)];
  const points = factors.reduce((sum, f) => sum + f.points, 0);
  const floor = floorBreach(application, report);
  const chosen = choose(points, report, floor);
  const support = scores(points);
  const why = reasons(points, report, floor);
  const alternatives = (['approve', 'refer', 'decline'] as const).map((label) => ({
    label,
    score: support[label],
    reason: why[label],
  }));
  const signed = (n: number) => (n > 0 ? `+${n}` : String(n));
  const reasoning = `${factors.map((f) => `${f.note} (${signed(f.points)})`).join('; ')}. ${points} points: ${why[chosen]}.`;
  return { chosen, points, factors, alternatives, confidence: support[chosen], reasoning };
}
