import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTimestamp, timestampFromSeconds } from './time.js';

describe('parseTimestamp', () => {
  it.each([
    ['2026-08-20T10:00:04.517830+00:00'],
    ['2026-08-20T10:00:04.517830Z'],
    ['2026-08-20T12:30:04.5+02:30'],
    ['2026-08-20T03:00:04-07:00'],
    ['2026-03-31T18:30:00.000000Z'],
  ])('reads %s to the same instant as Date.parse', (text) => {
    expect(Date.parse(parseTimestamp(text)!.iso)).toBe(Date.parse(text));
  });

  it('converts an offset to UTC with milliseconds', () => {
    expect(parseTimestamp('2026-08-20T10:00:04.517830+02:00')?.iso).toBe('2026-08-20T08:00:04.517Z');
  });

  it('keeps every fractional digit in the precise form', () => {
    expect(parseTimestamp('2026-08-20T10:00:04.517830+00:00')?.precise).toBe('2026-08-20T10:00:04.517830Z');
    expect(parseTimestamp('2026-08-20T10:00:04+00:00')?.precise).toBe('2026-08-20T10:00:04Z');
  });

  it("reads Python's str(datetime), with a space and no T", () => {
    expect(parseTimestamp('2026-03-31 18:30:00+00:00')?.iso).toBe('2026-03-31T18:30:00.000Z');
  });

  it('reads a time without an offset as UTC', () => {
    expect(parseTimestamp('2026-03-31T18:30:00.25')?.iso).toBe('2026-03-31T18:30:00.250Z');
  });

  it('keeps years before 100 as they are', () => {
    expect(parseTimestamp('0042-01-02T03:04:05Z')?.iso).toBe('0042-01-02T03:04:05.000Z');
  });

  it.each([
    '2026-02-30T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T00:60:00Z',
    '2026-01-01T00:00:00+24:00',
    '0000-01-01T00:00:00+01:00',
    '2026-01-01',
    'yesterday',
    '',
  ])('rejects %j, which is not a real instant', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it('round-trips every instant Date can print', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(parseTimestamp(text)?.iso).toBe(text);
      }),
    );
  });
});

describe('timestampFromSeconds', () => {
  it('reads Unix seconds with a fraction', () => {
    expect(timestampFromSeconds(1_787_220_004.5)).toBe('2026-08-20T10:00:04.500Z');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -1, 1e15])('refuses %d', (seconds) => {
    expect(timestampFromSeconds(seconds)).toBeUndefined();
  });
});
