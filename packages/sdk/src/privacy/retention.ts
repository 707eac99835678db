import { CairnError } from '@cairn/core';

/** A calendar length of time. @example { months: 6 } */
export type Duration = { readonly years?: number; readonly months?: number; readonly days?: number };

/**
 * A retention class: records are kept at least `min` after the subject's latest record in the class, and erased
 * by `purgeExpired` once `max` has passed. With no `max` nothing is purged automatically.
 */
export type RetentionClass = {
  readonly id: string;
  readonly min: Duration;
  readonly max?: Duration;
  /** What the class rests on, for people reading a retention report. */
  readonly basis?: string;
};

/**
 * Minimum retention periods of common regimes, as floors to build on. Each law sets a minimum only: none sets a
 * maximum, which is a decision for the controller (GDPR Art. 5(1)(e), storage limitation), so the presets leave
 * `max` unset. Spread one and add your own: `{ ...RETENTION_PRESETS['eu-ai-act-6m'], max: { years: 1 } }`.
 *
 * @example createPrivacy({ dir, retention: [{ ...RETENTION_PRESETS['hipaa-6y'], max: { years: 7 } }] })
 */
export const RETENTION_PRESETS = Object.freeze({
  'eu-ai-act-6m': Object.freeze({
    id: 'eu-ai-act-6m',
    min: Object.freeze({ months: 6 }),
    basis:
      'EU AI Act Art. 19(1) (providers) and Art. 26(6) (deployers): automatically generated logs of high-risk AI systems under their control are kept for a period appropriate to the intended purpose, of at least six months, unless Union or national law provides otherwise. (Art. 18’s ten years is for technical documentation, not logs.)',
  }),
  'co-3y': Object.freeze({
    id: 'co-3y',
    min: Object.freeze({ years: 3 }),
    basis:
      'Colorado SB 26-189 (signed 14 May 2026, in force 1 Jan 2027; it repealed and replaced SB 24-205): records kept for at least three years.',
  }),
  'hipaa-6y': Object.freeze({
    id: 'hipaa-6y',
    min: Object.freeze({ years: 6 }),
    basis:
      'HIPAA 45 CFR 164.316(b)(2)(i): documentation required by 164.316(b)(1) (policies, procedures, and records of actions, activities or assessments the Security Rule requires) is retained six years from creation or from when it was last in effect, whichever is later. Applying it to audit logs is common practice, and an interpretation.',
  }),
  'finra-6y': Object.freeze({
    id: 'finra-6y',
    min: Object.freeze({ years: 6 }),
    basis:
      'FINRA Rule 4511(b): six years where no other period is specified (format and media per SEA Rule 17a-4, whose own periods are three or six years depending on the record).',
  }),
} satisfies Record<string, RetentionClass>);

/**
 * Adds a duration to an instant, in UTC calendar terms; a day past the end of a month clamps to its last day.
 *
 * @example addDuration(new Date('2026-08-31T00:00:00Z'), { months: 6 }) // 2027-02-28T00:00:00.000Z
 */
export function addDuration(from: Date, duration: Duration): Date {
  const d = new Date(from.getTime());
  const months = (duration.years ?? 0) * 12 + (duration.months ?? 0);
  if (months !== 0) {
    const day = d.getUTCDate();
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() + months);
    const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    d.setUTCDate(Math.min(day, last));
  }
  if (duration.days) d.setUTCDate(d.getUTCDate() + duration.days);
  return d;
}

/** Checks classes at setup and indexes them by id; duplicate ids and negative lengths are programmer errors. */
export function indexRetention(classes: readonly RetentionClass[]): ReadonlyMap<string, RetentionClass> {
  const byId = new Map<string, RetentionClass>();
  for (const c of classes) {
    if (byId.has(c.id)) throw new CairnError('config', `retention class ${c.id} is defined twice`);
    for (const [name, d] of [['min', c.min] as const, ['max', c.max] as const]) {
      if (d && Object.values(d).some((n) => typeof n !== 'number' || !Number.isInteger(n) || n < 0)) {
        throw new CairnError(
          'config',
          `retention class ${c.id}: ${name} must hold whole, non-negative numbers`,
        );
      }
    }
    if (c.max && addDuration(new Date(0), c.max) < addDuration(new Date(0), c.min)) {
      throw new CairnError('config', `retention class ${c.id}: max is shorter than min`);
    }
    byId.set(c.id, c);
  }
  return byId;
}
