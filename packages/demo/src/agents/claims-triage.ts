// The claims-triage agent of the demo: fast-track payment, an adjuster, or the fraud unit. The rules are those of
// examples/prefect-claims-triage/claims_agent.py, so scores and reasons follow from each claim's inputs.
import type { Decision } from '@cairn/core';

/** One insurance claim as the agent sees it. */
export type Claim = {
  readonly claimId: string;
  readonly claimantRef: string;
  readonly amount: number;
  readonly policyTier: 'bronze' | 'silver' | 'gold';
  readonly priorClaims12m: number;
  readonly daysSincePolicyStart: number;
};

/** The routes the agent weighs. */
export type ClaimRoute = 'fast_track' | 'adjuster' | 'fraud_review';

/** The agent as it seals itself. */
export const CLAIMS_AGENT = Object.freeze({ id: 'claims-triage', name: 'Claims triage', version: '2.3.0' });

const FAST_TRACK_LIMIT = 2500;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Scores each route: the fraud signal grows with repeated claims and a recent policy start, the size with the
 * amount.
 *
 * @example scoreClaim(claim).fast_track // 0.77
 */
export function scoreClaim(claim: Claim): Record<ClaimRoute, number> {
  const fraud = 0.05 + (claim.priorClaims12m >= 3 ? 0.5 : 0) + (claim.daysSincePolicyStart < 30 ? 0.3 : 0);
  const size = Math.min(claim.amount / 10_000, 1);
  return {
    fast_track: round3(Math.max(0, 1 - size - fraud)),
    adjuster: round3(Math.min(1, 0.2 + size)),
    fraud_review: round3(Math.min(1, fraud)),
  };
}

/** The route the rules pick (ties to the first, as Python's `max` over a dict). @example triageRoute(claim) */
export function triageRoute(claim: Claim): ClaimRoute {
  const scores = scoreClaim(claim);
  const order: ClaimRoute[] = ['fast_track', 'adjuster', 'fraud_review'];
  return order.reduce((best, route) => (scores[route] > scores[best] ? route : best), order[0]!);
}

/**
 * The decision body the agent records for a claim; a fraud referral is adverse to the claimant.
 *
 * @example const decision = claimDecision(claim);
 */
export function claimDecision(claim: Claim): Decision {
  const scores = scoreClaim(claim);
  const chosen = triageRoute(claim);
  const reasons: Record<ClaimRoute, string> = {
    fast_track: `amount ${claim.amount} under the ${FAST_TRACK_LIMIT} fast-track limit and low fraud signals`,
    adjuster: "amount or complexity needs an adjuster's assessment",
    fraud_review: 'recent policy start or repeated claims raise the fraud score',
  };
  return {
    type: 'claims.triage',
    agent: { ...CLAIMS_AGENT },
    model: { provider: 'rules', name: 'claims-triage-rules', version: CLAIMS_AGENT.version },
    context: {
      claim_id: claim.claimId,
      amount: claim.amount,
      policy_tier: claim.policyTier,
      prior_claims_12m: claim.priorClaims12m,
      days_since_policy_start: claim.daysSincePolicyStart,
    },
    alternatives: (['fast_track', 'adjuster', 'fraud_review'] as const).map((label) => ({
      label,
      score: scores[label],
      reason: reasons[label],
    })),
    chosen: { label: chosen },
    reasoning: { text: reasons[chosen], source: 'application' },
    confidence: scores[chosen],
    factors: [
      { name: 'amount', value: claim.amount },
      { name: 'prior_claims_12m', value: claim.priorClaims12m },
    ],
    outcome: { status: chosen, adverse: chosen === 'fraud_review' },
    aiRole: 'advisory',
  };
}
