// Reading a webhook body with bounded memory: the wire bytes are capped, and so are the bytes a compressed body
// expands to, so a small gzip bomb cannot exhaust the server. Uses the web-standard DecompressionStream rather
// than node:zlib so the routes run on any runtime Hono runs on.

/** Why a body could not be read; each maps to one HTTP status. */
export type BodyFailure =
  | { readonly kind: 'too_large'; readonly limit: number }
  | { readonly kind: 'unsupported_encoding'; readonly encoding: string }
  | { readonly kind: 'corrupt_encoding'; readonly encoding: string };

/** The bytes of a body after content decoding, or why there are none. */
export type BodyRead =
  { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false; readonly failure: BodyFailure };

type Decoding = 'identity' | 'gzip' | 'deflate';

// RFC 9110 §8.4.1: content codings are case-insensitive; `x-gzip` is gzip (§8.4.1.3).
const CODINGS: Readonly<Record<string, Decoding>> = {
  '': 'identity',
  identity: 'identity',
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
};

class TooLarge extends Error {}

/** Reads a stream to its end, failing with {@link TooLarge} as soon as more than `limit` bytes came. */
async function collect(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function tooLarge(limit: number): BodyRead {
  return { ok: false, failure: { kind: 'too_large', limit } };
}

async function decode(bytes: Uint8Array, coding: Decoding, limit: number): Promise<BodyRead> {
  if (coding === 'identity') return { ok: true, bytes };
  const source = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();
  try {
    return { ok: true, bytes: await collect(source.pipeThrough(new DecompressionStream(coding)), limit) };
  } catch (error) {
    if (error instanceof TooLarge) return tooLarge(limit);
    return { ok: false, failure: { kind: 'corrupt_encoding', encoding: coding } };
  }
}

/**
 * Reads a request body, at most `limit` bytes on the wire and at most `limit` bytes once decoded
 * (`Content-Encoding: gzip`, `x-gzip`, `deflate` or none).
 *
 * @example const read = await readBody(c.req.raw, 1 << 20); if (!read.ok) return c.json({ error: read.failure.kind }, 413);
 */
export async function readBody(request: Request, limit: number): Promise<BodyRead> {
  const encoding = (request.headers.get('content-encoding') ?? '').trim().toLowerCase();
  // Own keys only: a header such as `constructor` must not find Object.prototype's members.
  const coding = Object.hasOwn(CODINGS, encoding) ? CODINGS[encoding] : undefined;
  if (coding === undefined) return { ok: false, failure: { kind: 'unsupported_encoding', encoding } };
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return tooLarge(limit);
  if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
  let wire: Uint8Array;
  try {
    wire = await collect(request.body, limit);
  } catch (error) {
    if (error instanceof TooLarge) return tooLarge(limit);
    throw error;
  }
  return decode(wire, coding, limit);
}
