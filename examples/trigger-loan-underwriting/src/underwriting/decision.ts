import type { DecisionInput } from '@cairn/sdk';
import type { LoanApplication } from './application.js';
import type { CreditReport } from './bureau.js';
import { policyReference } from './policy.js';
import type { Assessment } from './policy.js';

/**
 * The decision record of one assessment: the inputs the agent saw, every option with its score and why, the
 * factors with their points, the policy version and digest, and the applicant's pseudonymous reference. The run
 * link is added by @cairn/trigger.
 *
 * @example
 * getCairn().decision(underwritingDecision(application, report, assess(application, report)));
 */
export function underwritingDecision(
  application: LoanApplication,
  report: CreditReport | undefined,
  assessment: Assessment,
): DecisionInput {
  return {
    type: 'loan.underwriting',
    context: {
      applicationId: application.applicationId,
      requestedAmount: application.requestedAmount,
      termMonths: application.termMonths,
      annualIncome: application.annualIncome,
      monthlyDebtPayments: application.monthlyDebtPayments,
      employmentMonths: application.employmentMonths,
      purpose: application.purpose,
      creditScore: report?.score ?? null,
      delinquencies: report?.delinquencies ?? null,
    },
    alternatives: assessment.alternatives.map((a) => ({ ...a })),
    chosen: { label: assessment.chosen, value: { points: assessment.points } },
    reasoning: { text: assessment.reasoning, source: 'application' },
    confidence: assessment.confidence,
    factors: assessment.factors.map((f) => ({ name: f.name, weight: f.points, value: f.value })),
    outcome: { status: assessment.chosen, adverse: assessment.chosen === 'decline' },
    policy: policyReference(),
    // Credit scoring is high-risk under the EU AI Act (Annex III 5(b)): an underwriter signs off every outcome,
    // the agent advises.
    aiRole: 'advisory',
    subject: { ref: application.applicantRef },
  };
}
