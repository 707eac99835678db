// Version changes: the first entry of an (agent, decision type) made under a different model, prompt, policy or
// agent version than the entry before it. Each distinct transition (from → to) is reported once, at its first
// occurrence, with how often it recurred: a rollback shows as its own event, while an A/B split that alternates
// between two versions does not flood the ledger with one event per decision.

import type { DecisionPoint } from '../collect.js';
import { findingId } from '../finding.js';
import type { Finding } from '../finding.js';
import { isoTime } from '../windows.js';
import type { ChangeNote } from './shared.js';

const COMPONENTS = ['model', 'prompt', 'policy', 'agent'] as const;
const NAMES = { model: 'Model', prompt: 'Prompt', policy: 'Policy', agent: 'Agent version' } as const;

type Transition = {
  component: (typeof COMPONENTS)[number];
  from: string | undefined;
  to: string | undefined;
  at: DecisionPoint;
  previous: DecisionPoint;
  repeats: number;
};

/**
 * Finds the version changes in one group's decisions (log order), as findings and as notes for drift findings.
 *
 * @example
 * const { findings } = detectVersionChanges('agent-1', 'loan.underwriting', decisions);
 */
export function detectVersionChanges(
  agentId: string,
  decisionType: string,
  decisions: readonly DecisionPoint[],
): { findings: Finding[]; notes: ChangeNote[] } {
  const transitions = new Map<string, Transition>();
  for (let i = 1; i < decisions.length; i++) {
    const previous = decisions[i - 1]!;
    const current = decisions[i]!;
    for (const component of COMPONENTS) {
      const from = previous.versions[component];
      const to = current.versions[component];
      if (from === to) continue;
      const key = JSON.stringify([component, from ?? null, to ?? null]);
      const seen = transitions.get(key);
      if (seen) seen.repeats++;
      else transitions.set(key, { component, from, to, at: current, previous, repeats: 0 });
    }
  }
  const list = [...transitions.values()];
  const findings = list.map((t) => toFinding(agentId, decisionType, t));
  const notes = list.map((t, k) => ({
    findingId: findings[k]!.id,
    component: t.component,
    index: t.at.index,
    at: t.at.at,
  }));
  return { findings, notes };
}

function toFinding(agentId: string, decisionType: string, t: Transition): Finding {
  const describe = (v: string | undefined) => (v === undefined ? 'none' : JSON.stringify(v));
  return {
    id: findingId('version_change', [agentId, decisionType, t.component, t.at.id]),
    detector: 'version_change',
    severity: 'info',
    agentId,
    decisionType,
    summary:
      `${NAMES[t.component]} of ${decisionType} by ${agentId} changed from ${describe(t.from)} to ${describe(t.to)} ` +
      `at entry ${t.at.index} (${isoTime(t.at.at)}).`,
    entries: [
      { id: t.at.id, index: t.at.index },
      { id: t.previous.id, index: t.previous.index },
    ],
    occurredAt: isoTime(t.at.at),
    details: { component: t.component, from: t.from ?? null, to: t.to ?? null, repeats: t.repeats },
  };
}
