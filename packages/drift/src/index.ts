// The public surface of @cairn/drift, listed by name.

// analysis: drift detectors over windows, and the series the dashboard charts
export { runDriftAnalysis } from './analysis.js';
export type { DriftAnalysis } from './analysis.js';
export { resolveDriftConfig, DEFAULT_DRIFT_SETTINGS } from './config.js';
export type { BaselineConfig, DriftConfig, DriftSettings } from './config.js';
export type { EntrySource, SealedEntry } from './collect.js';
export type { ConfidencePoint, DriftSeries, SeriesGroup, VersionMark, WindowPoint } from './series.js';
export type { WindowTest } from './detectors/shared.js';
export { windowStart } from './windows.js';

// findings and anomaly entries
export { entrySpan, findingId } from './finding.js';
export type { DetectorName, EntrySpan, Finding, FindingEntryRef, Interval, Severity } from './finding.js';
export { findingToAnomaly, sealFindings, MAX_REFS } from './anomaly.js';
export type { AnomalyOptions, SealResult } from './anomaly.js';

// consistency
export { fingerprint } from './fingerprint.js';
export type { FieldNormaliser, Fingerprint, FingerprintOptions } from './fingerprint.js';
export { findInconsistencies, consistencyFindings } from './consistency.js';
export type { ConsistencyGroup, ConsistencyReport, GroupedDecision } from './consistency.js';

// replay
export { replay } from './replay.js';
export type { ReplayAgent, ReplayFailure, ReplayOptions, ReplayOutput, ReplaySummary } from './replay.js';
export type { ReplayDivergence } from './replay-entries.js';
export { reasoningSimilarity, sameReasoningText, similarReasoning } from './reasoning.js';
export type { ReasoningComparator } from './reasoning.js';

// alerting and reporting
export { notifyWebhook, signBody, webhookPayload } from './webhook.js';
export type { WebhookOptions, WebhookResult } from './webhook.js';
export { renderDriftReport, DRIFT_REPORT_FORMAT } from './report/report.js';
export type { DriftReport, DriftReportMeta } from './report/report.js';

// statistics, from scratch
export { populationStabilityIndex, DEFAULT_PSI_EPSILON } from './stats/psi.js';
export type { PsiResult } from './stats/psi.js';
export { chiSquareHomogeneity } from './stats/chi-square.js';
export type { ChiSquareResult } from './stats/chi-square.js';
export { ksTwoSample, ksCriticalValue } from './stats/ks.js';
export type { KsResult } from './stats/ks.js';
export { twoProportionZTest } from './stats/proportion.js';
export type { ProportionTestResult } from './stats/proportion.js';
export { chiSquareSf, normalSf, kolmogorovSf } from './stats/distributions.js';
export { logGamma, regularizedGammaP, regularizedGammaQ } from './stats/gamma.js';
