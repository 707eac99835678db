// Small shared pieces of the stories: producers named as their real counterparts name themselves, and the step
// that sends one OpenLineage event as openlineage-python's HTTP transport does.
import type { LineageEvent } from '../airflow/dag-run.js';
import { producer } from '../entries.js';
import type { Producer } from '../entries.js';
import type { DemoIds } from '../ids.js';
import { pythonJson } from '../python-json.js';
import type { DemoOrchestrator, PayloadStep } from '../steps.js';

/**
 * The producer of one Python process using `cairn_client` (`py:<hostname>:<pid>:<6 hex>`), with its own sequence.
 *
 * @example const worker = pythonProducer(ids, 'airflow-worker-2', 'loan_review/underwrite_all/1');
 */
export function pythonProducer(ids: DemoIds, host: string, label: string): Producer {
  const pid = 1000 + (parseInt(ids.hex(`pid/${label}`, 6), 16) % 60_000);
  return producer(`py:${host}:${pid}:${ids.hex(`producer/${label}`, 6)}`);
}

/**
 * An OpenLineage event as openlineage-python's HTTP transport posts it: `Serde.to_json` (sorted keys, Python's
 * separators, nulls dropped) to `/api/v1/lineage`. The workers here use `compression: gzip`, the scheduler not,
 * so both wire forms reach the receiver.
 *
 * @example lineageStep('airflow', event)
 */
export function lineageStep(
  orchestrator: DemoOrchestrator,
  { event, sender, label }: LineageEvent,
): PayloadStep {
  return {
    kind: 'payload',
    orchestrator,
    path: '/api/v1/lineage',
    body: pythonJson(event, { sortKeys: true }),
    gzip: sender === 'worker',
    message: `OpenLineage ${label}`,
  };
}
