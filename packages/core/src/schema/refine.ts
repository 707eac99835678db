// Cross-field checks as zod checks that always run, even when a field already failed: an auditor wants every
// problem at once, and zod skips refinements of an object whose fields have issues unless told otherwise.
import { z } from 'zod';
import type { Finding } from './problems.js';

/** A check of one object that may be malformed: it reads defensively and returns what it found. */
export type CrossCheck = (value: unknown) => readonly Finding[];

/**
 * Wraps a cross-field check for `.check(...)`; its findings keep their codes through problems.ts.
 *
 * @example z.strictObject({ … }).check(crossCheck(checkRedaction))
 */
export function crossCheck(check: CrossCheck) {
  return z.superRefine<unknown>(
    (value, ctx) => {
      for (const f of check(value)) {
        ctx.addIssue({ code: 'custom', path: [...f.segments], message: f.text, params: { code: f.code } });
      }
    },
    { when: () => true },
  );
}
