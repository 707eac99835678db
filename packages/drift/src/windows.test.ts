import { describe, expect, it } from 'vitest';
import type { DecisionPoint } from './collect.js';
import { DEFAULT_DRIFT_SETTINGS } from './config.js';
import { baselineOf, tumblingWindows, windowStart } from './windows.js';

const HOUR = 3_600_000;
const t = (iso: string) => Date.parse(iso);

function point(iso: string, index: number): DecisionPoint {
  return {
    index,
    id: `d${index}`,
    occurredAt: iso,
    at: t(iso),
    agentId: 'a',
    decisionType: 't',
    label: 'x',
    confidence: undefined,
    versions: {},
  };
}

describe('windowStart', () => {
  it('aligns windows to the origin, before it as well as after', () => {
    const settings = { originMs: t('2026-01-01T00:30:00.000Z'), windowMs: HOUR };
    expect(windowStart(t('2026-01-05T10:29:59.999Z'), settings)).toBe(t('2026-01-05T09:30:00.000Z'));
    expect(windowStart(t('2026-01-05T10:30:00.000Z'), settings)).toBe(t('2026-01-05T10:30:00.000Z'));
    expect(windowStart(t('2025-12-31T23:59:00.000Z'), settings)).toBe(t('2025-12-31T23:30:00.000Z'));
  });
});

describe('tumblingWindows and baselineOf', () => {
  const points = [
    '2026-01-01T01:00:00.000Z',
    '2026-01-01T02:10:00.000Z',
    '2026-01-01T02:50:00.000Z',
    '2026-01-01T05:00:00.000Z',
    '2026-01-01T06:59:59.999Z',
  ].map(point);
  const settings = { ...DEFAULT_DRIFT_SETTINGS, windowMs: HOUR };

  it('keeps only non-empty windows, earliest first, each in log order', () => {
    const windows = tumblingWindows(points, settings);
    expect(windows.map((w) => [new Date(w.start).toISOString(), w.decisions.map((d) => d.index)])).toEqual([
      ['2026-01-01T01:00:00.000Z', [0]],
      ['2026-01-01T02:00:00.000Z', [1, 2]],
      ['2026-01-01T05:00:00.000Z', [3]],
      ['2026-01-01T06:00:00.000Z', [4]],
    ]);
  });

  it('takes the N calendar windows before a window as its baseline, empty ones included', () => {
    const windows = tumblingWindows(points, settings);
    const baseline = baselineOf(windows[3]!, windows, {
      ...settings,
      baseline: { kind: 'preceding', windows: 4 },
    })!;
    expect([baseline.start, baseline.end]).toEqual([
      t('2026-01-01T02:00:00.000Z'),
      t('2026-01-01T06:00:00.000Z'),
    ]);
    expect(baseline.decisions.map((d) => d.index)).toEqual([1, 2, 3]);
  });

  it('gives no baseline to a window that starts inside a fixed baseline period', () => {
    const windows = tumblingWindows(points, settings);
    const fixed = {
      kind: 'fixed',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-01T02:30:00.000Z',
    } as const;
    expect(baselineOf(windows[1]!, windows, { ...settings, baseline: fixed })).toBeUndefined();
    const baseline = baselineOf(windows[2]!, windows, { ...settings, baseline: fixed })!;
    expect(baseline.decisions.map((d) => d.index)).toEqual([0, 1]);
  });
});
