// The sections of a decision page: what the agent saw, what it weighed and chose, under which versions, and what
// people did about it afterwards.
import type { Decision, DecisionEntry } from '@cairn/core';
import type { PortEntry } from '../ledger.js';
import { Badge, JsonBlock, Time, entryHeadline, entryHref } from './format.js';

/** The alternatives with scores, and why each lost (or won). */
export function Alternatives({ decision }: { decision: Decision }) {
  const sorted = [...decision.alternatives].sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity));
  return (
    <table>
      <caption>Alternatives weighed, best score first</caption>
      <thead>
        <tr>
          <th scope="col">Option</th>
          <th scope="col" class="num">
            Score
          </th>
          <th scope="col">Outcome</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((a) => {
          const chosen = a.label === decision.chosen.label;
          return (
            <tr class={chosen ? 'chosen' : ''}>
              <td>{a.label}</td>
              <td class="num">{a.score === undefined ? '' : a.score.toFixed(2)}</td>
              <td>{chosen ? 'chosen' : 'not chosen'}</td>
              <td>{a.reason ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The choice, reasoning, confidence, outcome and the AI's role. */
export function Choice({ decision }: { decision: Decision }) {
  return (
    <dl class="facts">
      <dt>Choice</dt>
      <dd>
        <strong>{decision.chosen.label}</strong>
        {decision.chosen.value === undefined ? (
          ''
        ) : (
          <>
            {' '}
            · <code>{JSON.stringify(decision.chosen.value)}</code>
          </>
        )}
      </dd>
      <dt>Reasoning</dt>
      <dd>
        {decision.reasoning === undefined ? (
          'not recorded'
        ) : (
          <>
            {decision.reasoning.text} <span class="meta">(from the {decision.reasoning.source})</span>
          </>
        )}
      </dd>
      <dt>Confidence</dt>
      <dd>{decision.confidence === undefined ? 'not recorded' : decision.confidence.toFixed(2)}</dd>
      <dt>Outcome</dt>
      <dd>
        {decision.outcome === undefined ? (
          'not recorded'
        ) : (
          <>
            {decision.outcome.status}
            {decision.outcome.adverse && (
              <>
                {' '}
                <Badge text="adverse" />
              </>
            )}
            {decision.outcome.detail === undefined ? '' : ` · ${decision.outcome.detail}`}
          </>
        )}
      </dd>
      <dt>Role of the AI</dt>
      <dd>
        {decision.aiRole}
        {decision.humanDecider === undefined
          ? ''
          : ` · decided by ${decision.humanDecider.id}${decision.humanDecider.role === undefined ? '' : ` (${decision.humanDecider.role})`}`}
      </dd>
    </dl>
  );
}

/** Factors, if the agent recorded any. */
export function Factors({ decision }: { decision: Decision }) {
  if (decision.factors === undefined || decision.factors.length === 0) return <p>No factors recorded.</p>;
  return (
    <table>
      <caption>Factors</caption>
      <thead>
        <tr>
          <th scope="col">Factor</th>
          <th scope="col" class="num">
            Weight
          </th>
          <th scope="col">Value</th>
        </tr>
      </thead>
      <tbody>
        {decision.factors.map((f) => (
          <tr>
            <td>{f.name}</td>
            <td class="num">{f.weight ?? ''}</td>
            <td>
              <code>{f.value === undefined ? '' : JSON.stringify(f.value)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Agent, model, prompt and policy versions with their hashes. */
export function Versions({ decision }: { decision: Decision }) {
  const rows: [string, string, string | undefined][] = [
    ['Agent', `${decision.agent.name ?? decision.agent.id} (${decision.agent.id})`, decision.agent.version],
    ...(decision.model === undefined
      ? []
      : [
          ['Model', `${decision.model.provider} ${decision.model.name}`, decision.model.version] as [
            string,
            string,
            string | undefined,
          ],
        ]),
    ...(decision.prompt === undefined
      ? []
      : [
          [
            'Prompt',
            `${decision.prompt.id}${decision.prompt.hash === undefined ? '' : ` · ${decision.prompt.hash}`}`,
            decision.prompt.version,
          ] as [string, string, string | undefined],
        ]),
    ...(decision.policy === undefined
      ? []
      : [
          [
            'Policy',
            `${decision.policy.id}${decision.policy.hash === undefined ? '' : ` · ${decision.policy.hash}`}`,
            decision.policy.version,
          ] as [string, string, string | undefined],
        ]),
  ];
  return (
    <table>
      <caption>Versions</caption>
      <thead>
        <tr>
          <th scope="col">What</th>
          <th scope="col">Identity</th>
          <th scope="col">Version</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([what, identity, version]) => (
          <tr>
            <th scope="row">{what}</th>
            <td>
              <code>{identity}</code>
            </td>
            <td>{version ?? 'not recorded'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Oversight, contests, corrections and anomalies that refer to the entry. */
export function FollowUps({ linked }: { linked: readonly PortEntry[] }) {
  const groups = [
    ['Oversight', linked.filter((l) => l.entry.kind === 'oversight')],
    ['Contests', linked.filter((l) => l.entry.kind === 'contest')],
    ['Corrections', linked.filter((l) => l.entry.kind === 'correction')],
    [
      'Other entries referring to it',
      linked.filter((l) => !['oversight', 'contest', 'correction'].includes(l.entry.kind)),
    ],
  ] as const;
  return (
    <>
      {groups.map(([title, entries]) => (
        <section aria-label={title}>
          <h3>{title}</h3>
          {entries.length === 0 ? (
            <p class="meta">None recorded.</p>
          ) : (
            <ul>
              {entries.map((l) => (
                <li data-linked={l.entry.kind}>
                  <Time iso={l.entry.occurredAt} /> ·{' '}
                  <a href={entryHref(l.entry.id)}>{entryHeadline(l.entry)}</a>
                  {l.entry.kind === 'oversight' && l.entry.oversight.note !== undefined && (
                    <> · “{l.entry.oversight.note}”</>
                  )}
                  {l.entry.kind === 'oversight' && l.entry.oversight.newChoice !== undefined && (
                    <>
                      {' '}
                      · new choice <strong>{l.entry.oversight.newChoice.label}</strong>
                    </>
                  )}
                  {l.entry.kind === 'correction' && (
                    <ul>
                      {l.entry.correction.changes.map((c) => (
                        <li>
                          <code>{c.path}</code> → <code>{JSON.stringify(c.value)}</code>
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}

/** The context snapshot and the redactions capture applied to it. */
export function Context({ entry }: { entry: DecisionEntry }) {
  return (
    <>
      <JsonBlock value={entry.decision.context} label="Context snapshot as JSON" />
      {(entry.redactions ?? []).length > 0 && (
        <table>
          <caption>Redactions applied at capture</caption>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Rule</th>
              <th scope="col">Method</th>
            </tr>
          </thead>
          <tbody>
            {(entry.redactions ?? []).map((r) => (
              <tr>
                <td>
                  <code>{r.path}</code>
                </td>
                <td>{r.ruleId}</td>
                <td>{r.method}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
