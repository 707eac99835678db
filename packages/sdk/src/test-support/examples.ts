import type { DecisionInput } from '../recorder/types.js';

/** A valid decision input with every required field; `n` makes each one distinct. */
export function loanDecision(n: number, extra: Partial<DecisionInput> = {}): DecisionInput {
  return {
    type: 'loan.underwriting',
    run: { orchestrator: 'trigger.dev', id: 'run_cm5x2' },
    context: { applicationId: `app-${n}`, income: 52_000 + n, requested: 15_000 },
    alternatives: [
      { label: 'approve', score: 0.82, reason: 'income covers repayment 3.4 times' },
      { label: 'refer', score: 0.18 },
    ],
    chosen: { label: 'approve' },
    confidence: 0.82,
    aiRole: 'advisory',
    ...extra,
  };
}
