// Reads a stream of sealed entries once and keeps only what the detectors need: per (agent, decision type) the
// decisions in log order, and which decisions oversight entries reviewed or overrode.

import type { DecisionEntry, Entry, OversightEntry } from '@cairn/core';

/** One sealed entry as a ledger yields it (`ledger.entries({ from, to })`). */
export type SealedEntry = { readonly index: number; readonly entry: Entry };

/** Sealed entries in log order, from a ledger or from memory. */
export type EntrySource = AsyncIterable<SealedEntry> | Iterable<SealedEntry>;

/** The versions a decision was made under, each rendered as one comparable string. */
export type VersionSnapshot = {
  readonly model?: string;
  readonly prompt?: string;
  readonly policy?: string;
  readonly agent?: string;
};

/** What the detectors keep of one decision. */
export type DecisionPoint = {
  readonly index: number;
  readonly id: string;
  readonly occurredAt: string;
  readonly at: number;
  readonly agentId: string;
  readonly decisionType: string;
  readonly label: string;
  readonly confidence: number | undefined;
  readonly versions: VersionSnapshot;
};

/** What the detectors keep of one oversight entry. */
export type OversightPoint = {
  readonly index: number;
  readonly id: string;
  readonly occurredAt: string;
  readonly action: OversightEntry['oversight']['action'];
};

/** Decisions of one agent and decision type, in log order. */
export type DecisionGroup = {
  readonly agentId: string;
  readonly decisionType: string;
  readonly decisions: DecisionPoint[];
};

/** Everything one pass over the stream keeps. */
export type Collected = {
  readonly groups: readonly DecisionGroup[];
  readonly oversightByDecision: ReadonlyMap<string, readonly OversightPoint[]>;
  readonly counts: { entries: number; decisions: number; oversight: number };
};

/** Renders the versions of a decision, so a change in any part shows as a different string. */
export function versionSnapshot(decision: DecisionEntry['decision']): VersionSnapshot {
  const { model, prompt, policy, agent } = decision;
  return {
    ...(model && { model: `${model.provider}/${model.name}${model.version ? `@${model.version}` : ''}` }),
    ...(prompt && { prompt: describeVersioned(prompt) }),
    ...(policy && { policy: describeVersioned(policy) }),
    ...(agent.version !== undefined && { agent: agent.version }),
  };
}

function describeVersioned(item: { id: string; version?: string; hash?: string }): string {
  return `${item.id}${item.version ? `@${item.version}` : ''}${item.hash ? ` ${item.hash}` : ''}`;
}

/** The map key of an (agent, decision type) pair. */
export function groupKey(agentId: string, decisionType: string): string {
  return JSON.stringify([agentId, decisionType]);
}

/**
 * Reads the whole stream. Oversight entries are attached to every decision they reference by id, whether the
 * decision came before or after them in the stream.
 *
 * @example
 * const collected = await collectEntries(ledger.entries({ from: 0 }));
 */
export async function collectEntries(source: EntrySource): Promise<Collected> {
  const groups = new Map<string, DecisionGroup>();
  const oversightByDecision = new Map<string, OversightPoint[]>();
  const counts = { entries: 0, decisions: 0, oversight: 0 };
  for await (const { index, entry } of source) {
    counts.entries++;
    if (entry.kind === 'decision') {
      counts.decisions++;
      addDecision(groups, index, entry);
    } else if (entry.kind === 'oversight') {
      counts.oversight++;
      const point = { index, id: entry.id, occurredAt: entry.occurredAt, action: entry.oversight.action };
      for (const ref of entry.refs ?? []) {
        const list = oversightByDecision.get(ref.id) ?? [];
        list.push(point);
        oversightByDecision.set(ref.id, list);
      }
    }
  }
  return { groups: [...groups.values()], oversightByDecision, counts };
}

function addDecision(groups: Map<string, DecisionGroup>, index: number, entry: DecisionEntry): void {
  const { decision } = entry;
  const key = groupKey(decision.agent.id, decision.type);
  let group = groups.get(key);
  if (group === undefined) {
    group = { agentId: decision.agent.id, decisionType: decision.type, decisions: [] };
    groups.set(key, group);
  }
  group.decisions.push({
    index,
    id: entry.id,
    occurredAt: entry.occurredAt,
    at: Date.parse(entry.occurredAt),
    agentId: decision.agent.id,
    decisionType: decision.type,
    label: decision.chosen.label,
    confidence: decision.confidence,
    versions: versionSnapshot(decision),
  });
}
