import { describe, expect, it } from 'vitest';
import { RETENTION_PRESETS, addDuration, indexRetention } from './retention.js';

describe('retention classes', () => {
  it('adds calendar months in UTC, clamping to the last day of a shorter month', () => {
    expect(addDuration(new Date('2026-08-31T10:00:00.000Z'), { months: 6 }).toISOString()).toBe(
      '2027-02-28T10:00:00.000Z',
    );
    expect(addDuration(new Date('2024-02-29T00:00:00.000Z'), { years: 1 }).toISOString()).toBe(
      '2025-02-28T00:00:00.000Z',
    );
    expect(addDuration(new Date('2026-01-01T00:00:00.000Z'), { years: 3, days: 1 }).toISOString()).toBe(
      '2029-01-02T00:00:00.000Z',
    );
  });

  it('offers the regimes’ minimums as presets, with no maximum', () => {
    expect(Object.values(RETENTION_PRESETS).map((c) => [c.id, c.min, 'max' in c])).toEqual([
      ['eu-ai-act-6m', { months: 6 }, false],
      ['co-3y', { years: 3 }, false],
      ['hipaa-6y', { years: 6 }, false],
      ['finra-6y', { years: 6 }, false],
    ]);
    expect(RETENTION_PRESETS['eu-ai-act-6m'].basis).toMatch(/Art\. 19\(1\).*Art\. 26\(6\)/);
    expect(RETENTION_PRESETS['co-3y'].basis).toContain('SB 26-189');
    expect(RETENTION_PRESETS['hipaa-6y'].basis).toContain('164.316(b)(2)(i)');
    expect(RETENTION_PRESETS['finra-6y'].basis).toContain('4511(b)');
  });

  it('refuses a class defined twice, a negative length, or a maximum shorter than the minimum', () => {
    const base = { ...RETENTION_PRESETS['eu-ai-act-6m'], max: { years: 1 } };
    expect(indexRetention([base]).get('eu-ai-act-6m')?.max).toEqual({ years: 1 });
    expect(() => indexRetention([base, base])).toThrow(/twice/);
    expect(() => indexRetention([{ id: 'x', min: { days: -1 } }])).toThrow(/non-negative/);
    expect(() => indexRetention([{ id: 'x', min: { years: 2 }, max: { months: 3 } }])).toThrow(/shorter/);
  });
});
