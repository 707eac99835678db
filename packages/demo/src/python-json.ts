// The JSON text Python producers put on the wire, byte for byte: `json.dumps` with its default separators
// (", " and ": "), `ensure_ascii=True`, optionally `sort_keys=True` (openlineage-python's Serde.to_json, Jinja's
// `tojson` in Prefect automations) and Jinja's HTML-safe escapes. Receivers digest the bytes they get, so the demo
// sends what the real producers send, not what JSON.stringify would.

/** How to dump. */
export type PythonJsonOptions = {
  /** `sort_keys=True`: keys in Python's str order (the demo's keys are ASCII, where it equals JS string order). */
  readonly sortKeys?: boolean;
  /** Jinja's `htmlsafe_json_dumps`: `<`, `>`, `&` and `'` as `\u003c`, `\u003e`, `\u0026`, `\u0027`. */
  readonly htmlSafe?: boolean;
};

/** A JSON value as a Python producer would hold it; `undefined` members are dropped, as openlineage drops None. */
export type PythonValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly PythonValue[]
  | { readonly [key: string]: PythonValue };

// json.dumps(ensure_ascii=True) escapes every character outside printable ASCII (0x20..0x7E) as \uXXXX, lower-case
// hex, astral characters as surrogate pairs; JSON.stringify already escapes control characters the same way.
function pythonString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dump(value: PythonValue, sortKeys: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return pythonString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    // Python prints a float with a fraction the way JS does (shortest round trip); the demo never holds an
    // integral float such as 2.0, which Python would print as "2.0".
    if (!Number.isFinite(value)) throw new RangeError('pythonJson: NaN and Infinity are not JSON');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => dump(item as PythonValue, sortKeys)).join(', ')}]`;
  const record = value as { readonly [key: string]: PythonValue };
  const keys = Object.keys(record).filter((key) => record[key] !== undefined);
  if (sortKeys) keys.sort(byCodePoint);
  return `{${keys.map((key) => `${pythonString(key)}: ${dump(record[key], sortKeys)}`).join(', ')}}`;
}

/**
 * `json.dumps(value)` as CPython writes it (with `sort_keys` and Jinja's HTML-safe escapes when asked).
 *
 * @example pythonJson({ b: 1, a: 'é' }, { sortKeys: true }) === '{"a": "\\u00e9", "b": 1}'
 */
export function pythonJson(value: PythonValue, options: PythonJsonOptions = {}): string {
  const text = dump(value, options.sortKeys === true);
  if (options.htmlSafe !== true) return text;
  return text
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}
