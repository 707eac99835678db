import { describe, expect, it } from 'vitest';
import { browserUrl } from './serve-output.js';

describe('browserUrl', () => {
  it('points a browser at the loopback address of a server bound to every interface', () => {
    expect(browserUrl({ url: 'http://0.0.0.0:7070', port: 7070 }, '0.0.0.0')).toBe('http://127.0.0.1:7070');
    expect(browserUrl({ url: 'http://[::]:7070', port: 7070 }, '::')).toBe('http://[::1]:7070');
    expect(browserUrl({ url: 'http://10.0.0.5:7070', port: 7070 }, '10.0.0.5')).toBe('http://10.0.0.5:7070');
  });
});
