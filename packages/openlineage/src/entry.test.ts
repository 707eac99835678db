import { createHash } from 'node:crypto';
import { utf8 } from '@cairn/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildRunEventEntry,
  compactRunLink,
  httpUrl,
  joinUrl,
  payloadDigest,
  sourceEntryId,
  truncate,
} from './entry.js';

const ID = /^[A-Za-z0-9._:@/-]{1,128}$/;

describe('sourceEntryId', () => {
  it('joins parts that fit the entry-id alphabet', () => {
    const id = sourceEntryId('openlineage', [
      '01a01e9c-fd7b-7677-a18e-d078bed3584f',
      'COMPLETE',
      '2026-08-20T10:00:04.5Z',
    ]);
    expect(id).toBe('openlineage:01a01e9c-fd7b-7677-a18e-d078bed3584f:COMPLETE:2026-08-20T10:00:04.5Z');
  });

  it('hashes parts that hold characters outside the alphabet, with node:crypto agreeing on the digest', () => {
    const parts = ['dag', 'manual__2026-08-20T10:00:00+00:00', 'task'];
    const expected = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
    expect(sourceEntryId('airflow', parts)).toBe(`airflow:sha256:${expected}`);
  });

  it('hashes when a colon sits in a part other than the last, so ids split back unambiguously', () => {
    expect(sourceEntryId('x', ['a:b', 'c'])).not.toBe(sourceEntryId('x', ['a', 'b:c']));
    expect(sourceEntryId('x', ['a:b', 'c'])).toMatch(/^x:sha256:[0-9a-f]{64}$/);
  });

  it('always gives a valid entry id, the same for the same parts', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 4 }), (parts) => {
        const id = sourceEntryId('dagster', parts);
        expect(id).toMatch(ID);
        expect(sourceEntryId('dagster', [...parts])).toBe(id);
      }),
    );
  });

  it('gives different ids to different part lists of the same length', () => {
    const parts = fc.tuple(
      fc.string(),
      fc.string(),
      fc.string({ unit: fc.constantFrom('a', ':', '-', '+', '.') }),
    );
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        expect(sourceEntryId('p', a)).not.toBe(sourceEntryId('p', b));
      }),
    );
  });
});

describe('payloadDigest', () => {
  it('is sha256 of the bytes, as node:crypto computes it', () => {
    const bytes = utf8('{"eventType": "START"}');
    expect(payloadDigest(bytes)).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`);
  });
});

describe('truncate', () => {
  it('cuts long text and marks the cut', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
  });

  it('never splits a surrogate pair', () => {
    const cut = truncate('ab😀cdef', 4);
    expect(cut).toBe('ab…');
  });
});

describe('httpUrl and joinUrl', () => {
  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'not a url', 'ftp://x.example/'])(
    'refuses %s',
    (text) => {
      expect(httpUrl(text)).toBeUndefined();
    },
  );

  it('keeps http and https URLs', () => {
    expect(httpUrl('https://airflow.example/dags/x')).toBe('https://airflow.example/dags/x');
  });

  it('joins a base with or without a trailing slash', () => {
    expect(joinUrl('https://d.example/prod/', '/runs/a')).toBe('https://d.example/prod/runs/a');
    expect(joinUrl('https://d.example/prod', 'runs/a')).toBe('https://d.example/prod/runs/a');
  });
});

describe('buildRunEventEntry', () => {
  const parts = {
    id: 'dagster:r1:FAILURE',
    occurredAt: '2026-08-20T10:00:00.000Z',
    recordedAt: '2026-08-20T10:00:01.000Z',
    producerId: 'cairn-receiver:dagster',
    run: {
      orchestrator: 'dagster' as const,
      id: 'r1',
      workflow: { id: 'job', name: undefined },
      url: undefined,
      ids: {},
    },
    status: 'failed' as const,
    state: 'FAILURE',
    error: { message: 'x'.repeat(5_000) },
    source: { eventId: 'r1:FAILURE', payloadDigest: payloadDigest(utf8('{}')) },
  };

  it('drops absent members, so the entry is plain JSON', () => {
    const entry = buildRunEventEntry(parts);
    expect(entry.run).toEqual({ orchestrator: 'dagster', id: 'r1', workflow: { id: 'job' } });
    expect(Object.keys(entry.runEvent.source)).toEqual(['eventId', 'payloadDigest']);
  });

  it('truncates the error message to 2,000 characters', () => {
    expect(buildRunEventEntry(parts).runEvent.error?.message).toHaveLength(2_000);
  });

  it('marks receiver entries with producer seq 0', () => {
    expect(buildRunEventEntry(parts).producer).toEqual({ id: 'cairn-receiver:dagster', seq: 0 });
  });

  it('keeps non-empty tags and ids', () => {
    const run = compactRunLink({
      orchestrator: 'other',
      id: 'r',
      tags: ['a'],
      ids: { x: '1', y: undefined as unknown as string },
    });
    expect(run).toEqual({ orchestrator: 'other', id: 'r', tags: ['a'], ids: { x: '1' } });
  });
});
