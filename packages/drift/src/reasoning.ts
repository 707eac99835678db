// Comparing reasoning texts for replay: exact after normalising whitespace and case by default, or by word
// overlap when a team accepts rephrasing as "the same reasoning".

/** True when two reasoning texts count as the same. */
export type ReasoningComparator = (original: string, replayed: string) => boolean;

function normalise(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

function words(text: string): Set<string> {
  return new Set(normalise(text).match(/[\p{L}\p{N}]+/gu) ?? []);
}

/**
 * Jaccard similarity of the two texts' word sets, in [0, 1]; 1 for two texts without words.
 *
 * @example
 * reasoningSimilarity('Income is too low', 'income too low') // 0.75
 */
export function reasoningSimilarity(a: string, b: string): number {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 && y.size === 0) return 1;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  return shared / (x.size + y.size - shared);
}

/**
 * The default comparator: equal after trimming, collapsing whitespace and lower-casing.
 *
 * @example
 * sameReasoningText(' Income too low', 'income  too low') // true
 */
export const sameReasoningText: ReasoningComparator = (a, b) => normalise(a) === normalise(b);

/**
 * A comparator that accepts rephrasing: the same when the word overlap reaches `threshold`.
 *
 * @example
 * replay({ …, compareReasoning: similarReasoning(0.6) })
 */
export function similarReasoning(threshold: number): ReasoningComparator {
  return (a, b) => reasoningSimilarity(a, b) >= threshold;
}
