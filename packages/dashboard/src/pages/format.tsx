// Small pieces shared by the pages: times, status badges, links to entries and runs.
import type { Entry } from '@cairn/core';

/**
 * `2026-11-23T10:02:00.000Z` → `2026-11-23 10:02:00 UTC`; anything unreadable is shown as given.
 *
 * @example shortTime('2026-11-23T10:02:00.000Z') === '2026-11-23 10:02:00 UTC'
 */
export function shortTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A machine-readable time element. */
export function Time({ iso }: { iso: string }) {
  return <time datetime={iso}>{shortTime(iso)}</time>;
}

/** A status in words, coloured as a second cue only. */
export function Badge({ text, tone }: { text: string; tone?: string }) {
  return <span class={`badge ${tone ?? text}`}>{text}</span>;
}

/** Path of a run page. */
export function runHref(orchestrator: string, runId: string): string {
  return `/runs/${encodeURIComponent(orchestrator)}/${encodeURIComponent(runId)}`;
}

/** Path of an entry's page: decisions and every other kind share it. */
export function entryHref(id: string): string {
  return `/decisions/${encodeURIComponent(id)}`;
}

/**
 * One line saying what an entry is about.
 *
 * @example entryHeadline(decision) // 'credit.limit_increase → decline'
 */
export function entryHeadline(entry: Entry): string {
  switch (entry.kind) {
    case 'decision':
      return `${entry.decision.type} → ${entry.decision.chosen.label}`;
    case 'run_event':
      return `${entry.runEvent.status} (${entry.runEvent.state})${entry.runEvent.error ? `: ${entry.runEvent.error.message.slice(0, 120)}` : ''}`;
    case 'oversight':
      return `${entry.oversight.action} by ${entry.oversight.reviewer.id}`;
    case 'contest':
      return `contested by ${entry.contest.by}: ${entry.contest.grounds.slice(0, 120)}`;
    case 'correction':
      return `correction: ${entry.correction.reason.slice(0, 120)}`;
    case 'erasure':
      return `erasure of ${entry.erasure.subjectRef} (${entry.erasure.reason})`;
    case 'anomaly':
      return `${entry.anomaly.severity} anomaly: ${entry.anomaly.summary.slice(0, 120)}`;
  }
}

/** Pretty JSON in a labelled block. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre aria-label={label} tabindex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
