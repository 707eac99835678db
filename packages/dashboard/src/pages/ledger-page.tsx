// `/ledger`: the log's state: size, the latest signed checkpoint, every verifier key, the checkpoints over time
// (paged, newest first) and the last full verification.
import { parseVerifierKey } from '@cairn/core';
import type { StoredCheckpoint } from '@cairn/ledger';
import type { VerificationState } from '../verification.js';
import { Badge, Time, shortTime } from './format.js';
import { Layout } from './layout.js';

/** Checkpoints per page. */
export const CHECKPOINT_PAGE_SIZE = 50;

/** What the ledger page shows. */
export type LedgerView = {
  readonly origin: string;
  readonly size: number;
  readonly latest: StoredCheckpoint | undefined;
  readonly verifierKeys: readonly string[];
  /** This page of checkpoints, newest first. */
  readonly checkpoints: readonly StoredCheckpoint[];
  /** The seq to pass as `before` for older checkpoints, when there are any. */
  readonly olderBefore?: number;
  readonly verification: VerificationState;
};

function SizeChart({ checkpoints }: { checkpoints: readonly StoredCheckpoint[] }) {
  const points = [...checkpoints].sort((a, b) => a.seq - b.seq);
  if (points.length < 2) return null;
  const t0 = Date.parse(points[0]!.createdAt);
  const t1 = Math.max(Date.parse(points.at(-1)!.createdAt), t0 + 1);
  const s0 = points[0]!.size;
  const s1 = Math.max(points.at(-1)!.size, s0 + 1);
  const xy = points.map(
    (p) =>
      `${(((Date.parse(p.createdAt) - t0) / (t1 - t0)) * 580 + 10).toFixed(1)},${(150 - ((p.size - s0) / (s1 - s0)) * 140).toFixed(1)}`,
  );
  return (
    <svg
      class="chart"
      viewBox="0 0 600 160"
      role="img"
      aria-labelledby="chart-title chart-desc"
      preserveAspectRatio="none"
    >
      <title id="chart-title">Tree size over time</title>
      <desc id="chart-desc">
        From {s0} entries at {shortTime(points[0]!.createdAt)} to {points.at(-1)!.size} entries at{' '}
        {shortTime(points.at(-1)!.createdAt)}, over the {points.length} checkpoints listed below.
      </desc>
      <polyline points={xy.join(' ')} fill="none" stroke="#0a4fb3" stroke-width="2" />
    </svg>
  );
}

function Keys({ keys }: { keys: readonly string[] }) {
  return (
    <table>
      <caption>Verifier keys the ledger has signed with (C2SP vkey)</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Key id</th>
          <th scope="col">Verifier key</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => {
          const parsed = parseVerifierKey(k);
          return (
            <tr>
              <td>{parsed.ok ? parsed.value.name : 'unreadable key'}</td>
              <td>
                <code>{parsed.ok ? parsed.value.keyId.toString(16).padStart(8, '0') : ''}</code>
              </td>
              <td>
                <code>{k}</code>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function Checkpoints({ view }: { view: LedgerView }) {
  return (
    <>
      <SizeChart checkpoints={view.checkpoints} />
      <table>
        <caption>Checkpoints, newest first</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Seq
            </th>
            <th scope="col" class="num">
              Tree size
            </th>
            <th scope="col" class="num">
              Growth
            </th>
            <th scope="col">Signed at</th>
            <th scope="col">Key id</th>
          </tr>
        </thead>
        <tbody>
          {view.checkpoints.map((c, i) => {
            const older = view.checkpoints[i + 1];
            return (
              <tr>
                <td class="num">{c.seq}</td>
                <td class="num">{c.size}</td>
                <td class="num">{older === undefined ? '' : `+${c.size - older.size}`}</td>
                <td>
                  <Time iso={c.createdAt} />
                </td>
                <td>
                  <code>{c.keyId}</code>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <nav class="pager" aria-label="Checkpoint pages">
        {view.olderBefore !== undefined && (
          <a href={`/ledger?before=${view.olderBefore}`} rel="next">
            Older checkpoints
          </a>
        )}
        <a href="/ledger">Newest checkpoints</a>
      </nav>
    </>
  );
}

function Verification({ state }: { state: VerificationState }) {
  const { running, last } = state;
  return (
    <section aria-labelledby="verification-heading">
      <h2 id="verification-heading">Full verification</h2>
      {running !== undefined && (
        <p role="status">
          Running since {shortTime(running.startedAt)}: {running.done} of {running.total} entries checked.
        </p>
      )}
      {last === undefined && running === undefined && (
        <p>No full verification has run since the server started.</p>
      )}
      {last !== undefined && 'report' in last && (
        <p data-verification={last.report.ok ? 'ok' : 'failed'}>
          Last full verification finished <Time iso={last.finishedAt} />:{' '}
          <Badge text={last.report.ok ? 'pass' : 'fail'} /> {last.report.entriesChecked} entries and{' '}
          {last.report.checkpointsChecked} checkpoints checked, {last.report.unsealed} entries not yet under a
          checkpoint, {last.report.problemCount} problems.
        </p>
      )}
      {last !== undefined && 'report' in last && last.report.problems.length > 0 && (
        <ul>
          {last.report.problems.slice(0, 20).map((p) => (
            <li>
              <code>{p.path}</code>: {p.message}
            </li>
          ))}
        </ul>
      )}
      {last !== undefined && 'error' in last && <p>Last full verification could not run: {last.error}</p>}
      <form method="post" action="/ledger/verify">
        <button type="submit" disabled={running !== undefined}>
          Verify the whole ledger now
        </button>
      </form>
    </section>
  );
}

/** The ledger page. */
export function LedgerPage({ view }: { view: LedgerView }) {
  const { latest } = view;
  return (
    <Layout title="Ledger" section="ledger" refreshSeconds={view.verification.running ? 3 : undefined}>
      <h1>
        Ledger <code>{view.origin}</code>
      </h1>
      <dl class="facts">
        <dt>Entries</dt>
        <dd>{view.size}</dd>
        <dt>Latest checkpoint</dt>
        <dd>
          {latest === undefined ? (
            'none signed yet'
          ) : (
            <>
              size {latest.size}, signed <Time iso={latest.createdAt} /> by key <code>{latest.keyId}</code>{' '}
              (seq {latest.seq})
            </>
          )}
        </dd>
        <dt>Not yet under a checkpoint</dt>
        <dd>{view.size - (latest?.size ?? 0)} entries</dd>
      </dl>
      {latest !== undefined && (
        <details>
          <summary>The latest checkpoint as signed (C2SP signed note)</summary>
          <pre aria-label="Latest checkpoint note">{latest.note}</pre>
          <p>
            <a href="/dashboard-api/checkpoint" download="checkpoint.txt">
              Download it
            </a>{' '}
            and keep it outside this system: it is what later checks compare against.
          </p>
        </details>
      )}
      <h2>Verifier keys</h2>
      <Keys keys={view.verifierKeys} />
      <Verification state={view.verification} />
      <h2>Checkpoints over time</h2>
      <Checkpoints view={view} />
    </Layout>
  );
}
