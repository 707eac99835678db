// The public surface of @cairn/trigger, listed by name.

// registration and the accessor
export { registerCairn, cairnMiddleware, CAIRN_HOOK_NAME } from './middleware.js';
export type { TaskMiddleware } from './middleware.js';
export { getCairn } from './session.js';
export { DEFAULT_FLUSH_TIMEOUT_MS } from './options.js';
export type { CairnTriggerOptions, TriggerProblem, TriggerProblemCode } from './options.js';

// what is recorded
export type { LifecycleState } from './lifecycle.js';
export { CAIRN_METADATA_KEY } from './metadata-link.js';
export type { CairnRunMetadata } from './metadata-link.js';

// run links
export { runLinkFromContext, TRIGGER_ORCHESTRATOR } from './run-link.js';
export { triggerRunUrl, resolveTriggerOrigin, TRIGGER_CLOUD_ORIGIN } from './run-url.js';
