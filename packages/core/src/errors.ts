/**
 * Every error Cairn throws carries a stable `code` from this closed union, so callers branch on the code and
 * never on the message text. Messages name the field, what was expected and what came, and never echo a
 * secret or a whole payload.
 */
export type CairnErrorCode =
  | 'invalid_json'
  | 'invalid_entry'
  | 'invalid_argument'
  | 'invalid_key'
  | 'invalid_note'
  | 'invalid_checkpoint'
  | 'invalid_proof'
  | 'invalid_receipt'
  | 'signature_failed'
  | 'not_found'
  | 'conflict'
  | 'integrity'
  | 'storage'
  | 'unavailable'
  | 'closed'
  | 'config';

/**
 * The one error class of Cairn.
 *
 * @example
 * try { canonicalize({ n: NaN }) } catch (e) { if (e instanceof CairnError && e.code === 'invalid_json') … }
 */
export class CairnError extends Error {
  readonly code: CairnErrorCode;

  constructor(code: CairnErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CairnError';
    this.code = code;
  }
}

/** True when `value` is a {@link CairnError}, optionally with the given code. */
export function isCairnError(value: unknown, code?: CairnErrorCode): value is CairnError {
  return value instanceof CairnError && (code === undefined || value.code === code);
}
