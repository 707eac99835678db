// Synthetic decision streams with known, injected shifts: the ground truth the drift tests check against.

import type { DecisionEntry, Entry, OversightEntry } from '@cairn/core';
import type { SealedEntry } from '../collect.js';
import { createPrng } from './prng.js';

export const DAY = 86_400_000;
export const START = Date.parse('2026-01-05T00:00:00.000Z');

export type StreamSpec = {
  seed: number;
  windows: number;
  perWindow: number;
  agentId?: string;
  decisionType?: string;
  /** Weights of chosen labels in window w. */
  mix?: (w: number) => Record<string, number>;
  /** Mean and spread of confidence in window w (clamped to [0, 1]). */
  confidence?: (w: number) => { mean: number; sd: number };
  /** When set, every decision is reviewed and overridden with this probability. */
  overrideRate?: (w: number) => number;
  model?: (w: number, i: number) => { provider: string; name: string; version?: string };
  prompt?: (w: number, i: number) => { id: string; version?: string };
  context?: (w: number, i: number) => Record<string, string | number>;
};

const STABLE_MIX = { approve: 60, refer: 25, deny: 15 };

/** Builds one stream of decisions (and oversight entries), sealed at consecutive indices from `firstIndex`. */
export function syntheticStream(spec: StreamSpec, firstIndex = 0, producerId = 'synthetic'): SealedEntry[] {
  const prng = createPrng(spec.seed);
  const out: SealedEntry[] = [];
  const agentId = spec.agentId ?? 'underwriter';
  const type = spec.decisionType ?? 'loan.underwriting';
  for (let w = 0; w < spec.windows; w++) {
    const mix = spec.mix?.(w) ?? STABLE_MIX;
    for (let i = 0; i < spec.perWindow; i++) {
      const at = new Date(START + w * DAY + Math.floor(((i + 0.5) / spec.perWindow) * DAY)).toISOString();
      const { mean, sd } = spec.confidence?.(w) ?? { mean: 0.8, sd: 0.08 };
      const label = prng.pick(mix);
      const decision: DecisionEntry = {
        v: 1,
        kind: 'decision',
        id: `${agentId}.${type}.w${w}.d${i}`,
        occurredAt: at,
        recordedAt: at,
        producer: { id: producerId, seq: out.length },
        run: { orchestrator: 'other', id: `run-${w}-${i}` },
        decision: {
          type,
          agent: { id: agentId },
          ...(spec.model && { model: spec.model(w, i) }),
          ...(spec.prompt && { prompt: spec.prompt(w, i) }),
          context: spec.context?.(w, i) ?? { applicant: `a-${w}-${i}` },
          alternatives: Object.keys(mix).map((l) => ({ label: l })),
          chosen: { label },
          confidence: Math.min(1, Math.max(0, Number(prng.normal(mean, sd).toFixed(4)))),
          aiRole: 'assistive',
        },
      };
      out.push({ index: firstIndex + out.length, entry: decision });
      if (spec.overrideRate) {
        const overridden = prng.next() < spec.overrideRate(w);
        const position = out.length;
        out.push({
          index: firstIndex + position,
          entry: oversightOf(decision, overridden, firstIndex + position - 1, position, producerId),
        });
      }
    }
  }
  return out;
}

function oversightOf(
  decision: DecisionEntry,
  overridden: boolean,
  decisionIndex: number,
  seq: number,
  producerId: string,
): OversightEntry {
  const at = new Date(Date.parse(decision.occurredAt) + 1000).toISOString();
  const entry: OversightEntry = {
    v: 1,
    kind: 'oversight',
    id: `${decision.id}.review`,
    occurredAt: at,
    recordedAt: at,
    producer: { id: producerId, seq },
    refs: [{ id: decision.id, index: decisionIndex }],
    oversight: {
      action: overridden ? 'overridden' : 'approved',
      reviewer: { id: 'reviewer-7' },
      ...(overridden && { newChoice: { label: 'refer' } }),
    },
  };
  return entry;
}

/** Interleaves streams by occurredAt and renumbers them as one log (indices and per-producer seq kept apart). */
export function mergeStreams(...streams: SealedEntry[][]): SealedEntry[] {
  const all = streams.flat().map((s) => s.entry);
  all.sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
  return all.map((entry: Entry, index) => ({ index, entry }));
}

/** A stream as an async iterable, the shape `ledger.entries()` has. */
export async function* asAsync(entries: readonly SealedEntry[]): AsyncIterable<SealedEntry> {
  for (const entry of entries) {
    await Promise.resolve();
    yield entry;
  }
}
