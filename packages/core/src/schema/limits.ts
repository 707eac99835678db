// Size bounds of the record schema, so one entry can never grow huge: a ledger row, a Merkle leaf and a receipt
// stay cheap to store, hash and ship. The issue fixes strings at 10,000 characters and lists at 100 items; the
// others follow from the formats they bound.

/** Longest string, except `decision.reasoning.text` and strings inside `decision.context` (bounded by the entry). */
export const MAX_TEXT = 10_000;

/** Longest entry id, ref id or producer id. */
export const MAX_ID = 128;

/** Longest `runEvent.error.message`: producers truncate orchestrator errors to this. */
export const MAX_ERROR_MESSAGE = 2_000;

/** Most alternatives, factors, refs, tags, redactions, changes, or keys in `run.ids`. */
export const MAX_ITEMS = 100;

/** Longest object key inside an open JSON record (`context`, `details`, `ids`, JSON values). */
export const MAX_KEY = 1_000;

/** Deepest nesting of one JSON value (`context`, `details`, `chosen.value`, …): objects and arrays count a level. */
export const MAX_VALUE_DEPTH = 32;

/**
 * Deepest nesting of the whole entry read from untrusted input. The envelope adds at most 4 levels above a JSON
 * value (`decision.factors[0].value`), so 40 leaves room for the JSON limit while no input can recurse further.
 */
export const MAX_NESTING = 40;

/** Largest entry: 256 KiB of JSON text, measured in UTF-16 units of `JSON.stringify` (see validate.ts). */
export const MAX_ENTRY_CHARS = 256 * 1024;

/**
 * The bounds above, for producers that trim before they record (an SDK truncating a long note, say).
 *
 * @example if (note.length > ENTRY_LIMITS.text) note = note.slice(0, ENTRY_LIMITS.text)
 */
export const ENTRY_LIMITS = Object.freeze({
  text: MAX_TEXT,
  id: MAX_ID,
  errorMessage: MAX_ERROR_MESSAGE,
  items: MAX_ITEMS,
  key: MAX_KEY,
  valueDepth: MAX_VALUE_DEPTH,
  nesting: MAX_NESTING,
  entryChars: MAX_ENTRY_CHARS,
});
