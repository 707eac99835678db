// The loan-underwriting agent of the demo: approve, refer to an underwriter, or decline. Deterministic rules stand in
// for the model, the same rules as examples/airflow-loan-review/loan_agent.py, so every decision's scores, reasons and
// factors follow from its inputs. Two releases differ the way a real rollout does: release 4.1.0 ships a stricter
// credit policy and a new model, which is what the drift monitor should notice in the demo's history.
import type { Decision } from '@cairn/core';

/** One loan application as the agent sees it. */
export type LoanApplication = {
  readonly applicationId: string;
  readonly applicantRef: string;
  readonly amount: number;
  readonly termMonths: number;
  readonly purpose: string;
  readonly creditScore: number;
  readonly monthlyIncome: number;
  readonly monthlyDebt: number;
  readonly employmentYears: number;
};

/** The options the agent weighs. */
export type LoanChoice = 'approve' | 'refer' | 'decline';

/** What changes between releases of the agent: its version, model, credit policy and the policy's thresholds. */
export type UnderwriterRelease = {
  readonly agentVersion: string;
  readonly model: { readonly provider: string; readonly name: string; readonly version: string };
  readonly prompt: { readonly id: string; readonly version: string };
  readonly policy: { readonly id: string; readonly version: string };
  /** Below this credit score decline gains support. */
  readonly declineScore: number;
  /** Above this debt-to-income decline gains support. */
  readonly dtiCeiling: number;
  /** Debt-to-income band in which a person should decide. */
  readonly referBand: readonly [number, number];
};

/** The agent as it sealed itself (`decision.agent`), without the version. */
export const UNDERWRITER = Object.freeze({ id: 'loan-underwriter', name: 'Loan underwriter' });

/** The release before the rollout the history shows, and the current one. */
export const UNDERWRITER_RELEASES = Object.freeze({
  previous: Object.freeze<UnderwriterRelease>({
    agentVersion: '4.0.3',
    model: { provider: 'openai', name: 'gpt-4.1-mini', version: '2025-04-14' },
    prompt: { id: 'underwrite', version: '11' },
    policy: { id: 'credit-policy', version: '2026.09' },
    declineScore: 620,
    dtiCeiling: 0.5,
    referBand: [0.38, 0.48],
  }),
  current: Object.freeze<UnderwriterRelease>({
    agentVersion: '4.1.0',
    model: { provider: 'openai', name: 'gpt-5-mini', version: '2025-08-07' },
    prompt: { id: 'underwrite', version: '12' },
    policy: { id: 'credit-policy', version: '2026.10' },
    declineScore: 640,
    dtiCeiling: 0.45,
    referBand: [0.35, 0.45],
  }),
});

/** What the rules concluded. */
export type Underwriting = {
  readonly chosen: LoanChoice;
  readonly dti: number;
  readonly scores: Readonly<Record<LoanChoice, number>>;
  readonly reasons: Readonly<Record<LoanChoice, string>>;
};

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

function reasonsFor(
  app: LoanApplication,
  dti: number,
  release: UnderwriterRelease,
  scores: Record<LoanChoice, number>,
) {
  const [lo, hi] = release.referBand;
  const shown = dti.toFixed(2);
  const lowScore = app.creditScore < release.declineScore;
  const highDti = dti > release.dtiCeiling;
  const declineWhy = [
    lowScore ? `credit score ${app.creditScore} is below ${release.declineScore}` : '',
    highDti ? `debt-to-income ${shown} is above the ${release.dtiCeiling} ceiling` : '',
  ].filter((s) => s !== '');
  return {
    approve: `credit score ${app.creditScore} with debt-to-income ${shown} gives approval support ${scores.approve}`,
    refer:
      dti >= lo && dti <= hi
        ? `debt-to-income ${shown} is in the manual-review band ${lo}-${hi}`
        : 'an underwriter decides when neither approval nor decline is clearly supported',
    decline:
      declineWhy.length > 0
        ? `${declineWhy.join(' and ')} (policy ${release.policy.version})`
        : `credit score and debt-to-income are within policy ${release.policy.version}`,
  };
}

/**
 * Applies a release's rules to an application. Ties go to the first option, as Python's `max` over a dict does.
 *
 * @example underwrite(application, UNDERWRITER_RELEASES.current).chosen // 'refer'
 */
export function underwrite(app: LoanApplication, release: UnderwriterRelease): Underwriting {
  const dti = app.monthlyDebt / app.monthlyIncome;
  const [lo, hi] = release.referBand;
  const scores: Record<LoanChoice, number> = {
    approve: round3(clamp01((app.creditScore - 600) / 200 - dti)),
    refer: round3(0.35 + (dti >= lo && dti <= hi ? 0.3 : 0)),
    decline: round3(
      clamp01((release.declineScore - app.creditScore) / 100 + Math.max(0, dti - release.dtiCeiling) * 2),
    ),
  };
  const order: LoanChoice[] = ['approve', 'refer', 'decline'];
  const chosen = order.reduce((best, label) => (scores[label] > scores[best] ? label : best), order[0]!);
  return { chosen, dti, scores, reasons: reasonsFor(app, dti, release, scores) };
}

const OUTCOME: Record<LoanChoice, string> = { approve: 'approved', refer: 'referred', decline: 'declined' };

/**
 * The decision body the agent records for an application: the inputs it saw, every option with its score and
 * reason, the chosen one, its factors and outcome (a decline is adverse), under the release's model and policy.
 *
 * @example const decision = loanDecision(application, UNDERWRITER_RELEASES.current, 'python');
 */
export function loanDecision(
  app: LoanApplication,
  release: UnderwriterRelease,
  keys: 'python' | 'typescript',
): Decision {
  const result = underwrite(app, release);
  const dti = round3(result.dti);
  const { chosen, scores, reasons } = result;
  return {
    type: 'loan.underwriting',
    agent: { ...UNDERWRITER, version: release.agentVersion },
    model: { ...release.model },
    prompt: { ...release.prompt },
    policy: { ...release.policy },
    context: keys === 'python' ? pythonContext(app, dti) : typescriptContext(app),
    alternatives: (['approve', 'refer', 'decline'] as const).map((label) => ({
      label,
      score: scores[label],
      reason: reasons[label],
    })),
    chosen: { label: chosen },
    reasoning: { text: reasons[chosen], source: 'application' },
    confidence: scores[chosen],
    factors: [
      { name: 'credit_score', weight: round3((app.creditScore - 600) / 200), value: app.creditScore },
      { name: 'debt_to_income', weight: -dti, value: dti },
      { name: 'employment_years', value: app.employmentYears },
    ],
    outcome: {
      status: OUTCOME[chosen],
      adverse: chosen === 'decline',
      ...(chosen === 'decline' ? { detail: 'adverse action notice sent with the principal reasons' } : {}),
    },
    aiRole: 'assistive',
  };
}

// The Python agent (Airflow) writes snake_case keys, the TypeScript one (Trigger.dev) camelCase: each records the
// inputs as its own code names them.
function pythonContext(app: LoanApplication, dti: number) {
  return {
    application_id: app.applicationId,
    amount: app.amount,
    term_months: app.termMonths,
    purpose: app.purpose,
    credit_score: app.creditScore,
    dti,
    employment_years: app.employmentYears,
  };
}

function typescriptContext(app: LoanApplication) {
  return {
    applicationId: app.applicationId,
    requestedAmount: app.amount,
    termMonths: app.termMonths,
    purpose: app.purpose,
    creditScore: app.creditScore,
    monthlyIncome: app.monthlyIncome,
    monthlyDebtPayments: app.monthlyDebt,
    employmentYears: app.employmentYears,
  };
}
