// The facets Airflow's OpenLineage provider (apache-airflow-providers-openlineage) puts in its events, with the keys of
// the provider's own system-test templates (shared/fixtures/openlineage/*.json; reference airflow-dagster-openlineage
// §1.2, §2.2): `airflow` / `airflowDagRun` with the dag, dagRun, task and taskInstance info, `parent`, `nominalTime`,
// `processing_engine`, `airflowState` on DAG completion, `errorMessage` on failure, and the job facets.
import { pythonIso } from '../clock.js';
import type { Micros } from '../clock.js';
import type { PythonValue } from '../python-json.js';

/** Provider and Airflow versions, illustrative as in the fixtures (provider 2.20.1 with Airflow 3.3.0). */
export const PROVIDER_VERSION = '2.20.1';
export const AIRFLOW_VERSION = '3.3.0';
export const PRODUCER = `https://github.com/apache/airflow/tree/providers-openlineage/${PROVIDER_VERSION}`;
export const RUN_EVENT_SCHEMA = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

const SPEC = 'https://openlineage.io/spec';
const AIRFLOW_RUN_FACET = `${SPEC}/2-0-2/OpenLineage.json#/$defs/RunFacet`;
const AIRFLOW_JOB_FACET = `${SPEC}/2-0-2/OpenLineage.json#/$defs/JobFacet`;

/** A JSON object as the provider serialises it. */
export type Json = { readonly [key: string]: PythonValue };

/** One task of a DAG, as the provider describes it. */
export type AirflowTaskSpec = {
  readonly taskId: string;
  readonly operatorClass: string;
  readonly operatorClassPath: string;
  readonly retries: number;
  readonly upstream: readonly string[];
  readonly downstream: readonly string[];
  /** The task callable's source (the provider's PythonExtractor sends it as `sourceCode`). */
  readonly sourceCode: string;
};

/** A DAG, as its file defines it. */
export type AirflowDagSpec = {
  readonly dagId: string;
  readonly fileloc: string;
  readonly owner: string;
  readonly tags: readonly string[];
  readonly startDate: Micros;
  readonly timetableSummary: string;
  readonly tasks: readonly AirflowTaskSpec[];
};

/** One DAG run. Airflow 3's cron trigger timetables make the data interval a point at the logical date. */
export type AirflowDagRun = {
  readonly runId: string;
  readonly runType: 'scheduled' | 'manual';
  readonly logicalDate: Micros;
  readonly startDate: Micros;
  readonly endDate?: Micros | undefined;
};

const facet = (schemaURL: string): Json => ({ _producer: PRODUCER, _schemaURL: schemaURL });

/** Python's repr of a list of strings, as the provider stringifies list attributes (`"['a', 'b']"`). */
export function pythonListRepr(items: readonly string[]): string {
  return `[${items.map((item) => `'${item}'`).join(', ')}]`;
}

export function dagInfo(dag: AirflowDagSpec): Json {
  return {
    dag_id: dag.dagId,
    fileloc: dag.fileloc,
    owner: dag.owner,
    owner_links: {},
    start_date: pythonIso(dag.startDate),
    tags: pythonListRepr(dag.tags),
    timetable: {},
    timetable_summary: dag.timetableSummary,
  };
}

export function dagRunInfo(dag: AirflowDagSpec, run: AirflowDagRun): Json {
  const at = pythonIso(run.logicalDate);
  const ended =
    run.endDate === undefined
      ? {}
      : {
          end_date: pythonIso(run.endDate),
          duration: (run.endDate - run.startDate) / 1_000_000,
        };
  return {
    conf: {},
    dag_id: dag.dagId,
    data_interval_end: at,
    data_interval_start: at,
    logical_date: at,
    run_after: at,
    run_id: run.runId,
    run_type: run.runType,
    start_date: pythonIso(run.startDate),
    ...ended,
  };
}

export function taskInfo(dag: AirflowDagSpec, task: AirflowTaskSpec): Json {
  return {
    depends_on_past: false,
    downstream_task_ids: pythonListRepr(task.downstream),
    executor_config: {},
    ignore_first_depends_on_past: false,
    inlets: '[]',
    mapped: false,
    multiple_outputs: false,
    operator_class: task.operatorClass,
    operator_class_path: task.operatorClassPath,
    operator_provider_version: '1.12.0',
    outlets: '[]',
    owner: dag.owner,
    priority_weight: 1,
    queue: 'default',
    retries: task.retries,
    retry_exponential_backoff: false,
    task_id: task.taskId,
    trigger_rule: 'all_success',
    upstream_task_ids: pythonListRepr(task.upstream),
    wait_for_downstream: false,
    wait_for_past_depends_before_skipping: false,
  };
}

export function nominalTime(run: AirflowDagRun): Json {
  const at = pythonIso(run.logicalDate);
  return {
    ...facet(`${SPEC}/facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet`),
    nominalEndTime: at,
    nominalStartTime: at,
  };
}

export function processingEngine(): Json {
  return {
    ...facet(`${SPEC}/facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet`),
    name: 'Airflow',
    openlineageAdapterVersion: PROVIDER_VERSION,
    version: AIRFLOW_VERSION,
  };
}

export function parentFacet(namespace: string, dagId: string, dagRunId: string): Json {
  const job = { name: dagId, namespace };
  return {
    ...facet(`${SPEC}/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet`),
    job,
    root: { job, run: { runId: dagRunId } },
    run: { runId: dagRunId },
  };
}

/** The job facets every event carries: type, owners, and the DAG's tags (`adapter._build_job`). */
export function jobFacets(dag: AirflowDagSpec, jobType: 'DAG' | 'TASK'): Json {
  return {
    jobType: {
      ...facet(`${SPEC}/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet`),
      integration: 'AIRFLOW',
      jobType,
      processingType: 'BATCH',
    },
    ownership: {
      ...facet(`${SPEC}/facets/1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet`),
      owners: [{ name: dag.owner }],
    },
    tags: {
      ...facet(`${SPEC}/facets/1-0-0/TagsJobFacet.json#/$defs/TagsJobFacet`),
      tags: [...dag.tags].sort().map((tag) => ({ key: tag, source: 'AIRFLOW', value: tag })),
    },
  };
}

export function sourceCodeFacet(task: AirflowTaskSpec): Json {
  return {
    ...facet(`${SPEC}/facets/1-0-1/SourceCodeJobFacet.json#/$defs/SourceCodeJobFacet`),
    language: 'python',
    sourceCode: task.sourceCode,
  };
}

/** The DAG START's `airflow` job facet: the task list (`taskTree` has been `{}` since it caused OOMs, #41587). */
export function airflowJobFacet(dag: AirflowDagSpec): Json {
  const tasks = Object.fromEntries(
    dag.tasks.map((task) => [
      task.taskId,
      {
        downstream_task_ids: [...task.downstream].sort(),
        emits_ol_events: true,
        is_setup: false,
        is_teardown: false,
        operator: task.operatorClassPath,
        ui_color: '#ffefeb',
        ui_fgcolor: '#000',
        ui_label: task.taskId,
      },
    ]),
  );
  return { ...facet(AIRFLOW_JOB_FACET), taskGroups: {}, taskTree: {}, tasks };
}

export function airflowRunFacet(fields: Json): Json {
  return { ...facet(AIRFLOW_RUN_FACET), ...fields };
}

/** `airflowState` of a DAG's COMPLETE / FAIL: the run state, each task's state and duration in seconds. */
export function airflowStateFacet(
  state: string,
  tasks: Readonly<Record<string, { state: string; seconds: number }>>,
): Json {
  const entries = Object.entries(tasks);
  return {
    ...facet(AIRFLOW_RUN_FACET),
    dagRunState: state,
    tasksDuration: Object.fromEntries(entries.map(([id, t]) => [id, t.seconds])),
    tasksState: Object.fromEntries(entries.map(([id, t]) => [id, t.state])),
  };
}

/** `errorMessage` as `adapter.fail_task` builds it from the exception (message, language, formatted traceback). */
export function errorMessageFacet(message: string, stackTrace?: string): Json {
  return {
    ...facet(`${SPEC}/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet`),
    message,
    programmingLanguage: 'python',
    ...(stackTrace === undefined ? {} : { stackTrace }),
  };
}
