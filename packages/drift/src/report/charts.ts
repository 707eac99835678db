// The three charts of each (agent, decision type): chosen-option mix per window as 100% stacked bars, confidence
// per window as box plots (10th–90th percentile whiskers, quartile box, median), and the override rate per window.

import type { SeriesGroup } from '../series.js';
import { band, c, flagMarkers, svgDocument, versionLines, xAxis, yAxis, yOf } from './chart-frame.js';
import { escapeHtml, pct, short } from './escape.js';
import { colourOf, MAX_CHARTED_LABELS } from './palette.js';

/** The labels a chart names, with their colours; beyond the palette the rest are summed as "other". */
export type ChartedMix = {
  readonly legend: readonly { readonly label: string; readonly colour: string }[];
  /** Per window, the counts in legend order. */
  readonly counts: readonly (readonly number[])[];
};

/** Folds a group's labels into at most {@link MAX_CHARTED_LABELS} series. */
export function chartedMix(group: SeriesGroup): ChartedMix {
  const fold = group.labels.length > MAX_CHARTED_LABELS;
  const named = fold ? MAX_CHARTED_LABELS - 1 : group.labels.length;
  const legend = group.labels.slice(0, named).map((label, i) => ({ label, colour: colourOf(i, false) }));
  if (fold)
    legend.push({ label: `other (${group.labels.length - named} options)`, colour: colourOf(0, true) });
  const counts = group.windows.map((w) => {
    const head = w.mix.slice(0, named);
    return fold ? [...head, w.mix.slice(named).reduce((a, b) => a + b, 0)] : head;
  });
  return { legend, counts };
}

const PERCENT_TICKS = [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, label: pct(value) }));
const UNIT_TICKS = [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, label: String(value) }));

/**
 * The chosen-option mix per window as 100% stacked bars, flagged windows marked, version changes as lines.
 *
 * @example
 * const svg = mixChart(group, series.windowMs, 'g0-mix');
 */
export function mixChart(group: SeriesGroup, windowMs: number, id: string): string {
  const { legend, counts } = chartedMix(group);
  const n = group.windows.length;
  const bars = group.windows
    .map((w, i) => {
      const { barX, barWidth } = band(i, n);
      let below = 0;
      return counts[i]!.map((count, k) => {
        if (count === 0 || w.decisions === 0) return '';
        const share = count / w.decisions;
        const y0 = yOf(below);
        below += share;
        const y1 = yOf(below);
        const tip = `${legend[k]!.label}: ${count} of ${w.decisions} (${pct(share)}), window from ${w.from}`;
        return `<rect x="${c(barX)}" y="${c(y1)}" width="${c(barWidth)}" height="${c(y0 - y1)}" fill="${legend[k]!.colour}"><title>${escapeHtml(tip)}</title></rect>`;
      }).join('');
    })
    .join('');
  const content =
    yAxis(PERCENT_TICKS) +
    bars +
    versionLines(group) +
    flagMarkers(group.windows, (w) => w.tests.mix?.flagged === true, 'The mix test') +
    xAxis(group.windows, windowMs);
  const description = `Share of each chosen option in ${n} windows, ${legend.map((l) => l.label).join(', ')}; triangles mark windows the mix test flagged, dashed lines version changes. The table below holds the same data.`;
  return svgDocument(id, `Chosen-option mix per window`, description, content);
}

/**
 * Confidence per window as box plots: whiskers from the 10th to the 90th percentile, a box over the quartiles, a
 * line at the median.
 *
 * @example
 * const svg = confidenceChart(group, series.windowMs, 'g0-confidence');
 */
export function confidenceChart(group: SeriesGroup, windowMs: number, id: string): string {
  const n = group.windows.length;
  const boxes = group.windows
    .map((w, i) => {
      const s = w.confidence;
      if (s === undefined) return '';
      const { barX, barWidth, centre } = band(i, n);
      const tip = `window from ${w.from}: n ${s.n}, median ${short(s.median)}, quartiles ${short(s.q25)}–${short(s.q75)}, 10th–90th percentile ${short(s.q10)}–${short(s.q90)}`;
      return (
        `<g><title>${escapeHtml(tip)}</title>` +
        `<line class="whisker" x1="${c(centre)}" x2="${c(centre)}" y1="${c(yOf(s.q90))}" y2="${c(yOf(s.q10))}"/>` +
        `<rect class="box" x="${c(barX)}" y="${c(yOf(s.q75))}" width="${c(barWidth)}" height="${c(Math.max(yOf(s.q25) - yOf(s.q75), 0.5))}"/>` +
        `<line class="median" x1="${c(barX)}" x2="${c(barX + barWidth)}" y1="${c(yOf(s.median))}" y2="${c(yOf(s.median))}"/></g>`
      );
    })
    .join('');
  const content =
    yAxis(UNIT_TICKS) +
    boxes +
    versionLines(group) +
    flagMarkers(group.windows, (w) => w.tests.confidence?.flagged === true, 'The KS test') +
    xAxis(group.windows, windowMs);
  const description = `Confidence in ${n} windows: whiskers span the 10th to 90th percentile, boxes the quartiles, the bar inside is the median; triangles mark windows the KS test flagged. The table below holds the same data.`;
  return svgDocument(id, 'Confidence distribution per window', description, content);
}

/**
 * The share of reviewed decisions that were overridden, per window.
 *
 * @example
 * const svg = overrideChart(group, series.windowMs, 'g0-override');
 */
export function overrideChart(group: SeriesGroup, windowMs: number, id: string): string {
  const n = group.windows.length;
  const highest = group.windows.reduce((m, w) => Math.max(m, w.oversight.rate ?? 0), 0.1);
  const top = Math.min(1, highest * 1.2);
  const scale = (rate: number) => yOf(rate / top);
  const bars = group.windows
    .map((w, i) => {
      if (w.oversight.rate === null) return '';
      const { barX, barWidth } = band(i, n);
      const y = scale(w.oversight.rate);
      const tip = `window from ${w.from}: ${w.oversight.overridden} of ${w.oversight.reviewed} reviewed decisions overridden (${pct(w.oversight.rate)})`;
      return `<rect class="rate" x="${c(barX)}" y="${c(y)}" width="${c(barWidth)}" height="${c(yOf(0) - y)}"><title>${escapeHtml(tip)}</title></rect>`;
    })
    .join('');
  const ticks = [0, 0.5, 1].map((f) => ({ value: f, label: pct(f * top) }));
  const content =
    yAxis(ticks) +
    bars +
    versionLines(group) +
    flagMarkers(group.windows, (w) => w.tests.overrideRate?.flagged === true, 'The override-rate test') +
    xAxis(group.windows, windowMs);
  const description = `Share of reviewed decisions overridden in ${n} windows; triangles mark windows the two-proportion test flagged. The table below holds the same data.`;
  return svgDocument(id, 'Override rate per window', description, content);
}
