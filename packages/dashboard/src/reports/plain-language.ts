// Wording helpers for reports written for the person a decision concerns: no jargon, no field names where a
// phrase will do, every value shown briefly.
import type { AiRole, Json } from '@cairn/core';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * `2026-11-23T10:02:00.000Z` → `23 November 2026, 10:02 UTC`; an unreadable time is returned as given.
 *
 * @example longDate('2026-11-23T10:02:00.000Z') === '23 November 2026, 10:02 UTC'
 */
export function longDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const hh = String(date.getUTCHours()).padStart(2, '0');
  const mm = String(date.getUTCMinutes()).padStart(2, '0');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ${hh}:${mm} UTC`;
}

/**
 * A machine name in words: `credit.limit_increase` → `credit limit increase`, `missedPayments12m` → `missed payments 12m`.
 *
 * @example humanise('credit.limit_increase') === 'credit limit increase'
 */
export function humanise(name: string): string {
  return name
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/[._\-/:]+/g, ' ')
    .toLowerCase()
    .trim();
}

/**
 * A JSON value in at most `max` characters: strings bare, numbers as written, objects and arrays as compact JSON.
 *
 * @example briefValue({ newLimit: 8000 }) === '{"newLimit":8000}'
 */
export function briefValue(value: Json | undefined, max = 120): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * What the AI system did in the decision, in a sentence (EU AI Act Art. 86(1): "the role of the AI system in the
 * decision-making procedure").
 *
 * @example aiRoleSentence('sole') // 'An automated system took this decision; no person decided it. …'
 */
export function aiRoleSentence(
  role: AiRole,
  humanDecider?: { id: string; role?: string | undefined },
): string {
  const person =
    humanDecider === undefined
      ? 'a person'
      : `a person (${humanDecider.role ?? 'decider'} ${humanDecider.id})`;
  switch (role) {
    case 'sole':
      return 'An automated system took this decision; no person decided it. It is a decision based solely on automated processing in the sense of GDPR Art. 22(1).';
    case 'assistive':
      return `An AI system assisted ${person}, who took the decision.`;
    case 'advisory':
      return `An AI system made a recommendation; ${person} took the decision.`;
  }
}

/**
 * A score or confidence between 0 and 1 as a percentage.
 *
 * @example percent(0.79) === '79 %'
 */
export function percent(value: number | undefined): string {
  return value === undefined ? '' : `${Math.round(value * 100)} %`;
}
