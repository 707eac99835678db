import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration, readDriftOptions } from './drift-options.js';
import { duration } from './drift-summary.js';
import { UsageError } from './io.js';

const UNITS = ['ms', 's', 'm', 'h', 'd', 'w'] as const;

describe('drift options', () => {
  it('reads every duration back from the text it prints', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom(...UNITS), (n, unit) => {
        const ms = parseDuration('window', `${n}${unit}`);
        expect(parseDuration('window', duration(ms))).toBe(ms);
      }),
    );
    expect(parseDuration('window', '1d')).toBe(24 * 60 * 60 * 1000);
    expect(duration(36 * 60 * 60 * 1000)).toBe('36h');
  });

  it('rejects durations without a unit, of zero, negative or in unknown units, naming the flag', () => {
    for (const bad of ['1', '0d', '-1d', '1y', '1.5h', 'd', '', '1 d']) {
      expect(() => parseDuration('window', bad), bad).toThrow(UsageError);
      expect(() => parseDuration('window', bad), bad).toThrow(/^--window: expected a duration/);
    }
  });

  it('takes alpha strictly between 0 and 1, in decimal or exponent form', () => {
    expect(readDriftOptions({ alpha: '0.001' }).alpha).toBe(0.001);
    expect(readDriftOptions({ alpha: '.05' }).alpha).toBe(0.05);
    expect(readDriftOptions({ alpha: '5e-3' }).alpha).toBe(0.005);
    for (const bad of ['0', '1', '1.5', '-0.1', 'NaN', '0x1', '1e3', ''])
      expect(() => readDriftOptions({ alpha: bad }), bad).toThrow(/^--alpha: /);
  });

  it('splits fingerprint fields and rejects empty ones and paths with spaces', () => {
    expect(readDriftOptions({ fingerprint: 'context.income, context.region' }).fingerprint).toEqual([
      'context.income',
      'context.region',
    ]);
    for (const bad of ['context.income,', 'context..income', 'context.a b', '.context'])
      expect(() => readDriftOptions({ fingerprint: bad }), bad).toThrow(/^--fingerprint: /);
  });

  it('never echoes a webhook URL it refuses, which may carry a token', () => {
    for (const bad of ['ftp://host/x?token=s3cr3t', 'not a url s3cr3t', '/relative/s3cr3t']) {
      expect(() => readDriftOptions({ webhook: bad })).toThrow(/^--webhook: expected an absolute http/);
      expect(() => readDriftOptions({ webhook: bad })).not.toThrow(/s3cr3t/);
    }
  });
});
