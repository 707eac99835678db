// Access to the dashboard with the server's read tokens. A browser cannot attach a bearer token to a link, so the
// dashboard also accepts HTTP Basic authentication (RFC 7617) with the token as the password: the browser asks
// once and sends it with every page, download and fetch of the integrity panel. Scripts may still send a bearer.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

// RFC 6750 §2.1 and RFC 7617 §2; RFC 9110 §11.1: scheme names are case-insensitive.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
const BASIC = /^Basic +([A-Za-z0-9+/]+=*) *$/i;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** The token an Authorization header presents, as a bearer or as the password of Basic credentials. */
function presentedToken(header: string | undefined): string | undefined {
  const bearer = BEARER.exec(header ?? '')?.[1];
  if (bearer !== undefined) return bearer;
  const basic = BASIC.exec(header ?? '')?.[1];
  if (basic === undefined) return undefined;
  const credentials = Buffer.from(basic, 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon === -1 ? undefined : credentials.slice(colon + 1);
}

/**
 * Requires one of `tokens`, as a bearer token or as the Basic password (any user name). Tokens are compared as
 * SHA-256 digests with timingSafeEqual, every one of them, so timing says neither the token nor which matched.
 * Without tokens it lets everything through (local use: the server warns about open read routes).
 *
 * @example app.use('/ledger', requireReadToken(['s3cret-read-token']));
 */
export function requireReadToken(tokens: readonly string[]): MiddlewareHandler {
  const digests = tokens.filter((t) => t !== '').map(digest);
  return async (c, next) => {
    if (digests.length === 0) return next();
    const presented = presentedToken(c.req.header('authorization'));
    const given = digest(presented ?? '');
    let accepted = false;
    for (const expected of digests)
      if (timingSafeEqual(given, expected) && presented !== undefined) accepted = true;
    if (!accepted) {
      return c.text(
        'The Cairn dashboard needs the read token: give it as the password (any user name).',
        401,
        {
          'www-authenticate': 'Basic realm="Cairn dashboard", charset="UTF-8"',
        },
      );
    }
    await next();
  };
}
