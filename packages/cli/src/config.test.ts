import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import type { CliIo } from './io.js';

const io = (env: Record<string, string>): CliIo => ({
  stdout: () => undefined,
  stderr: () => undefined,
  stdin: Readable.from([]),
  env,
  cwd: '/srv/audit',
  interactive: false,
});

describe('resolveConfig', () => {
  it('defaults to .cairn/ledger.db and .cairn/signing.key in the working directory, with no origin', () => {
    expect(resolveConfig({}, io({}))).toEqual({
      db: '/srv/audit/.cairn/ledger.db',
      keyFile: '/srv/audit/.cairn/signing.key',
      origin: undefined,
    });
  });

  it('takes the environment over the defaults and flags over the environment', () => {
    const env = {
      CAIRN_DB: 'env.db',
      CAIRN_SIGNING_KEY_FILE: '/keys/env.key',
      CAIRN_ORIGIN: 'example.com/env',
    };
    expect(resolveConfig({}, io(env))).toEqual({
      db: '/srv/audit/env.db',
      keyFile: '/keys/env.key',
      origin: 'example.com/env',
    });
    expect(resolveConfig({ db: 'flag.db', key: 'flag.key', origin: 'example.com/flag' }, io(env))).toEqual({
      db: '/srv/audit/flag.db',
      keyFile: '/srv/audit/flag.key',
      origin: 'example.com/flag',
    });
  });

  it('keeps a postgres:// URL as given and reads sqlite: and file: URLs as paths', () => {
    expect(resolveConfig({ db: 'postgres://cairn@db.internal:5432/audit' }, io({})).db).toBe(
      'postgres://cairn@db.internal:5432/audit',
    );
    expect(resolveConfig({}, io({ CAIRN_DB: 'postgresql://db/audit' })).db).toBe('postgresql://db/audit');
    expect(resolveConfig({ db: 'sqlite:data/ledger.db' }, io({})).db).toBe('/srv/audit/data/ledger.db');
    expect(resolveConfig({ db: 'file:///var/lib/cairn.db' }, io({})).db).toBe('/var/lib/cairn.db');
  });

  it('treats an empty variable as unset', () => {
    expect(resolveConfig({}, io({ CAIRN_DB: '', CAIRN_ORIGIN: ' ' }))).toMatchObject({
      db: '/srv/audit/.cairn/ledger.db',
      origin: undefined,
    });
  });
});
