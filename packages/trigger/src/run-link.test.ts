import { TaskRunContext } from '@trigger.dev/core/v3';
import { describe, expect, it } from 'vitest';
import { runLinkFromContext } from './run-link.js';
import { makeExecution } from './testing/harness.js';

const ORIGIN = 'https://cloud.trigger.dev';

// The run workers build ctx with exactly this parse (cli-v3 managed-run-worker.ts), so the mapping sees what a
// real task sees.
function contextOf(...args: Parameters<typeof makeExecution>): TaskRunContext {
  return TaskRunContext.parse(makeExecution(...args));
}

describe('runLinkFromContext', () => {
  it('maps a root run to every field of its run link', () => {
    const ctx = contextOf(
      'score-loan',
      {},
      { runId: 'run_cm1aaaaaaaaaaaaaaaaaaaaa', attempt: 2, machine: 'medium-1x' },
    );
    expect(runLinkFromContext(ctx, { triggerOrigin: ORIGIN })).toStrictEqual({
      orchestrator: 'trigger.dev',
      id: 'run_cm1aaaaaaaaaaaaaaaaaaaaa',
      workflow: { id: 'score-loan' },
      attempt: 2,
      namespace: 'proj_abcdefghijklmnopqrst',
      environment: 'prod',
      url: 'https://cloud.trigger.dev/projects/v3/proj_abcdefghijklmnopqrst/runs/run_cm1aaaaaaaaaaaaaaaaaaaaa',
      ids: {
        'trigger.version': '20261123.1',
        'trigger.machine': 'medium-1x',
        'trigger.queue': 'task/score-loan',
        'trigger.projectId': 'proj_cm0000000000000000000001',
        'trigger.organizationId': 'org_cm00000000000000000000001',
        'trigger.environmentId': 'env_cm00000000000000000000001',
        'trigger.environmentType': 'PRODUCTION',
      },
    });
  });

  it('carries the parent and root runs, tags, batch, deployment and preview branch of a child run', () => {
    const ctx = contextOf(
      'score-loan',
      {},
      {
        runId: 'run_child',
        run: {
          tags: ['applicant:a-17', 'channel:web'],
          parentTaskRunId: 'run_parent',
          rootTaskRunId: 'run_root',
          isTest: true,
        },
        environment: { slug: 'preview-42', type: 'PREVIEW', branchName: 'feature/limits' },
        batchId: 'batch_cm123',
        queue: 'underwriting',
        deployment: {
          id: 'deployment_cm1',
          shortCode: 'abc123',
          version: '20261123.1',
          runtime: 'node',
          runtimeVersion: '21.7.3',
          git: { commitSha: '0f1e2d3c' },
        },
      },
    );
    const link = runLinkFromContext(ctx, { triggerOrigin: 'https://trigger.example.com' });
    expect(link.parentRunId).toBe('run_parent');
    expect(link.rootRunId).toBe('run_root');
    expect(link.tags).toStrictEqual(['applicant:a-17', 'channel:web']);
    expect(link.environment).toBe('preview-42');
    expect(link.url).toBe('https://trigger.example.com/projects/v3/proj_abcdefghijklmnopqrst/runs/run_child');
    expect(link.ids).toStrictEqual({
      'trigger.version': '20261123.1',
      'trigger.machine': 'small-1x',
      'trigger.queue': 'underwriting',
      'trigger.batchId': 'batch_cm123',
      'trigger.projectId': 'proj_cm0000000000000000000001',
      'trigger.organizationId': 'org_cm00000000000000000000001',
      'trigger.environmentId': 'env_cm00000000000000000000001',
      'trigger.environmentType': 'PREVIEW',
      'trigger.branch': 'feature/limits',
      'trigger.deploymentId': 'deployment_cm1',
      'trigger.gitCommit': '0f1e2d3c',
      'trigger.isTest': 'true',
    });
  });

  it('leaves out the idempotency key, which users choose and which may carry personal data', () => {
    const ctx = contextOf('score-loan', {}, { run: { idempotencyKey: 'jane@example.com' } });
    expect(JSON.stringify(runLinkFromContext(ctx, { triggerOrigin: ORIGIN }))).not.toContain(
      'jane@example.com',
    );
  });

  it('does not share the tags array with ctx, which the SDK documents as frozen for the run', () => {
    const ctx = contextOf('score-loan', {}, { run: { tags: ['a'] } });
    const link = runLinkFromContext(ctx, { triggerOrigin: ORIGIN });
    expect(link.tags).not.toBe(ctx.run.tags);
  });
});
