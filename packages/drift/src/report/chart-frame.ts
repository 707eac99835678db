// The frame every report chart shares: size, bands per window, axes, flag markers and version-change lines, all
// as plain SVG text (no script, no external assets).

import type { SeriesGroup, WindowPoint } from '../series.js';
import { escapeHtml, shortTime } from './escape.js';

/** Chart geometry in SVG user units. */
export const FRAME = { width: 720, height: 220, left: 48, right: 12, top: 24, bottom: 36 } as const;

const plotWidth = FRAME.width - FRAME.left - FRAME.right;
const plotHeight = FRAME.height - FRAME.top - FRAME.bottom;

/** The horizontal band of window i of n: its left edge, width, and the bar inside it. */
export function band(
  i: number,
  n: number,
): { x: number; width: number; barX: number; barWidth: number; centre: number } {
  const width = plotWidth / Math.max(n, 1);
  const x = FRAME.left + i * width;
  const barWidth = Math.max(width * 0.8, 1);
  return { x, width, barX: x + (width - barWidth) / 2, barWidth, centre: x + width / 2 };
}

/** The y coordinate of a value in [0, 1]. */
export function yOf(value: number): number {
  return FRAME.top + plotHeight * (1 - Math.min(1, Math.max(0, value)));
}

/** Two decimals are plenty for SVG coordinates and keep the file small. */
export function c(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}

/** Horizontal gridlines with their labels on the left. */
export function yAxis(ticks: readonly { value: number; label: string }[]): string {
  return ticks
    .map(({ value, label }) => {
      const y = c(yOf(value));
      return (
        `<line class="grid" x1="${FRAME.left}" x2="${FRAME.width - FRAME.right}" y1="${y}" y2="${y}"/>` +
        `<text class="tick" x="${FRAME.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(label)}</text>`
      );
    })
    .join('');
}

/** Window start labels under the plot, thinned to at most eight. */
export function xAxis(windows: readonly WindowPoint[], windowMs: number): string {
  const step = Math.max(1, Math.ceil(windows.length / 8));
  const y = FRAME.height - FRAME.bottom + 16;
  return windows
    .map((w, i) => {
      if (i % step !== 0) return '';
      const x = c(band(i, windows.length).centre);
      return `<text class="tick" x="${x}" y="${y}" text-anchor="middle">${escapeHtml(shortTime(w.from, windowMs))}</text>`;
    })
    .join('');
}

/** A downward triangle above each window a test flagged, with a tooltip naming the test. */
export function flagMarkers(
  windows: readonly WindowPoint[],
  flagged: (w: WindowPoint) => boolean,
  what: string,
): string {
  return windows
    .map((w, i) => {
      if (!flagged(w)) return '';
      const { centre } = band(i, windows.length);
      const top = FRAME.top - 14;
      return `<path class="flag" d="M${c(centre - 5)} ${top}h10l-5 9z"><title>${escapeHtml(`${what} flagged the window from ${w.from}`)}</title></path>`;
    })
    .join('');
}

/** A dashed vertical line at the start of the window in which each version change happened. */
export function versionLines(group: SeriesGroup): string {
  const { windows } = group;
  return group.versionChanges
    .map((change) => {
      const i = windows.findIndex((w) => w.from <= change.at && change.at < w.to);
      if (i < 0) return '';
      const x = c(band(i, windows.length).x);
      const label = `${change.component} changed at entry ${change.index} (${change.at})`;
      return (
        `<line class="version" x1="${x}" x2="${x}" y1="${FRAME.top}" y2="${FRAME.height - FRAME.bottom}">` +
        `<title>${escapeHtml(label)}</title></line>`
      );
    })
    .join('');
}

/** Wraps chart content in an accessible SVG: role img, a title and a description read by screen readers. */
export function svgDocument(id: string, title: string, description: string, content: string): string {
  return (
    `<svg class="chart" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${FRAME.width} ${FRAME.height}" ` +
    `xmlns="http://www.w3.org/2000/svg"><title id="${id}-title">${escapeHtml(title)}</title>` +
    `<desc id="${id}-desc">${escapeHtml(description)}</desc>${content}</svg>`
  );
}
