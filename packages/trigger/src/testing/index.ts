// @cairn/trigger/testing: run real Trigger.dev v4 tasks offline, through the SDK's own TaskExecutor, with their
// middleware, lifecycle hooks, locals, metadata and retries — to test tasks that record decisions with Cairn, and to
// drive the first-run demo. It reaches into @trigger.dev/core internals: supported with the core version that
// @trigger.dev/sdk 4.8.x installs.
export {
  installTriggerTestRuntime,
  makeExecution,
  executeAttempt,
  runTask,
  nextRunId,
  TEST_TASK_FILE,
} from './harness.js';
export type { TriggerTestRuntime, RuntimeOptions, ExecutionOptions, TaskRunOutcome } from './harness.js';
