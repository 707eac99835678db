// The rules that span fields, written for values that may be malformed (they run even when a field failed):
// they look only at fields of the right type and leave type problems to the schema.
import type { Finding } from './problems.js';
import { isRfc3339Time } from './primitives.js';

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : undefined;
}

function labelOf(item: unknown): string | undefined {
  const label = fields(item)?.label;
  return typeof label === 'string' ? label : undefined;
}

/** Alternatives have distinct labels, and the chosen label is one of them whenever any were listed. */
export function checkDecision(value: unknown): Finding[] {
  const decision = fields(value);
  if (decision === undefined || !Array.isArray(decision.alternatives)) return [];
  const findings: Finding[] = [];
  const seen = new Map<string, number>();
  decision.alternatives.forEach((item, i) => {
    const label = labelOf(item);
    if (label === undefined) return;
    const first = seen.get(label);
    if (first === undefined) seen.set(label, i);
    else {
      const text = `expected a label not used by an earlier alternative, got the label of alternatives[${first}]`;
      findings.push({ segments: ['alternatives', i, 'label'], code: 'duplicate', text });
    }
  });
  const chosen = labelOf(decision.chosen);
  if (chosen !== undefined && seen.size > 0 && !seen.has(chosen)) {
    const text = 'expected the label of one of the alternatives, got a label no alternative has';
    findings.push({ segments: ['chosen', 'label'], code: 'not_an_alternative', text });
  }
  return findings;
}

/** A redaction by commitment carries the commitment: without it nothing could later be proven. */
export function checkRedaction(value: unknown): Finding[] {
  const redaction = fields(value);
  if (redaction?.method !== 'commitment' || redaction.commitment !== undefined) return [];
  const text = 'expected a commitment (sha256:<64 lowercase hex digits>) for method commitment, got nothing';
  return [{ segments: ['commitment'], code: 'required', text }];
}

/** A time window (`anomaly.window`, `anomaly.baseline`) does not end before it starts. */
export function checkWindow(value: unknown): Finding[] {
  const window = fields(value);
  const { from, to } = window ?? {};
  if (typeof from !== 'string' || typeof to !== 'string' || !isRfc3339Time(from) || !isRfc3339Time(to))
    return [];
  if (Date.parse(from) <= Date.parse(to)) return [];
  return [
    {
      segments: ['to'],
      code: 'invalid_range',
      text: 'expected a time no earlier than from, got an earlier one',
    },
  ];
}
