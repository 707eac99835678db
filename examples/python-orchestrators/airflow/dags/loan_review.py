"""An Airflow DAG that underwrites the day's loan applications. Airflow's OpenLineage provider reports every task
run to Cairn (see openlineage.env); the agent's decisions are recorded from the task through cairn_client."""

import pendulum
from airflow.sdk import dag, task  # Airflow 3; on Airflow 2 use `from airflow.decorators import dag, task`

from loan_agent import underwrite


@dag(schedule="@daily", start_date=pendulum.datetime(2026, 11, 1, tz="UTC"), catchup=False, tags=["ai", "credit"])
def loan_review():
    @task(retries=2)
    def load_applications():
        return [{"application_id": "APP-2231", "applicant_ref": "subj_91c2d0", "amount": 25000, "credit_score": 712,
                 "monthly_income": 6200, "monthly_debt": 1450, "employment_years": 6}]

    @task
    def underwrite_all(applications):
        return [{"application_id": a["application_id"], "decision": underwrite(a)[0]} for a in applications]

    underwrite_all(load_applications())


loan_review()
