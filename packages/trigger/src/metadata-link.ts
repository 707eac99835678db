import { metadata } from '@trigger.dev/sdk';
import { describeError } from './lifecycle.js';
import { cairnEntryUrl } from './run-url.js';
import type { AttemptSession } from './session.js';

/** The run metadata key under which Cairn links the run's sealed decisions. @example metadata.get(CAIRN_METADATA_KEY) */
export const CAIRN_METADATA_KEY = 'cairn';

// Run metadata is capped at 256 KB per run (Trigger.dev docs/runs/metadata.mdx); a link is about 150 bytes, so
// the newest 100 stay far below the cap whatever else the task stores there.
const MAX_LINKED_DECISIONS = 100;

/** What `metadata.cairn` holds: the run's record in Cairn and its decisions, newest last. */
export type CairnRunMetadata = {
  /** The run's entries in Cairn (`GET /v1/runs/trigger.dev/{runId}`), when a Cairn URL is configured. */
  run?: string;
  decisions: { id: string; url?: string }[];
};

function priorDecisions(value: unknown): CairnRunMetadata['decisions'] {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as CairnRunMetadata).decisions))
    return [];
  return (value as CairnRunMetadata).decisions.filter(
    (d): d is { id: string; url?: string } => typeof d === 'object' && d !== null && typeof d.id === 'string',
  );
}

function buildMetadata(session: AttemptSession, ids: readonly string[]): CairnRunMetadata {
  const { cairnUrl } = session.config;
  // Metadata outlives the attempt (the platform hands it to the next one), so the links of earlier attempts stay.
  const prior = priorDecisions(metadata.get(CAIRN_METADATA_KEY));
  const added = ids.map((id) => (cairnUrl === undefined ? { id } : { id, url: cairnEntryUrl(cairnUrl, id) }));
  const decisions = [...prior, ...added].slice(-MAX_LINKED_DECISIONS);
  if (cairnUrl === undefined) return { decisions };
  return { run: `${cairnUrl}/v1/runs/trigger.dev/${encodeURIComponent(session.ctx.run.id)}`, decisions };
}

/**
 * Links the decisions the attempt stored (sealed, or durable and awaiting their receipt) from the run's metadata,
 * so the Trigger.dev dashboard leads to the sealed records. Guarded: outside a real run the metadata API throws
 * ("Method not implemented.", reference §5), and a failure here must not fail the task.
 *
 * @example
 * linkDecisionsInMetadata(session); // metadata.cairn = { run, decisions: [{ id, url }] }
 */
export function linkDecisionsInMetadata(session: AttemptSession): void {
  const ids = session.entries.storedDecisions().map((d) => d.id);
  if (ids.length === 0) return;
  try {
    metadata.set(CAIRN_METADATA_KEY, buildMetadata(session, ids));
  } catch (cause) {
    session.config.report({
      code: 'metadata_failed',
      message: `could not link ${ids.length === 1 ? '1 decision' : `${ids.length} decisions`} from the metadata of run ${session.ctx.run.id}: ${describeError(cause).message}`,
      runId: session.ctx.run.id,
      attempt: session.ctx.attempt.number,
      entryIds: ids,
      cause,
    });
  }
}
