// Prefect events as an automation's call-webhook action posts them with the payload `{{ event | tojson }}` (reference
// prefect.md §1, §2.1; shared/fixtures/prefect): the ReceivedEvent dumped by pydantic (times with `Z` and six fraction
// digits, `follows: null` when unset, `received` added by the server) through Jinja's HTML-safe `tojson` with sorted
// keys. Flow-run state events are emitted by the server; task-run state events by the client, whose EventsWorker
// relates the flow run, flow, deployment, work queue and work pool (reference §1.2).
import { prefectIso, pythonIso } from '../clock.js';
import type { Micros } from '../clock.js';
import { pythonJson } from '../python-json.js';
import type { PythonValue } from '../python-json.js';

/** A Prefect object a resource names. */
export type PrefectObject = { readonly id: string; readonly name: string };

/** Where a flow run runs, as its related resources name it. */
export type PrefectSetting = {
  readonly flow: PrefectObject;
  readonly deployment: PrefectObject;
  readonly workQueue: PrefectObject;
  readonly workPool: PrefectObject & { readonly type: string };
  /** The union of run, flow and deployment tags. */
  readonly tags: readonly string[];
  readonly flowRun: PrefectObject;
};

/** A state type and name, e.g. `{ type: 'RUNNING', name: 'Running' }`. */
export type PrefectState = { readonly type: string; readonly name: string };

/** One state change: the new state's id (the event id), the previous state's id, times and run count. */
export type StateChange = {
  readonly id: string;
  readonly follows?: string | undefined;
  readonly occurred: Micros;
  /** When Prefect's server received the event (a few ms later). */
  readonly received: Micros;
  readonly from: PrefectState | null;
  readonly to: PrefectState;
  readonly runCount: number;
};

/** A task run inside the flow run. */
export type PrefectTaskRun = PrefectObject & {
  readonly taskKey: string;
  readonly dynamicKey: string;
  readonly start: Micros;
  readonly end: Micros;
  readonly retries: number;
  readonly retryDelaySeconds: number;
};

type Labels = Record<string, string>;
type Json = { readonly [key: string]: PythonValue };

function related(kind: string, object: PrefectObject, extra: Labels = {}): Labels {
  return {
    'prefect.resource.id': `prefect.${kind}.${object.id}`,
    'prefect.resource.name': object.name,
    'prefect.resource.role': kind,
    ...extra,
  };
}

const tagResources = (tags: readonly string[]): Labels[] =>
  [...tags]
    .sort()
    .map((tag) => ({ 'prefect.resource.id': `prefect.tag.${tag}`, 'prefect.resource.role': 'tag' }));

function stateLabels(kind: 'flow-run' | 'task-run', object: PrefectObject, change: StateChange): Labels {
  return {
    'prefect.resource.id': `prefect.${kind}.${object.id}`,
    'prefect.resource.name': object.name,
    'prefect.run-count': String(change.runCount),
    'prefect.state-message': '',
    'prefect.state-name': change.to.name,
    // Built with datetime.isoformat(): `+00:00`, unlike the event's own times (fixtures README).
    'prefect.state-timestamp': pythonIso(change.occurred),
    'prefect.state-type': change.to.type,
  };
}

function envelope(
  name: string,
  change: StateChange,
  resource: Labels,
  relatedResources: Labels[],
  payload: Json,
): Json {
  return {
    event: name,
    follows: change.follows ?? null,
    id: change.id,
    occurred: prefectIso(change.occurred),
    payload,
    received: prefectIso(change.received),
    related: relatedResources,
    resource,
  };
}

/**
 * A `prefect.flow-run.<State>` event (`flow_run_state_change_event`): related flow, deployment, work queue, work
 * pool, tags and the deployment that created the run; payload `intended`, `initial_state`, `validated_state`.
 *
 * @example const event = flowRunStateEvent(setting, change);
 */
export function flowRunStateEvent(setting: PrefectSetting, change: StateChange): Json {
  return envelope(
    `prefect.flow-run.${change.to.name}`,
    change,
    stateLabels('flow-run', setting.flowRun, change),
    [
      related('flow', setting.flow),
      related('deployment', setting.deployment),
      related('work-queue', setting.workQueue),
      related('work-pool', setting.workPool, { 'prefect.work-pool.type': setting.workPool.type }),
      ...tagResources(setting.tags),
      {
        'prefect.resource.id': `prefect.deployment.${setting.deployment.id}`,
        'prefect.resource.role': 'creator',
      },
    ],
    {
      intended: { from: change.from?.type ?? null, to: change.to.type },
      initial_state: change.from === null ? null : { ...change.from },
      validated_state: { ...change.to },
    },
  );
}

function taskState(state: PrefectState, flowRunId: string, taskRunId: string, transition: string): Json {
  return {
    message: null,
    name: state.name,
    state_details: { flow_run_id: flowRunId, task_run_id: taskRunId, transition_id: transition },
    type: state.type,
  };
}

/**
 * A `prefect.task-run.<State>` event as the client emits it (`emit_task_run_state_change_event`): the task run
 * dumped without its ids and state (`payload.task_run`), the run context attached as related resources.
 *
 * @example const event = taskRunStateEvent(setting, task, change);
 */
export function taskRunStateEvent(setting: PrefectSetting, task: PrefectTaskRun, change: StateChange): Json {
  const resource = { ...stateLabels('task-run', task, change), 'prefect.orchestration': 'client' };
  const done = change.to.type === 'COMPLETED';
  return envelope(
    `prefect.task-run.${change.to.name}`,
    change,
    resource,
    [
      related('flow-run', setting.flowRun),
      related('flow', setting.flow),
      related('deployment', setting.deployment),
      related('work-queue', setting.workQueue),
      related('work-pool', setting.workPool),
      ...tagResources(setting.tags),
    ],
    {
      intended: { from: change.from?.type ?? null, to: change.to.type },
      initial_state:
        change.from === null
          ? null
          : taskState(change.from, setting.flowRun.id, task.id, change.follows ?? change.id),
      validated_state: { ...taskState(change.to, setting.flowRun.id, task.id, change.id), data: null },
      task_run: {
        dynamic_key: task.dynamicKey,
        empirical_policy: {
          retries: task.retries,
          retry_delay: task.retryDelaySeconds,
          retry_jitter_factor: null,
        },
        end_time: done ? prefectIso(task.end) : null,
        expected_start_time: prefectIso(task.start - 41_000),
        flow_run_run_count: 1,
        labels: {},
        name: task.name,
        run_count: 1,
        start_time: prefectIso(task.start),
        tags: [],
        task_inputs: { claim: [] },
        task_key: task.taskKey,
        total_run_time: done ? (task.end - task.start) / 1e6 : 0,
      },
    },
  );
}

/**
 * The body the automation posts: `{{ event | tojson }}` (Jinja's htmlsafe_json_dumps, sorted keys).
 *
 * @example const body = tojsonBody(flowRunStateEvent(setting, change));
 */
export function tojsonBody(event: Json): string {
  return pythonJson(event, { sortKeys: true, htmlSafe: true });
}
