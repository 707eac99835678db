import { describe, expect, it } from 'vitest';
import { describeError, truncate } from './lifecycle.js';

describe('describeError', () => {
  it('keeps the name of an Error as its type and its message', () => {
    expect(describeError(new RangeError('score out of range'))).toStrictEqual({
      type: 'RangeError',
      message: 'score out of range',
    });
  });

  it('cuts a long message to the 2,000 characters a run event allows', () => {
    const { message } = describeError(new Error('x'.repeat(5_000)));
    expect(message).toBe('x'.repeat(2_000));
  });

  it('keeps a thrown string as the message', () => {
    expect(describeError('bureau unreachable')).toStrictEqual({ message: 'bureau unreachable' });
  });

  it('never echoes a thrown object, which may be a payload', () => {
    const { message } = describeError({ ssn: '078-05-1120' });
    expect(message).toBe('a non-Error value was thrown: an object');
  });

  it('leaves out the type of an Error whose name is empty', () => {
    const error = new Error('no name');
    error.name = '';
    expect(describeError(error)).toStrictEqual({ message: 'no name' });
  });
});

describe('truncate', () => {
  it('does not split a surrogate pair at the cut, which would leave invalid I-JSON', () => {
    const text = `${'a'.repeat(9)}😀tail`;
    expect(truncate(text, 10)).toBe('a'.repeat(9));
    expect(truncate(text, 11)).toBe(`${'a'.repeat(9)}😀`);
  });

  it('returns short text unchanged', () => {
    expect(truncate('short', 10)).toBe('short');
  });
});
