import { describeValue, fail, ok, problem } from '@cairn/core';
import type { AppendResult, Entry, Problem, Result } from '@cairn/core';

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Reads a 200 answer of `POST /v1/decisions`, `{ accepted: [{ id, index, leafHash, duplicate }] }`, and checks
 * it holds one well-formed receipt for each entry sent, in the order sent.
 */
export function parseAccepted(body: unknown, sent: readonly Entry[]): Result<AppendResult[]> {
  const accepted = (body as { accepted?: unknown } | undefined)?.accepted;
  if (!Array.isArray(accepted))
    return fail([problem('accepted', 'type', `accepted: expected an array, got ${describeValue(accepted)}`)]);
  if (accepted.length !== sent.length) {
    return fail([
      problem('accepted', 'count', `accepted: expected ${sent.length} receipts, got ${accepted.length}`),
    ]);
  }
  const results: AppendResult[] = [];
  const problems: Problem[] = [];
  accepted.forEach((item: unknown, i) => {
    const r = item as Partial<AppendResult> | null;
    const good =
      r !== null &&
      typeof r === 'object' &&
      r.id === sent[i]!.id &&
      Number.isSafeInteger(r.index) &&
      (r.index as number) >= 0 &&
      typeof r.leafHash === 'string' &&
      HEX64.test(r.leafHash) &&
      typeof r.duplicate === 'boolean';
    if (good) results.push({ id: r.id, index: r.index!, leafHash: r.leafHash, duplicate: r.duplicate });
    else
      problems.push(
        problem(`accepted[${i}]`, 'receipt', `accepted[${i}]: expected the receipt of entry ${i} sent`),
      );
  });
  return problems.length === 0 ? ok(results) : fail(problems);
}

/** Reads a 400 answer, `{ error, problems }`, keeping only well-formed problems. */
export function parseRefusal(body: unknown): readonly Problem[] {
  const raw = (body as { problems?: unknown } | undefined)?.problems;
  const problems = Array.isArray(raw)
    ? raw.filter(
        (p: unknown): p is Problem =>
          typeof p === 'object' &&
          p !== null &&
          typeof (p as Problem).path === 'string' &&
          typeof (p as Problem).message === 'string',
      )
    : [];
  if (problems.length > 0)
    return problems.map((p) => problem(p.path, typeof p.code === 'string' ? p.code : 'invalid', p.message));
  const error = (body as { error?: unknown } | undefined)?.error;
  return [
    problem(
      '',
      'rejected',
      `the server refused the entry (400${typeof error === 'string' ? `: ${error.slice(0, 200)}` : ''})`,
    ),
  ];
}
