// The charts of the drift page, server-rendered inline SVG (the CSP allows no script and no inline style, so every
// colour is an SVG presentation attribute or a class): per (agent, decision type) the chosen-option mix per window
// as 100% stacked bars and confidence per window as box plots, with flagged windows and version changes marked.
// The drift report of @cairn/drift draws the same charts as HTML text with inline styles, which this CSP refuses.
import type { Child } from 'hono/jsx';
import type { SeriesGroup, WindowPoint } from '@cairn/drift';

const FRAME = { width: 720, height: 220, left: 48, right: 12, top: 24, bottom: 36 } as const;
const PLOT_WIDTH = FRAME.width - FRAME.left - FRAME.right;
const PLOT_HEIGHT = FRAME.height - FRAME.top - FRAME.bottom;

// Okabe and Ito's colour-blind-safe palette ("Color Universal Design", 2008), as in the drift report; the grey is
// the "other" series when a group chose more labels than the palette has colours. The legend's swatches take the
// same colours from classes c0…c6 and c-other of the stylesheet (no inline style under the CSP).
const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'] as const;
const OTHER = '#8C8C8C';

/** The labels a mix chart names, with their colours, and per window the counts in legend order. */
export type ChartedMix = {
  readonly legend: readonly { readonly label: string; readonly colour: string; readonly swatch: string }[];
  readonly counts: readonly (readonly number[])[];
};

/**
 * Folds a group's labels into at most seven coloured series; the rest are summed as "other".
 *
 * @example chartedMix(group).legend[0] // { label: 'approve', colour: '#0072B2', swatch: 'c0' }
 */
export function chartedMix(group: SeriesGroup): ChartedMix {
  const fold = group.labels.length > COLOURS.length;
  const named = fold ? COLOURS.length - 1 : group.labels.length;
  const legend = group.labels
    .slice(0, named)
    .map((label, i): ChartedMix['legend'][number] => ({ label, colour: COLOURS[i]!, swatch: `c${i}` }));
  if (fold)
    legend.push({
      label: `other (${group.labels.length - named} options)`,
      colour: OTHER,
      swatch: 'c-other',
    });
  const counts = group.windows.map((w) => {
    const head = w.mix.slice(0, named);
    return fold ? [...head, w.mix.slice(named).reduce((a, b) => a + b, 0)] : head;
  });
  return { legend, counts };
}

function band(i: number, n: number) {
  const width = PLOT_WIDTH / Math.max(n, 1);
  const x = FRAME.left + i * width;
  const barWidth = Math.max(width * 0.8, 1);
  return { x, barX: x + (width - barWidth) / 2, barWidth, centre: x + width / 2 };
}

function yOf(value: number): number {
  return FRAME.top + PLOT_HEIGHT * (1 - Math.min(1, Math.max(0, value)));
}

/** Two decimals are plenty for SVG coordinates and keep the page small. */
function c(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/** A window start as the axis shows it: the date for windows of a day or more, else date and time. */
function tickTime(iso: string, windowMs: number): string {
  return windowMs >= 86_400_000 ? iso.slice(5, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

function YAxis({ ticks }: { ticks: readonly { value: number; label: string }[] }) {
  return (
    <g class="axis">
      {ticks.map(({ value, label }) => (
        <>
          <line
            class="grid"
            x1={FRAME.left}
            x2={FRAME.width - FRAME.right}
            y1={c(yOf(value))}
            y2={c(yOf(value))}
          />
          <text x={FRAME.left - 6} y={c(yOf(value))} text-anchor="end" dominant-baseline="middle">
            {label}
          </text>
        </>
      ))}
    </g>
  );
}

function XAxis({ windows, windowMs }: { windows: readonly WindowPoint[]; windowMs: number }) {
  const step = Math.max(1, Math.ceil(windows.length / 8));
  return (
    <g class="axis">
      {windows.map((w, i) =>
        i % step !== 0 ? null : (
          <text
            x={c(band(i, windows.length).centre)}
            y={FRAME.height - FRAME.bottom + 16}
            text-anchor="middle"
          >
            {tickTime(w.from, windowMs)}
          </text>
        ),
      )}
    </g>
  );
}

/** A downward triangle above each flagged window. */
function FlagMarkers(props: {
  windows: readonly WindowPoint[];
  flagged: (w: WindowPoint) => boolean;
  what: string;
}) {
  const { windows } = props;
  return (
    <g>
      {windows.map((w, i) => {
        if (!props.flagged(w)) return null;
        const { centre } = band(i, windows.length);
        return (
          <path class="flag" d={`M${c(centre - 5)} ${FRAME.top - 14}h10l-5 9z`}>
            <title>{`${props.what} flagged the window from ${w.from}`}</title>
          </path>
        );
      })}
    </g>
  );
}

/** A dashed line at the start of the window in which each version change happened. */
function VersionLines({ group }: { group: SeriesGroup }) {
  const { windows } = group;
  return (
    <g>
      {group.versionChanges.map((change) => {
        const i = windows.findIndex((w) => w.from <= change.at && change.at < w.to);
        if (i < 0) return null;
        const x = c(band(i, windows.length).x);
        return (
          <line class="version" x1={x} x2={x} y1={FRAME.top} y2={FRAME.height - FRAME.bottom}>
            <title>{`${change.component} changed at entry ${change.index} (${change.at})`}</title>
          </line>
        );
      })}
    </g>
  );
}

/** An SVG image with a title and a description, both named by `aria-labelledby`. */
function Chart(props: { id: string; title: string; description: string; children: Child }) {
  return (
    <svg
      class="drift-chart"
      role="img"
      aria-labelledby={`${props.id}-title ${props.id}-desc`}
      viewBox={`0 0 ${FRAME.width} ${FRAME.height}`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.description}</desc>
      {props.children}
    </svg>
  );
}

function MixBars({ group, mix }: { group: SeriesGroup; mix: ChartedMix }) {
  const n = group.windows.length;
  return (
    <g>
      {group.windows.map((w, i) => {
        const { barX, barWidth } = band(i, n);
        let below = 0;
        return mix.counts[i]!.map((count, k) => {
          if (count === 0 || w.decisions === 0) return null;
          const share = count / w.decisions;
          const [y0, y1] = [yOf(below), yOf((below += share))];
          const { label, colour } = mix.legend[k]!;
          return (
            <rect x={c(barX)} y={c(y1)} width={c(barWidth)} height={c(y0 - y1)} fill={colour}>
              <title>{`${label}: ${count} of ${w.decisions} (${pct(share)}), window from ${w.from}`}</title>
            </rect>
          );
        });
      })}
    </g>
  );
}

/**
 * The chosen-option mix per window as 100% stacked bars, with its legend.
 *
 * @example <MixChart group={group} windowMs={86_400_000} id="g0-mix" />
 */
export function MixChart({ group, windowMs, id }: { group: SeriesGroup; windowMs: number; id: string }) {
  const mix = chartedMix(group);
  const description =
    `Share of each chosen option in ${group.windows.length} windows: ${mix.legend.map((l) => l.label).join(', ')}. ` +
    'Triangles mark windows the mix test flagged, dashed lines version changes. The table below holds the same data.';
  return (
    <>
      <ul class="legend" aria-label="Chosen options">
        {mix.legend.map((l) => (
          <li>
            <span class={`swatch ${l.swatch}`} />
            {l.label}
          </li>
        ))}
      </ul>
      <Chart id={id} title="Chosen-option mix per window" description={description}>
        <YAxis ticks={[0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, label: pct(value) }))} />
        <MixBars group={group} mix={mix} />
        <VersionLines group={group} />
        <FlagMarkers
          windows={group.windows}
          flagged={(w) => w.tests.mix?.flagged === true}
          what="The mix test"
        />
        <XAxis windows={group.windows} windowMs={windowMs} />
      </Chart>
    </>
  );
}

function Boxes({ windows }: { windows: readonly WindowPoint[] }) {
  return (
    <g>
      {windows.map((w, i) => {
        const s = w.confidence;
        if (s === undefined) return null;
        const { barX, barWidth, centre } = band(i, windows.length);
        const tip = `window from ${w.from}: n ${s.n}, median ${s.median.toFixed(3)}, quartiles ${s.q25.toFixed(3)}–${s.q75.toFixed(3)}, 10th–90th percentile ${s.q10.toFixed(3)}–${s.q90.toFixed(3)}`;
        return (
          <g>
            <title>{tip}</title>
            <line class="whisker" x1={c(centre)} x2={c(centre)} y1={c(yOf(s.q90))} y2={c(yOf(s.q10))} />
            <rect
              class="box"
              x={c(barX)}
              y={c(yOf(s.q75))}
              width={c(barWidth)}
              height={c(Math.max(yOf(s.q25) - yOf(s.q75), 0.5))}
            />
            <line
              class="median"
              x1={c(barX)}
              x2={c(barX + barWidth)}
              y1={c(yOf(s.median))}
              y2={c(yOf(s.median))}
            />
          </g>
        );
      })}
    </g>
  );
}

/**
 * Confidence per window as box plots: whiskers from the 10th to the 90th percentile, a box over the quartiles, a
 * line at the median.
 *
 * @example <ConfidenceChart group={group} windowMs={86_400_000} id="g0-confidence" />
 */
export function ConfidenceChart({
  group,
  windowMs,
  id,
}: {
  group: SeriesGroup;
  windowMs: number;
  id: string;
}) {
  const description =
    `Confidence in ${group.windows.length} windows: whiskers span the 10th to 90th percentile, boxes the quartiles, ` +
    'the bar inside is the median. Triangles mark windows the Kolmogorov–Smirnov test flagged, dashed lines version ' +
    'changes. The table below holds the same data.';
  return (
    <Chart id={id} title="Confidence distribution per window" description={description}>
      <YAxis ticks={[0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, label: String(value) }))} />
      <Boxes windows={group.windows} />
      <VersionLines group={group} />
      <FlagMarkers
        windows={group.windows}
        flagged={(w) => w.tests.confidence?.flagged === true}
        what="The Kolmogorov–Smirnov test"
      />
      <XAxis windows={group.windows} windowMs={windowMs} />
    </Chart>
  );
}
