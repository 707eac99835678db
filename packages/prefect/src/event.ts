// Reading a Prefect event (src/prefect/server/events/schemas/events.py, Event / ReceivedEvent; reference §1) from
// what reaches POST /hooks/prefect: the event itself, as a call-webhook action renders `{{ event | tojson }}`, or
// a CustomWebhookNotificationBlock body `{"subject": …, "body": "<the event as a JSON string>", …}` (reference
// §2.2: the notification body arrives as a string that must be parsed a second time).
import { describeValue, fail, ok, parseJson, problem } from '@cairn/core';
import type { Problem, Result } from '@cairn/core';
import { fieldPath, isRecord, readRecord, readString, readTimestamp } from '@cairn/openlineage';
import type { JsonRecord, ParsedTimestamp } from '@cairn/openlineage';

/** A resource: a flat map of string labels with a `prefect.resource.id`. */
export type PrefectLabels = Readonly<Record<string, string>>;

/** A Prefect event, as far as Cairn relies on it. */
export type PrefectEvent = {
  /** The event id (for state events, the id of the new state). */
  readonly id: string;
  /** The event name, e.g. `prefect.flow-run.Running`. */
  readonly event: string;
  readonly occurred: ParsedTimestamp;
  readonly resource: PrefectLabels;
  readonly related: readonly PrefectLabels[];
  readonly payload: JsonRecord;
  /** Where the event sat in the body: `''`, or `'body'` in a notification; problems name fields under it. */
  readonly path: string;
};

/** Canonical 8-4-4-4-12 hex; Prefect uses v4 and v7 ids, and its docs show ids of no version at all. */
export const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const RESOURCE_ID = 'prefect.resource.id';
const ROLE = 'prefect.resource.role';
const TEMPLATE_HINT = 'set the webhook payload template to {{ event | tojson }}';

/** Reads a resource; Prefect's schema makes every label value a string and requires a non-empty resource id. */
function readLabels(value: unknown, path: string, problems: Problem[], required: readonly string[]) {
  if (!isRecord(value)) {
    const code = value === undefined ? 'required' : 'invalid_type';
    problems.push(problem(path, code, `${path}: expected an object of labels, got ${describeValue(value)}`));
    return undefined;
  }
  const before = problems.length;
  for (const [key, label] of Object.entries(value)) {
    if (typeof label !== 'string') {
      const at = fieldPath(path, key);
      problems.push(
        problem(at, 'invalid_type', `${at}: expected a string label, got ${describeValue(label)}`),
      );
    }
  }
  for (const key of required) {
    // A label of another type was reported above; here only the missing or empty ones.
    if (value[key] !== undefined && value[key] !== '') continue;
    const at = fieldPath(path, key);
    problems.push(
      problem(at, 'required', `${at}: expected a non-empty string, got ${describeValue(value[key])}`),
    );
  }
  return problems.length === before ? (value as PrefectLabels) : undefined;
}

function readRelated(event: JsonRecord, path: string, problems: Problem[]): PrefectLabels[] {
  const related = event['related'];
  if (related === undefined || related === null) return [];
  const at = fieldPath(path, 'related');
  if (!Array.isArray(related)) {
    problems.push(
      problem(at, 'invalid_type', `${at}: expected a list of resources, got ${describeValue(related)}`),
    );
    return [];
  }
  return related.flatMap((item: unknown, i) => {
    const labels = readLabels(item, fieldPath(at, i), problems, [RESOURCE_ID, ROLE]);
    return labels === undefined ? [] : [labels];
  });
}

function readId(event: JsonRecord, path: string, problems: Problem[]): string | undefined {
  const id = readString(event, 'id', path, problems, { required: true });
  if (id === undefined || UUID.test(id)) return id;
  const at = fieldPath(path, 'id');
  problems.push(problem(at, 'invalid_format', `${at}: expected a UUID, got ${describeValue(id)}`));
  return undefined;
}

function readEvent(event: JsonRecord, path: string): Result<PrefectEvent> {
  const problems: Problem[] = [];
  const id = readId(event, path, problems);
  const name = readString(event, 'event', path, problems, { required: true });
  const occurred = readTimestamp(event, 'occurred', path, problems, { required: true });
  const resource = readLabels(event['resource'], fieldPath(path, 'resource'), problems, [RESOURCE_ID]);
  const related = readRelated(event, path, problems);
  const payload = readRecord(event, 'payload', path, problems) ?? {};
  if (
    id === undefined ||
    name === undefined ||
    occurred === undefined ||
    resource === undefined ||
    problems.length > 0
  ) {
    return fail(problems);
  }
  return ok({ id, event: name, occurred, resource, related, payload, path });
}

/** The notification variant: the event travels as JSON text in `body`. */
function readNotification(body: string): Result<PrefectEvent> {
  const parsed = parseJson(body);
  if (!parsed.ok) {
    return fail([
      problem(
        'body',
        'invalid_json',
        `body: expected the Prefect event as JSON text (${TEMPLATE_HINT} in the notification body)`,
      ),
    ]);
  }
  if (!isRecord(parsed.value)) {
    return fail([
      problem(
        'body',
        'invalid_type',
        `body: expected a Prefect event object, got ${describeValue(parsed.value)}`,
      ),
    ]);
  }
  return readEvent(parsed.value, 'body');
}

/**
 * Reads a Prefect event from a webhook body: the event itself (`{{ event | tojson }}`) or a custom-webhook
 * notification whose `body` holds it as JSON text. Reports every missing or mistyped field with its path.
 *
 * @example const read = readPrefectEvent(JSON.parse(text)); if (read.ok) console.log(read.value.event);
 */
export function readPrefectEvent(body: unknown): Result<PrefectEvent> {
  if (!isRecord(body)) {
    return fail([
      problem(
        '',
        'invalid_type',
        `body: expected a Prefect event object (${TEMPLATE_HINT}), got ${describeValue(body)}`,
      ),
    ]);
  }
  if (!Object.hasOwn(body, 'event') && typeof body['body'] === 'string')
    return readNotification(body['body']);
  return readEvent(body, '');
}
