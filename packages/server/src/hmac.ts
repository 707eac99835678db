import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/**
 * The header carrying an optional body signature: `x-cairn-signature: sha256=<hex HMAC-SHA256 of the raw body>`.
 *
 * @example headers[SIGNATURE_HEADER] = signBody(secret, body)
 */
export const SIGNATURE_HEADER = 'x-cairn-signature';

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Requires an HMAC-SHA256 signature of the raw request body (the bytes on the wire: for a gzip body, the
 * compressed bytes), as GitHub-style webhooks do. It reads a clone of the request, so receivers still stream the
 * original body with their own size limits. A missing, malformed or wrong signature is the same bare 401.
 *
 * @example app.use('/hooks/*', requireBodySignature(secret))
 */
export function requireBodySignature(secret: string): MiddlewareHandler {
  return async (c, next) => {
    const match = SIGNATURE.exec(c.req.header(SIGNATURE_HEADER) ?? '');
    const body = new Uint8Array(await c.req.raw.clone().arrayBuffer());
    const expected = createHmac('sha256', secret).update(body).digest();
    // Compared even when the header is malformed, so a bad header takes as long as a wrong signature.
    const given = match?.[1] === undefined ? Buffer.alloc(32) : Buffer.from(match[1], 'hex');
    if (!timingSafeEqual(expected, given) || match === null) {
      return c.json({ error: 'unauthorized' }, 401);
    }
    await next();
  };
}

/**
 * Signs a body for {@link requireBodySignature}: the value of the `x-cairn-signature` header.
 *
 * @example headers[SIGNATURE_HEADER] = signBody(secret, body)
 */
export function signBody(secret: string, body: Uint8Array | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
