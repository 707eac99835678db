// How the dashboard answers: every page with the same security headers (nothing from another origin may load,
// nothing may frame it, no referrer leaks run ids to orchestrator UIs), and Cairn errors as readable pages.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { isCairnError } from '@cairn/core';
import { ErrorPage } from './pages/error-page.js';
import { renderHtml } from './reports/document.js';

/** Headers of every dashboard response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

/**
 * An HTML page with the dashboard's headers.
 *
 * @example return page(c, <RunsPage … />);
 */
export function page(c: Context, node: Child, status: 200 | 400 | 404 | 500 = 200): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  return c.html(renderHtml(node), status);
}

/**
 * A file to download, with the dashboard's headers.
 *
 * @example return download(c, html, 'explanation.html', 'text/html; charset=utf-8');
 */
export function download(
  c: Context,
  body: string | Uint8Array | ReadableStream,
  fileName: string,
  type: string,
): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  c.header('content-disposition', `attachment; filename="${fileName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  c.header('content-type', type);
  // Hono types bytes as Uint8Array<ArrayBuffer>; ours may view a Buffer's pool (ArrayBufferLike): same bytes.
  return c.body(body as string);
}

/**
 * Runs a page handler and shows a not-found or bad-request page for the Cairn errors that mean one.
 *
 * @example app.get('/x', (c) => guarded(c, async () => page(c, <X />)));
 */
export async function guarded(c: Context, handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (isCairnError(error, 'not_found'))
      return page(c, <ErrorPage title="Not found" message={error.message} />, 404);
    if (isCairnError(error, 'invalid_argument'))
      return page(c, <ErrorPage title="Cannot do that" message={error.message} />, 400);
    throw error;
  }
}
