import { describe, expect, it } from 'vitest';
import { isCairnError } from '@cairn/core';
import { runDriftAnalysis } from './analysis.js';
import { resolveDriftConfig } from './config.js';
import type { Finding } from './finding.js';
import { asAsync, DAY, mergeStreams, START, syntheticStream } from './test-support/synthetic.js';

const K = 12;
const iso = (ms: number) => new Date(ms).toISOString();
const windowOf = (f: Finding) => Date.parse(f.window!.from);
const ofDetector = (findings: readonly Finding[], detector: Finding['detector']) =>
  findings.filter((f) => f.detector === detector);

describe('runDriftAnalysis on injected shifts', () => {
  it('flags a chosen-option shift at exactly the window it starts, and not before', async () => {
    const entries = syntheticStream({
      seed: 11,
      windows: 20,
      perWindow: 120,
      mix: (w) => (w >= K ? { approve: 35, refer: 25, deny: 40 } : { approve: 60, refer: 25, deny: 15 }),
    });
    const { findings } = await runDriftAnalysis({ entries: asAsync(entries) });
    const mix = ofDetector(findings, 'mix');
    expect(mix.length).toBeGreaterThan(0);
    expect(Math.min(...mix.map(windowOf))).toBe(START + K * DAY);
    const first = mix.find((f) => windowOf(f) === START + K * DAY)!;
    expect(first.window).toEqual({ from: iso(START + K * DAY), to: iso(START + (K + 1) * DAY) });
    expect(first.baseline).toMatchObject({ from: iso(START + (K - 4) * DAY), to: iso(START + K * DAY) });
    expect(first.baseline!.entries.count).toBe(4 * 120);
    expect(first.statistic!.name).toBe('psi');
    expect(first.statistic!.value).toBeGreaterThanOrEqual(first.statistic!.threshold);
    expect(first.test!.pValue).toBeLessThan(first.test!.alpha);
    const expectedIds = entries.filter((e) => e.entry.id.includes(`.w${K}.`)).map((e) => e.entry.id);
    expect(first.entries.map((r) => r.id)).toEqual(expectedIds);
  });

  it('flags a confidence shift through the KS test at the window it starts, and not before', async () => {
    const entries = syntheticStream({
      seed: 12,
      windows: 20,
      perWindow: 120,
      confidence: (w) => (w >= K ? { mean: 0.72, sd: 0.08 } : { mean: 0.8, sd: 0.08 }),
    });
    const { findings } = await runDriftAnalysis({ entries: asAsync(entries) });
    const shifts = ofDetector(findings, 'confidence');
    expect(Math.min(...shifts.map(windowOf))).toBe(START + K * DAY);
    const first = shifts[0]!;
    expect(first.statistic!.name).toBe('ks.d');
    expect(first.statistic!.value).toBeGreaterThan(first.statistic!.threshold);
    expect(first.test!.name).toBe('kolmogorov-smirnov-two-sample');
  });

  it('flags an override-rate jump at the window it starts, naming the overriding oversight entries first', async () => {
    const entries = syntheticStream({
      seed: 13,
      windows: 20,
      perWindow: 150,
      overrideRate: (w) => (w >= K ? 0.25 : 0.05),
    });
    const { findings } = await runDriftAnalysis({ entries: asAsync(entries) });
    const jumps = ofDetector(findings, 'override_rate');
    expect(Math.min(...jumps.map(windowOf))).toBe(START + K * DAY);
    const first = jumps[0]!;
    expect(first.statistic!.value).toBeGreaterThan(first.statistic!.threshold);
    expect(first.summary).toContain('rose');
    const overridden = entries.filter(
      (e) =>
        e.entry.kind === 'oversight' &&
        e.entry.oversight.action === 'overridden' &&
        e.entry.id.includes(`.w${K}.`),
    );
    expect(first.entries.slice(0, overridden.length).map((r) => r.index)).toEqual(
      overridden.map((e) => e.index),
    );
  });

  it('records each model and prompt change at the index of the first entry made under it', async () => {
    const entries = syntheticStream({
      seed: 14,
      windows: 8,
      perWindow: 40,
      model: (w) => ({ provider: 'openai', name: w >= 5 ? 'gpt-4.1' : 'gpt-4o' }),
      prompt: (w, i) => ({ id: 'underwrite', version: w > 6 || (w === 6 && i >= 7) ? '3' : '2' }),
    });
    const { findings, series } = await runDriftAnalysis({ entries: asAsync(entries) });
    const changes = ofDetector(findings, 'version_change');
    const indexOf = (id: string) => entries.find((e) => e.entry.id === id)!.index;
    expect(changes.map((f) => [f.details.component, f.entries[0]!.index])).toEqual([
      ['model', indexOf('underwriter.loan.underwriting.w5.d0')],
      ['prompt', indexOf('underwriter.loan.underwriting.w6.d7')],
    ]);
    expect(changes[0]!.details).toMatchObject({ from: 'openai/gpt-4o', to: 'openai/gpt-4.1', repeats: 0 });
    expect(changes[0]!.entries[1]!.index).toBe(indexOf('underwriter.loan.underwriting.w4.d39'));
    expect(series.groups[0]!.versionChanges.map((c) => c.component)).toEqual(['model', 'prompt']);
  });

  it('reports an A/B split that alternates two models as two transitions with their repeat counts', async () => {
    const entries = syntheticStream({
      seed: 15,
      windows: 2,
      perWindow: 10,
      model: (w, i) => ({ provider: 'acme', name: w === 1 && i % 2 === 1 ? 'b' : 'a' }),
    });
    const { findings } = await runDriftAnalysis({ entries: entries });
    const changes = ofDetector(findings, 'version_change');
    expect(changes.map((f) => [f.details.from, f.details.to, f.details.repeats])).toEqual([
      ['acme/a', 'acme/b', 4],
      ['acme/b', 'acme/a', 3],
    ]);
  });

  it('names the version change behind a mix shift on the drift finding', async () => {
    const entries = syntheticStream({
      seed: 16,
      windows: 16,
      perWindow: 120,
      model: (w) => ({ provider: 'acme', name: 'scorer', version: w >= K ? '2' : '1' }),
      mix: (w) => (w >= K ? { approve: 30, refer: 30, deny: 40 } : { approve: 60, refer: 25, deny: 15 }),
    });
    const { findings } = await runDriftAnalysis({ entries: asAsync(entries) });
    const change = ofDetector(findings, 'version_change')[0]!;
    const shift = ofDetector(findings, 'mix')[0]!;
    expect(shift.details.versionChanges).toEqual([
      { findingId: change.id, component: 'model', index: change.entries[0]!.index, at: change.occurredAt },
    ]);
  });

  it('keeps agents and decision types apart', async () => {
    const shifted = syntheticStream({
      seed: 17,
      windows: 16,
      perWindow: 100,
      agentId: 'triage',
      decisionType: 'alert.escalation',
      mix: (w) => (w >= K ? { escalate: 70, close: 30 } : { escalate: 20, close: 80 }),
    });
    const stable = syntheticStream({ seed: 18, windows: 16, perWindow: 100 }, 0, 'other-producer');
    const { findings, series } = await runDriftAnalysis({ entries: asAsync(mergeStreams(shifted, stable)) });
    expect(series.groups.map((g) => [g.agentId, g.decisionType])).toEqual([
      ['triage', 'alert.escalation'],
      ['underwriter', 'loan.underwriting'],
    ]);
    const mix = ofDetector(findings, 'mix');
    expect(mix.every((f) => f.agentId === 'triage' && f.decisionType === 'alert.escalation')).toBe(true);
    expect(mix.map(windowOf)).toContain(START + K * DAY);
  });
});

describe('runDriftAnalysis on stable streams', () => {
  // Measured false positive rate: every test in every window of five stable 200-window streams (995 tests per
  // detector), α = 0.01 per test. Measured with these seeds: mix 13, confidence 7, override rate 13 (1.3%, 0.7%,
  // 1.3%); the bound is 2α because tests against overlapping baselines are correlated. Fixed seeds keep it exact.
  it('flags at most 2α of the windows of five 200-window stable streams, per detector', async () => {
    const counts = { mix: [0, 0], confidence: [0, 0], overrideRate: [0, 0] };
    for (const seed of [2026, 1, 2, 3, 4]) {
      const entries = syntheticStream({ seed, windows: 200, perWindow: 100, overrideRate: () => 0.1 });
      const { series } = await runDriftAnalysis({ entries: asAsync(entries) });
      for (const detector of ['mix', 'confidence', 'overrideRate'] as const) {
        const tested = series.groups[0]!.windows.filter((w) => w.tests[detector]?.tested);
        counts[detector][0]! += tested.filter((w) => w.tests[detector]!.flagged).length;
        counts[detector][1]! += tested.length;
      }
    }
    for (const [flagged, tested] of Object.values(counts)) {
      expect(tested).toBe(5 * 199);
      expect(flagged! / tested!).toBeLessThanOrEqual(2 * 0.01);
    }
  });

  it('does not test a window or a baseline below the minimum sample size', async () => {
    const entries = syntheticStream({ seed: 3, windows: 6, perWindow: 20 });
    const { findings, series } = await runDriftAnalysis({ entries, config: { minSamples: 30 } });
    expect(ofDetector(findings, 'mix')).toEqual([]);
    const last = series.groups[0]!.windows[5]!;
    expect(last.tests.mix).toEqual({
      tested: false,
      flagged: false,
      skipped: 'too few decisions: window 20, baseline 80, need 30 each',
    });
  });
});

describe('runDriftAnalysis settings', () => {
  it('compares every later window with a fixed baseline and leaves windows inside it untested', async () => {
    const entries = syntheticStream({
      seed: 21,
      windows: 16,
      perWindow: 100,
      mix: (w) => (w >= K ? { approve: 30, refer: 30, deny: 40 } : { approve: 60, refer: 25, deny: 15 }),
    });
    const baseline = { kind: 'fixed', from: iso(START), to: iso(START + 5 * DAY) } as const;
    const { findings, series } = await runDriftAnalysis({ entries, config: { baseline } });
    const windows = series.groups[0]!.windows;
    expect(windows.slice(0, 5).every((w) => w.tests.mix === undefined && w.baseline === undefined)).toBe(
      true,
    );
    const flaggedFrom = ofDetector(findings, 'mix').map(windowOf);
    expect(flaggedFrom).toEqual([12, 13, 14, 15].map((w) => START + w * DAY));
    expect(ofDetector(findings, 'mix').every((f) => f.baseline!.entries.count === 500)).toBe(true);
  });

  it('charts each window: mix counts add up, confidence histograms hold every value, override rates', async () => {
    const entries = syntheticStream({ seed: 22, windows: 3, perWindow: 50, overrideRate: () => 0.2 });
    const { series } = await runDriftAnalysis({ entries, config: { detectors: { mix: false } } });
    const group = series.groups[0]!;
    expect(group.labels).toEqual(expect.arrayContaining(['approve', 'refer', 'deny']));
    for (const w of group.windows) {
      expect(w.mix.reduce((a, b) => a + b, 0)).toBe(50);
      expect(w.confidence!.histogram.reduce((a, b) => a + b, 0)).toBe(50);
      expect(w.oversight.reviewed).toBe(50);
      expect(w.oversight.rate).toBe(w.oversight.overridden / 50);
      expect(w.tests.mix).toBeUndefined();
    }
    expect(series.counts).toEqual({ entries: 300, decisions: 150, oversight: 150 });
  });

  it('refuses an invalid config, naming every problem', async () => {
    const resolved = resolveDriftConfig({ windowMs: 0, alpha: 2, psi: { warning: 0.3, critical: 0.2 } });
    expect(resolved.ok).toBe(false);
    if (resolved.ok) return;
    expect(resolved.problems.map((p) => p.message)).toEqual([
      'windowMs: expected a whole number of at least 1, got 0',
      'alpha: expected a number between 0 and 1 (exclusive), got 2',
      'psi.critical: expected a number at least psi.warning (0.3), got 0.2',
    ]);
    const error = await runDriftAnalysis({ entries: [], config: { alpha: 0 } }).catch((e: unknown) => e);
    expect(isCairnError(error, 'config')).toBe(true);
  });
});
