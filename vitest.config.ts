import { defineConfig } from 'vitest/config';

// Tests run on sources: workspace packages resolve through the `@cairn/source` export condition,
// so a change in one package is seen by the tests of another without a rebuild.
export default defineConfig({
  resolve: { conditions: ['@cairn/source', 'module', 'node', 'import', 'default'] },
  // Without 'import' here: under it `pg` resolves to its ESM wrapper, which breaks pg-pool's class inheritance in
  // vitest ("Class extends value [object Module]"); Node's own resolution still serves ESM-only packages.
  ssr: { resolve: { conditions: ['@cairn/source', 'node', 'default'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
