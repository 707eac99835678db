import { describe, expect, it } from 'vitest';
import { isHttpUrl } from './url.js';

describe('isHttpUrl', () => {
  it('accepts absolute http and https URLs, with credentials, ports and paths', () => {
    for (const url of [
      'http://127.0.0.1:8080',
      'https://cairn.internal/base/',
      'https://u:p@host.test/x?y=1',
    ])
      expect(isHttpUrl(url), url).toBe(true);
  });

  it('refuses other schemes, relative or bare hosts, and values that are not strings', () => {
    for (const value of [
      'ftp://host.test',
      'mailto:a@b.test',
      'cairn.internal:8080',
      '/v1/decisions',
      '',
      42,
      null,
    ])
      expect(isHttpUrl(value), String(value)).toBe(false);
  });
});
