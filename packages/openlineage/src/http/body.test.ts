import { Readable } from 'node:stream';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBody, untouchedNodeStream } from './body.js';
import type { NodeRequestStream } from './body.js';

function request(body: Uint8Array | null, headers: Record<string, string> = {}): Request {
  return new Request('http://cairn.test/x', { method: 'POST', body: body as BodyInit | null, headers });
}

const text = new TextEncoder().encode('{"eventType": "START"}');

describe('readBody', () => {
  it('returns the bytes of an uncompressed body', async () => {
    const read = await readBody(request(text), 1024);
    expect(read).toEqual({ ok: true, bytes: text });
  });

  it.each(['gzip', 'x-gzip', 'GZIP'])(
    'decompresses Content-Encoding: %s made by node:zlib',
    async (encoding) => {
      const read = await readBody(request(gzipSync(text), { 'Content-Encoding': encoding }), 1024);
      expect(read).toEqual({ ok: true, bytes: text });
    },
  );

  it('decompresses Content-Encoding: deflate', async () => {
    const read = await readBody(request(deflateSync(text), { 'Content-Encoding': 'deflate' }), 1024);
    expect(read).toEqual({ ok: true, bytes: text });
  });

  it('refuses a body larger than the limit on the wire', async () => {
    const read = await readBody(request(new Uint8Array(2048)), 1024);
    expect(read).toEqual({ ok: false, failure: { kind: 'too_large', limit: 1024 } });
  });

  it('refuses a declared Content-Length over the limit before reading', async () => {
    const read = await readBody(request(text, { 'Content-Length': '999999' }), 1024);
    expect(read).toEqual({ ok: false, failure: { kind: 'too_large', limit: 1024 } });
  });

  it('refuses a small gzip body that expands past the limit', async () => {
    const bomb = gzipSync(new Uint8Array(1024 * 1024));
    expect(bomb.length).toBeLessThan(4096);
    const read = await readBody(request(bomb, { 'Content-Encoding': 'gzip' }), 64 * 1024);
    expect(read).toEqual({ ok: false, failure: { kind: 'too_large', limit: 64 * 1024 } });
  });

  it('reports gzip bytes that do not decode', async () => {
    const read = await readBody(request(text, { 'Content-Encoding': 'gzip' }), 1024);
    expect(read).toEqual({ ok: false, failure: { kind: 'corrupt_encoding', encoding: 'gzip' } });
  });

  it('reports a truncated gzip body', async () => {
    const truncated = gzipSync(text).subarray(0, 15);
    const read = await readBody(request(truncated, { 'Content-Encoding': 'gzip' }), 1024);
    expect(read.ok).toBe(false);
  });

  it.each(['br', 'zstd', 'constructor', '__proto__'])(
    'refuses the unsupported encoding %s',
    async (encoding) => {
      const read = await readBody(request(text, { 'Content-Encoding': encoding }), 1024);
      expect(read).toEqual({ ok: false, failure: { kind: 'unsupported_encoding', encoding } });
    },
  );

  it('reads a missing body as empty', async () => {
    expect(await readBody(request(null), 1024)).toEqual({ ok: true, bytes: new Uint8Array(0) });
  });
});

describe('readBody from a Node request stream', () => {
  const bomb = gzipSync(new Uint8Array(1024 * 1024));
  const cases: [string, Uint8Array, Record<string, string>][] = [
    ['a plain body', text, {}],
    ['a gzip body', gzipSync(text), { 'Content-Encoding': 'gzip' }],
    ['a deflate body', deflateSync(text), { 'Content-Encoding': 'deflate' }],
    ['a body over the limit on the wire', new Uint8Array(2048), {}],
    ['a gzip bomb', bomb, { 'Content-Encoding': 'gzip' }],
    ['gzip bytes that do not decode', text, { 'Content-Encoding': 'gzip' }],
    ['an unsupported encoding', text, { 'Content-Encoding': 'br' }],
    ['an empty body', new Uint8Array(0), {}],
  ];

  // In 300-byte chunks, as a socket delivers a body in pieces.
  function nodeStream(bytes: Uint8Array): NodeRequestStream {
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 300) chunks.push(Buffer.from(bytes.subarray(i, i + 300)));
    return Readable.from(chunks);
  }

  it.each(cases)('answers %s as the web Request path does', async (_, bytes, headers) => {
    const limit = 1024;
    const web = await readBody(request(bytes, headers), limit);
    // The request's own body is left unread: the bytes come from the Node stream only.
    const headersOnly = request(null, headers);
    const node = await readBody(headersOnly, limit, nodeStream(bytes));
    expect(node).toEqual(web);
    expect(headersOnly.bodyUsed).toBe(false);
  });

  it('is used only while nothing has started to read it', () => {
    const fresh = Readable.from([Buffer.from('{}')]);
    expect(untouchedNodeStream({ incoming: fresh })).toBe(fresh);
    const flowing = Readable.from([Buffer.from('{}')]);
    flowing.on('data', () => undefined);
    expect(untouchedNodeStream({ incoming: flowing })).toBeUndefined();
    const paused = Readable.from([Buffer.from('{}')]);
    paused.pause();
    expect(untouchedNodeStream({ incoming: paused })).toBeUndefined();
  });

  it('is not found where a runtime hands over no Node stream', () => {
    for (const env of [undefined, null, {}, { incoming: null }, { incoming: 'x' }, { incoming: {} }]) {
      expect(untouchedNodeStream(env)).toBeUndefined();
    }
  });
});
