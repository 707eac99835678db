/**
 * Whether `value` is an absolute http:// or https:// URL, as the WHATWG URL parser reads it. The sinks, receivers and
 * webhooks that take a URL check it with this before they send anything.
 *
 * @example isHttpUrl('https://cairn.internal/base/') // true; 'ftp://host', 'cairn.internal:8080' and 42 are false
 */
export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false; // not a URL at all
  }
}
