"""Posting Dagster run status to Cairn (POST /hooks/dagster) from a run-status sensor, without losing any.

If a sensor raises, Dagster records the error on the tick and moves its cursor past the run: the status is never
delivered again. So `post_run_status` retries with backoff and, if Cairn stays unreachable, writes the payload to a
local spool that the next tick sends first. The receiver is idempotent on (run id, status), so a re-send after a
daemon crash stores nothing twice.
"""

import json
import os
import time
import urllib.error
import urllib.request


def run_status_payload(context, dagster_url=None):
    """The documented /hooks/dagster body from a RunStatusSensorContext."""
    run = context.dagster_run
    event = context.dagster_event
    return {
        "run_id": run.run_id,
        "job_name": run.job_name,
        "status": run.status.value,
        "tags": dict(run.tags),
        "parent_run_id": run.parent_run_id,
        "root_run_id": run.root_run_id,
        "event_type": getattr(event, "event_type_value", None),
        "timestamp": getattr(event, "timestamp", None),
        "partition_key": context.partition_key,
        "run_url": f"{dagster_url.rstrip('/')}/runs/{run.run_id}" if dagster_url else None,
    }


def _post(url, token, payload, timeout):
    request = urllib.request.Request(f"{url.rstrip('/')}/hooks/dagster", data=json.dumps(payload).encode(),
                                     headers={"content-type": "application/json", "authorization": f"Bearer {token}"},
                                     method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return 0


def post_run_status(payload, *, url, token, spool_dir, attempts=3, backoff_seconds=1.0, timeout=5.0, log=print):
    """Sends the spool first, then `payload`; retries 5xx and network errors; spools what still fails.

    Returns "sent", "spooled" or "rejected" (a 4xx: the payload itself is wrong and is set aside, not retried)."""
    os.makedirs(spool_dir, exist_ok=True)
    spool = os.path.join(spool_dir, "dagster-run-status.jsonl")
    pending = []
    if os.path.exists(spool):
        with open(spool, encoding="utf-8") as f:
            pending = [json.loads(line) for line in f if line.strip()]
    results = []
    for item in pending + [payload]:
        status = 0
        for attempt in range(attempts):
            status = _post(url, token, item, timeout)
            if status < 500 and status != 0:
                break
            time.sleep(backoff_seconds * (2 ** attempt))
        results.append((item, status))
    still = [item for item, status in results if status == 0 or status >= 500]
    rejected = [item for item, status in results if 400 <= status < 500]
    for item in rejected:
        log(f"cairn: rejected run status for {item.get('run_id')}: HTTP 4xx; kept in {spool}.rejected")
        with open(spool + ".rejected", "a", encoding="utf-8") as f:
            f.write(json.dumps(item) + "\n")
    tmp = spool + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for item in still:
            f.write(json.dumps(item) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, spool)
    last = results[-1][1]
    return "sent" if 200 <= last < 300 else ("rejected" if 400 <= last < 500 else "spooled")
