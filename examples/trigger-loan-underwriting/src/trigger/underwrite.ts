import { getCairn } from '@cairn/trigger';
import { schemaTask } from '@trigger.dev/sdk';
import { loanApplicationSchema } from '../underwriting/application.js';
import { lookUpCreditReport } from '../underwriting/bureau.js';
import { underwritingDecision } from '../underwriting/decision.js';
import { assess } from '../underwriting/policy.js';
import type { Choice } from '../underwriting/policy.js';

/** What the task returns to its caller. */
export type UnderwritingResult = { applicationId: string; decision: Choice; decisionId: string | undefined };

/**
 * Underwrites one loan application: pulls the credit file, weighs approve / refer / decline and records the
 * decision in Cairn, sealed with this run's link.
 */
export const underwriteLoanApplication = schemaTask({
  id: 'underwrite-loan-application',
  schema: loanApplicationSchema,
  retry: { maxAttempts: 3, factor: 2, minTimeoutInMs: 1_000, maxTimeoutInMs: 10_000 },
  machine: 'small-1x',
  run: async (application, { ctx }): Promise<UnderwritingResult> => {
    const report = await lookUpCreditReport(application.applicantRef, ctx.attempt.number);
    const assessment = assess(application, report);
    const { id } = getCairn().decision(underwritingDecision(application, report, assessment));
    return { applicationId: application.applicationId, decision: assessment.chosen, decisionId: id };
  },
});
