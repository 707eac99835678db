"""A clinical-alert agent: decides whether a patient's vitals warrant paging the rapid-response team, notifying the
ward nurse, or no action. Deterministic early-warning-score rules stand in for the model; a clinician decides.

Pass the Dagster op or asset `context` so the decision links to the run, job and retry (Dagster has no global context).
"""

from cairn_client import CairnClient


def early_warning_score(v):
    score = 0
    score += 3 if v["resp_rate"] >= 25 or v["resp_rate"] <= 8 else (2 if v["resp_rate"] >= 21 else 0)
    score += 3 if v["spo2"] <= 91 else (2 if v["spo2"] <= 93 else (1 if v["spo2"] <= 95 else 0))
    score += 3 if v["systolic_bp"] <= 90 else (2 if v["systolic_bp"] <= 100 else 0)
    score += 3 if v["heart_rate"] >= 131 or v["heart_rate"] <= 40 else (2 if v["heart_rate"] >= 111 else 0)
    return score


def assess(vitals, context=None, cairn=None):
    cairn = cairn or CairnClient(agent={"id": "clinical-alert", "name": "Deterioration alert", "version": "1.4.2"})
    ews = early_warning_score(vitals)
    chosen = "page_rapid_response" if ews >= 7 else ("notify_nurse" if ews >= 5 else "no_action")
    scores = {"page_rapid_response": min(1.0, ews / 9), "notify_nurse": 0.6 if 5 <= ews < 7 else 0.2,
              "no_action": max(0.0, 1 - ews / 5)}
    record = cairn.decision(
        type="clinical.deterioration-alert",
        context={k: vitals[k] for k in ("resp_rate", "spo2", "systolic_bp", "heart_rate")} | {"ews": ews},
        alternatives=[{"label": k, "score": round(v, 3)} for k, v in scores.items()],
        chosen=chosen,
        reasoning=f"early warning score {ews}: thresholds 5 (nurse) and 7 (rapid response)",
        confidence=round(scores[chosen], 3),
        outcome={"status": chosen, "adverse": False},
        ai_role="advisory",
        human_decider={"id": "ward-charge-nurse", "role": "clinician"},
        subject_ref=vitals["patient_ref"],
        retention_class="hipaa-6y",
        dagster_context=context,
    )
    return chosen, record
