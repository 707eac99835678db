// Drives real Trigger.dev v4 task definitions through the SDK's own `TaskExecutor`, the class the run workers use,
// with the real middleware chain, lifecycle hooks, locals, metadata, waitUntil and retry decisions, but no platform.
// The recipe follows /work/shared/reference/triggerdev.md §7 and the maintainers' own executor tests
// (packages/core/test/taskExecutor.test.ts). Everything here touches @trigger.dev/core internals, which is why
// it supports the @trigger.dev/core that @trigger.dev/sdk 4.8.x installs (the SDK pins core to its own exact version).
import {
  lifecycleHooks,
  localsAPI,
  resourceCatalog,
  runMetadata,
  taskContext,
  TaskRunContext,
  waitUntil,
  type TaskRunExecution,
  type TaskRunExecutionResult,
} from '@trigger.dev/core/v3';
import { TestRunMetadataManager } from '@trigger.dev/core/v3/test';
import { TriggerTracer } from '@trigger.dev/core/v3/tracer';
import {
  ConsoleInterceptor,
  StandardLifecycleHooksManager,
  StandardLocalsManager,
  StandardResourceCatalog,
  StandardWaitUntilManager,
  TaskExecutor,
} from '@trigger.dev/core/v3/workers';

// Every Trigger.dev runtime API lives in one process-global slot (core dist/esm/v3/utils/globals.js). Registration
// refuses to replace an installed manager, so a fresh runtime starts by dropping the whole slot.
const GLOBAL_API_KEY = Symbol.for('dev.trigger.ts.api');

/** The file every task defined under the harness is registered from (the catalog drops tasks without one). */
export const TEST_TASK_FILE = 'src/trigger/tasks.ts';

/** What {@link installTriggerTestRuntime} installed: the managers a test may inspect. */
export type TriggerTestRuntime = {
  /** Run metadata written by tasks and hooks (`metadata.set`, …), kept across the attempts of one run. */
  readonly metadata: TestRunMetadataManager;
};

/** The pieces of an execution a test may choose; everything else gets realistic defaults. */
export type ExecutionOptions = {
  readonly runId?: string;
  readonly attempt?: number;
  readonly maxAttempts?: number;
  readonly run?: Partial<TaskRunExecution['run']>;
  readonly environment?: Partial<TaskRunExecution['environment']>;
  readonly project?: Partial<TaskRunExecution['project']>;
  readonly organization?: Partial<TaskRunExecution['organization']>;
  readonly machine?: TaskRunExecution['machine']['name'];
  readonly queue?: string;
  readonly batchId?: string;
  readonly deployment?: TaskRunExecution['deployment'];
};

/** One run driven attempt after attempt, as the platform would re-attempt it. */
export type TaskRunOutcome = {
  readonly runId: string;
  /** The executor's result for each attempt, in order. */
  readonly attempts: readonly TaskRunExecutionResult[];
  /** The result of the last attempt. */
  readonly final: TaskRunExecutionResult;
};

const NO_LOGGER = { emit: () => undefined } as unknown as ConstructorParameters<typeof ConsoleInterceptor>[0];

let runtime: TriggerTestRuntime | undefined;
let localsManager = new StandardLocalsManager();
let waitUntilManager = new StandardWaitUntilManager(5_000);
let runCounter = 0;

/** What to leave out of the runtime, to stand for code running outside a real run. */
export type RuntimeOptions = {
  /** False: no run metadata manager, so `metadata.*` throws as it does outside a run (reference §5). */
  readonly metadata?: boolean;
};

/**
 * Installs fresh in-process managers for locals, lifecycle hooks, the task catalog, run metadata and waitUntil.
 * Call it BEFORE any `task()`, `tasks.*()` or `locals.create()` runs: registrations made while the default no-op
 * managers are installed are silently dropped.
 *
 * @example
 * const { metadata } = installTriggerTestRuntime();
 * const { myTask } = await import('./my-task.js');
 */
export function installTriggerTestRuntime(options: RuntimeOptions = {}): TriggerTestRuntime {
  delete (globalThis as Record<symbol, unknown>)[GLOBAL_API_KEY];
  localsManager = new StandardLocalsManager();
  waitUntilManager = new StandardWaitUntilManager(5_000);
  const metadata = new TestRunMetadataManager();
  localsAPI.setGlobalLocalsManager(localsManager);
  lifecycleHooks.setGlobalLifecycleHooksManager(new StandardLifecycleHooksManager());
  const catalog = new StandardResourceCatalog();
  resourceCatalog.setGlobalResourceCatalog(catalog);
  resourceCatalog.setCurrentFileContext(TEST_TASK_FILE, TEST_TASK_FILE);
  if (options.metadata !== false) runMetadata.setGlobalManager(metadata);
  waitUntil.setGlobalManager(waitUntilManager);
  runtime = { metadata };
  return runtime;
}

function requireRuntime(): TriggerTestRuntime {
  if (runtime === undefined) throw new Error('call installTriggerTestRuntime() before running tasks');
  return runtime;
}

const MACHINES: Record<TaskRunExecution['machine']['name'], { cpu: number; memory: number }> = {
  micro: { cpu: 0.25, memory: 0.25 },
  'small-1x': { cpu: 0.5, memory: 0.5 },
  'small-2x': { cpu: 1, memory: 1 },
  'medium-1x': { cpu: 1, memory: 2 },
  'medium-2x': { cpu: 2, memory: 4 },
  'large-1x': { cpu: 4, memory: 8 },
  'large-2x': { cpu: 8, memory: 16 },
};

/** A fresh run id in Trigger.dev's friendly form (`run_` and 25 lowercase alphanumerics). */
export function nextRunId(): string {
  runCounter += 1;
  return `run_cm${String(runCounter).padStart(23, '0')}`;
}

/**
 * Builds the execution the platform would send a worker for one attempt of a run.
 *
 * @example
 * const execution = makeExecution('pick-vendor', { q: 1 }, { attempt: 2, run: { tags: ['user:42'] } });
 */
export function makeExecution(
  taskId: string,
  payload: unknown,
  options: ExecutionOptions = {},
): TaskRunExecution {
  const createdAt = new Date('2026-11-23T14:24:56.123Z');
  const machine = options.machine ?? 'small-1x';
  const execution: TaskRunExecution = {
    task: { id: taskId, filePath: TEST_TASK_FILE },
    attempt: { number: options.attempt ?? 1, startedAt: new Date() },
    run: {
      id: options.runId ?? nextRunId(),
      payload: JSON.stringify(payload),
      payloadType: 'application/json',
      tags: [],
      isTest: false,
      isReplay: false,
      createdAt,
      startedAt: createdAt,
      maxAttempts: options.maxAttempts ?? taskMaxAttempts(taskId),
      version: '20261123.1',
      ...options.run,
    },
    queue: { id: 'queue_cm0000000000000000000001', name: options.queue ?? `task/${taskId}` },
    environment: {
      id: 'env_cm00000000000000000000001',
      slug: 'prod',
      type: 'PRODUCTION',
      ...options.environment,
    },
    organization: {
      id: 'org_cm00000000000000000000001',
      slug: 'acme',
      name: 'Acme',
      ...options.organization,
    },
    project: {
      id: 'proj_cm0000000000000000000001',
      ref: 'proj_abcdefghijklmnopqrst',
      slug: 'decisions',
      name: 'Decisions',
      ...options.project,
    },
    machine: { name: machine, ...MACHINES[machine], centsPerMs: 0 },
  };
  if (options.batchId !== undefined) execution.batch = { id: options.batchId };
  if (options.deployment !== undefined) execution.deployment = options.deployment;
  return execution;
}

function taskMaxAttempts(taskId: string): number {
  // The platform copies the task's retry.maxAttempts into the run when it is triggered; the executor then reads it
  // back from the run (taskExecutor.js #handleError). 3 is the trigger.config.ts default the CLI templates use.
  return resourceCatalog.getTask(taskId)?.retry?.maxAttempts ?? 3;
}

/**
 * Executes one attempt through the real `TaskExecutor`, after the per-execution resets the run worker performs
 * (locals and waitUntil are per attempt; the task context is replaced).
 *
 * @example
 * const result = await executeAttempt(makeExecution('pick-vendor', {}));
 * if (result.ok) console.log(result.output);
 */
export async function executeAttempt(execution: TaskRunExecution): Promise<TaskRunExecutionResult> {
  requireRuntime();
  const task = resourceCatalog.getTask(execution.task.id);
  if (task === undefined) throw new Error(`task ${execution.task.id} is not registered`);
  // The run workers build ctx exactly like this (cli-v3 managed-run-worker.ts), which strips unknown keys.
  const ctx = TaskRunContext.parse(execution);
  taskContext.setGlobalTaskContext({
    ctx,
    isWarmStart: false,
    worker: {
      id: 'worker_cm000000000000000000001',
      version: ctx.run.version ?? '0',
      contentHash: 'test',
      engine: 'V2',
    },
  });
  localsManager.reset();
  waitUntilManager.reset();
  const tracer = new TriggerTracer({ name: '@cairn/trigger-test', version: '0.0.0' }); // no-op OTel
  const executor = new TaskExecutor(task, {
    tracer,
    // Stored by the constructor and never read by execute().
    tracingSDK: undefined as never,
    // Interception disabled, so the OTel logger is never called; the console stays untouched.
    consoleInterceptor: new ConsoleInterceptor(NO_LOGGER, true, true),
    retries: { enabledInDev: true },
  });
  const { result } = await executor.execute(execution, ctx, new AbortController().signal);
  return result;
}

/**
 * Runs a task as the platform would: attempt 1, then a new attempt each time the executor asks for a retry, until
 * one succeeds or no retry is left. Retry delays are not waited out. Run metadata carries over between attempts.
 *
 * @example
 * const { final, attempts } = await runTask('pick-vendor', { fail: true });
 */
export async function runTask(
  taskId: string,
  payload: unknown,
  options: ExecutionOptions = {},
): Promise<TaskRunOutcome> {
  const { metadata } = requireRuntime();
  const runId = options.runId ?? nextRunId();
  metadata.reset();
  const attempts: TaskRunExecutionResult[] = [];
  for (let attempt = options.attempt ?? 1; ; attempt += 1) {
    const carried = metadata.current();
    const run = carried === undefined ? options.run : { ...options.run, metadata: carried };
    const result = await executeAttempt(makeExecution(taskId, payload, { ...options, runId, attempt, run }));
    attempts.push(result);
    if (result.ok || result.retry === undefined) return { runId, attempts, final: result };
  }
}
