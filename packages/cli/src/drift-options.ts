// Reading the options of `cairn drift`: durations, a significance level, fingerprint fields, a period, a URL.
// Each bad value is a usage error naming its flag; a URL is never echoed (it may carry a token).
import { DEFAULT_DRIFT_SETTINGS } from '@cairn/drift';
import { UsageError } from './io.js';
import { parseTimeOption } from './period.js';

/** The producer id of the anomaly entries `cairn drift --seal` appends. */
export const DRIFT_PRODUCER = 'cairn-cli:drift';

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** What `cairn drift` analyses and how. */
export type DriftOptions = {
  readonly since: number | undefined;
  readonly until: number | undefined;
  readonly windowMs: number;
  readonly alpha: number;
  readonly fingerprint: readonly string[] | undefined;
  readonly webhook: string | undefined;
};

/**
 * Reads a duration such as `1d`, `6h`, `90m`, `30s` or `500ms` given to a flag.
 *
 * @example parseDuration('window', '6h') === 21_600_000
 */
export function parseDuration(name: string, value: string): number {
  const match = /^(\d{1,9})(ms|s|m|h|d|w)$/.exec(value);
  const ms = match === null ? 0 : Number(match[1]) * UNIT_MS[match[2]!]!;
  if (!(ms > 0) || !Number.isSafeInteger(ms)) {
    throw new UsageError(
      `--${name}: expected a duration such as 1d, 6h, 30m or 1w, got ${JSON.stringify(value.slice(0, 20))}`,
    );
  }
  return ms;
}

function parseAlpha(value: string): number {
  const alpha = /^(?:0?\.\d+|0|1|\d(?:\.\d+)?[eE]-\d{1,3})$/.test(value) ? Number(value) : Number.NaN;
  if (!(alpha > 0 && alpha < 1)) {
    throw new UsageError(
      `--alpha: expected a number between 0 and 1 (exclusive) such as 0.01, got ${JSON.stringify(value.slice(0, 20))}`,
    );
  }
  return alpha;
}

// Paths into the decision body, as the drift package reads them: `context.income`, `context.items.0`.
function parseFields(value: string): string[] {
  const fields = value.split(',').map((f) => f.trim());
  const bad = fields.find((f) => !/^[^.\s]+(?:\.[^.\s]+)*$/.test(f));
  if (bad !== undefined) {
    throw new UsageError(
      `--fingerprint: expected comma-separated paths into the decision such as context.income,context.region, got ${JSON.stringify(bad.slice(0, 40))}`,
    );
  }
  return fields;
}

function parseWebhook(value: string): string {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError('--webhook: expected an absolute http:// or https:// URL');
  return value;
}

/**
 * Reads every option of `cairn drift`.
 *
 * @example const options = readDriftOptions({ window: '1d', alpha: '0.01' });
 */
export function readDriftOptions(values: {
  since?: string;
  until?: string;
  window?: string;
  alpha?: string;
  fingerprint?: string;
  webhook?: string;
}): DriftOptions {
  const since = parseTimeOption('since', values.since);
  const until = parseTimeOption('until', values.until);
  if (since !== undefined && until !== undefined && until < since)
    throw new UsageError('--until is before --since');
  return {
    since,
    until,
    windowMs:
      values.window === undefined ? DEFAULT_DRIFT_SETTINGS.windowMs : parseDuration('window', values.window),
    alpha: values.alpha === undefined ? DEFAULT_DRIFT_SETTINGS.alpha : parseAlpha(values.alpha),
    fingerprint: values.fingerprint === undefined ? undefined : parseFields(values.fingerprint),
    webhook: values.webhook === undefined ? undefined : parseWebhook(values.webhook),
  };
}
