// Counts for the period report, read from the bundle's own leaves (so the report describes exactly what the
// auditor receives), streamed one line at a time.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Entry } from '@cairn/core';

/** What the period's entries contain, counted. */
export type PeriodStats = {
  readonly decisionsByType: Readonly<Record<string, number>>;
  readonly decisionsByAiRole: Readonly<Record<string, number>>;
  readonly adverseOutcomes: number;
  readonly oversightByAction: Readonly<Record<string, number>>;
  readonly contests: number;
  readonly corrections: number;
  readonly erasures: number;
  readonly anomaliesBySeverity: Readonly<Record<string, number>>;
  readonly runsByOrchestrator: Readonly<Record<string, number>>;
};

const bump = (counts: Record<string, number>, key: string) => void (counts[key] = (counts[key] ?? 0) + 1);

function counter() {
  const stats = {
    decisionsByType: {} as Record<string, number>,
    decisionsByAiRole: {} as Record<string, number>,
    adverseOutcomes: 0,
    oversightByAction: {} as Record<string, number>,
    contests: 0,
    corrections: 0,
    erasures: 0,
    anomaliesBySeverity: {} as Record<string, number>,
    runsByOrchestrator: {} as Record<string, number>,
  };
  const runs = new Set<string>();
  const add = (entry: Entry) => {
    if (entry.run !== undefined && !runs.has(`${entry.run.orchestrator}\n${entry.run.id}`)) {
      runs.add(`${entry.run.orchestrator}\n${entry.run.id}`);
      bump(stats.runsByOrchestrator, entry.run.orchestrator);
    }
    if (entry.kind === 'decision') {
      bump(stats.decisionsByType, entry.decision.type);
      bump(stats.decisionsByAiRole, entry.decision.aiRole);
      if (entry.decision.outcome?.adverse === true) stats.adverseOutcomes++;
    } else if (entry.kind === 'oversight') bump(stats.oversightByAction, entry.oversight.action);
    else if (entry.kind === 'contest') stats.contests++;
    else if (entry.kind === 'correction') stats.corrections++;
    else if (entry.kind === 'erasure') stats.erasures++;
    else if (entry.kind === 'anomaly') bump(stats.anomaliesBySeverity, entry.anomaly.severity);
  };
  return { stats, add };
}

/**
 * Counts decisions, oversight, contests, corrections, erasures, anomalies and runs in a bundle's `leaves.jsonl`.
 * The leaves were checked by verifyBundle; a line that does not parse is skipped here, not reported twice.
 *
 * @example const stats = await periodStats('evidence/bundle/leaves.jsonl');
 */
export async function periodStats(leavesPath: string): Promise<PeriodStats> {
  const { stats, add } = counter();
  const lines = createInterface({ input: createReadStream(leavesPath, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line === '') continue;
    try {
      add(JSON.parse(line) as Entry);
    } catch {
      // verifyBundle reports unreadable leaves with their line numbers.
    }
  }
  return stats;
}
