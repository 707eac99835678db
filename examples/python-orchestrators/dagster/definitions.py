"""A Dagster job that assesses ward vitals with the clinical-alert agent, and a run-status sensor that reports every
run's start, success, failure and cancellation to Cairn."""

import os

import dagster as dg

from alert_agent import assess
from cairn_dagster import post_run_status, run_status_payload

CAIRN_URL = os.environ.get("CAIRN_URL", "http://127.0.0.1:7070")
CAIRN_TOKEN = os.environ.get("CAIRN_INGEST_TOKEN", "")
DAGSTER_URL = os.environ.get("CAIRN_DAGSTER_URL", "http://localhost:3000")
SPOOL = os.environ.get("CAIRN_SPOOL_DIR", "/var/lib/dagster/cairn-spool")


@dg.op(retry_policy=dg.RetryPolicy(max_retries=2, delay=5))
def assess_ward(context: dg.OpExecutionContext):
    vitals = [{"patient_ref": "subj_3b81e4", "resp_rate": 24, "spo2": 92, "systolic_bp": 98, "heart_rate": 118}]
    return [assess(v, context=context)[0] for v in vitals]


@dg.job
def clinical_alerts():
    assess_ward()


def _report(context: dg.RunStatusSensorContext):
    outcome = post_run_status(run_status_payload(context, DAGSTER_URL), url=CAIRN_URL, token=CAIRN_TOKEN,
                              spool_dir=SPOOL, log=context.log.warning)
    context.log.info(f"cairn: run {context.dagster_run.run_id} {context.dagster_run.status.value}: {outcome}")


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.STARTED, monitor_all_code_locations=True)
def cairn_run_started(context):
    _report(context)


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, monitor_all_code_locations=True)
def cairn_run_succeeded(context):
    _report(context)


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.FAILURE, monitor_all_code_locations=True)
def cairn_run_failed(context):
    _report(context)


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.CANCELED, monitor_all_code_locations=True)
def cairn_run_canceled(context):
    _report(context)


defs = dg.Definitions(jobs=[clinical_alerts],
                      sensors=[cairn_run_started, cairn_run_succeeded, cairn_run_failed, cairn_run_canceled])
