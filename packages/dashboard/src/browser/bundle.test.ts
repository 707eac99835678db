import { describe, expect, it } from 'vitest';
import { bundleIntegrityClient } from './bundle.js';

describe('bundleIntegrityClient', () => {
  it('bundles the panel script for the browser with no import left to resolve and no Node built-in', async () => {
    const script = await bundleIntegrityClient();
    expect(script).not.toMatch(/\bimport\s*[({"']|\brequire\(|node:/);
    expect(script).toContain('data-integrity');
  });
});
