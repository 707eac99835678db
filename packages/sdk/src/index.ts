// The public surface of @cairn/sdk, listed by name.

// recorder
export { createRecorder } from './recorder/create-recorder.js';
export type { Recorder, RecorderOptions } from './recorder/create-recorder.js';
export type {
  Captured,
  ContestInput,
  CorrectionInput,
  DecisionInput,
  EntryIdMaker,
  EnvelopeInput,
  FailMode,
  OverflowPolicy,
  OversightInput,
  RecorderDefaults,
  Recorded,
  RefsInput,
  Refused,
  RunEventInput,
} from './recorder/types.js';
export type { AuditProblem, AuditProblemCode, Logger, ProblemReporter } from './recorder/problems.js';
export { createUuidV7 } from './ids/uuid-v7.js';
export type { UuidV7Generator } from './ids/uuid-v7.js';

// sinks and spool
export type { Rejection, Sink, WriteHooks } from './sinks/sink.js';
export { ledgerSink } from './sinks/ledger-sink.js';
export { httpSink } from './sinks/http-sink.js';
export type { HttpSinkOptions } from './sinks/http-sink.js';
export { backoffDelay } from './sinks/backoff.js';
export type { Backoff } from './sinks/backoff.js';
export { spooledSink } from './spool/spooled-sink.js';
export type { SpooledSink, SpooledSinkOptions } from './spool/spooled-sink.js';

// privacy
export { createPrivacy } from './privacy/privacy.js';
export type { Privacy, PrivacyOptions, RevealedValue } from './privacy/privacy.js';
export type { RedactionRule } from './privacy/redact.js';
export { commitmentOf, verifyCommitment } from './privacy/seal.js';
export type { SealRule } from './privacy/seal.js';
export { fileKeyStore } from './privacy/key-store.js';
export type { FileKeyStoreOptions, KeyStore, SubjectKey } from './privacy/key-store.js';
export { directoryVault } from './privacy/vault.js';
export type { SubjectVault } from './privacy/vault.js';
export type { SealedSecret } from './privacy/seal.js';
export type { SubjectRecord } from './privacy/subjects.js';
export type { EraseOptions, ErasureReport, PurgeReport } from './privacy/erasure.js';
export { RETENTION_PRESETS, addDuration } from './privacy/retention.js';
export type { Duration, RetentionClass } from './privacy/retention.js';

// trace context
export { otelTraceSource } from './trace/otel.js';
export type { OtelTraceApi, TraceSource } from './trace/otel.js';
