// Problem paths as people read them: `decision.alternatives[2].label`, `run.ids["openlineage.runId"]`. Keys come
// from untrusted input, so a path shows long or odd keys by their length only and drops middle segments of deep
// paths: a message stays short and never carries a slice of the payload.

/** One step into a value: an object key or an array index. */
export type PathSegment = string | number;

/** Keys longer than this are shown as `[<key of N characters>]`. */
const MAX_SHOWN_KEY = 24;

/** Rendered paths longer than this lose middle segments (`decision.context.a.a….a.a`). */
const MAX_SHOWN_PATH = 120;

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function renderSegment(segment: PathSegment): string {
  if (typeof segment === 'number') return `[${segment}]`;
  if (segment.length > MAX_SHOWN_KEY) return `[<key of ${segment.length} characters>]`;
  // JSON.stringify escapes control characters and lone surrogates, so the path stays one printable line.
  return PLAIN_KEY.test(segment) ? `.${segment}` : `[${JSON.stringify(segment)}]`;
}

function join(parts: readonly string[]): string {
  const text = parts.join('');
  return text.startsWith('.') ? text.slice(1) : text;
}

/**
 * Renders a path; the empty path (the value itself) renders as ''.
 *
 * @example formatPath(['decision', 'alternatives', 2, 'label']) === 'decision.alternatives[2].label'
 */
export function formatPath(segments: readonly PathSegment[]): string {
  const parts = segments.map(renderSegment);
  for (let keep = 4; keep >= 1; keep--) {
    if (parts.length <= 2 * keep) {
      const whole = join(parts);
      if (whole.length <= MAX_SHOWN_PATH) return whole;
      continue;
    }
    const shortened = `${join(parts.slice(0, keep))}…${parts.slice(-keep).join('')}`;
    if (shortened.length <= MAX_SHOWN_PATH) return shortened;
  }
  return `${join(parts.slice(0, 1))}…${parts.slice(-1).join('')}`;
}

/** The path of a problem inside a list item: `[3]` then the rest (`[3].decision.type`). */
export function prefixPath(prefix: string, path: string): string {
  if (path === '') return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** True when one path lies inside the other (or they are equal), compared segment by segment. */
export function pathsOverlap(a: readonly PathSegment[], b: readonly PathSegment[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
