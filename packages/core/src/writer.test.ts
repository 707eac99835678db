import { describe, expect, it } from 'vitest';
import { CairnError } from './errors.js';
import { problem } from './result.js';
import { invalidEntryProblems } from './writer.js';

describe('invalidEntryProblems', () => {
  it('returns every problem a writer listed in cause.problems', () => {
    const problems = [
      problem('decision.confidence', 'too_big', 'decision.confidence: expected at most 1, got 1.7'),
    ];
    const error = new CairnError('invalid_entry', 'refused', { cause: { problems } });
    expect(invalidEntryProblems(error)).toEqual(problems);
  });

  it('turns an invalid_entry refusal without a list into one problem carrying its message', () => {
    expect(invalidEntryProblems(new CairnError('invalid_entry', 'entry 3: bad'))).toEqual([
      problem('', 'invalid_entry', 'entry 3: bad'),
    ]);
  });

  it('says nothing about other errors, so the caller rethrows them', () => {
    expect(invalidEntryProblems(new CairnError('storage', 'disk full'))).toBeUndefined();
    expect(invalidEntryProblems(new Error('invalid_entry'))).toBeUndefined();
  });
});
