// A credit bureau that runs offline: a fixed table of credit files stands in for the bureau's API, so the
// example is deterministic. One applicant's lookup times out on a run's first attempt, the way a real bureau
// call sometimes does, so the example shows Trigger.dev retrying and Cairn recording the failed attempt.

/** What the bureau reports about an applicant. */
export type CreditReport = {
  readonly score: number;
  /** 30+ day delinquencies in the last 24 months. */
  readonly delinquencies: number;
};

/** The bureau did not answer in time; the task's retry settings apply. */
export class BureauUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BureauUnavailableError';
  }
}

const CREDIT_FILES: Readonly<Record<string, CreditReport>> = {
  'applicant-3f9a2c': { score: 742, delinquencies: 0 },
  'applicant-8b1d47': { score: 655, delinquencies: 1 },
  'applicant-c07e55': { score: 548, delinquencies: 3 },
  'applicant-5e2b90': { score: 731, delinquencies: 0 },
};

/** The applicant whose first lookup of every run times out. */
export const SLOW_BUREAU_APPLICANT = 'applicant-5e2b90';

/**
 * Looks up an applicant's credit file; undefined for a thin file (no record at the bureau).
 *
 * @example
 * const report = await lookUpCreditReport('applicant-3f9a2c', ctx.attempt.number);
 */
export async function lookUpCreditReport(
  applicantRef: string,
  attempt: number,
): Promise<CreditReport | undefined> {
  if (applicantRef === SLOW_BUREAU_APPLICANT && attempt === 1) {
    throw new BureauUnavailableError('credit bureau did not answer within 5 s');
  }
  return Promise.resolve(CREDIT_FILES[applicantRef]);
}
