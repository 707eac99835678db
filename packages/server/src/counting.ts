import type { EntryWriter } from '@cairn/core';
import type { ServerMetrics } from './metrics.js';

/**
 * Wraps a writer to count the entries it accepts, by route, for `/metrics`.
 *
 * @example const writer = counting(groupWriter, metrics, '/hooks/prefect');
 */
export function counting(writer: EntryWriter, metrics: ServerMetrics, route: string): EntryWriter {
  return {
    async append(entries) {
      const results = await writer.append(entries);
      metrics.ingestedEntries.inc({ route }, results.length);
      return results;
    },
  };
}
