import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

// RFC 6750 §2.1: `Authorization: Bearer <b64token>`; RFC 9110 §11.1: the scheme name is case-insensitive.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * True when `header` carries a bearer token equal to one of `tokens`. Both sides are hashed to 32 bytes first and
 * compared with node:crypto's timingSafeEqual, so neither the content nor the length of a token leaks through
 * timing, and every token is compared, also after a match, so the time does not say which one matched.
 *
 * @example bearerMatches('Bearer s3cret', [digestToken('s3cret')]) === true
 */
export function bearerMatches(header: string | undefined, tokenDigests: readonly Buffer[]): boolean {
  const presented = BEARER.exec(header ?? '')?.[1];
  const given = digest(presented ?? '');
  let accepted = false;
  for (const expected of tokenDigests) {
    if (timingSafeEqual(given, expected) && presented !== undefined) accepted = true;
  }
  return accepted;
}

/**
 * SHA-256 of a configured token, as {@link bearerMatches} compares it; computed once at start-up.
 *
 * @example const digests = tokens.map(digestToken);
 */
export function digestToken(token: string): Buffer {
  return digest(token);
}

/**
 * Requires `Authorization: Bearer <token>` equal to one of `tokens`, compared in constant time. Every failure is
 * the same bare 401: a missing header, a wrong scheme and a wrong token are indistinguishable to the caller.
 *
 * @example app.use('/v1/decisions', requireBearer([process.env.CAIRN_INGEST_TOKEN]))
 */
export function requireBearer(tokens: readonly string[]): MiddlewareHandler {
  const digests = tokens.filter((t) => t !== '').map(digestToken);
  return async (c, next) => {
    if (!bearerMatches(c.req.header('authorization'), digests)) {
      return c.json({ error: 'unauthorized' }, 401, { 'WWW-Authenticate': 'Bearer realm="cairn"' });
    }
    await next();
  };
}
