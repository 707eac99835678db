// The public surface of @cairn/core, listed by name.
export { CairnError, isCairnError } from './errors.js';
export type { CairnErrorCode } from './errors.js';
export { ok, fail, problem, formatProblems, describeValue } from './result.js';
export type { Problem, Result } from './result.js';
export { utf8, fromUtf8, toHex, fromHex, toBase64, fromBase64, bytesEqual, concatBytes } from './bytes.js';
export { sha256 } from './hash/sha256.js';
