// A fast yes for valid entries. zod's parser builds payloads, issues and an output copy at every node, and under
// load it took most of validateEntry's time on a realistic decision. Valid input needs none of that, so each schema
// is compiled once into a plain predicate that answers "zod accepts this value and outputs it unchanged". False is
// no verdict: the caller then asks zod itself, which finds the problems.
//
// The contract is one-sided: a predicate may say false where zod accepts (the caller only loses time), never true
// where zod fails. So it models only node types whose rules it can state exactly (zod 4's own, read from its
// source), and runs every check through zod's own check function: bounds, formats, code-point lengths and
// refinements are zod's code, not a copy. Any other node is parsed by zod itself, and trusted only when its
// output is the very input (a primitive).
import { z } from 'zod';

/** True only when zod accepts the value and its output equals the value. */
export type Accepts = (value: unknown) => boolean;

type Schema = z.core.$ZodType;
type Check = z.core.$ZodCheck<unknown>;
type Fields = Record<string, unknown>;

/** What a schema can accept at all, by the kind of JavaScript value: to know which option of a union decides. */
type Category = 'string' | 'number' | 'boolean' | 'null' | 'undefined' | 'array' | 'object' | 'other';

const ANY: ReadonlySet<Category> = new Set<Category>([
  'string',
  'number',
  'boolean',
  'null',
  'undefined',
  'array',
  'object',
  'other',
]);

/** Predicates by schema, so a recursive schema (`z.lazy`) compiles once and calls itself. */
const compiled = new WeakMap<Schema, Accepts>();

/**
 * The predicate of a schema, compiled on first use: `accepts(value)` implies `schema.safeParse(value)` succeeds
 * with data equal to `value`.
 *
 * @example const accepts = acceptsOf(runLinkSchema); if (accepts(value)) …
 */
export function acceptsOf(schema: Schema): Accepts {
  const known = compiled.get(schema);
  if (known !== undefined) return known;
  // A stub first, so a schema that reaches itself while compiling finds a predicate to call (once compiled).
  let body: Accepts = () => false;
  compiled.set(schema, (value) => body(value));
  body = withChecks(schema, typeAccepts(schema));
  compiled.set(schema, body);
  return body;
}

/** zod parses the node, then runs its checks in order (a format schema such as `z.url()` is its own first check). */
function checksOf(schema: Schema): Check[] {
  const own = (schema._zod.def.checks ?? []) as Check[];
  return schema._zod.traits.has('$ZodCheck') ? [schema as unknown as Check, ...own] : own;
}

/** One check, answered for a value its schema's parser accepted: true when it passes or does not run. */
type CheckRun = (value: unknown) => boolean;

/**
 * zod's checks on a value its parser accepted, run as zod's runChecks runs them when no issue came before: each
 * check whose `when` allows it. A check that replaces the value (`z.url()` trims) must leave it equal.
 */
function withChecks(schema: Schema, parse: Accepts): Accepts {
  const runs = checksOf(schema).map(runOf);
  if (runs.length === 0) return parse;
  return (value) => {
    if (!parse(value)) return false;
    for (const run of runs) if (!run(value)) return false;
    return true;
  };
}

/** zod's `when` of length checks (run on anything with a length), found on a probe since zod does not export it. */
const HAS_LENGTH = z.string().min(1)._zod.def.checks![0]!._zod.def.when;

type CheckDef = z.core.$ZodCheckDef & { minimum?: number; maximum?: number; pattern?: RegExp };

/**
 * The commonest checks of the record schema, answered without a payload where zod's own code (checks.js) plainly
 * passes; every other case, and every other check, is zod's check function itself.
 */
function runOf(check: Check): CheckRun {
  const def = check._zod.def as CheckDef;
  const zod = zodCheck(check);
  const { minimum, maximum, pattern } = def;
  const traits = (check._zod as unknown as { traits: ReadonlySet<string> }).traits;
  const is = (trait: string) => traits.has(trait);
  if (is('$ZodCheckMaxLength') && def.when === HAS_LENGTH && maximum !== undefined) {
    // Strings count code points, at most one per UTF-16 unit: within the bound in units is within it in both.
    return (value) => (hasLength(value) && value.length <= maximum) || zod(value);
  }
  if (is('$ZodCheckMinLength') && def.when === HAS_LENGTH && minimum !== undefined) {
    // A code point takes at most two units: twice the floor in units clears it (zod skips the count there too).
    return (value) => (hasLength(value) && value.length >= 2 * minimum) || zod(value);
  }
  if (is('$ZodCheckRegex') && pattern !== undefined && !def.when) {
    return (value) => {
      pattern.lastIndex = 0;
      return pattern.test(value as string);
    };
  }
  return zod;
}

function hasLength(value: unknown): value is { length: number } {
  return typeof value === 'string' || Array.isArray(value);
}

function zodCheck(check: Check): CheckRun {
  const { when } = check._zod.def;
  return (value) => {
    const payload: z.core.ParsePayload = { value, issues: [] };
    if (when !== undefined && !when(payload)) return true;
    // An async check cannot be answered here; zod's synchronous parse reports it.
    if (check._zod.check(payload) instanceof Promise) return false;
    return payload.issues.length === 0 && payload.value === value;
  };
}

/** zod itself, for a node not modelled here; its output must be the input, so only unchanged primitives pass. */
function byZod(schema: Schema): Accepts {
  return (value) => {
    try {
      const result = schema._zod.run({ value, issues: [] }, { async: false });
      return !(result instanceof Promise) && result.issues.length === 0 && result.value === value;
    } catch {
      return false;
    }
  };
}

function typeAccepts(schema: Schema): Accepts {
  const def = schema._zod.def;
  if ((def as { coerce?: boolean }).coerce === true) return byZod(schema);
  switch (def.type) {
    case 'string':
      return (value) => typeof value === 'string';
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'null':
      return (value) => value === null;
    case 'literal':
    case 'enum':
      return valuesAccepts(schema);
    case 'optional':
      return optionalAccepts(schema);
    case 'lazy':
      return lazyAccepts(schema);
    case 'union':
      return unionAccepts(schema);
    case 'pipe':
      return pipeAccepts(schema);
    default:
      return containerAccepts(schema);
  }
}

function containerAccepts(schema: Schema): Accepts {
  const def = schema._zod.def;
  if (def.type === 'array') return arrayAccepts(def as z.core.$ZodArrayDef);
  if (def.type === 'object') return objectAccepts(def as z.core.$ZodObjectDef) ?? byZod(schema);
  if (def.type === 'record') return recordAccepts(def as z.core.$ZodRecordDef) ?? byZod(schema);
  return byZod(schema);
}

/** `z.literal` and `z.enum` accept exactly the values of their set, compared as a Set compares them. */
function valuesAccepts(schema: Schema): Accepts {
  const values = schema._zod.values;
  if (values === undefined) return byZod(schema);
  return (value) => values.has(value as never);
}

function optionalAccepts(schema: Schema): Accepts {
  const { innerType } = schema._zod.def as z.core.$ZodOptionalDef;
  // A defaulted inner schema substitutes a value for absence: that is zod's to do.
  if (innerType._zod.optin === 'defaulted') return byZod(schema);
  const inner = acceptsOf(innerType);
  // z.exactOptional() lets the key be absent but hands undefined to the inner schema.
  if (schema._zod.traits.has('$ZodExactOptional')) return inner;
  return (value) => value === undefined || inner(value);
}

function innerOf(schema: Schema): Schema {
  return (schema._zod as unknown as { innerType: Schema }).innerType;
}

function lazyAccepts(schema: Schema): Accepts {
  let inner: Accepts | undefined;
  return (value) => (inner ??= acceptsOf(innerOf(schema)))(value);
}

function categoryOf(value: unknown): Category {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' ||
    type === 'number' ||
    type === 'boolean' ||
    type === 'undefined' ||
    type === 'object'
    ? type
    : 'other';
}

/** The kinds of value a schema can accept; ANY where it is not obvious (or the schema reaches itself). */
function categoriesOf(schema: Schema, seen = new Set<Schema>()): ReadonlySet<Category> {
  const def = schema._zod.def;
  // z.coerce.string() and its kind accept anything they can convert.
  if (seen.has(schema) || (def as { coerce?: boolean }).coerce === true) return ANY;
  seen.add(schema);
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return new Set([def.type]);
    case 'array':
      return new Set(['array']);
    case 'object':
    case 'record':
      return new Set(['object']);
    case 'literal':
    case 'enum': {
      const values = schema._zod.values;
      return values === undefined ? ANY : new Set([...values].map(categoryOf));
    }
    case 'optional':
      return new Set([...categoriesOf((def as z.core.$ZodOptionalDef).innerType, seen), 'undefined']);
    case 'lazy':
      return categoriesOf(innerOf(schema), seen);
    case 'union':
      return new Set((def as z.core.$ZodUnionDef).options.flatMap((o) => [...categoriesOf(o, seen)]));
    default:
      return ANY;
  }
}

/**
 * zod takes the first option that accepts. The first option that could accept this kind of value decides here:
 * every earlier one surely failed, and if this one is not vouched for, neither is the union. `z.xor` is zod's.
 */
function unionAccepts(schema: Schema): Accepts {
  const def = schema._zod.def as z.core.$ZodUnionDef;
  if ((def as { inclusive?: boolean }).inclusive === false) return byZod(schema);
  let deciding: Partial<Record<Category, Accepts>> | undefined;
  return (value) => {
    // Resolved on first use: a union inside a z.lazy may reach the lazy before it is built.
    deciding ??= decidingOptions(def.options);
    const option = deciding[categoryOf(value)];
    return option !== undefined && option(value);
  };
}

/** For each kind of value, the first option that could accept it. */
function decidingOptions(options: readonly Schema[]): Partial<Record<Category, Accepts>> {
  const deciding: Partial<Record<Category, Accepts>> = {};
  for (const option of options) {
    for (const category of categoriesOf(option)) deciding[category] ??= acceptsOf(option);
  }
  return deciding;
}

function pipeAccepts(schema: Schema): Accepts {
  // A codec decodes between its two sides: that is zod's to do.
  if (schema._zod.traits.has('$ZodCodec')) return byZod(schema);
  const def = schema._zod.def as z.core.$ZodPipeDef;
  // The output side parses what the input side put out, which is the value itself when the input side accepts.
  const first = acceptsOf(def.in);
  const then = acceptsOf(def.out);
  return (value) => first(value) && then(value);
}

function arrayAccepts(def: z.core.$ZodArrayDef): Accepts {
  const item = acceptsOf(def.element);
  return (value) => {
    if (!Array.isArray(value)) return false;
    for (let i = 0; i < value.length; i++) if (!item(value[i])) return false;
    return true;
  };
}

type Field = {
  readonly accepts: Accepts;
  /** The key may be absent (`.optional()`): zod then neither checks nor outputs it. */
  readonly optional: boolean;
};

function fieldOf(schema: Schema): Field | undefined {
  const { optin, optout } = schema._zod;
  const optional = optin === 'optional' && optout === 'optional';
  // Required (neither) or optional (both) only: the other rungs substitute a value for absence.
  if (!optional && (optin !== undefined || optout !== undefined)) return undefined;
  return { accepts: acceptsOf(schema), optional };
}

/**
 * A strict object (`z.strictObject`): every declared key accepted, absent only where optional, and no other key
 * (zod looks with `for…in`). Stripping, passthrough and catchall objects are zod's.
 *
 * One `for…in` pass over the value's keys does all three: a key not declared fails, each declared key met is
 * checked, and the required keys met are counted. Inside `for…in`, V8 reads `value[key]` through the enumeration
 * cache instead of a lookup by name, and that loop was most of validateEntry's time. A required key zod would find
 * only through the prototype chain (not enumerable) is missed here: a false no, which the contract allows.
 */
function objectAccepts(def: z.core.$ZodObjectDef): Accepts | undefined {
  if (def.catchall?._zod.def.type !== 'never') return undefined;
  if (Object.getOwnPropertySymbols(def.shape).length > 0) return undefined;
  const fields = new Map<string, Field>();
  let requiredCount = 0;
  for (const key of Object.keys(def.shape)) {
    const field = key === '__proto__' ? undefined : fieldOf(def.shape[key]!);
    if (field === undefined) return undefined;
    fields.set(key, field);
    if (!field.optional) requiredCount += 1;
  }
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    let required = 0;
    for (const key in value) {
      const field = fields.get(key);
      if (field === undefined || !field.accepts((value as Fields)[key])) return false;
      if (!field.optional) required += 1;
    }
    return required === requiredCount;
  };
}

/** zod's test for a record: an object whose `constructor` is missing, not a function, or a plain one's. */
function isPlainRecord(value: unknown): value is Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const ctor: unknown = (value as Fields).constructor;
  if (ctor === undefined || typeof ctor !== 'function') return true;
  const proto: unknown = (ctor as { prototype?: unknown }).prototype;
  if (typeof proto !== 'object' || proto === null || Array.isArray(proto)) return false;
  return Object.prototype.hasOwnProperty.call(proto, 'isPrototypeOf');
}

/**
 * A record whose keys a schema checks (not an enumeration of keys): every own enumerable string key and its value
 * accepted. An object with a symbol key is not vouched for.
 */
function recordAccepts(def: z.core.$ZodRecordDef): Accepts | undefined {
  if (def.keyType._zod.values !== undefined || def.mode === 'loose') return undefined;
  const key = acceptsOf(def.keyType);
  const item = acceptsOf(def.valueType);
  return (value) => {
    // zod reads own enumerable keys, symbols too (which no string key schema accepts).
    if (!isPlainRecord(value) || Object.getOwnPropertySymbols(value).length > 0) return false;
    for (const name of Object.keys(value)) {
      // zod drops an own __proto__ from its output, which would then differ from the value.
      if (name === '__proto__' || !key(name) || !item(value[name])) return false;
    }
    return true;
  };
}
