// Reading one environment variable at a time. Each reader records a problem naming the variable and what it
// expected, and returns undefined, so a misconfigured start lists every bad variable at once. Secrets (tokens,
// keys, database URLs) are never echoed.
import { describeValue, isHttpUrl, problem } from '@cairn/core';
import type { Problem } from '@cairn/core';

/** The environment as `process.env` types it. */
export type Env = Readonly<Record<string, string | undefined>>;

type Range = { readonly min: number; readonly max: number };

/** Reads variables of one environment, collecting problems. */
export type EnvReader = {
  /** The trimmed value, or undefined when unset or blank. */
  text(name: string): string | undefined;
  /** A whole number within the range; `fallback` when unset. */
  integer(name: string, range: Range, fallback: number): number;
  optionalInteger(name: string, range: Range): number | undefined;
  /** An absolute http(s) URL. */
  url(name: string): string | undefined;
  /** Comma-separated bearer tokens (RFC 6750 b64token alphabet), each at least `minLength` characters. */
  tokens(name: string, minLength: number): string[];
  /** A secret of at least `minLength` characters. */
  secret(name: string, minLength: number): string | undefined;
  /** `true`/`1`/`yes`/`on` or `false`/`0`/`no`/`off`. */
  flag(name: string, fallback: boolean): boolean;
  readonly problems: Problem[];
};

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off']);

type Context = {
  readonly text: (name: string) => string | undefined;
  readonly report: (name: string, code: string, message: string) => void;
};

function readInteger({ text, report }: Context, name: string, { min, max }: Range): number | undefined {
  const value = text(name);
  if (value === undefined) return undefined;
  const n = /^\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  report(
    name,
    'invalid_number',
    `expected a whole number from ${min} to ${max}, got ${describeValue(value)}`,
  );
  return undefined;
}

function readTokens({ text, report }: Context, name: string, minLength: number): string[] {
  const tokens = (text(name) ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
  tokens.forEach((token, i) => {
    if (TOKEN.test(token) && token.length >= minLength) return;
    // The length and the kind of fault only: a token, even a malformed one, is never shown.
    const which = tokens.length > 1 ? `token ${i + 1}: ` : '';
    const others = TOKEN.test(token) ? '' : ' with others among them';
    report(
      name,
      'invalid_token',
      `${which}expected at least ${minLength} characters of A-Z a-z 0-9 - . _ ~ + / (RFC 6750), got ${token.length} characters${others}`,
    );
  });
  return tokens;
}

function readFlag({ text, report }: Context, name: string, fallback: boolean): boolean {
  const value = text(name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (TRUE.has(value) || FALSE.has(value)) return TRUE.has(value);
  report(name, 'invalid_flag', `expected true or false, got ${describeValue(value)}`);
  return fallback;
}

/**
 * A reader over `env` that collects every problem in `problems`.
 *
 * @example const read = envReader(process.env); const port = read.integer('CAIRN_PORT', { min: 0, max: 65535 }, 7070);
 */
export function envReader(env: Env): EnvReader {
  const problems: Problem[] = [];
  const context: Context = {
    text: (name) => {
      const value = env[name]?.trim();
      return value === undefined || value === '' ? undefined : value;
    },
    report: (name, code, message) => problems.push(problem(name, code, `${name}: ${message}`)),
  };
  const { text, report } = context;
  return {
    problems,
    text,
    optionalInteger: (name, range) => readInteger(context, name, range),
    integer: (name, range, fallback) => readInteger(context, name, range) ?? fallback,
    url(name) {
      const value = text(name);
      if (value === undefined || isHttpUrl(value)) return value;
      report(name, 'invalid_url', 'expected an absolute http:// or https:// URL');
      return undefined;
    },
    tokens: (name, minLength) => readTokens(context, name, minLength),
    secret(name, minLength) {
      const value = text(name);
      if (value === undefined || value.length >= minLength) return value;
      report(name, 'weak_secret', `expected at least ${minLength} characters, got ${value.length}`);
      return undefined;
    },
    flag: (name, fallback) => readFlag(context, name, fallback),
  };
}
