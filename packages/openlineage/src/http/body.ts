// Reading a webhook body with bounded memory: the wire bytes are capped, and so are the bytes a compressed body
// expands to, so a small gzip bomb cannot exhaust the server. Uses the web-standard DecompressionStream rather
// than node:zlib so the routes run on any runtime Hono runs on. Under Node, the request's own stream is read when
// nothing has touched it: @hono/node-server builds a full web Request (an AbortController, a web stream over the
// socket) only once its body is asked for, and that took a tenth of the server's time per request.

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

/**
 * Node's request stream (`http.IncomingMessage`), which @hono/node-server hands over as `c.env.incoming`. Only
 * what reading needs: it is async-iterable, and `readableFlowing` stays null until some consumer attaches.
 */
export type NodeRequestStream = AsyncIterable<Uint8Array> & {
  readonly readableFlowing: boolean | null;
  readonly readableEnded: boolean;
};

/**
 * The Node request stream of a Hono context's `env`, when nobody has started to read it; otherwise undefined and
 * the body is read through the web Request (another runtime, `app.request()` in tests, or a middleware that read
 * a clone of the body first, such as the HMAC check).
 *
 * @example const read = await readBody(c.req.raw, limit, untouchedNodeStream(c.env));
 */
export function untouchedNodeStream(env: unknown): NodeRequestStream | undefined {
  const incoming = (env as { incoming?: Partial<NodeRequestStream> } | null | undefined)?.incoming;
  if (typeof incoming !== 'object' || incoming === null) return undefined;
  // Node: readableFlowing is null until a pipe, a 'data' listener or resume() starts the flow.
  if (incoming.readableFlowing !== null || incoming.readableEnded !== false) return undefined;
  return typeof incoming[Symbol.asyncIterator] === 'function' ? (incoming as NodeRequestStream) : undefined;
}

/** Reads a Node stream to its end like {@link collect}; leaving the loop early destroys the stream, as cancel does. */
async function collectNode(stream: NodeRequestStream, limit: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > limit) throw new TooLarge();
    // Node hands Buffers; the caller gets plain Uint8Array views, as from the web stream.
    chunks.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return concat(chunks, total);
}

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
  return concat(chunks, total);
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
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
 * (`Content-Encoding: gzip`, `x-gzip`, `deflate` or none). With `nodeStream` (see {@link untouchedNodeStream})
 * the bytes come from it and `request.body` is never touched; the headers are still the request's.
 *
 * @example const read = await readBody(c.req.raw, 1 << 20); if (!read.ok) return c.json({ error: read.failure.kind }, 413);
 */
export async function readBody(
  request: Request,
  limit: number,
  nodeStream?: NodeRequestStream,
): Promise<BodyRead> {
  const encoding = (request.headers.get('content-encoding') ?? '').trim().toLowerCase();
  // Own keys only: a header such as `constructor` must not find Object.prototype's members.
  const coding = Object.hasOwn(CODINGS, encoding) ? CODINGS[encoding] : undefined;
  if (coding === undefined) return { ok: false, failure: { kind: 'unsupported_encoding', encoding } };
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return tooLarge(limit);
  let wire: Uint8Array;
  try {
    if (nodeStream !== undefined) wire = await collectNode(nodeStream, limit);
    else if (request.body === null) return { ok: true, bytes: new Uint8Array(0) };
    else wire = await collect(request.body, limit);
  } catch (error) {
    if (error instanceof TooLarge) return tooLarge(limit);
    throw error;
  }
  return decode(wire, coding, limit);
}
