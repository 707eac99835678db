import { describe, expect, it } from 'vitest';
import { formatPath, pathsOverlap, prefixPath } from './paths.js';

describe('formatPath', () => {
  it('joins keys with dots and indexes with brackets', () => {
    expect(formatPath(['decision', 'alternatives', 2, 'label'])).toBe('decision.alternatives[2].label');
    expect(formatPath([3, 'id'])).toBe('[3].id');
    expect(formatPath([])).toBe('');
  });

  it('quotes keys that are not plain identifiers, escaping what cannot be printed', () => {
    expect(formatPath(['run', 'ids', 'openlineage.runId'])).toBe('run.ids["openlineage.runId"]');
    expect(formatPath(['x', 'a\nb\uD800'])).toBe('x["a\\nb\\ud800"]');
  });

  it('names long keys by their length only', () => {
    expect(formatPath(['context', 'k'.repeat(500)])).toBe('context[<key of 500 characters>]');
  });

  it('drops middle segments of deep paths so a path stays under 120 characters', () => {
    const deep = formatPath(['decision', 'context', ...Array.from({ length: 50 }, () => 'level')]);
    expect(deep).toBe('decision.context.level.level….level.level.level.level');
    const wide = formatPath(Array.from({ length: 12 }, (_, i) => `key_${i}_${'x'.repeat(18)}`));
    expect(wide.length).toBeLessThanOrEqual(120);
    expect(wide).toContain('…');
  });
});

describe('prefixPath and pathsOverlap', () => {
  it('prefixes a path with a list index', () => {
    expect(prefixPath('[3]', 'decision.type')).toBe('[3].decision.type');
    expect(prefixPath('[3]', '[0].id')).toBe('[3][0].id');
    expect(prefixPath('[3]', '')).toBe('[3]');
  });

  it('finds overlap when one path lies inside the other', () => {
    expect(pathsOverlap(['decision'], ['decision', 'context', 'x'])).toBe(true);
    expect(pathsOverlap(['decision', 'type'], ['decision', 'context'])).toBe(false);
    expect(pathsOverlap([1], ['1'])).toBe(false);
  });
});
