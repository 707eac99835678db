import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENTRY_KINDS } from './entry.js';
import { entryJsonSchemaText } from './json-schema.js';

const committedPath = new URL('../../schema/entry.schema.json', import.meta.url);

describe('the committed JSON Schema', () => {
  it('equals the schema generated from the zod schemas', () => {
    const committed = readFileSync(committedPath, 'utf8');
    const fresh = entryJsonSchemaText();
    expect(
      committed === fresh,
      'schema/entry.schema.json is stale: run `pnpm --filter @cairn/core schema`',
    ).toBe(true);
  });

  it('describes every kind as a closed object with its body required', () => {
    const schema = JSON.parse(entryJsonSchemaText()) as {
      $defs: Record<string, { required: string[]; additionalProperties: boolean }>;
    };
    const bodies = {
      decision: 'decision',
      run_event: 'runEvent',
      oversight: 'oversight',
      contest: 'contest',
      correction: 'correction',
      erasure: 'erasure',
      anomaly: 'anomaly',
    };
    for (const kind of ENTRY_KINDS) {
      const name = `${kind.replace(/(^|_)(\w)/g, (_, _sep: string, c: string) => c.toUpperCase())}Entry`;
      const def = schema.$defs[name]!;
      expect(def.additionalProperties, name).toBe(false);
      expect(def.required, name).toEqual(
        expect.arrayContaining(['v', 'kind', 'id', 'occurredAt', 'recordedAt', 'producer', bodies[kind]]),
      );
    }
  });
});
