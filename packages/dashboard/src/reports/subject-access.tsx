// The data-subject access export: every entry about one pseudonymous subject reference (GDPR Art. 15(1), with
// the information on automated decisions of Art. 15(1)(h)), each with its receipt so the person or their
// representative can check it against the ledger's checkpoint without trusting the sender.
import type { Entry } from '@cairn/core';
import type { PortEntry } from '../ledger.js';
import { ReportDocument, renderHtml } from './document.js';
import { explainDecisionData } from './explain-decision.js';
import type { DecisionExplanation } from './explain-decision.js';
import { humanise, longDate } from './plain-language.js';

/** What {@link subjectAccessExport} takes: the entries found, and the receipt of each where available. */
export type SubjectAccessInput = {
  readonly subjectRef: string;
  readonly origin: string;
  /** Entries carrying the subject reference and entries referring to them, in any order. */
  readonly entries: readonly PortEntry[];
  /** c2sp.org/tlog-proof@v1 receipts by entry id. */
  readonly receipts?: ReadonlyMap<string, string>;
  readonly now?: () => Date;
};

/** The export as JSON. */
export type SubjectAccessJson = {
  readonly format: 'cairn-subject-access';
  readonly version: 1;
  readonly origin: string;
  readonly subjectRef: string;
  readonly generatedAt: string;
  readonly counts: {
    readonly entries: number;
    readonly decisions: number;
    readonly solelyAutomated: number;
    readonly byKind: Readonly<Record<string, number>>;
  };
  readonly entries: readonly {
    readonly index: number;
    readonly leafHash: string;
    readonly entry: Entry;
    readonly receipt: string | null;
  }[];
  readonly explanations: readonly DecisionExplanation[];
};

/**
 * Builds the access export for one subject: every entry in index order with its receipt, and a plain-language
 * explanation of each decision.
 *
 * @example
 * const { json, html } = subjectAccessExport({ subjectRef, origin: port.origin, entries, receipts });
 */
export function subjectAccessExport(input: SubjectAccessInput): { json: SubjectAccessJson; html: string } {
  const entries = [...new Map(input.entries.map((e) => [e.index, e])).values()].sort(
    (a, b) => a.index - b.index,
  );
  const decisions = entries.filter((e) => e.entry.kind === 'decision');
  const explanations = decisions.map((d) =>
    explainDecisionData(
      d,
      entries.filter((e) => e.entry.refs?.some((r) => r.id === d.entry.id)),
    ),
  );
  const byKind: Record<string, number> = {};
  for (const e of entries) byKind[e.entry.kind] = (byKind[e.entry.kind] ?? 0) + 1;
  const json: SubjectAccessJson = {
    format: 'cairn-subject-access',
    version: 1,
    origin: input.origin,
    subjectRef: input.subjectRef,
    generatedAt: (input.now?.() ?? new Date()).toISOString(),
    counts: {
      entries: entries.length,
      decisions: decisions.length,
      solelyAutomated: explanations.filter((x) => x.aiRole === 'sole').length,
      byKind,
    },
    entries: entries.map((e) => ({
      index: e.index,
      leafHash: e.leafHash,
      entry: e.entry,
      receipt: input.receipts?.get(e.entry.id) ?? null,
    })),
    explanations,
  };
  return { json, html: renderHtml(<SubjectDocument data={json} />) };
}

function summary(entry: Entry): string {
  switch (entry.kind) {
    case 'decision':
      return `${humanise(entry.decision.type)}: ${humanise(entry.decision.chosen.label)}`;
    case 'oversight':
      return `${entry.oversight.reviewer.role ?? 'reviewer'} ${entry.oversight.action}`;
    case 'contest':
      return `contested: ${entry.contest.grounds}`;
    case 'correction':
      return `corrected: ${entry.correction.reason}`;
    case 'erasure':
      return `personal data erased (${humanise(entry.erasure.reason)})`;
    case 'run_event':
      return `${entry.run.orchestrator} run ${entry.runEvent.status}`;
    case 'anomaly':
      return `${entry.anomaly.severity}: ${entry.anomaly.summary}`;
  }
}

function SubjectDocument({ data }: { data: SubjectAccessJson }) {
  return (
    <ReportDocument title={`Access export for ${data.subjectRef}`}>
      <h1>Your records in the decision audit trail</h1>
      <p class="meta">
        Reference <code>{data.subjectRef}</code> · ledger <code>{data.origin}</code> · generated{' '}
        {longDate(data.generatedAt)}
      </p>
      <p>
        The audit trail holds {data.counts.entries} entries about you, of which {data.counts.decisions} are
        decisions; {data.counts.solelyAutomated} of them were taken solely by an automated system (GDPR Art.
        22(1)). An explanation of each decision follows (GDPR Art. 15(1)(h)). The attached JSON file holds
        every entry with a receipt that proves it is in the ledger.
      </p>
      <table>
        <caption>Every entry about you</caption>
        <thead>
          <tr>
            <th scope="col">Ledger index</th>
            <th scope="col">When</th>
            <th scope="col">Kind</th>
            <th scope="col">What</th>
            <th scope="col">Entry id</th>
          </tr>
        </thead>
        <tbody>
          {data.entries.map((e) => (
            <tr>
              <td>{e.index}</td>
              <td>{longDate(e.entry.occurredAt)}</td>
              <td>{humanise(e.entry.kind)}</td>
              <td>{summary(e.entry)}</td>
              <td>
                <code>{e.entry.id}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data.explanations.map((x) => (
        <section aria-label={`Decision ${x.decisionId}`}>
          <h2>
            Decision of {longDate(x.decidedAt)}: {humanise(x.decisionType)}
          </h2>
          <p>
            Outcome: <strong>{humanise(x.chosen.label)}</strong>. {x.roleOfAi}
          </p>
          <p>Main factors: {x.mainFactors.map((f) => humanise(f.name)).join(', ') || 'none recorded'}.</p>
          {x.reasoning !== null && <p>Reasoning: “{x.reasoning}”</p>}
          <p>{x.howToContest}</p>
        </section>
      ))}
    </ReportDocument>
  );
}
