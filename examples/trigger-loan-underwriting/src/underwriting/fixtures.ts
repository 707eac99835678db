import type { LoanApplication } from './application.js';
import { SLOW_BUREAU_APPLICANT } from './bureau.js';

/** Sample applications, one per outcome the agent can reach; used by the tests and by `trigger dev` test runs. */
export const SAMPLE_APPLICATIONS = {
  strong: {
    applicationId: 'app-1001',
    applicantRef: 'applicant-3f9a2c',
    requestedAmount: 20_000,
    termMonths: 36,
    annualIncome: 96_000,
    monthlyDebtPayments: 450,
    employmentMonths: 38,
    purpose: 'home-improvement',
  },
  borderline: {
    applicationId: 'app-1002',
    applicantRef: 'applicant-8b1d47',
    requestedAmount: 15_000,
    termMonths: 48,
    annualIncome: 54_000,
    monthlyDebtPayments: 900,
    employmentMonths: 14,
    purpose: 'debt-consolidation',
  },
  weak: {
    applicationId: 'app-1003',
    applicantRef: 'applicant-c07e55',
    requestedAmount: 12_000,
    termMonths: 24,
    annualIncome: 31_000,
    monthlyDebtPayments: 700,
    employmentMonths: 7,
    purpose: 'vehicle',
  },
  thinFile: {
    applicationId: 'app-1004',
    applicantRef: 'applicant-00d9e1',
    requestedAmount: 5_000,
    termMonths: 24,
    annualIncome: 42_000,
    monthlyDebtPayments: 0,
    employmentMonths: 30,
    purpose: 'education',
  },
  slowBureau: {
    applicationId: 'app-1005',
    applicantRef: SLOW_BUREAU_APPLICANT,
    requestedAmount: 18_000,
    termMonths: 36,
    annualIncome: 88_000,
    monthlyDebtPayments: 300,
    employmentMonths: 60,
    purpose: 'vehicle',
  },
} as const satisfies Record<string, LoanApplication>;
