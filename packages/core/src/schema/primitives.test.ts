import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  exampleDecision,
  exampleErasure,
  exampleOversight,
  exampleRunEvent,
} from '../test-support/examples.js';
import { expectProblem, expectValid, mutable, problemsOf } from '../test-support/schema-assertions.js';
import { daysInMonth, identifyingForm, isRfc3339Time } from './primitives.js';
import { validateEntry } from './validate.js';

describe('entry ids', () => {
  it('accepts UUIDs and derived ids of [A-Za-z0-9._:@/-] up to 128 characters', () => {
    for (const id of [
      '0193a1f2-6c4d-7e8f-9a0b-1c2d3e4f5a6b',
      'prefect:f6a7b890',
      'openlineage:run/1:COMPLETE:2026-01-01T00:00:00Z',
      'a'.repeat(128),
    ]) {
      expectValid({ ...exampleDecision(), id });
    }
  });

  it('refuses empty ids, ids over 128 characters and other characters', () => {
    for (const id of ['', 'a'.repeat(129), 'has space', 'tab\there', 'ünïcode', 'semi;colon', 'new\nline']) {
      expectProblem({ ...exampleDecision(), id }, 'id', 'invalid_format');
    }
    expectProblem(exampleOversight({ refs: [{ id: 'bad id' }] }), 'refs[0].id', 'invalid_format');
    expectProblem(
      { ...exampleDecision(), producer: { id: 'bad id', seq: 0 } },
      'producer.id',
      'invalid_format',
    );
  });
});

describe('times', () => {
  it('accepts RFC 3339 times with Z or an offset and any fraction, byte for byte', () => {
    const times = [
      '2026-11-23T14:24:56Z',
      '2026-11-23T14:24:56.123Z',
      '2026-03-31T18:30:00.000000Z',
      '2026-11-23T15:24:56.5+01:00',
      '2024-02-29T23:59:59.999999999-09:30',
    ];
    for (const occurredAt of times) {
      const result = validateEntry({ ...exampleDecision(), occurredAt });
      expect(result.ok && result.value.occurredAt).toBe(occurredAt);
    }
  });

  it('refuses times without a zone, in other layouts, or that are not real instants', () => {
    const bad = [
      '2026-11-23T14:24:56',
      '2026-11-23 14:24:56Z',
      '2026-11-23t14:24:56z',
      '2026-11-23T14:24:56+0100',
      '2026-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-23T24:00:00Z',
      '2026-11-23T23:59:60Z',
      '2026-11-23T10:00:00+24:00',
      '2026-11-23T10:00:00.1234567890Z',
      'yesterday',
    ];
    for (const recordedAt of bad)
      expectProblem({ ...exampleDecision(), recordedAt }, 'recordedAt', 'invalid_format');
  });

  it('says that a well-formed time is not a real instant', () => {
    const problem = expectProblem(
      { ...exampleDecision(), occurredAt: '2026-02-30T00:00:00Z' },
      'occurredAt',
      'invalid_format',
    );
    expect(problem.message).toContain('not a real instant');
  });
});

describe('digests and hashes', () => {
  it('refuses digests that are not sha256:<64 lowercase hex digits>', () => {
    const hex = 'a'.repeat(64);
    for (const hash of [
      hex,
      `sha256:${hex.toUpperCase()}`,
      `sha256:${hex.slice(1)}`,
      `sha512:${hex}`,
      `SHA256:${hex}`,
    ]) {
      expectProblem(
        exampleDecision({ decision: { prompt: { id: 'p', hash } } }),
        'decision.prompt.hash',
        'invalid_format',
      );
    }
    const entry = mutable(exampleRunEvent());
    entry.runEvent.source.payloadDigest = hex;
    expectProblem(entry, 'runEvent.source.payloadDigest', 'invalid_format');
  });

  it('accepts a ref leaf hash of 64 lowercase hex digits and refuses any other', () => {
    expectValid(exampleOversight({ refs: [{ id: 'e1', index: 0, leafHash: 'ab'.repeat(32) }] }));
    expectProblem(
      exampleOversight({ refs: [{ id: 'e1', leafHash: 'AB'.repeat(32) }] }),
      'refs[0].leafHash',
      'invalid_format',
    );
    expectProblem(exampleOversight({ refs: [{ id: 'e1', index: -1 }] }), 'refs[0].index', 'out_of_range');
  });
});

describe('trace context', () => {
  it('refuses W3C ids that are all zeros, upper-case or of the wrong length', () => {
    for (const traceId of [
      '0'.repeat(32),
      '4BF92F3577B34DA6A3CE929D0E0E4736',
      '4bf92f3577b34da6a3ce929d0e0e473',
    ]) {
      expectProblem({ ...exampleDecision(), trace: { traceId } }, 'trace.traceId', 'invalid_format');
    }
    const spanId = '0'.repeat(16);
    expectProblem(
      { ...exampleDecision(), trace: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId } },
      'trace.spanId',
      'invalid_format',
    );
  });
});

describe('run URLs', () => {
  it('accepts http and https links', () => {
    const entry = mutable(exampleRunEvent());
    entry.run.url = 'http://localhost:4200/runs/flow-run/e3755d32';
    expectValid(entry);
  });

  it('refuses other schemes without echoing the URL', () => {
    for (const url of [
      'javascript:alert(1)',
      'ftp://example.com/x',
      'data:text/html,x',
      'file:///etc/passwd',
      'not a url',
    ]) {
      const entry = mutable(exampleRunEvent());
      entry.run.url = url;
      const problem = expectProblem(entry, 'run.url', 'invalid_format');
      expect(problem.message).not.toContain(url);
    }
  });
});

describe('pseudonymous subject references', () => {
  it('accepts opaque references', () => {
    for (const ref of ['hmac:3f1c9b2e', 'cust_12345678', 'subject/42', 'a@tenant'])
      expectValid({ ...exampleDecision(), subject: { ref } });
  });

  it('refuses something that looks like an email address, without echoing it', () => {
    const problem = expectProblem(
      { ...exampleDecision(), subject: { ref: 'jane.doe@example.com' } },
      'subject.ref',
      'not_pseudonymous',
    );
    expect(problem.message).toBe(
      'subject.ref: expected a pseudonymous reference, got something that looks like an email address',
    );
  });

  it('refuses something that looks like a phone number, without echoing it', () => {
    for (const ref of ['+49 30 1234567', '(555) 123-4567', '0301234567']) {
      const problem = expectProblem(
        { ...exampleDecision(), subject: { ref } },
        'subject.ref',
        'not_pseudonymous',
      );
      expect(problem.message).toBe(
        'subject.ref: expected a pseudonymous reference, got something that looks like a phone number',
      );
    }
  });

  it('holds erasure subject references to the same rule', () => {
    expectProblem(
      exampleErasure({ erasure: { subjectRef: 'jane.doe@example.com' } }),
      'erasure.subjectRef',
      'not_pseudonymous',
    );
  });

  it('never echoes a short reference in any problem', () => {
    const messages = problemsOf({ ...exampleDecision(), subject: { ref: 'j@x.io' } }).map((p) => p.message);
    expect(messages.join('\n')).not.toContain('j@x.io');
  });
});

describe('the fast forms of the time and reference checks', () => {
  it('count the days of every month of every four-digit year as Date.UTC does', () => {
    const wrong: string[] = [];
    for (let year = 0; year <= 9999; year++) {
      for (let month = 1; month <= 12; month++) {
        const days = daysInMonth(year, month);
        if (days !== new Date(Date.UTC(year, month, 0)).getUTCDate()) wrong.push(`${year}-${month}: ${days}`);
      }
    }
    expect(wrong).toEqual([]);
    // Date.UTC reads year 0 as 1900: 0000-02-29 has always been refused, and still is.
    expect(isRfc3339Time('0000-02-29T00:00:00Z')).toBe(false);
    expect(isRfc3339Time('0004-02-29T00:00:00Z')).toBe(true);
  });

  it('read times exactly as the pattern and field checks they replace', () => {
    // The check before it was read character by character: the pattern, its groups in range, Date.parse.
    const pattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
    const byPattern = (value: string) => {
      const m = pattern.exec(value);
      if (m === null) return false;
      const field = (i: number) => Number(m[i]);
      const mo = field(2);
      if (mo < 1 || mo > 12 || field(3) < 1 || field(3) > daysInMonth(field(1), mo)) return false;
      if (field(4) > 23 || field(5) > 59 || field(6) > 59) return false;
      if (m[8] !== 'Z' && (field(9) > 23 || field(10) > 59)) return false;
      return Number.isFinite(Date.parse(value));
    };
    // Valid times, then each edited at one place with a character a time is made of (or one that is not).
    const valid = fc
      .record({
        ms: fc.integer({ min: Date.UTC(0, 0, 1) - 86_400_000 * 366 * 1900, max: Date.UTC(9999, 11, 31) }),
        fraction: fc.stringMatching(/^(\.\d{1,11})?$/),
        zone: fc.constantFrom('Z', '+00:00', '-05:30', '+23:59', '+24:00', '-00:60', 'z', '+0530', ''),
      })
      .map(({ ms, fraction, zone }) => `${new Date(ms).toISOString().slice(0, 19)}${fraction}${zone}`);
    const edited = fc
      .tuple(
        valid,
        fc.nat(),
        fc.constantFrom(...'0123456789:-.TZ+z t9٣'),
        fc.constantFrom('set', 'insert', 'delete'),
      )
      .map(([text, at, char, how]) => {
        const i = at % (text.length + 1);
        if (how === 'insert') return text.slice(0, i) + char + text.slice(i);
        if (how === 'delete') return text.slice(0, i) + text.slice(i + 1);
        return text.slice(0, i) + char + text.slice(i + 1);
      });
    fc.assert(
      fc.property(fc.oneof(valid, edited, fc.string()), (value) => {
        expect(isRfc3339Time(value)).toBe(byPattern(value));
      }),
      { numRuns: 20_000 },
    );
    for (const value of [
      '2026-02-29T00:00:00Z',
      '2024-02-29T23:59:59.123456789+23:59',
      '2026-11-23T14:24:56.1234567890Z',
    ]) {
      expect(isRfc3339Time(value)).toBe(byPattern(value));
    }
  });

  it('recognise emails and phone numbers exactly as the plain patterns do', () => {
    const plain = (ref: string) => {
      if (/[^\s@]+@[^\s@]+\.[A-Za-z]{2,}/.test(ref)) return 'an email address';
      const digits = ref.replace(/\D/g, '').length;
      return /^\+?[\d\s().-]+$/.test(ref) && digits >= 7 && digits <= 15 ? 'a phone number' : undefined;
    };
    const refArb = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[a-z.]{1,6}@[a-z]{1,6}\.[a-z]{0,3}$/),
      fc.stringMatching(/^\+?[\d ().-]{0,20}$/),
    );
    fc.assert(
      fc.property(refArb, (ref) => {
        expect(identifyingForm(ref)).toBe(plain(ref));
      }),
      { numRuns: 2_000 },
    );
  });
});
