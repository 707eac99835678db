import { z } from 'zod';

/** What the purpose of a consumer loan may be. */
export const LOAN_PURPOSES = [
  'debt-consolidation',
  'home-improvement',
  'vehicle',
  'education',
  'other',
] as const;

/**
 * A loan application as the intake system sends it. The applicant is known only by a pseudonymous reference:
 * no name, no email, no national id ever reaches the agent or the audit trail.
 */
export const loanApplicationSchema = z.object({
  applicationId: z.string().min(1).max(64),
  /** Pseudonymous applicant key (an HMAC of the customer id in production). */
  applicantRef: z.string().min(1).max(64),
  requestedAmount: z.number().positive().max(250_000),
  termMonths: z.number().int().min(6).max(84),
  annualIncome: z.number().nonnegative(),
  monthlyDebtPayments: z.number().nonnegative(),
  employmentMonths: z.number().int().nonnegative(),
  purpose: z.enum(LOAN_PURPOSES),
});

/** A validated loan application. */
export type LoanApplication = z.infer<typeof loanApplicationSchema>;
