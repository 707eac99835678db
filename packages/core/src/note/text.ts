// Shared reading rules for the C2SP text formats (signed notes, checkpoints, tlog-proof receipts): a size bound,
// strict UTF-8, no control characters but newline, and problems that name the line they found.
import { utf8 } from '../bytes.js';
import { describeValue, problem } from '../result.js';
import type { Problem, Result } from '../result.js';
import { fail, ok } from '../result.js';

/**
 * The largest note, checkpoint or receipt read, in UTF-8 bytes. C2SP signed-note asks verifiers to bound the
 * work a note can cause; 100 post-quantum signatures of ~5 kB still fit well under this.
 *
 * @example
 * if (file.size > MAX_TEXT_BYTES) return; // openNote would refuse it as too_large
 */
export const MAX_TEXT_BYTES = 1_000_000;

/** At most this many problems of one kind are listed; the rest are counted, so a hostile input stays cheap. */
const MAX_LINE_PROBLEMS = 10;

/** Where the text sits, so problems read `receipt line 12: …` when a checkpoint is embedded in a receipt. */
export type TextContext = { readonly label: string; readonly lineOffset: number };

/** A decoded text input: the string and its exact UTF-8 bytes (the bytes a signature covers). */
export type DecodedText = { readonly text: string; readonly bytes: Uint8Array };

// ignoreBOM keeps a leading U+FEFF: the default decoder would drop it and change the signed bytes.
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The path of a problem on line `line` (1-based within the text) of the context. */
export function linePath(ctx: TextContext, line: number): string {
  return `${ctx.label} line ${line + ctx.lineOffset}`;
}

/**
 * Reads a string or UTF-8 bytes, rejecting oversized input before any other work, then malformed UTF-8 (bytes)
 * or lone surrogates (strings, which have no UTF-8 encoding) with the lines they are on.
 */
export function decodeText(input: unknown, ctx: TextContext): Result<DecodedText> {
  if (typeof input === 'string') {
    // A string of more UTF-16 units than the bound has at least as many UTF-8 bytes: reject before encoding.
    if (input.length > MAX_TEXT_BYTES) return fail([tooLarge(ctx, input.length, 'characters')]);
    const surrogates = loneSurrogateLines(input, ctx);
    if (surrogates.length > 0) return fail(surrogates);
    const bytes = utf8(input);
    if (bytes.length > MAX_TEXT_BYTES) return fail([tooLarge(ctx, bytes.length, 'bytes')]);
    return ok({ text: input, bytes });
  }
  if (input instanceof Uint8Array) {
    if (input.length > MAX_TEXT_BYTES) return fail([tooLarge(ctx, input.length, 'bytes')]);
    return decodeBytes(input, ctx);
  }
  return fail([
    problem(
      ctx.label,
      'invalid_type',
      `${ctx.label}: expected a string or UTF-8 bytes, got ${describeValue(input)}`,
    ),
  ]);
}

function tooLarge(ctx: TextContext, size: number, unit: string): Problem {
  return problem(
    ctx.label,
    'too_large',
    `${ctx.label}: expected at most ${MAX_TEXT_BYTES} bytes, got ${size} ${unit}`,
  );
}

function decodeBytes(bytes: Uint8Array, ctx: TextContext): Result<DecodedText> {
  try {
    return ok({ text: strictDecoder.decode(bytes), bytes });
  } catch {
    // Byte 0x0A never occurs inside a multi-byte UTF-8 sequence, so decoding line by line finds the bad lines.
    const problems: Problem[] = [];
    let start = 0;
    let line = 1;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      if (!isUtf8(bytes.subarray(start, i))) {
        problems.push(
          problem(linePath(ctx, line), 'invalid_utf8', `${linePath(ctx, line)}: not valid UTF-8`),
        );
      }
      start = i + 1;
      line++;
    }
    return fail(capProblems(problems, ctx, 'invalid_utf8', 'lines are not valid UTF-8'));
  }
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictDecoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a UTF-16 surrogate without its pair: a string no UTF-8 encodes. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

function loneSurrogateLines(text: string, ctx: TextContext): Problem[] {
  if (!LONE_SURROGATE.test(text)) return [];
  const problems = text
    .split('\n')
    .flatMap((content, i) =>
      LONE_SURROGATE.test(content)
        ? [
            problem(
              linePath(ctx, i + 1),
              'invalid_utf8',
              `${linePath(ctx, i + 1)}: lone surrogate, not valid UTF-8`,
            ),
          ]
        : [],
    );
  return capProblems(problems, ctx, 'invalid_utf8', 'lines are not valid UTF-8');
}

/* eslint-disable no-control-regex -- C2SP signed-note: notes "MUST NOT contain any ASCII control characters
   (those below U+0020) other than newline"; these patterns match exactly those characters. */
const CONTROL = /[\u0000-\u0009\u000B-\u001F]/;
const CONTROL_OR_NEWLINE = /[\u0000-\u001F]/;
/* eslint-enable no-control-regex */

/** True when `text` fits on one line of a note: no control character, newline included. */
export function isSingleLine(text: string): boolean {
  return !CONTROL_OR_NEWLINE.test(text);
}

/** One problem per line holding a control character other than newline (CR of a CRLF file, tab, NUL, …). */
export function controlCharacterProblems(text: string, ctx: TextContext): Problem[] {
  if (!CONTROL.test(text)) return [];
  const problems: Problem[] = [];
  text.split('\n').forEach((content, i) => {
    const found = CONTROL.exec(content);
    if (found === null) return;
    const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    const path = linePath(ctx, i + 1);
    const hint = code === '000D' ? ' (CRLF line ends are not allowed)' : '';
    problems.push(
      problem(path, 'control_character', `${path}: control character U+${code} is not allowed${hint}`),
    );
  });
  return capProblems(problems, ctx, 'control_character', 'lines hold control characters');
}

/** Keeps the first problems of a kind and counts the rest in one more problem. */
export function capProblems(problems: Problem[], ctx: TextContext, code: string, what: string): Problem[] {
  if (problems.length <= MAX_LINE_PROBLEMS) return problems;
  const more = problems.length - MAX_LINE_PROBLEMS;
  return [
    ...problems.slice(0, MAX_LINE_PROBLEMS),
    problem(ctx.label, code, `${ctx.label}: ${more} more ${what}`),
  ];
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

/**
 * Parses an ASCII decimal with no leading zeros (C2SP tlog-checkpoint tree size, tlog-proof index) up to
 * Number.MAX_SAFE_INTEGER; returns a message fragment on failure.
 */
export function parseDecimal(text: string): { value: number } | { error: string } {
  if (!DECIMAL.test(text)) {
    return { error: `expected a decimal integer without sign or leading zeros, got ${describeValue(text)}` };
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    return { error: `expected at most ${Number.MAX_SAFE_INTEGER}, got a number of ${text.length} digits` };
  }
  return { value };
}

/**
 * Array.isArray without its `any[]` narrowing, so a checked `readonly T[]` parameter keeps its element type
 * (arguments are checked at run time: JavaScript callers can pass anything).
 */
export function isList(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}
