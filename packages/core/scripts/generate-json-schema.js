// Regenerates schema/entry.schema.json from the built zod schemas: `pnpm --filter @cairn/core schema`.
// The test src/schema/json-schema.test.ts fails while the committed file differs from this output.
import { writeFileSync } from 'node:fs';
import { entryJsonSchemaText } from '../dist/schema/json-schema.js';

const target = new URL('../schema/entry.schema.json', import.meta.url);
writeFileSync(target, entryJsonSchemaText());
console.log(`wrote ${target.pathname}`);
