import { describe, expect, it } from 'vitest';
import { classifyPrefectState } from './states.js';

describe('classifyPrefectState', () => {
  it.each([
    ['SCHEDULED', 'Scheduled', 'queued'],
    ['SCHEDULED', 'Late', 'queued'],
    ['PENDING', 'Pending', 'queued'],
    ['RUNNING', 'Running', 'started'],
    ['COMPLETED', 'Completed', 'succeeded'],
    ['COMPLETED', 'Cached', 'succeeded'],
    ['FAILED', 'Failed', 'failed'],
    ['FAILED', 'TimedOut', 'failed'],
    ['CRASHED', 'Crashed', 'failed'],
    ['CANCELLED', 'Cancelled', 'cancelled'],
    ['CANCELLING', 'Cancelling', 'cancelled'],
    ['SCHEDULED', 'AwaitingRetry', 'retrying'],
    ['RUNNING', 'Retrying', 'retrying'],
    ['PAUSED', 'Paused', 'other'],
    ['PAUSED', 'Suspended', 'other'],
    ['SOMETHING_NEW', 'Custom', 'other'],
    ['__proto__', 'x', 'other'],
  ] as const)('classifies type %s named %s as %s', (type, name, status) => {
    expect(classifyPrefectState(type, name)).toBe(status);
  });

  it('classifies by type when no name is given', () => {
    expect(classifyPrefectState('COMPLETED')).toBe('succeeded');
  });
});
