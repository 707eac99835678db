// The explanation of one decision for the person it concerns: GDPR Art. 15(1)(h) ("meaningful information about
// the logic involved, as well as the significance and the envisaged consequences"), Art. 22(3) (how to obtain
// human intervention and contest) and EU AI Act Art. 86(1) ("the role of the AI system in the decision-making
// procedure and the main elements of the decision taken"). CJEU C-203/22 asks for the procedure and principles
// actually applied, so the person sees which data were used and how each option fared.
import type { ContestEntry, CorrectionEntry, DecisionEntry, Json, OversightEntry } from '@cairn/core';
import { CairnError } from '@cairn/core';
import type { PortEntry } from '../ledger.js';
import { ReportDocument, renderHtml } from './document.js';
import { aiRoleSentence, briefValue, humanise, longDate, percent } from './plain-language.js';

/** The explanation as data: what the HTML says, for systems that send their own letters. */
export type DecisionExplanation = {
  readonly decisionId: string;
  readonly decidedAt: string;
  readonly decisionType: string;
  readonly outcome: { readonly status: string; readonly adverse: boolean; readonly detail?: string } | null;
  readonly chosen: { readonly label: string; readonly value?: Json };
  readonly aiRole: string;
  readonly roleOfAi: string;
  readonly mainFactors: readonly { readonly name: string; readonly weight?: number; readonly value?: Json }[];
  readonly informationUsed: Readonly<Record<string, Json>>;
  readonly optionsConsidered: readonly {
    readonly label: string;
    readonly score?: number;
    readonly reason?: string;
    readonly chosen: boolean;
  }[];
  readonly reasoning: string | null;
  readonly confidence: number | null;
  readonly versions: {
    readonly agent: string;
    readonly model: string | null;
    readonly policy: string | null;
  };
  readonly humanReview: readonly {
    readonly at: string;
    readonly action: string;
    readonly reviewer: string;
    readonly note?: string;
  }[];
  readonly contests: readonly { readonly at: string; readonly by: string; readonly grounds: string }[];
  readonly corrections: readonly {
    readonly at: string;
    readonly reason: string;
    readonly changes: readonly { readonly path: string; readonly value: Json }[];
  }[];
  readonly howToContest: string;
  readonly legalBasis: readonly string[];
  readonly record: { readonly index: number; readonly leafHash: string };
};

const LEGAL_BASIS = [
  'GDPR Art. 15(1)(h): information about automated decision-making, the logic involved, its significance and envisaged consequences',
  'GDPR Art. 22(3): the right to obtain human intervention, to express your point of view and to contest the decision',
  'EU AI Act Art. 86(1), where it applies (high-risk systems of Annex III other than point 2): the role of the AI system and the main elements of the decision',
];

function howToContest(id: string): string {
  return (
    'You may ask for a person to review this decision, give your point of view and contest it. ' +
    `Contact the organisation that took it and quote the reference ${id}; your request is recorded in the same audit trail.`
  );
}

function byKind<K extends 'oversight' | 'contest' | 'correction'>(linked: readonly PortEntry[], kind: K) {
  type E = { oversight: OversightEntry; contest: ContestEntry; correction: CorrectionEntry }[K];
  return linked.map((l) => l.entry).filter((e): e is E => e.kind === kind);
}

/**
 * The explanation of `stored` (a decision) with the entries that refer to it (oversight, contests, corrections).
 *
 * @example
 * const { explanation } = explainDecisionData(await port.get(id), await port.entriesReferring(id));
 */
export function explainDecisionData(stored: PortEntry, linked: readonly PortEntry[]): DecisionExplanation {
  if (stored.entry.kind !== 'decision') {
    throw new CairnError(
      'invalid_argument',
      `explainDecision: entry ${stored.entry.id.slice(0, 128)} is of kind ${stored.entry.kind}, not a decision`,
    );
  }
  const entry: DecisionEntry = stored.entry;
  const d = entry.decision;
  return {
    decisionId: entry.id,
    decidedAt: entry.occurredAt,
    decisionType: d.type,
    outcome: d.outcome ?? null,
    chosen: d.chosen,
    aiRole: d.aiRole,
    roleOfAi: aiRoleSentence(d.aiRole, d.humanDecider),
    mainFactors: [...(d.factors ?? [])].sort((a, b) => (b.weight ?? 0) - (a.weight ?? 0)),
    informationUsed: d.context,
    optionsConsidered: d.alternatives.map((a) => ({ ...a, chosen: a.label === d.chosen.label })),
    reasoning: d.reasoning?.text ?? null,
    confidence: d.confidence ?? null,
    versions: {
      agent: `${d.agent.name ?? d.agent.id}${d.agent.version === undefined ? '' : ` ${d.agent.version}`}`,
      model:
        d.model === undefined
          ? null
          : `${d.model.provider} ${d.model.name}${d.model.version === undefined ? '' : ` ${d.model.version}`}`,
      policy:
        d.policy === undefined
          ? null
          : `${d.policy.id}${d.policy.version === undefined ? '' : ` version ${d.policy.version}`}`,
    },
    humanReview: byKind(linked, 'oversight').map((o) => ({
      at: o.occurredAt,
      action: o.oversight.action,
      reviewer: o.oversight.reviewer.role ?? 'reviewer',
      ...(o.oversight.note === undefined ? {} : { note: o.oversight.note }),
    })),
    contests: byKind(linked, 'contest').map((c) => ({
      at: c.occurredAt,
      by: humanise(c.contest.by),
      grounds: c.contest.grounds,
    })),
    corrections: byKind(linked, 'correction').map((c) => ({
      at: c.occurredAt,
      reason: c.correction.reason,
      changes: c.correction.changes,
    })),
    howToContest: howToContest(entry.id),
    legalBasis: LEGAL_BASIS,
    record: { index: stored.index, leafHash: stored.leafHash },
  };
}

/**
 * The explanation of a decision for the person concerned, as a self-contained HTML page and as JSON.
 *
 * @example
 * const { html, json } = explainDecision(stored, linked);
 * await writeFile('explanation.html', html);
 */
export function explainDecision(
  stored: PortEntry,
  linked: readonly PortEntry[],
): { html: string; json: DecisionExplanation } {
  const json = explainDecisionData(stored, linked);
  return { html: renderHtml(<ExplanationDocument e={json} />), json };
}

function ExplanationDocument({ e }: { e: DecisionExplanation }) {
  return (
    <ReportDocument title={`Explanation of decision ${e.decisionId}`}>
      <h1>Explanation of a decision about you</h1>
      <p class="meta">
        Reference <code>{e.decisionId}</code> · decided on {longDate(e.decidedAt)}
      </p>
      <h2>What was decided</h2>
      <p>
        Decision on a <strong>{humanise(e.decisionType)}</strong>: the outcome was{' '}
        <strong>{humanise(e.chosen.label)}</strong>
        {e.outcome === null
          ? ''
          : ` (${e.outcome.status}${e.outcome.detail === undefined ? '' : `: ${e.outcome.detail}`})`}
        .{e.outcome?.adverse === true ? ' This outcome is unfavourable to you.' : ''}
      </p>
      <h2>The role of the AI system</h2>
      <p>{e.roleOfAi}</p>
      <p class="meta">
        System: {e.versions.agent}
        {e.versions.model === null ? '' : `, using the model ${e.versions.model}`}
        {e.versions.policy === null ? '' : `, applying the policy ${e.versions.policy}`}.
      </p>
      <MainElements e={e} />
      <FollowUps e={e} />
      <h2>How to contest this decision</h2>
      <p>{e.howToContest}</p>
      <h2>Why you receive this explanation</h2>
      <ul>
        {e.legalBasis.map((b) => (
          <li>{b}</li>
        ))}
      </ul>
      <p class="meta">
        This explanation is drawn from entry {e.record.index} of a verifiable audit ledger (leaf hash{' '}
        <code>{e.record.leafHash}</code>).
      </p>
    </ReportDocument>
  );
}

function MainElements({ e }: { e: DecisionExplanation }) {
  return (
    <>
      <h2>The main elements of the decision</h2>
      {e.mainFactors.length > 0 && (
        <table>
          <caption>Factors taken into account, most important first</caption>
          <thead>
            <tr>
              <th scope="col">Factor</th>
              <th scope="col">Value used</th>
              <th scope="col">Importance</th>
            </tr>
          </thead>
          <tbody>
            {e.mainFactors.map((f) => (
              <tr>
                <td>{humanise(f.name)}</td>
                <td>{briefValue(f.value)}</td>
                <td>{f.weight === undefined ? 'not stated' : percent(f.weight)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <table>
        <caption>The options that were weighed</caption>
        <thead>
          <tr>
            <th scope="col">Option</th>
            <th scope="col">Score</th>
            <th scope="col">Why it was or was not chosen</th>
          </tr>
        </thead>
        <tbody>
          {e.optionsConsidered.map((o) => (
            <tr class={o.chosen ? 'chosen' : ''}>
              <td>
                {humanise(o.label)}
                {o.chosen ? ' (chosen)' : ''}
              </td>
              <td>{percent(o.score)}</td>
              <td>{o.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {e.reasoning !== null && <p>Reasoning recorded with the decision: “{e.reasoning}”</p>}
      {e.confidence !== null && <p>The system’s confidence in this outcome was {percent(e.confidence)}.</p>}
      <table>
        <caption>The information the system used</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(e.informationUsed).map(([k, v]) => (
            <tr>
              <td>{humanise(k)}</td>
              <td>{briefValue(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function FollowUps({ e }: { e: DecisionExplanation }) {
  if (e.humanReview.length + e.contests.length + e.corrections.length === 0) {
    return <p>No person has reviewed this decision yet, and it has not been contested or corrected.</p>;
  }
  return (
    <>
      <h2>What happened since</h2>
      <ul>
        {e.humanReview.map((r) => (
          <li>
            {longDate(r.at)}: a {r.reviewer} {r.action} the decision
            {r.note === undefined ? '.' : `: “${r.note}”`}
          </li>
        ))}
        {e.contests.map((c) => (
          <li>
            {longDate(c.at)}: contested by the {c.by}: “{c.grounds}”
          </li>
        ))}
        {e.corrections.map((c) => (
          <li>
            {longDate(c.at)}: corrected ({c.reason}):{' '}
            {c.changes
              .map((ch) => `${humanise(ch.path.split('.').at(-1) ?? ch.path)} is now ${briefValue(ch.value)}`)
              .join('; ')}
          </li>
        ))}
      </ul>
    </>
  );
}
