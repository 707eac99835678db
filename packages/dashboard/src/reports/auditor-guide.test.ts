// docs/auditor-guide.md repeats the standard-tools script and the requirement table: these tests keep the copies
// equal to what the packs ship, so the guide never describes another script or another mapping.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REQUIREMENT_MAP, REQUIREMENT_NOTES } from './requirements.js';

const guide = () => readFile(new URL('../../../../docs/auditor-guide.md', import.meta.url), 'utf8');
const script = () => readFile(new URL('./verify-bundle.sh', import.meta.url), 'utf8');

describe('docs/auditor-guide.md', () => {
  it('reproduces verify-bundle.sh byte for byte', async () => {
    const text = await guide();
    const block = text.match(
      /<!-- verify-bundle\.sh: begin -->\n```bash\n([\s\S]*?)```\n<!-- verify-bundle\.sh: end -->/,
    );
    expect(block?.[1]).toBe(await script());
  });

  it('has one table row per requirement mapping, in the same order and words', async () => {
    const rows = (await guide())
      .split('\n')
      .filter((line) => /^\| (EU AI Act|GDPR|HIPAA|SOC 2|SEC)/.test(line));
    expect(rows).toEqual(REQUIREMENT_MAP.map((r) => `| ${r.citation} | ${r.demands} | \`${r.fields}\` |`));
  });

  it('states every note against the common mis-citations', async () => {
    const flat = (await guide()).replace(/\s+/g, ' ').replace(/’/g, "'");
    for (const note of REQUIREMENT_NOTES) expect(flat.includes(note.replace(/’/g, "'")), note).toBe(true);
  });
});
