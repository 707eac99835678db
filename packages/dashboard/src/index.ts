// The public surface of @cairn/dashboard, listed by name.

// dashboard
export { dashboardRoutes } from './routes.js';
export type { DashboardOptions } from './routes.js';
export type { DriftRouteOptions } from './drift-routes.js';
export type { DashboardArchive, DashboardPort, PortEntry, RunFilter, RunSummary } from './ledger.js';
export { createVerificationTracker } from './verification.js';
export type { VerificationState, VerificationTracker } from './verification.js';
export { checkIntegrity } from './browser/integrity-checks.js';
export type { IntegrityCheck, IntegrityInput, IntegrityReport } from './browser/integrity-checks.js';

// reports
export { runReport, ledgerPersonSource, safeFileName } from './reports/run-report.js';
export type { ReportKind, ReportOptions, ReportOutput } from './reports/run-report.js';
export { explainDecision, explainDecisionData } from './reports/explain-decision.js';
export type { DecisionExplanation } from './reports/explain-decision.js';
export { subjectAccessExport } from './reports/subject-access.js';
export type { SubjectAccessInput, SubjectAccessJson } from './reports/subject-access.js';
export { gatherDecision, gatherSubject, MAX_SUBJECT_ENTRIES } from './reports/gather.js';
export type { PersonSource } from './reports/gather.js';
export { periodEvidencePack, STANDARD_TOOLS_SCRIPT } from './reports/period-pack.js';
export type { PeriodPack, PeriodPackOptions } from './reports/period-pack.js';
export { periodRange } from './reports/period-range.js';
export type { PeriodRange } from './reports/period-range.js';
export { evidenceReportHtml } from './reports/evidence-report.js';
export type { EvidenceReport } from './reports/evidence-report.js';
export { evidenceReportPdf, PDF_SECTIONS } from './reports/evidence-pdf.js';
export type { EvidencePdf } from './reports/evidence-pdf.js';
export { REQUIREMENT_MAP, REQUIREMENT_NOTES } from './reports/requirements.js';
export type { RequirementRow } from './reports/requirements.js';
