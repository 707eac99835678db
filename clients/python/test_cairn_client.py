"""Tests of cairn_client against a real Cairn server.

Run by packages/server/src/python-client.test.ts, which starts the server and sets CAIRN_URL, CAIRN_INGEST_TOKEN
and CAIRN_READ_TOKEN. Standard library only: python3 -m unittest test_cairn_client
"""

import json
import os
import tempfile
import unittest
import urllib.parse
import urllib.request
from unittest import mock

import cairn_client
from cairn_client import CairnClient, CairnError

URL = os.environ["CAIRN_URL"]
READ = os.environ.get("CAIRN_READ_TOKEN", "")
DEAD = "http://127.0.0.1:9"  # discard port: nothing listens, connections are refused at once

AIRFLOW_ENV = {
    "AIRFLOW_CTX_DAG_ID": "loan_review",
    "AIRFLOW_CTX_DAG_RUN_ID": "manual__2026-11-23T10:00:00+00:00",
    "AIRFLOW_CTX_TASK_ID": "underwrite",
    "AIRFLOW_CTX_TRY_NUMBER": "2",
}


def read(path):
    request = urllib.request.Request(URL + path, headers={"authorization": f"Bearer {READ}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def decide(client, **overrides):
    args = dict(type="claims.triage", context={"claim_amount": 1800, "policy_tier": "gold"},
                alternatives=[{"label": "fast_track", "score": 0.82}, {"label": "adjuster", "score": 0.18}],
                chosen="fast_track", reasoning="Under the fast-track limit; no fraud signals.", confidence=0.82)
    args.update(overrides)
    return client.decision(**args)


class AirflowLinking(unittest.TestCase):
    def test_a_decision_in_an_airflow_task_is_sealed_with_its_dag_run_task_and_try(self):
        with tempfile.TemporaryDirectory() as spool, mock.patch.dict(os.environ, AIRFLOW_ENV):
            client = CairnClient(URL, spool_dir=spool, airflow_url="http://airflow.example:8080")
            result = decide(client)
        self.assertEqual(result["status"], "sealed", result)
        stored = read("/v1/decisions/" + result["id"])
        run = stored["entry"]["run"]
        self.assertEqual(run["orchestrator"], "airflow")
        self.assertEqual(run["id"], "manual__2026-11-23T10:00:00+00:00")
        self.assertEqual(run["workflow"], {"id": "loan_review"})
        self.assertEqual(run["task"], {"id": "underwrite"})
        self.assertEqual(run["attempt"], 2)
        self.assertEqual(run["url"], "http://airflow.example:8080/dags/loan_review/runs/"
                                     "manual__2026-11-23T10%3A00%3A00%2B00%3A00/tasks/underwrite")
        runs = read("/v1/runs?id=" + urllib.parse.quote(run["id"]))["runs"]
        self.assertTrue(any(r["orchestrator"] == "airflow" for r in runs), runs)


class PrefectLinking(unittest.TestCase):
    def test_a_decision_in_a_prefect_flow_run_carries_the_flow_run_id_from_the_environment(self):
        with tempfile.TemporaryDirectory() as spool, \
                mock.patch.dict(os.environ, {"PREFECT__FLOW_RUN_ID": "0f3c9a1e-2b7d-4c55-9a31-5d2e8f6b7c10"}):
            result = decide(CairnClient(URL, spool_dir=spool))
        run = read("/v1/decisions/" + result["id"])["entry"]["run"]
        self.assertEqual((run["orchestrator"], run["id"]), ("prefect", "0f3c9a1e-2b7d-4c55-9a31-5d2e8f6b7c10"))


class PrefectTaskLinking(unittest.TestCase):
    def test_a_decision_in_a_prefect_task_run_names_the_task_by_its_task_key_as_the_receiver_does(self):
        import sys
        import types

        flow_run = types.SimpleNamespace(id="0f3c9a1e-2b7d-4c55-9a31-5d2e8f6b7c10", flow_name="claims-flow",
                                         ui_url=None, run_count=1, parent_flow_run_id=None, root_flow_run_id=None)
        task_run = types.SimpleNamespace(id="7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d", task_name="triage")
        runtime = types.ModuleType("prefect.runtime")
        runtime.flow_run, runtime.task_run = flow_run, task_run
        context = types.ModuleType("prefect.context")
        context.get_run_context = lambda: types.SimpleNamespace(
            task_run=types.SimpleNamespace(task_key="triage-5f3a9c1e"))
        prefect = types.ModuleType("prefect")
        prefect.runtime, prefect.context = runtime, context
        modules = {"prefect": prefect, "prefect.runtime": runtime, "prefect.context": context}
        with tempfile.TemporaryDirectory() as spool, mock.patch.dict(sys.modules, modules):
            result = decide(CairnClient(URL, spool_dir=spool))
        run = read("/v1/decisions/" + result["id"])["entry"]["run"]
        self.assertEqual(run["task"], {"id": "triage-5f3a9c1e", "runId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d"})
        self.assertEqual(run["workflow"], {"id": "claims-flow"})


class DagsterLinking(unittest.TestCase):
    def test_a_decision_in_a_dagster_op_links_to_the_run_job_and_retry_of_the_context_passed(self):
        class Run:
            run_id = "6c2f0a8e-1d3b-4f7a-9e5c-2b8d4a6f1c3e"

        class Context:
            run = Run()
            job_name = "claims_job"
            retry_number = 1
            has_partition_key = False

        with tempfile.TemporaryDirectory() as spool:
            client = CairnClient(URL, spool_dir=spool, dagster_url="http://dagster.example:3000")
            result = decide(client, dagster_context=Context())
        run = read("/v1/decisions/" + result["id"])["entry"]["run"]
        self.assertEqual(run["orchestrator"], "dagster")
        self.assertEqual(run["workflow"], {"id": "claims_job"})
        self.assertEqual(run["attempt"], 2)
        self.assertEqual(run["url"], "http://dagster.example:3000/runs/6c2f0a8e-1d3b-4f7a-9e5c-2b8d4a6f1c3e")


class Spooling(unittest.TestCase):
    def test_decisions_made_while_the_server_is_down_are_delivered_once_in_order_when_it_is_back(self):
        with tempfile.TemporaryDirectory() as spool, mock.patch.dict(os.environ, AIRFLOW_ENV):
            down = CairnClient(DEAD, spool_dir=spool, producer_id="py-spool-test")
            spooled = [decide(down, context={"n": n}) for n in range(5)]
            self.assertEqual([r["status"] for r in spooled], ["spooled"] * 5)
            self.assertEqual(down.pending(), 5)
            up = CairnClient(URL, spool_dir=spool, producer_id="py-spool-test")
            self.assertEqual(up.flush(), 5)
            self.assertEqual(up.pending(), 0)
            self.assertEqual(up.flush(), 0)
        indices = [read("/v1/decisions/" + r["id"])["index"] for r in spooled]
        self.assertEqual(indices, sorted(indices))
        seqs = [read("/v1/decisions/" + r["id"])["entry"]["producer"]["seq"] for r in spooled]
        self.assertEqual(seqs, [0, 1, 2, 3, 4])

    def test_a_new_decision_waits_behind_older_spooled_ones(self):
        with tempfile.TemporaryDirectory() as spool:
            down = CairnClient(DEAD, spool_dir=spool, producer_id="py-order-test")
            first = decide(down, run={"orchestrator": "other", "id": "order-test"})
            up = CairnClient(URL, spool_dir=spool, producer_id="py-order-test-2")
            second = decide(up, run={"orchestrator": "other", "id": "order-test"})
        self.assertEqual(second["status"], "sealed")
        self.assertLess(read("/v1/decisions/" + first["id"])["index"], second["index"])


    def test_an_invalid_spooled_entry_is_set_aside_and_its_good_neighbours_are_delivered(self):
        with tempfile.TemporaryDirectory() as spool:
            down = CairnClient(DEAD, spool_dir=spool, producer_id="py-poison-test")
            spooled = [decide(down), decide(down, confidence=1.7), decide(down)]
            self.assertEqual([r["status"] for r in spooled], ["spooled"] * 3)
            up = CairnClient(URL, spool_dir=spool, producer_id="py-poison-test")
            self.assertEqual(up.flush(), 3)
            self.assertEqual(up.pending(), 0)
            with open(os.path.join(spool, "rejected.jsonl"), encoding="utf-8") as f:
                rejected = [json.loads(line)["id"] for line in f if line.strip()]
        self.assertEqual(rejected, [spooled[1]["id"]])
        indices = [read("/v1/decisions/" + spooled[i]["id"])["index"] for i in (0, 2)]
        self.assertLess(indices[0], indices[1])


class Failures(unittest.TestCase):
    def test_an_invalid_decision_is_rejected_with_the_field_named_and_never_raises(self):
        with tempfile.TemporaryDirectory() as spool:
            result = decide(CairnClient(URL, spool_dir=spool), confidence=1.7)
            self.assertEqual(result["status"], "rejected")
            self.assertTrue(any("decision.confidence" in p["message"] for p in result["problems"]), result)
            self.assertTrue(os.path.exists(os.path.join(spool, "rejected.jsonl")))

    def test_fail_closed_raises_when_nothing_durable_is_reachable(self):
        with tempfile.TemporaryDirectory() as parent:
            blocked = os.path.join(parent, "file")
            open(blocked, "w").close()  # a file where the spool directory should be: nothing can be spooled
            client = CairnClient(DEAD, spool_dir=os.path.join(parent, "ok"), fail_open=False)
            client._spool.path = os.path.join(blocked, "spool.jsonl")
            with self.assertRaises(Exception):
                decide(client)

    def test_fail_open_reports_and_returns_when_nothing_durable_is_reachable(self):
        with tempfile.TemporaryDirectory() as parent:
            blocked = os.path.join(parent, "file")
            open(blocked, "w").close()
            client = CairnClient(DEAD, spool_dir=os.path.join(parent, "ok"))
            client._spool.path = os.path.join(blocked, "spool.jsonl")
            with self.assertLogs("cairn", level="ERROR"):
                result = decide(client)
            self.assertEqual(result["status"], "failed")

    def test_uuid7_ids_sort_by_time_and_carry_the_version_nibble(self):
        ids = [cairn_client._uuid7() for _ in range(50)]
        self.assertTrue(all(i[14] == "7" for i in ids))
        self.assertEqual(len(set(ids)), 50)


if __name__ == "__main__":
    unittest.main()
