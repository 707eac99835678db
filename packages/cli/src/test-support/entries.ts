// Valid entries for CLI tests, numbered so tests can name what they expect.
import type { Entry } from '@cairn/core';
import { demoEntries } from '../demo-entries.js';

const BASE = Date.UTC(2026, 10, 23, 14, 0, 0, 0);

/**
 * Decision `n`: one of the demo's decisions with its id, times and producer sequence changed.
 *
 * @example decision(3).id === 'dec-3'
 */
export function decision(n: number, at = new Date(BASE + n * 60_000).toISOString()): Entry {
  const template = demoEntries().find((e) => e.kind === 'decision')!;
  return {
    ...template,
    id: `dec-${n}`,
    occurredAt: at,
    recordedAt: at,
    producer: { id: 'cli-test', seq: n },
  };
}

/** JSON lines of decisions `from`..`to - 1`. @example jsonLines(0, 3).split('\n').length === 4 */
export function jsonLines(from: number, to: number): string {
  let out = '';
  for (let n = from; n < to; n++) out += `${JSON.stringify(decision(n))}\n`;
  return out;
}
