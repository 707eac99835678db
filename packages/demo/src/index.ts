// The public surface of @cairn/demo, listed by name.

export { loadDemo, DEFAULT_DEMO_SEED } from './load-demo.js';
export type { DemoCounts, DemoOptions, DemoProgress, DemoReport, DemoRun } from './load-demo.js';
export type { DemoHighlights, DemoOrchestrator } from './steps.js';
