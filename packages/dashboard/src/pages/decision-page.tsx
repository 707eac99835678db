// `/decisions/:id`: one decision in full, with the integrity panel; other kinds of entry share the page and show
// their body, what they refer to and the same panel.
import type { Entry } from '@cairn/core';
import type { PortEntry } from '../ledger.js';
import { Alternatives, Choice, Context, Factors, FollowUps, Versions } from './decision-sections.js';
import { JsonBlock, Time, entryHeadline, entryHref, runHref } from './format.js';
import { IntegrityPanel } from './integrity-panel.js';
import { Layout } from './layout.js';
import { explanationHref } from './reports-page.js';
import { orchestratorName } from './run-page.js';

/** Where the integrity script is served. */
export const INTEGRITY_SCRIPT_PATH = '/dashboard-assets/integrity.js';

function Envelope({ stored }: { stored: PortEntry }) {
  const { entry } = stored;
  return (
    <dl class="facts">
      <dt>Entry</dt>
      <dd>
        <code>{entry.id}</code> · index {stored.index}
      </dd>
      <dt>Occurred</dt>
      <dd>
        <Time iso={entry.occurredAt} />
      </dd>
      <dt>Recorded</dt>
      <dd>
        <Time iso={entry.recordedAt} /> by <code>{entry.producer.id}</code> (seq {entry.producer.seq})
      </dd>
      {entry.run !== undefined && (
        <>
          <dt>Run</dt>
          <dd>
            <a href={runHref(entry.run.orchestrator, entry.run.id)}>
              {orchestratorName(entry.run.orchestrator)} run {entry.run.id}
            </a>
            {entry.run.url !== undefined && (
              <>
                {' '}
                ·{' '}
                <a href={entry.run.url} rel="noopener noreferrer">
                  open in {orchestratorName(entry.run.orchestrator)}
                </a>
              </>
            )}
          </dd>
        </>
      )}
      {entry.subject !== undefined && (
        <>
          <dt>Subject</dt>
          <dd>
            <a href={`/search?q=${encodeURIComponent(entry.subject.ref)}`}>
              <code>{entry.subject.ref}</code>
            </a>
          </dd>
        </>
      )}
      {entry.retention !== undefined && (
        <>
          <dt>Retention</dt>
          <dd>{entry.retention.class}</dd>
        </>
      )}
      {(entry.tags ?? []).length > 0 && (
        <>
          <dt>Tags</dt>
          <dd>{(entry.tags ?? []).join(', ')}</dd>
        </>
      )}
      <dt>Leaf hash</dt>
      <dd>
        <code>{stored.leafHash}</code>
      </dd>
    </dl>
  );
}

function References({ entry }: { entry: Entry }) {
  if (entry.refs === undefined) return null;
  return (
    <>
      <h2>Refers to</h2>
      <ul>
        {entry.refs.map((r) => (
          <li>
            <a href={entryHref(r.id)}>{r.id}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

function DecisionBody({
  stored,
  linked,
}: {
  stored: PortEntry & { entry: Extract<Entry, { kind: 'decision' }> };
  linked: readonly PortEntry[];
}) {
  const { decision } = stored.entry;
  return (
    <>
      <h2>Context snapshot</h2>
      <Context entry={stored.entry} />
      <h2>Alternatives</h2>
      <Alternatives decision={decision} />
      <h2>Choice and reasoning</h2>
      <Choice decision={decision} />
      <h2>Factors</h2>
      <Factors decision={decision} />
      <h2>Model, prompt and policy</h2>
      <Versions decision={decision} />
      <h2>Oversight, contests and corrections</h2>
      <FollowUps linked={linked} />
      <h2>Explanation for the person concerned</h2>
      <p>
        <a href={explanationHref(stored.entry.id, 'html')} download data-report="explanation-html">
          Download the explanation (HTML)
        </a>{' '}
        ·{' '}
        <a href={explanationHref(stored.entry.id, 'json')} download>
          as JSON
        </a>
      </p>
    </>
  );
}

/** The page of one entry. */
export function DecisionPage({ stored, linked }: { stored: PortEntry; linked: readonly PortEntry[] }) {
  const { entry } = stored;
  const title = entry.kind === 'decision' ? 'Decision' : `Entry (${entry.kind})`;
  return (
    <Layout title={title} section="none" scripts={[INTEGRITY_SCRIPT_PATH]}>
      <h1>
        {title}: {entryHeadline(entry)}
      </h1>
      <div class="grid">
        <div>
          <Envelope stored={stored} />
          {entry.kind === 'decision' ? (
            <DecisionBody stored={{ ...stored, entry }} linked={linked} />
          ) : (
            <>
              <References entry={entry} />
              {linked.length > 0 && (
                <>
                  <h2>Entries referring to it</h2>
                  <FollowUps linked={linked} />
                </>
              )}
            </>
          )}
          <details>
            <summary>The entry as stored (JSON)</summary>
            <JsonBlock value={entry} label="The whole entry as JSON" />
          </details>
        </div>
        <div>
          <IntegrityPanel id={entry.id} />
        </div>
      </div>
    </Layout>
  );
}
