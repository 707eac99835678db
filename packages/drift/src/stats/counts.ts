// Label counts keyed by chosen-option label. Labels come from recorded decisions, so a label may be any string,
// `constructor` or `__proto__` included: every lookup checks own properties only.

/** Counts by label. */
export type LabelCounts = Readonly<Record<string, number>>;

/** The count of `label`, 0 when absent; never a value inherited from Object.prototype. */
export function countOf(counts: LabelCounts, label: string): number {
  return Object.hasOwn(counts, label) ? (counts[label] ?? 0) : 0;
}

/**
 * Counts labels into a prototype-free object.
 *
 * @example
 * countLabels(['approve', 'deny', 'approve']) // { approve: 2, deny: 1 }
 */
export function countLabels(labels: Iterable<string>): Record<string, number> {
  const counts = Object.create(null) as Record<string, number>;
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}
