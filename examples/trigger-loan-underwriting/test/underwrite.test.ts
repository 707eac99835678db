// The example's real tasks, run through Trigger.dev's own TaskExecutor with Cairn registered as trigger/init.ts
// registers it (a ledger sink in place of the HTTP one): each application's decision is sealed with its run link
// in a signed ledger that verifies.
import type { DecisionEntry, Entry, OversightEntry } from '@cairn/core';
import { ledgerSink } from '@cairn/sdk';
import { registerCairn } from '@cairn/trigger';
import {
  entriesOfRun,
  expectedRunEvent,
  expectedRunLink,
  installTriggerTestRuntime,
  openTestLedger,
  runEventsOf,
  runTask,
  timeline,
} from '../../../packages/trigger/src/test-support/index.js';
import type {
  TaskRunOutcome,
  TestLedger,
  TriggerTestRuntime,
} from '../../../packages/trigger/src/test-support/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cairnOptions, UNDERWRITER_AGENT } from '../src/cairn.js';
import type { LoanApplication } from '../src/underwriting/application.js';
import { lookUpCreditReport } from '../src/underwriting/bureau.js';
import { underwritingDecision } from '../src/underwriting/decision.js';
import { SAMPLE_APPLICATIONS } from '../src/underwriting/fixtures.js';
import { assess } from '../src/underwriting/policy.js';

const UNDERWRITE = 'underwrite-loan-application';
const REVIEW = 'review-referred-application';
const CAIRN = 'https://cairn.example.com';

let runtime: TriggerTestRuntime;
let t: TestLedger;

beforeAll(async () => {
  runtime = installTriggerTestRuntime();
  t = await openTestLedger();
  registerCairn({
    ...cairnOptions(ledgerSink(t.ledger), { cairnUrl: CAIRN }),
    triggerOrigin: 'https://cloud.trigger.dev',
    logger: false,
  });
  // Task files register their tasks when imported, so they are imported once the runtime is in place.
  await import('../src/trigger/underwrite.js');
  await import('../src/trigger/review.js');
});

afterAll(async () => {
  await t.close();
});

async function sealedOf(runId: string): Promise<Entry[]> {
  return entriesOfRun(await t.entries(), runId);
}

function outputOf(result: TaskRunOutcome['final']): unknown {
  if (!result.ok || result.output === undefined) throw new Error('expected a successful attempt with output');
  // The executor returns output serialized as superjson: {"json": …}.
  return (JSON.parse(result.output) as { json: unknown }).json;
}

/** What the decision entry must hold, from the agent's own assessment of the application. */
async function expectedDecision(application: LoanApplication, attempt: number) {
  const report = await lookUpCreditReport(application.applicantRef, attempt);
  const { subject, ...body } = underwritingDecision(application, report, assess(application, report));
  return { subject, decision: { ...body, agent: UNDERWRITER_AGENT } };
}

describe('the loan underwriting project', () => {
  it.each([
    ['strong', SAMPLE_APPLICATIONS.strong, 'approve'],
    ['borderline', SAMPLE_APPLICATIONS.borderline, 'refer'],
    ['weak', SAMPLE_APPLICATIONS.weak, 'decline'],
    ['thin-file', SAMPLE_APPLICATIONS.thinFile, 'refer'],
  ] as const)(
    'seals the %s application’s %s decision with its run link',
    async (_name, application, label) => {
      const { runId, final } = await runTask(UNDERWRITE, application, {
        run: { tags: [`application:${application.applicationId}`] },
      });
      expect(final.ok).toBe(true);
      const entries = await sealedOf(runId);
      expect(timeline(entries)).toStrictEqual([
        'ATTEMPT_STARTED@1',
        `decision:${label}@1`,
        'RUN_SUCCEEDED@1',
        'RUN_COMPLETED@1',
      ]);
      const decision = entries[1] as DecisionEntry;
      const expected = await expectedDecision(application, 1);
      expect(decision.decision).toStrictEqual(expected.decision);
      expect(decision.subject).toStrictEqual(expected.subject);
      expect(decision.retention).toStrictEqual({ class: 'eu-ai-act-6m' });
      expect(decision.tags).toStrictEqual(['eu-ai-act:art12']);
      for (const entry of entries) {
        expect(entry.run).toStrictEqual(
          expectedRunLink(UNDERWRITE, runId, 1, { tags: [`application:${application.applicationId}`] }),
        );
      }
      expect(outputOf(final)).toStrictEqual({
        applicationId: application.applicationId,
        decision: label,
        decisionId: decision.id,
      });
      expect(runtime.metadata.current()?.cairn).toStrictEqual({
        run: `${CAIRN}/v1/runs/trigger.dev/${runId}`,
        decisions: [{ id: decision.id, url: `${CAIRN}/v1/decisions/${decision.id}` }],
      });
    },
  );

  it('retries when the credit bureau times out, and seals the failed attempt with its error before the decision', async () => {
    const application = SAMPLE_APPLICATIONS.slowBureau;
    const { runId, attempts } = await runTask(UNDERWRITE, application);
    expect(attempts.map((a) => a.ok)).toStrictEqual([false, true]);
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'ATTEMPT_FAILED@1',
      'ATTEMPT_STARTED@2',
      'decision:approve@2',
      'RUN_SUCCEEDED@2',
      'RUN_COMPLETED@2',
    ]);
    expect(runEventsOf(entries)[1]).toStrictEqual(
      expectedRunEvent(UNDERWRITE, runId, 1, {
        state: 'ATTEMPT_FAILED',
        status: 'retrying',
        hook: 'catchError',
        error: { type: 'BureauUnavailableError', message: 'credit bureau did not answer within 5 s' },
      }),
    );
    expect((entries[3] as DecisionEntry).decision).toStrictEqual(
      (await expectedDecision(application, 2)).decision,
    );
    expect(entries[3]!.run).toStrictEqual(expectedRunLink(UNDERWRITE, runId, 2));
  });

  it("seals an underwriter's override of a referred application as oversight of the agent's decision", async () => {
    const underwriting = await runTask(UNDERWRITE, SAMPLE_APPLICATIONS.borderline);
    const { decisionId } = outputOf(underwriting.final) as {
      decisionId: string;
    };
    const review = {
      decisionId,
      reviewerId: 'underwriter-118',
      action: 'overridden',
      newChoice: 'approve',
      note: 'verified income',
    };
    const { runId, final } = await runTask(REVIEW, review);
    expect(final.ok).toBe(true);
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'oversight:@1',
      'RUN_SUCCEEDED@1',
      'RUN_COMPLETED@1',
    ]);
    const oversight = entries[1] as OversightEntry;
    expect(oversight.refs).toStrictEqual([{ id: decisionId }]);
    expect(oversight.oversight).toStrictEqual({
      action: 'overridden',
      reviewer: { id: 'underwriter-118', role: 'senior-underwriter' },
      note: 'verified income',
      newChoice: { label: 'approve' },
    });
    expect(oversight.run).toStrictEqual(expectedRunLink(REVIEW, runId, 1));
  });

  it('records nothing for an application the schema refuses: Trigger.dev rejects it before any middleware runs', async () => {
    const { runId, final } = await runTask(UNDERWRITE, { ...SAMPLE_APPLICATIONS.strong, termMonths: 600 });
    expect(!final.ok && final.error).toMatchObject({ type: 'INTERNAL_ERROR', code: 'TASK_INPUT_ERROR' });
    expect(await sealedOf(runId)).toStrictEqual([]);
  });

  it('leaves a ledger that verifies against a fresh signed checkpoint', async () => {
    const report = await t.verify();
    expect(report.problems).toStrictEqual([]);
    expect(report.ok).toBe(true);
    expect(report.entriesChecked).toBe((await t.entries()).length);
  });
});
