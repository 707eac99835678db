// The JSON Schema of an entry, generated from the zod schemas (zod 4 `z.toJSONSchema`) for readers in other
// languages. It describes structure and formats; the cross-field rules and I-JSON limits are checked by
// validateEntry only. packages/core/schema/entry.schema.json is this output, committed; a test keeps them equal.
import { z } from 'zod';
import { entrySchema } from './entry.js';

/**
 * The JSON Schema (draft 2020-12) of an entry, as the text committed in `schema/entry.schema.json`.
 *
 * @example writeFileSync('schema/entry.schema.json', entryJsonSchemaText())
 */
export function entryJsonSchemaText(): string {
  const schema = z.toJSONSchema(entrySchema, { target: 'draft-2020-12' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
