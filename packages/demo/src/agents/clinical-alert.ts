// The clinical-alert agent of the demo: page the rapid-response team, notify the ward nurse, or take no action,
// from an early warning score over a patient's vitals (the score and thresholds of
// examples/dagster-clinical-alerts/alert_agent.py).
// The agent advises; the charge nurse on the ward decides, and is recorded as the human decider.
import type { Decision } from '@cairn/core';

/** One set of vitals as the agent sees it. */
export type Vitals = {
  readonly patientRef: string;
  readonly respRate: number;
  readonly spo2: number;
  readonly systolicBp: number;
  readonly heartRate: number;
};

/** The actions the agent weighs. */
export type AlertAction = 'page_rapid_response' | 'notify_nurse' | 'no_action';

/** The agent as it seals itself. */
export const ALERT_AGENT = Object.freeze({
  id: 'clinical-alert',
  name: 'Deterioration alert',
  version: '1.4.2',
});

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The early warning score: points for each vital outside its normal range.
 *
 * @example earlyWarningScore({ respRate: 24, spo2: 92, systolicBp: 98, heartRate: 118, patientRef }) === 8
 */
export function earlyWarningScore(v: Vitals): number {
  let score = 0;
  score += v.respRate >= 25 || v.respRate <= 8 ? 3 : v.respRate >= 21 ? 2 : 0;
  score += v.spo2 <= 91 ? 3 : v.spo2 <= 93 ? 2 : v.spo2 <= 95 ? 1 : 0;
  score += v.systolicBp <= 90 ? 3 : v.systolicBp <= 100 ? 2 : 0;
  score += v.heartRate >= 131 || v.heartRate <= 40 ? 3 : v.heartRate >= 111 ? 2 : 0;
  return score;
}

/**
 * The decision body for a set of vitals, with the clinician who decides.
 *
 * @example const decision = alertDecision(vitals, { id: 'clin_4c1e9a', role: 'charge nurse' });
 */
export function alertDecision(
  v: Vitals,
  clinician: { readonly id: string; readonly role: string },
): Decision {
  const ews = earlyWarningScore(v);
  const chosen: AlertAction = ews >= 7 ? 'page_rapid_response' : ews >= 5 ? 'notify_nurse' : 'no_action';
  // Support for each action that agrees with the thresholds (the example's min(1, ews/9) would rank paging first at
  // a score of 6, where the rules notify the nurse).
  const scores: Record<AlertAction, number> = {
    page_rapid_response: round3(ews >= 7 ? Math.min(1, 0.6 + (ews - 7) * 0.1) : Math.min(0.35, ews / 20)),
    notify_nurse: round3(ews >= 5 && ews < 7 ? 0.6 : ews >= 7 ? 0.3 : Math.min(0.4, ews / 12)),
    no_action: round3(ews < 5 ? Math.max(0.45, 1 - ews / 10) : 0.1),
  };
  return {
    type: 'clinical.deterioration-alert',
    agent: { ...ALERT_AGENT },
    context: {
      resp_rate: v.respRate,
      spo2: v.spo2,
      systolic_bp: v.systolicBp,
      heart_rate: v.heartRate,
      ews,
    },
    alternatives: (['page_rapid_response', 'notify_nurse', 'no_action'] as const).map((label) => ({
      label,
      score: scores[label],
    })),
    chosen: { label: chosen },
    reasoning: {
      text: `early warning score ${ews}: thresholds 5 (nurse) and 7 (rapid response)`,
      source: 'application',
    },
    confidence: scores[chosen],
    outcome: { status: chosen, adverse: false },
    aiRole: 'advisory',
    humanDecider: { id: clinician.id, role: clinician.role },
  };
}
