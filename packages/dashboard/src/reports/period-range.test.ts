import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCairnError } from '@cairn/core';
import { creditDecision } from '../test-support/fixtures.js';
import { openTestLedger, scenarioLedger } from '../test-support/ledger.js';
import type { TestLedger } from '../test-support/ledger.js';
import { periodRange } from './period-range.js';

// The scenario's entries occurred, by index: 0 on 11-22, 1 on 11-21, 2–6 on 11-23 from 10:00, 7 on 11-25, 8 on 11-27.
describe('periodRange', () => {
  let test: TestLedger;
  beforeAll(async () => void (test = await scenarioLedger()));
  afterAll(() => test.close());

  const range = async (from: string, to: string) => {
    const r = await periodRange(test.ledger, from, to);
    return [r.first, r.end, r.inPeriod];
  };

  it('covers every sealed entry of a month that holds them all', async () => {
    expect(await range('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual([0, 9, 9]);
  });

  it('keeps an entry that occurred outside the period when it lies between two that occurred inside', async () => {
    expect(await range('2026-11-21T12:00:00Z', '2026-11-23T10:03:00Z')).toEqual([0, 4, 3]);
  });

  it('takes an entry that occurred exactly at the start and leaves out one exactly at the end', async () => {
    expect(await range('2026-11-23T10:02:00.000Z', '2026-11-23T10:05:00.000Z')).toEqual([3, 5, 2]);
  });

  it('reads a bare date as midnight UTC and compares times whatever their offset', async () => {
    expect(await range('2026-11-25', '2026-11-25T09:00:00+01:00')).toEqual([7, 7, 0]);
    expect(await range('2026-11-25', '2026-11-25T09:00:01+01:00')).toEqual([7, 8, 1]);
  });

  it('places an empty period at the first entry that occurred after it, or at the end', async () => {
    expect(await range('2026-10-01', '2026-10-02')).toEqual([0, 0, 0]);
    expect(await range('2026-12-01', '2027-01-01')).toEqual([9, 9, 0]);
  });

  it('rejects a time that is not RFC 3339 and a period that ends before it starts, naming the field', async () => {
    await expect(periodRange(test.ledger, 'last week', '2026-12-01')).rejects.toSatisfy(
      (e) => isCairnError(e, 'invalid_argument') && e.message.startsWith('from: expected an RFC 3339'),
    );
    await expect(periodRange(test.ledger, '2026-12-01', '2026-11-01')).rejects.toSatisfy(
      (e) =>
        isCairnError(e, 'invalid_argument') && e.message.startsWith('to: expected a time at or after from'),
    );
  });
});

describe('periodRange on a ledger with entries after its latest checkpoint', () => {
  let test: TestLedger;
  beforeAll(async () => {
    test = await openTestLedger();
    const at = '2026-11-23T10:00:00.000Z';
    await test.ledger.append(
      creditDecision({ id: 'dec-sealed', seq: 0, at, subject: 'hmac:aa', adverse: false }),
    );
    await test.ledger.checkpoint();
    await test.ledger.append(
      creditDecision({ id: 'dec-unsealed', seq: 1, at, subject: 'hmac:aa', adverse: false }),
    );
  });
  afterAll(() => test.close());

  it('leaves out what no checkpoint covers yet, since a bundle cannot prove it', async () => {
    expect(await periodRange(test.ledger, '2026-11-01', '2026-12-01')).toEqual({
      first: 0,
      end: 1,
      inPeriod: 1,
      sealed: 1,
    });
  });
});
