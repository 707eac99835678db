import { defineConfig } from '@trigger.dev/sdk';

// eslint-disable-next-line no-restricted-syntax -- the Trigger.dev CLI loads the config from the default export
export default defineConfig({
  // The project ref from the Trigger.dev dashboard (Project settings).
  project: process.env['TRIGGER_PROJECT_REF'] ?? 'proj_replace_with_your_project_ref',
  dirs: ['./src/trigger'],
  runtime: 'node',
  maxDuration: 300,
  retries: {
    enabledInDev: true,
    default: { maxAttempts: 3, minTimeoutInMs: 1_000, maxTimeoutInMs: 10_000, factor: 2, randomize: true },
  },
});
