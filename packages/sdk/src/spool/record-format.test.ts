import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAt, decodeRecords, encodeRecord, nextValidRecord } from './record-format.js';

describe('journal records', () => {
  it('round-trips any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const decoded = decodeAt(encodeRecord(value), 0);
        expect(decoded.kind).toBe('record');
        if (decoded.kind === 'record')
          expect(JSON.parse(decoded.json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('tells a cut-short record (incomplete) from a changed one (invalid)', () => {
    const record = encodeRecord({ id: 'a', text: 'é and more' });
    for (let cut = 0; cut < record.length; cut++)
      expect(decodeAt(record.subarray(0, cut), 0).kind).toBe('incomplete');
    const flipped = Buffer.from(record);
    flipped[25] = flipped[25]! ^ 1;
    expect(decodeAt(flipped, 0).kind).toBe('invalid');
  });

  it('finds the next whole record after damage, and none after a torn tail', () => {
    const a = encodeRecord({ n: 1 });
    const b = encodeRecord({ n: 2 });
    const damaged = Buffer.concat([Buffer.from('xx\n'), a, b]);
    expect(nextValidRecord(damaged, 0)).toBe(3);
    expect(nextValidRecord(Buffer.concat([a, b.subarray(0, 10)]), a.length)).toBeUndefined();
  });

  it('decodes consecutive records with their end positions', () => {
    const buf = Buffer.concat([encodeRecord(1), encodeRecord(2), encodeRecord(3)]);
    const { records } = decodeRecords(buf, { segment: 4, offset: 100 }, 2);
    expect(records.map((r) => r.json)).toEqual(['1', '2']);
    expect(records[1]!.end).toEqual({ segment: 4, offset: 100 + encodeRecord(1).length * 2 });
  });
});
