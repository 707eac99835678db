"""A loan-underwriting agent: approve, refer to an underwriter, or decline. Deterministic rules stand in for the model.

Inside an Airflow task the decision is linked to the DAG run, task and try number (Airflow's task context, or the
AIRFLOW_CTX_* variables Airflow exports to the task process), the same ids Airflow's OpenLineage provider sends to
Cairn, so the run's lineage events and the agent's decisions meet on one timeline.
"""

from cairn_client import CairnClient


def underwrite(application, cairn=None):
    cairn = cairn or CairnClient(agent={"id": "loan-underwriter", "name": "Loan underwriter", "version": "4.1.0"})
    dti = application["monthly_debt"] / application["monthly_income"]
    score = application["credit_score"]
    scores = {
        "approve": round(max(0.0, min(1.0, (score - 600) / 200 - dti)), 3),
        "refer": round(0.35 + (0.3 if 0.35 <= dti <= 0.45 else 0), 3),
        "decline": round(max(0.0, min(1.0, (640 - score) / 100 + max(0.0, dti - 0.45) * 2)), 3),
    }
    chosen = max(scores, key=scores.get)
    why = {
        "approve": f"credit score {score} and debt-to-income {dti:.2f} are within policy",
        "refer": f"debt-to-income {dti:.2f} is in the manual-review band",
        "decline": f"credit score {score} or debt-to-income {dti:.2f} is outside policy",
    }
    record = cairn.decision(
        type="loan.underwriting",
        context={"amount": application["amount"], "credit_score": score, "dti": round(dti, 3),
                 "employment_years": application["employment_years"]},
        alternatives=[{"label": k, "score": v, "reason": why[k]} for k, v in scores.items()],
        chosen=chosen,
        reasoning=why[chosen],
        confidence=scores[chosen],
        factors=[{"name": "credit_score", "value": score}, {"name": "dti", "value": round(dti, 3)}],
        outcome={"status": chosen, "adverse": chosen == "decline"},
        ai_role="assistive",
        policy={"id": "credit-policy", "version": "2026.10"},
        subject_ref=application["applicant_ref"],
        retention_class="co-3y",
    )
    return chosen, record
