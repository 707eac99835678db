// What the JSON parser and canonicalization share about JSON text: the nesting bound, and how a path and an
// offending code unit are named in a problem.
import { formatPath } from './schema/paths.js';

/**
 * Deepest nesting of arrays and objects that parseJson and canonicalize accept (a guard against stack exhaustion).
 *
 * @example parseJson('['.repeat(MAX_JSON_DEPTH + 1)).ok === false
 */
export const MAX_JSON_DEPTH = 100;

/** A step of a JSON path: an object key or an array index. @example const at: JsonPathSegment[] = ['alternatives', 0] */
export type JsonPathSegment = string | number;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Formats a JSON path the way Cairn's problems name fields: `decision.context.x`, `alternatives[2].label`,
 * `context["a key"]`; the top-level value is `(root)`. Long keys are truncated.
 *
 * @example formatJsonPath(['decision', 'alternatives', 2, 'label']) === 'decision.alternatives[2].label'
 */
export function formatJsonPath(segments: readonly JsonPathSegment[]): string {
  // One path renderer for the whole package: long keys show as their length and deep paths lose middle segments,
  // so a message never carries a slice of the payload.
  return segments.length === 0 ? '(root)' : formatPath(segments);
}

/**
 * The UTF-16 offset of the first unpaired surrogate in `text`, or -1 when the text is valid Unicode.
 *
 * @example findLoneSurrogate('a\uD800b') === 1
 */
export function findLoneSurrogate(text: string): number {
  const match = LONE_SURROGATE.exec(text);
  return match === null ? -1 : match.index;
}

/** Describes the code unit at `offset` of `text` as `U+D800`. */
export function codeUnitName(text: string, offset: number): string {
  return `U+${text.charCodeAt(offset).toString(16).toUpperCase().padStart(4, '0')}`;
}
