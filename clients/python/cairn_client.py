"""Cairn client for Python task code (Prefect, Airflow, Dagster): standard library only, no pip install.

Posts decision records to a Cairn server (``POST /v1/decisions``), links each one to the orchestrator run it was
made in (detected from Prefect's runtime, Airflow's task context or environment, or a Dagster context you pass),
spools to disk when the server is unreachable and delivers the spool, in order, on the next call or ``flush()``.
By default it never raises into the task: problems are logged and returned.

    from cairn_client import CairnClient
    cairn = CairnClient()                       # CAIRN_URL, CAIRN_INGEST_TOKEN, CAIRN_SPOOL_DIR from the environment
    cairn.decision(
        type="claims.triage",
        context={"claim_amount": 1800, "policy_tier": "gold"},
        alternatives=[{"label": "fast_track", "score": 0.82}, {"label": "adjuster", "score": 0.18}],
        chosen="fast_track",
        reasoning="Amount under the fast-track limit and no fraud signals.",
    )
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import json
import logging
import os
import secrets
import socket
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional

__all__ = ["CairnClient", "detect_run", "CairnError"]
__version__ = "0.1.0"

log = logging.getLogger("cairn")


# 400: the entry is invalid; 413: it is larger than the server accepts. Resending either cannot succeed.
_REFUSED = (400, 413)


class CairnError(Exception):
    """Raised only when ``fail_open=False`` and a record could not be stored durably."""


def _now() -> str:
    # RFC 3339 UTC with milliseconds, the form Cairn's schema and its JavaScript SDK use.
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _uuid7() -> str:
    # RFC 9562 UUIDv7: 48-bit Unix milliseconds, then random bits; ids sort by creation time.
    ms = int(time.time() * 1000)
    raw = bytearray(ms.to_bytes(6, "big") + secrets.token_bytes(10))
    raw[6] = (raw[6] & 0x0F) | 0x70
    raw[8] = (raw[8] & 0x3F) | 0x80
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _clean(value: Dict[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in value.items() if v is not None and v != "" and v != {} and v != []}


# --- run detection -------------------------------------------------------------------------------------------


def _prefect_task_key() -> Optional[str]:
    # The Prefect receiver names a task by the task run's `task_key` (its events carry it), so decisions made in the
    # task use the same id; prefect.runtime does not expose it, the run context does. Task name otherwise.
    try:
        from prefect.context import get_run_context  # type: ignore
        key = getattr(getattr(get_run_context(), "task_run", None), "task_key", None)
    except Exception:
        return None
    return key if isinstance(key, str) and key else None


def _prefect_run() -> Optional[Dict[str, Any]]:
    try:
        from prefect.runtime import flow_run, task_run  # type: ignore
    except Exception:
        flow_run = task_run = None
    run_id = getattr(flow_run, "id", None) if flow_run else None
    run_id = run_id or os.environ.get("PREFECT__FLOW_RUN_ID")
    if not run_id:
        return None
    ui = getattr(flow_run, "ui_url", None) if flow_run else None
    task_id = getattr(task_run, "id", None) if task_run else None
    return _clean({
        "orchestrator": "prefect",
        "id": str(run_id),
        "workflow": _clean({"id": getattr(flow_run, "flow_name", None)}) or None,
        "task": _clean({"id": _prefect_task_key() or getattr(task_run, "task_name", None),
                        "runId": str(task_id) if task_id else None})
        if task_id else None,
        "attempt": getattr(flow_run, "run_count", None) or None,
        "parentRunId": getattr(flow_run, "parent_flow_run_id", None),
        "rootRunId": getattr(flow_run, "root_flow_run_id", None),
        # prefect.runtime builds /flow-runs/flow-run/<id>; the current UI serves /runs/flow-run/<id>.
        "url": ui.replace("/flow-runs/flow-run/", "/runs/flow-run/") if isinstance(ui, str) else None,
    })


def _airflow_context() -> Optional[Dict[str, Any]]:
    for module in ("airflow.sdk", "airflow.operators.python"):
        try:
            get_current_context = __import__(module, fromlist=["get_current_context"]).get_current_context
            return get_current_context()
        except Exception:
            continue
    return None


def _airflow_run(base_url: Optional[str]) -> Optional[Dict[str, Any]]:
    ctx = _airflow_context()
    ti = ctx.get("ti") if ctx else None
    env = os.environ
    dag_id = getattr(ti, "dag_id", None) or env.get("AIRFLOW_CTX_DAG_ID")
    run_id = getattr(ti, "run_id", None) or env.get("AIRFLOW_CTX_DAG_RUN_ID")
    if not dag_id or not run_id:
        return None
    task_id = getattr(ti, "task_id", None) or env.get("AIRFLOW_CTX_TASK_ID")
    try_number = getattr(ti, "try_number", None) or env.get("AIRFLOW_CTX_TRY_NUMBER")
    map_index = getattr(ti, "map_index", None)
    ti_uuid = getattr(ti, "id", None)
    ids = _clean({"airflow.mapIndex": str(map_index) if map_index not in (None, -1) else None,
                  "airflow.taskInstanceId": str(ti_uuid) if ti_uuid else None})
    url = None
    if base_url:
        from urllib.parse import quote
        url = f"{base_url.rstrip('/')}/dags/{quote(dag_id, safe='')}/runs/{quote(run_id, safe='')}"
        if task_id:
            url += f"/tasks/{quote(task_id, safe='')}"
    return _clean({
        "orchestrator": "airflow",
        "id": run_id,
        "workflow": {"id": dag_id},
        "task": _clean({"id": task_id}) or None,
        "attempt": int(try_number) if try_number else None,
        "url": url,
        "ids": ids,
    })


def _dagster_run(context: Any, base_url: Optional[str]) -> Optional[Dict[str, Any]]:
    if context is None:
        return None
    run = getattr(context, "run", None)
    run_id = getattr(run, "run_id", None) or getattr(context, "run_id", None)
    if not run_id:
        return None
    retry = getattr(context, "retry_number", None)
    partition = getattr(context, "partition_key", None) if getattr(context, "has_partition_key", False) else None
    return _clean({
        "orchestrator": "dagster",
        "id": str(run_id),
        "workflow": _clean({"id": getattr(context, "job_name", None)}) or None,
        "attempt": int(retry) + 1 if isinstance(retry, int) else None,
        "url": f"{base_url.rstrip('/')}/runs/{run_id}" if base_url else None,
        "ids": _clean({"dagster.partition": partition}),
    })


def detect_run(dagster_context: Any = None, airflow_url: Optional[str] = None,
               dagster_url: Optional[str] = None) -> Optional[Dict[str, Any]]:
    """The current orchestrator run as a Cairn run link, or None outside a run.

    Dagster has no global context: pass the op or asset ``context``. Base URLs build deep links into the UIs
    (defaults from ``CAIRN_AIRFLOW_URL`` and ``CAIRN_DAGSTER_URL``).
    """
    env = os.environ
    return (_dagster_run(dagster_context, dagster_url or env.get("CAIRN_DAGSTER_URL"))
            or _prefect_run()
            or _airflow_run(airflow_url or env.get("CAIRN_AIRFLOW_URL")))


# --- spool ---------------------------------------------------------------------------------------------------


class _Spool:
    """An append-only JSON-lines journal, fsynced per write, guarded by a file lock so several task processes
    on one machine can share it. A torn last line (a crash mid-write) is skipped on reading."""

    def __init__(self, directory: str) -> None:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        self.path = os.path.join(directory, "spool.jsonl")
        self.rejected_path = os.path.join(directory, "rejected.jsonl")
        self._lock_path = os.path.join(directory, "spool.lock")
        self._held = threading.local()

    @contextlib.contextmanager
    def _locked(self):
        # Re-entrant within a thread: drain() sets refused entries aside while it holds the lock, and flock(2)
        # treats a second descriptor of the same file as a stranger, so locking again would wait forever.
        if getattr(self._held, "depth", 0) > 0:
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        with open(self._lock_path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            self._held.depth = 1
            try:
                yield
            finally:
                self._held.depth = 0

    def append(self, entries: List[Dict[str, Any]], path: Optional[str] = None) -> None:
        with self._locked():
            with open(path or self.path, "a", encoding="utf-8") as f:
                for entry in entries:
                    f.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
                f.flush()
                os.fsync(f.fileno())

    def drain(self, send) -> int:
        """Sends spooled entries in order; keeps whatever was not acknowledged. ``send(batch)`` answers how many
        entries from the front of the batch it delivered or set aside. Returns how many left the spool."""
        with self._locked():
            if not os.path.exists(self.path):
                return 0
            with open(self.path, encoding="utf-8") as f:
                lines = f.read().split("\n")
            entries = []
            for line in lines:
                try:
                    entries.append(json.loads(line)) if line.strip() else None
                except ValueError:
                    log.warning("cairn: skipped a torn line in the spool %s", self.path)
            done = 0
            while done < len(entries):
                batch = entries[done:done + 100]
                handled = send(batch)
                done += handled
                if handled < len(batch):
                    break
            rest = entries[done:]
            tmp = self.path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                for entry in rest:
                    f.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
            return done

    def pending(self) -> int:
        if not os.path.exists(self.path):
            return 0
        with open(self.path, encoding="utf-8") as f:
            return sum(1 for line in f if line.strip())


# --- client --------------------------------------------------------------------------------------------------


class CairnClient:
    """Records decisions to a Cairn server. Thread-safe; one instance per process is enough."""

    def __init__(self, url: Optional[str] = None, token: Optional[str] = None, *, producer_id: Optional[str] = None,
                 spool_dir: Optional[str] = None, agent: Optional[Dict[str, Any]] = None, fail_open: bool = True,
                 timeout: float = 5.0, airflow_url: Optional[str] = None, dagster_url: Optional[str] = None) -> None:
        env = os.environ
        self.url = (url or env.get("CAIRN_URL") or "http://127.0.0.1:7070").rstrip("/")
        self.token = token or env.get("CAIRN_INGEST_TOKEN")
        self.producer_id = producer_id or f"py:{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"
        self.agent = agent or {"id": env.get("CAIRN_AGENT_ID", "python-agent")}
        self.fail_open = fail_open
        self.timeout = timeout
        self.airflow_url, self.dagster_url = airflow_url, dagster_url
        self._spool = _Spool(spool_dir or env.get("CAIRN_SPOOL_DIR") or os.path.expanduser("~/.cairn/spool"))
        self._seq = 0
        self._lock = threading.Lock()

    # The envelope and body follow @cairn/core's schema (packages/core/schema/entry.schema.json).
    def decision(self, *, type: str, context: Dict[str, Any], chosen: str,
                 alternatives: Optional[List[Dict[str, Any]]] = None, reasoning: Optional[str] = None,
                 reasoning_source: str = "application", confidence: Optional[float] = None,
                 factors: Optional[List[Dict[str, Any]]] = None, outcome: Optional[Dict[str, Any]] = None,
                 ai_role: str = "assistive", human_decider: Optional[Dict[str, Any]] = None,
                 model: Optional[Dict[str, Any]] = None, prompt: Optional[Dict[str, Any]] = None,
                 policy: Optional[Dict[str, Any]] = None, subject_ref: Optional[str] = None,
                 retention_class: Optional[str] = None, tags: Optional[List[str]] = None,
                 run: Optional[Dict[str, Any]] = None, dagster_context: Any = None,
                 agent: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Records one decision; returns ``{"id", "status": "sealed" | "spooled" | "rejected" | "failed", ...}``."""
        run_link = run or detect_run(dagster_context, self.airflow_url, self.dagster_url)
        if run_link is None:
            run_link = {"orchestrator": "other", "id": f"process:{self.producer_id}"}
        body = _clean({
            "type": type, "agent": agent or self.agent, "model": model, "prompt": prompt, "policy": policy,
            "context": context, "alternatives": alternatives or [], "chosen": {"label": chosen},
            "reasoning": {"text": reasoning, "source": reasoning_source} if reasoning else None,
            "confidence": confidence, "factors": factors, "outcome": outcome, "aiRole": ai_role,
            "humanDecider": human_decider,
        })
        body.setdefault("context", {})
        body.setdefault("alternatives", [])
        return self._record("decision", {"run": run_link, "decision": body,
                                         "subject": {"ref": subject_ref} if subject_ref else None,
                                         "retention": {"class": retention_class} if retention_class else None,
                                         "tags": tags})

    def _record(self, kind: str, fields: Dict[str, Any]) -> Dict[str, Any]:
        with self._lock:
            seq = self._seq
            self._seq += 1
        now = _now()
        entry = _clean({"v": 1, "kind": kind, "id": _uuid7(), "occurredAt": now, "recordedAt": now,
                        "producer": {"id": self.producer_id, "seq": seq}, **fields})
        try:
            return self._deliver(entry)
        except Exception as error:  # never into the task unless asked
            if not self.fail_open:
                raise
            log.error("cairn: could not record %s %s: %s", kind, entry["id"], error)
            return {"id": entry["id"], "status": "failed", "error": str(error)[:300]}

    def _deliver(self, entry: Dict[str, Any]) -> Dict[str, Any]:
        # Older spooled entries go first so the server sees each producer's entries in order.
        if self._spool.pending() > 0:
            self._spool.drain(self._post_ok)
        if self._spool.pending() == 0:
            status, answer = self._post([entry])
            if status == 200:
                accepted = answer["accepted"][0]
                return {"id": entry["id"], "status": "sealed", "index": accepted["index"],
                        "duplicate": accepted["duplicate"]}
            if status in _REFUSED:
                self._spool.append([entry], self._spool.rejected_path)
                problems = answer.get("problems", []) if isinstance(answer, dict) else []
                message = "; ".join(p.get("message", "") for p in problems[:5])
                if not self.fail_open:
                    raise CairnError(f"rejected by the server: {message}")
                log.error("cairn: the server rejected %s: %s", entry["id"], message)
                return {"id": entry["id"], "status": "rejected", "problems": problems}
        self._spool.append([entry])
        return {"id": entry["id"], "status": "spooled"}

    def _post_ok(self, entries: List[Dict[str, Any]]) -> int:
        """Delivers a batch; answers how many entries from its front were stored or set aside as refused."""
        status, _answer = self._post(entries)
        if status == 200:
            return len(entries)
        if status not in _REFUSED:
            return 0
        if len(entries) == 1:  # a poisoned entry must not block the spool: set it aside for inspection
            self._spool.append(entries, self._spool.rejected_path)
            return 1
        # The server stores a batch whole or not at all: find the refused entries one by one, so one bad (or
        # oversized) entry never sets its good neighbours aside.
        for done, entry in enumerate(entries):
            if self._post_ok([entry]) == 0:
                return done
        return len(entries)

    def _post(self, entries: List[Dict[str, Any]]):
        data = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        headers = {"content-type": "application/json"}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(f"{self.url}/v1/decisions", data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            try:
                return error.code, json.loads(error.read() or b"{}")
            except ValueError:
                return error.code, {}
        except (urllib.error.URLError, OSError, TimeoutError):
            return 0, {}

    def flush(self) -> int:
        """Delivers spooled entries now; returns how many left the spool, delivered or set aside in
        ``rejected.jsonl`` because the server refuses them (the rest stay spooled)."""
        try:
            return self._spool.drain(self._post_ok)
        except Exception as error:
            if not self.fail_open:
                raise
            log.error("cairn: could not flush the spool: %s", error)
            return 0

    def pending(self) -> int:
        """How many entries wait in the spool."""
        return self._spool.pending()
