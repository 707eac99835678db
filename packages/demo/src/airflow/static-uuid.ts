// OpenLineage's `generate_static_uuid` (openlineage-python `client/uuid.py`), which Airflow's provider uses for every
// runId (`adapter.build_dag_run_id` / `build_task_instance_run_id`): a UUIDv7 whose 48-bit time part is the
// instant's milliseconds and whose other bits are the first 76 bits of SHA-1(instant.isoformat() + data), with the
// version and variant bits then set as RFC 9562 §5.7 says. The ids are deterministic, which is what lets a demo send
// the same Airflow run twice.
import { createHash } from 'node:crypto';
import { pythonIso } from '../clock.js';
import type { Micros } from '../clock.js';

const MASK_80 = (1n << 80n) - 1n;

/**
 * The OpenLineage runId the Airflow provider derives for `instant` (the logical date) and `data`.
 *
 * @example
 * // airflow3-dag-start.json: DAG run of openlineage_base_simple_dag in namespace "default", clear number 0
 * openLineageStaticUuid(Date.UTC(2026, 7, 20, 10) * 1000 + 123456, 'default.openlineage_base_simple_dag.0')
 * // '01a01e9c-fd7b-7ce7-84c5-1a44cf0ada9a'
 */
export function openLineageStaticUuid(instant: Micros, data: string): string {
  // int(instant.timestamp() * 1000) truncates toward zero; instants here are after 1970.
  const ms = BigInt(Math.floor(instant / 1000));
  const digest = createHash('sha1')
    .update(pythonIso(instant) + data, 'utf8')
    .digest();
  const node = BigInt(`0x${digest.toString('hex')}`) >> 84n;
  let value = ((ms & 0xffff_ffff_ffffn) << 80n) | (node & MASK_80);
  value = (value & ~(0xf000n << 64n)) | (7n << 76n);
  value = (value & ~(0xc000n << 48n)) | (0x8000n << 48n);
  const hex = value.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The provider's run ids: a DAG run (`{namespace}.{dag_id}.{clear_number}`) and a task try
 * (`{namespace}.{dag_id}.{task_id}.{try_number}.{map_index}`), both at the logical date.
 *
 * @example const id = airflowRunIds('prod-airflow-eu', 'loan_review', logicalDate).task('underwrite_all', 1);
 */
export function airflowRunIds(namespace: string, dagId: string, logicalDate: Micros) {
  return {
    dagRun: (clearNumber = 0) => openLineageStaticUuid(logicalDate, `${namespace}.${dagId}.${clearNumber}`),
    task: (taskId: string, tryNumber: number, mapIndex = -1) =>
      openLineageStaticUuid(logicalDate, `${namespace}.${dagId}.${taskId}.${tryNumber}.${mapIndex}`),
  };
}
