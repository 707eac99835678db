import { CairnError, fail, ok, problem } from '@cairn/core';
import type { AppendResult, Entry } from '@cairn/core';
import type { PrivacyEngine } from '../privacy/privacy.js';
import type { SealedSecret } from '../privacy/seal.js';
import type { Rejection, Sink } from '../sinks/sink.js';
import type { Capture } from './capture.js';
import type { ProblemReporter } from './problems.js';

/** What one batch needs from the recorder. */
export type DispatchContext = {
  readonly sink: Sink;
  readonly privacy: PrivacyEngine | undefined;
  readonly report: ProblemReporter;
};

/**
 * Hands one batch to the sink and settles its captures. The synchronous part (vault append, `sink.write`) runs
 * before the first await, so batches reach a journaling sink in the order they were taken. Resolves once the
 * batch is durable or has failed, not when it is sealed: receipts settle `sealed` later.
 */
export async function dispatch(batch: readonly Capture[], ctx: DispatchContext): Promise<void> {
  const items = batch.map((c) => c.take());
  const entries = items.map((i) => i.entry);
  const vaultDone = persistSecrets(items, ctx);
  const rejected: Rejection[] = [];
  let signalDurable: () => void = () => undefined;
  const durableSignal = new Promise<'durable'>((resolve) => (signalDurable = () => resolve('durable')));
  let written: Promise<readonly AppendResult[]>;
  try {
    written = ctx.sink.write(entries, { onDurable: signalDurable, onRejected: (r) => rejected.push(...r) });
  } catch (error) {
    written = Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  const outcome = written.then(
    (results) => ({ results }),
    (error: Error) => ({ error }),
  );
  const first = await Promise.race([durableSignal, outcome]);
  const vaultError = await vaultDone;
  if (first === 'durable') {
    // Journaled: the caller may go on; receipts settle `sealed` whenever the spool delivers.
    for (const c of batch)
      if (vaultError) c.notDurable(vaultError);
      else c.durable();
    void outcome.then((s) =>
      'results' in s
        ? settleResults(batch, s.results, rejected, ctx.report)
        : settleFailure(batch, s.error, true, ctx.report),
    );
    return;
  }
  // Settling first lets refused entries reject their fail-closed callers before the rest are marked durable.
  if ('results' in first) settleResults(batch, first.results, rejected, ctx.report);
  else settleFailure(batch, first.error, false, ctx.report);
  for (const c of batch)
    if (vaultError) c.notDurable(vaultError);
    else c.durable();
}

async function persistSecrets(
  items: readonly { entry: Entry; secrets: readonly SealedSecret[] | undefined }[],
  ctx: DispatchContext,
): Promise<Error | undefined> {
  if (ctx.privacy === undefined) return undefined;
  try {
    await ctx.privacy.persist(items);
    return undefined;
  } catch (cause) {
    const error = new CairnError('storage', 'the privacy vault could not store sealed values', { cause });
    ctx.report({
      code: 'vault_failed',
      message: error.message,
      entryIds: items.map((i) => i.entry.id),
      cause,
    });
    return error;
  }
}

function settleResults(
  batch: readonly Capture[],
  results: readonly AppendResult[],
  rejected: readonly Rejection[],
  report: ProblemReporter,
): void {
  const byId = new Map(results.map((r) => [r.id, r]));
  const refusals = new Map(rejected.map((r) => [r.id, r.problems]));
  const missing: string[] = [];
  for (const c of batch) {
    const result = byId.get(c.id);
    const problems = refusals.get(c.id);
    if (result) c.settle(ok(result));
    else if (problems) {
      c.settle(fail(problems));
      c.notDurable(
        new CairnError('invalid_entry', `entry ${c.id} was refused by the sink`, { cause: { problems } }),
      );
    } else {
      missing.push(c.id);
      c.settle(fail([problem('', 'missing', 'the sink returned no receipt for this entry')]));
    }
  }
  if (refusals.size > 0) {
    report({
      code: 'rejected',
      message: `the sink refused ${refusals.size} entries`,
      entryIds: [...refusals.keys()],
      problems: rejected.flatMap((r) => r.problems),
    });
  }
  if (missing.length > 0)
    report({
      code: 'lost',
      message: `the sink returned no receipt for ${missing.length} entries`,
      entryIds: missing,
    });
}

function settleFailure(
  batch: readonly Capture[],
  error: Error,
  durable: boolean,
  report: ProblemReporter,
): void {
  const reason = error.message;
  if (durable) {
    // Stored (in a spool) but this process will not see the receipt: not a loss.
    for (const c of batch)
      c.settle(fail([problem('', 'unsealed', `durable, receipt not awaited: ${reason}`)]));
    return;
  }
  const ids = batch.map((c) => c.id);
  for (const c of batch) {
    c.settle(fail([problem('', 'lost', `not stored: ${reason}`)]));
    c.notDurable(
      new CairnError('unavailable', `entry ${c.id} could not be stored durably: ${reason}`, { cause: error }),
    );
  }
  report({
    code: 'lost',
    message: `${ids.length} entries could not be stored: ${reason}`,
    entryIds: ids,
    cause: error,
  });
}
