"""The Prefect flow: triage each new claim in a task. Deploy it as usual (`prefect deploy`); Cairn needs no change to
the flow beyond the call in claims_agent.triage. Flow-run state changes reach Cairn through the automation in
automation.json (POST /hooks/prefect), so the run's lifecycle and the agent's decisions share one timeline."""

from prefect import flow, task

from claims_agent import triage


@task(retries=2, retry_delay_seconds=10)
def triage_claim(claim):
    chosen, record = triage(claim)
    return {"claim_id": claim["claim_id"], "route": chosen, "cairn_record": record["id"]}


@flow(name="claims-triage")
def claims_triage(claims):
    return [triage_claim(c) for c in claims]


if __name__ == "__main__":
    claims_triage([
        {"claim_id": "CLM-1042", "claimant_ref": "subj_7f3a9c", "amount": 1800, "policy_tier": "gold",
         "prior_claims_12m": 0, "days_since_policy_start": 410},
    ])
