// The shared list of hostile inputs every public parser and validator of Cairn is run against
// (src/hostile-inputs.test.ts). Inputs are built lazily by `make`, since some are megabytes.
//
// `okInContext` says whether an entry whose `decision.context.x` holds the input is valid: NUL bytes, a BOM or
// CRLF are ordinary text there and an undefined property is left out, while a lone surrogate, NaN, a cycle or
// two megabytes have no place in a sealed entry.

/** One hostile input: a name for test titles, a maker, and whether it may sit in an open JSON record. */
export type Hostile<T> = { readonly name: string; readonly make: () => T; readonly okInContext: boolean };

const h = <T>(name: string, okInContext: boolean, make: () => T): Hostile<T> => ({ name, make, okInContext });

const BIG = 2_000_000;

function nestedText(depth: number, open: string, inner: string, close: string): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

/** Hostile texts: what an HTTP body, a file or a header may hold. */
export const HOSTILE_STRINGS: readonly Hostile<string>[] = [
  h('the empty string', true, () => ''),
  h('a string of 2 million characters', false, () => 'A'.repeat(BIG)),
  h('a JSON string of 2 million characters', false, () => `{"a":"${'x'.repeat(BIG)}"}`),
  h('arrays nested 10,000 deep', true, () => nestedText(10_000, '[', '', ']')),
  h('objects nested 10,000 deep', true, () => nestedText(10_000, '{"a":', '1', '}')),
  h('a __proto__ key', true, () => '{"__proto__": {"polluted": true}}'),
  h('a constructor.prototype key', true, () => '{"constructor": {"prototype": {"polluted": true}}}'),
  h('a lone high surrogate', false, () => 'abc\uD800def'),
  h('a lone low surrogate', false, () => '\uDC00'),
  h('an escaped lone surrogate in JSON', true, () => '{"a": "\\ud800"}'),
  h('NUL bytes', true, () => 'a\u0000b\u0000'),
  h('a byte order mark', true, () => '\uFEFF{"a": 1}'),
  h('CRLF line endings', true, () => 'line one\r\nline two\r\n\r\n'),
  h('a lone carriage return', true, () => 'a\rb'),
  h('terminal escape sequences', true, () => '\u001b[31mred\u001b[0m\u0007'),
  h('a right-to-left override', true, () => 'invoice\u202Efdp.exe'),
  h('replacement characters from invalid UTF-8', true, () =>
    new TextDecoder().decode(new Uint8Array([0xc3, 0x28, 0xff, 0xfe])),
  ),
  h('mojibake from a Latin-1 decode', true, () => 'Ã©Ã¨'),
  h('the number 1e400', true, () => '1e400'),
  h('negative zero', true, () => '-0'),
  h('2^53 + 1', true, () => '9007199254740993'),
  h('NaN as text', true, () => 'NaN'),
  h('Infinity as text', true, () => '-Infinity'),
  h('duplicate keys', true, () => '{"a": 1, "a": 2}'),
  h('a key of a million characters', false, () => `{"${'k'.repeat(1_000_000)}": 1}`),
  h('an array of a million items', false, () => `[${'0,'.repeat(999_999)}0]`),
  h('a million lines', false, () => 'x\n'.repeat(1_000_000)),
  h('a truncated JSON object', true, () => '{"kind": "decision", "id": '),
];

/** Hostile UTF-8 byte sequences, for parsers that take bytes (bytes are never a JSON value: `okInContext` is false). */
export const HOSTILE_BYTES: readonly Hostile<Uint8Array>[] = [
  h('a truncated two-byte sequence', false, () => new Uint8Array([0x61, 0xc3])),
  h('an overlong encoding of "/"', false, () => new Uint8Array([0xc0, 0xaf])),
  h('an encoded surrogate (CESU-8)', false, () => new Uint8Array([0xed, 0xa0, 0x80])),
  h('bytes 0xFE 0xFF', false, () => new Uint8Array([0xfe, 0xff])),
  h('a code point above U+10FFFF', false, () => new Uint8Array([0xf4, 0x90, 0x80, 0x80])),
  h('a UTF-8 byte order mark', false, () => new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d])),
  h('a megabyte of zero bytes', false, () => new Uint8Array(1 << 20)),
];

function nestedValue(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

function cyclic(): unknown {
  const node: Record<string, unknown> = { name: 'loop' };
  node.self = { parent: node };
  return node;
}

function throwingGetter(): unknown {
  return Object.defineProperty({}, 'field', {
    enumerable: true,
    get() {
      throw new Error('getter refused: sk_live_do_not_echo');
    },
  });
}

function throwingProxy(): unknown {
  const refuse = () => {
    throw new Error('proxy refused');
  };
  return new Proxy(
    {},
    { get: refuse, ownKeys: refuse, getOwnPropertyDescriptor: refuse, getPrototypeOf: refuse, has: refuse },
  );
}

function revokedProxy(): unknown {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Hostile JavaScript values: what a caller of a validator of `unknown` may pass. */
export const HOSTILE_VALUES: readonly Hostile<unknown>[] = [
  h('NaN', false, () => NaN),
  h('Infinity', false, () => Infinity),
  h('1e400 (Infinity once parsed)', false, () => Number('1e400')),
  h('negative zero', true, () => -0),
  h('2^53 + 1 (2^53 once parsed)', false, () => 2 ** 53 + 1),
  h('a BigInt', false, () => 10n ** 30n),
  h('a symbol', false, () => Symbol('hostile')),
  h('a function', false, () => () => 'called'),
  h('undefined', true, () => undefined),
  h('objects nested 10,000 deep', false, () => nestedValue(10_000)),
  h('an array of a million items', false, () => new Array<number>(1_000_000).fill(0)),
  h('a sparse array of length 2^32 − 1', false, () => new Array<number>(2 ** 32 - 1)),
  h('a string of 2 million characters', false, () => 'A'.repeat(BIG)),
  h('a key of a million characters', false, () => ({ ['k'.repeat(1_000_000)]: 1 })),
  h('a parsed __proto__ key', false, () => JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
  h(
    'a constructor.prototype key',
    false,
    () => JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown,
  ),
  h('a lone surrogate in a key', false, () => ({ ['k\uD800']: 1 })),
  h('a cyclic object', false, cyclic),
  h('a getter that throws', false, throwingGetter),
  h('a Proxy whose traps throw', false, throwingProxy),
  h('a revoked Proxy', false, revokedProxy),
  h('a Date', false, () => new Date(0)),
  h('a Map', false, () => new Map([['a', 1]])),
  h('a boxed string', false, () => new String('boxed')),
  h('a typed array', false, () => new Uint8Array(16)),
  h('an object with a toJSON method', false, () => ({ toJSON: () => ({ kind: 'decision' }) })),
  h('an object without a prototype', true, () => Object.assign(Object.create(null) as object, { a: 1 })),
];
