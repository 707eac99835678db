// Test support for this package and its example: the executor harness (published as @cairn/trigger/testing), a
// real signed ledger with a switchable outage, and expectations of what a run seals. Never built or published.
export {
  installTriggerTestRuntime,
  makeExecution,
  executeAttempt,
  runTask,
  nextRunId,
  TEST_TASK_FILE,
} from '../testing/harness.js';
export type {
  TriggerTestRuntime,
  RuntimeOptions,
  ExecutionOptions,
  TaskRunOutcome,
} from '../testing/harness.js';
export { openTestLedger } from './ledger.js';
export type { TestLedger, OutageWriter } from './ledger.js';
export {
  PROJECT_REF,
  expectedRunLink,
  expectedRunEvent,
  entriesOfRun,
  timeline,
  runEventsOf,
} from './expectations.js';
