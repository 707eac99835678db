// Everything in a report that came from a recorded entry (labels, agent ids, summaries) is untrusted text.

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML and SVG content and attribute values.
 *
 * @example
 * escapeHtml('<b>"x"</b>') // '&lt;b&gt;&quot;x&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Shortens text for a chart label or a table cell. */
export function clipText(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A window start as a short axis label: the date for windows of a day or more, else date and time. */
export function shortTime(iso: string, windowMs: number): string {
  return windowMs >= 86_400_000 ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** A number with at most three significant digits, for labels. */
export function short(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/** A share as a whole percentage. */
export function pct(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 && share > 0 ? 1 : 0)}%`;
}
