import { describe, expect, it } from 'vitest';
import { flowRunUrl, prefectUiUrl, prefectWorkspace, taskRunUrl } from './urls.js';

const CLOUD_API =
  'https://api.prefect.cloud/api/accounts/4b1e0e43-a3bd-4b5e-a1ef-0bd8c0a7c8f1/workspaces/9d5b1c6e-51d8-4f4a-b5b9-2cf0b3f0a5de';

describe('Prefect UI links', () => {
  it('derives the Cloud UI from the Cloud API URL as Prefect does', () => {
    expect(prefectUiUrl(CLOUD_API)).toBe(
      'https://app.prefect.cloud/account/4b1e0e43-a3bd-4b5e-a1ef-0bd8c0a7c8f1/workspace/9d5b1c6e-51d8-4f4a-b5b9-2cf0b3f0a5de',
    );
  });

  it('derives a self-hosted UI by dropping /api', () => {
    expect(prefectUiUrl('http://prefect.internal:4200/api')).toBe('http://prefect.internal:4200');
    expect(prefectUiUrl('http://prefect.internal:4200/api/')).toBe('http://prefect.internal:4200');
  });

  it('names the Cloud workspace and nothing for a self-hosted server', () => {
    expect(prefectWorkspace(CLOUD_API)).toBe(
      '4b1e0e43-a3bd-4b5e-a1ef-0bd8c0a7c8f1/9d5b1c6e-51d8-4f4a-b5b9-2cf0b3f0a5de',
    );
    expect(prefectWorkspace('http://prefect.internal:4200/api')).toBeUndefined();
  });

  it('builds run pages under /runs', () => {
    expect(flowRunUrl('http://p:4200/', 'abc')).toBe('http://p:4200/runs/flow-run/abc');
    expect(taskRunUrl('http://p:4200', 'def')).toBe('http://p:4200/runs/task-run/def');
  });
});
