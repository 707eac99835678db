// Which record fields serve which requirement, cited by article and paragraph. Source: shared reference
// landscape-and-regulations.md §2.1–2.3. The wording avoids the mis-citations listed in §2.3: no claim that the
// AI Act requires tamper-evident logs, Art. 12(3) only for remote biometric identification, retention from
// Art. 19(1) / 26(6) and not from Art. 12.

/** One row of the mapping table. */
export type RequirementRow = {
  /** The record fields or entry kinds, as in docs/architecture.md. */
  readonly fields: string;
  /** The provision, cited by article, paragraph and point. */
  readonly citation: string;
  /** What the provision asks, in a sentence. */
  readonly demands: string;
};

/**
 * The mapping table of the evidence report, the PDF and docs/auditor-guide.md.
 *
 * @example
 * for (const row of REQUIREMENT_MAP) console.log(`${row.citation}: ${row.fields}`);
 */
export const REQUIREMENT_MAP: readonly RequirementRow[] = Object.freeze([
  {
    fields: 'id, occurredAt, recordedAt, producer.id, producer.seq, decision.agent',
    citation: 'EU AI Act Art. 12(1)',
    demands:
      'high-risk AI systems technically allow the automatic recording of events (logs) over their lifetime',
  },
  {
    fields: 'decision.model, decision.prompt, decision.policy (versions and hashes); anomaly entries',
    citation: 'EU AI Act Art. 12(2)(a)',
    demands:
      'logs enable identifying situations that may present a risk (Art. 79(1)) or lead to a substantial modification',
  },
  {
    fields: 'decision.chosen, decision.confidence, decision.outcome, decision.type',
    citation: 'EU AI Act Art. 12(2)(b) with Art. 72',
    demands: 'logs enable post-market monitoring',
  },
  {
    fields: 'run.orchestrator, run.id, run.task, run.attempt, run.url, run.environment; run_event entries',
    citation: 'EU AI Act Art. 12(2)(c) with Art. 26(5)',
    demands: 'logs enable the monitoring of the operation of the system by deployers',
  },
  {
    fields: 'retention.class',
    citation: 'EU AI Act Art. 19(1) (providers), Art. 26(6) (deployers)',
    demands:
      'logs under their control are kept for at least six months unless other Union or national law provides otherwise',
  },
  {
    fields: 'oversight entries (action, reviewer, note, newChoice), decision.humanDecider',
    citation: 'EU AI Act Art. 14',
    demands:
      'human oversight measures; the entries evidence that a person reviewed, approved or overrode an output',
  },
  {
    fields:
      'decision.aiRole, decision.humanDecider, decision.factors, decision.reasoning, decision.alternatives, decision.chosen',
    citation: 'EU AI Act Art. 86(1)',
    demands:
      'an affected person can obtain clear and meaningful explanations of the role of the AI system and the main elements of the decision (Annex III systems other than point 2)',
  },
  {
    fields: 'subject.ref, decision.aiRole, decision.factors, decision.policy.version, decision.outcome',
    citation: 'GDPR Art. 15(1)(h)',
    demands:
      'access covers the existence of automated decision-making and meaningful information about the logic involved, its significance and envisaged consequences',
  },
  {
    fields: 'decision.aiRole (sole), decision.humanDecider',
    citation: 'GDPR Art. 22(1)',
    demands: 'tells decisions based solely on automated processing from those a person took',
  },
  {
    fields: 'contest entries, oversight entries, correction entries',
    citation: 'GDPR Art. 22(3)',
    demands: 'the right to obtain human intervention, to express a point of view and to contest the decision',
  },
  {
    fields: 'redactions[] (path, ruleId, method, commitment)',
    citation: 'GDPR Art. 5(1)(c), Art. 25',
    demands:
      'data minimisation and data protection by design: personal data removed or sealed before hashing',
  },
  {
    fields: 'erasure entries, subject.ref',
    citation: 'GDPR Art. 17 (exceptions in Art. 17(3)(b) and (e))',
    demands: 'erasure without undue delay; the entry records that the subject’s key was destroyed',
  },
  {
    fields: 'every entry; who recorded it (producer.id) and when',
    citation: 'HIPAA 45 CFR 164.312(b) (required standard)',
    demands: 'audit controls that record and examine activity in systems containing ePHI',
  },
  {
    fields: 'leaf hashes, signed checkpoints, receipts, verifier keys',
    citation: 'HIPAA 45 CFR 164.312(c)(1); (c)(2) (addressable)',
    demands: 'protect ePHI from improper alteration; a mechanism to corroborate that it was not altered',
  },
  {
    fields: 'anomaly entries (detector, severity, statistic, window)',
    citation: 'SOC 2 CC7.2 (our control mapping)',
    demands: 'monitor system components for anomalies and analyse them',
  },
  {
    fields: 'correction and oversight entries appended, never edits; consistency proofs between checkpoints',
    citation: 'SEC Rule 17a-4(f)(2)(ii)(A)',
    demands:
      'for broker-dealers: a time-stamped audit trail of all modifications that permits re-creating the original record',
  },
]);

/**
 * Notes printed under the mapping table, so the report itself does not repeat common mis-citations.
 *
 * @example
 * REQUIREMENT_NOTES.forEach((note) => console.log(`- ${note}`));
 */
export const REQUIREMENT_NOTES: readonly string[] = Object.freeze([
  'The EU AI Act does not require tamper-evident or signed logs: the hashes, checkpoints and receipts are how Cairn lets you show the logs were not altered, not a requirement of Art. 12.',
  'Art. 12(3) lists minimum log content only for remote biometric identification systems (Annex III point 1(a)); Cairn’s default record does not claim to cover it.',
  'Art. 12 sets no retention period; Art. 19(1) (providers) and Art. 26(6) (deployers) set at least six months unless other law provides otherwise. The ten years of Art. 18 concern technical documentation, not logs.',
]);
