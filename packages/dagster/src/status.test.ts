import { describe, expect, it } from 'vitest';
import { classifyDagsterStatus, dagsterRunUrl } from './status.js';

describe('classifyDagsterStatus', () => {
  it.each([
    ['QUEUED', 'queued'],
    ['NOT_STARTED', 'queued'],
    ['STARTING', 'started'],
    ['STARTED', 'started'],
    ['SUCCESS', 'succeeded'],
    ['success', 'succeeded'],
    ['FAILURE', 'failed'],
    ['CANCELING', 'cancelled'],
    ['CANCELED', 'cancelled'],
    ['MANAGED', 'other'],
    ['PAUSED', 'other'],
    ['__PROTO__', 'other'],
  ])('classifies %s as %s', (status, expected) => {
    expect(classifyDagsterStatus(status)).toBe(expected);
  });
});

describe('dagsterRunUrl', () => {
  it('builds {base}/runs/{run_id} as dagster-slack does, for OSS and Dagster+ bases', () => {
    expect(dagsterRunUrl('http://localhost:3000/', 'abc')).toBe('http://localhost:3000/runs/abc');
    expect(dagsterRunUrl('https://acme.dagster.cloud/prod', 'abc')).toBe(
      'https://acme.dagster.cloud/prod/runs/abc',
    );
  });
});
