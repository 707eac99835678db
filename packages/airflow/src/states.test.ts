import { describe, expect, it } from 'vitest';
import { classifyAirflowState } from './states.js';

describe('classifyAirflowState', () => {
  it.each([
    ['scheduled', 'queued'],
    ['queued', 'queued'],
    ['running', 'started'],
    ['success', 'succeeded'],
    ['SUCCESS', 'succeeded'],
    ['failed', 'failed'],
    ['upstream_failed', 'failed'],
    ['up_for_retry', 'retrying'],
    ['restarting', 'retrying'],
    ['shutdown', 'cancelled'],
    ['skipped', 'other'],
    ['deferred', 'other'],
    ['up_for_reschedule', 'other'],
    ['removed', 'other'],
    ['something_new', 'other'],
    ['constructor', 'other'],
  ])('classifies %s as %s', (state, status) => {
    expect(classifyAirflowState(state)).toBe(status);
  });
});
