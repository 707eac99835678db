"""A claims-triage agent: routes an insurance claim to fast-track payment, an adjuster, or the fraud unit.

Deterministic rules stand in for the model so the example runs offline. The decision is recorded with Cairn; inside a
Prefect flow run the record is linked to the flow run and task run automatically (prefect.runtime, or the
PREFECT__FLOW_RUN_ID variable Prefect's workers set).
"""

from cairn_client import CairnClient

FAST_TRACK_LIMIT = 2500


def score_claim(claim):
    fraud = 0.05 + (0.5 if claim["prior_claims_12m"] >= 3 else 0) + (0.3 if claim["days_since_policy_start"] < 30 else 0)
    size = min(claim["amount"] / 10000, 1.0)
    return {
        "fast_track": round(max(0.0, 1 - size - fraud), 3),
        "adjuster": round(min(1.0, 0.2 + size), 3),
        "fraud_review": round(min(1.0, fraud), 3),
    }


def triage(claim, cairn=None):
    """Scores the options, picks one, records the decision; returns the chosen label and Cairn's answer."""
    cairn = cairn or CairnClient(agent={"id": "claims-triage", "name": "Claims triage", "version": "2.3.0"})
    scores = score_claim(claim)
    chosen = max(scores, key=scores.get)
    reasons = {
        "fast_track": f"amount {claim['amount']} under the {FAST_TRACK_LIMIT} fast-track limit and low fraud signals",
        "adjuster": "amount or complexity needs an adjuster's assessment",
        "fraud_review": "recent policy start or repeated claims raise the fraud score",
    }
    record = cairn.decision(
        type="claims.triage",
        context={k: claim[k] for k in ("amount", "policy_tier", "prior_claims_12m", "days_since_policy_start")},
        alternatives=[{"label": k, "score": v, "reason": reasons[k]} for k, v in scores.items()],
        chosen=chosen,
        reasoning=reasons[chosen],
        confidence=scores[chosen],
        factors=[{"name": "amount", "value": claim["amount"]}, {"name": "prior_claims_12m", "value": claim["prior_claims_12m"]}],
        outcome={"status": chosen, "adverse": chosen == "fraud_review"},
        ai_role="advisory",
        subject_ref=claim["claimant_ref"],
        retention_class="finra-6y",
        model={"provider": "rules", "name": "claims-triage-rules", "version": "2.3.0"},
        tags=["eu-ai-act:art12", "gdpr:art22"],
    )
    return chosen, record
