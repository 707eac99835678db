import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCairnError } from '@cairn/core';
import { afterAll, describe, expect, it } from 'vitest';
import { openStoreFromUrl } from './open-store.js';
import { redactUrl } from './postgres.js';

const dir = await mkdtemp(join(tmpdir(), 'cairn-open-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('openStoreFromUrl', () => {
  it('opens SQLite for a plain path, a sqlite: URL and a file: URL', async () => {
    for (const [given, path] of [
      [join(dir, 'a.db'), join(dir, 'a.db')],
      [`sqlite:${join(dir, 'b.db')}`, join(dir, 'b.db')],
      [`sqlite://${join(dir, 'c.db')}`, join(dir, 'c.db')],
      [`file:${join(dir, 'd.db')}`, join(dir, 'd.db')],
    ]) {
      const store = await openStoreFromUrl(given!);
      expect([store.dialect, store.location]).toEqual(['sqlite', path]);
      await store.close();
    }
  });

  it('opens PostgreSQL for a postgres:// URL and never shows its password', async () => {
    const store = await openStoreFromUrl('postgresql://writer:s3cret@127.0.0.1:1/cairn');
    expect(store.dialect).toBe('postgres');
    expect(store.location).toBe('postgresql://writer:***@127.0.0.1:1/cairn');
    await store.close();
    expect(redactUrl('not a url')).toBe('a PostgreSQL URL');
  });

  it('refuses an empty location', async () => {
    const error: unknown = await openStoreFromUrl('  ').catch((e: unknown) => e);
    expect(isCairnError(error, 'config')).toBe(true);
  });
});
