import type { DecisionEntry } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { createRecorder } from '../recorder/create-recorder.js';
import { ledgerSink } from '../sinks/ledger-sink.js';
import { loanDecision } from '../test-support/examples.js';
import { createMemoryWriter } from '../test-support/memory-writer.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createPrivacy } from './privacy.js';
import { compileRedaction, foldRedactions, redactPaths, redactPatterns } from './redact.js';

describe('redaction rules', () => {
  const rules = compileRedaction([
    { id: 'pan', path: 'context.card.number' },
    { id: 'dob', path: 'context.applicants.*.dob', method: 'masked', mask: '****-**-**' },
    { id: 'email', pattern: /[\w.+-]+@[\w-]+\.[\w.]+/ },
  ]);
  const body = {
    context: {
      card: { number: '4111111111111111', brand: 'visa' },
      applicants: [
        { name: 'A', dob: '1990-01-01' },
        { name: 'B', dob: '1985-05-05' },
      ],
      note: 'write to jane.doe@example.com or j@example.org',
    },
    reasoning: { text: 'contact jane.doe@example.com', source: 'model' },
  };

  it('removes and masks by path, recording each match by rule id and concrete path', () => {
    const { body: out, redactions } = redactPaths(rules, 'decision', 'decision', body);
    expect(out).toMatchObject({
      context: { card: { brand: 'visa' }, applicants: [{ dob: '****-**-**' }, { dob: '****-**-**' }] },
    });
    expect((out as typeof body).context.card).not.toHaveProperty('number');
    expect(redactions).toEqual([
      { path: 'decision.context.card.number', ruleId: 'pan', method: 'removed' },
      { path: 'decision.context.applicants[0].dob', ruleId: 'dob', method: 'masked' },
      { path: 'decision.context.applicants[1].dob', ruleId: 'dob', method: 'masked' },
    ]);
  });

  it('masks every match of a pattern in every string of the body', () => {
    const { body: out, redactions } = redactPatterns(rules, 'decision', 'decision', body);
    expect((out as typeof body).context.note).toBe('write to [redacted:email] or [redacted:email]');
    expect((out as typeof body).reasoning.text).toBe('contact [redacted:email]');
    expect(redactions.map((r) => r.path)).toEqual(['decision.context.note', 'decision.reasoning.text']);
  });

  it('never modifies the caller’s input', () => {
    const before = JSON.stringify(body);
    redactPaths(rules, 'decision', 'decision', body);
    redactPatterns(rules, 'decision', 'decision', body);
    expect(JSON.stringify(body)).toBe(before);
  });

  it('applies a rule only to the kinds it names', () => {
    const onlyContest = compileRedaction([{ id: 'email', pattern: /@/, kinds: ['contest'] }]);
    expect(redactPatterns(onlyContest, 'decision', 'decision', body).redactions).toEqual([]);
  });

  it('folds more than 100 records into one per rule and path shape, keeping commitments whole', () => {
    const many = Array.from({ length: 150 }, (_, i) => ({
      path: `decision.context.items[${i}].email`,
      ruleId: 'email',
      method: 'masked' as const,
    }));
    const sealed = {
      path: 'decision.context.x',
      ruleId: 's',
      method: 'commitment' as const,
      commitment: `sha256:${'a'.repeat(64)}`,
    };
    expect(foldRedactions([...many, sealed], 'decision')).toEqual([
      { path: 'decision.context.items[*].email', ruleId: 'email', method: 'masked' },
      sealed,
    ]);
  });

  it('reaches the ledger only redacted, with redactions[] in the envelope', async () => {
    const dir = tempDir('redact');
    const writer = createMemoryWriter();
    const privacy = createPrivacy({
      dir: dir.path,
      redact: [
        { id: 'pan', path: 'context.card.number' },
        { id: 'email', pattern: /[\w.+-]+@[\w-]+\.[\w.]+/ },
      ],
    });
    const recorder = createRecorder({ sink: ledgerSink(writer), agent: { id: 'a' }, privacy, logger: false });
    recorder.decision(
      loanDecision(1, { context: { card: { number: '4111111111111111' }, email: 'jane.doe@example.com' } }),
    );
    await recorder.close();
    dir.cleanup();
    const entry = writer.entries[0] as DecisionEntry;
    expect(JSON.stringify(entry)).not.toMatch(/4111111111111111|jane\.doe/);
    expect(entry.redactions).toEqual([
      { path: 'decision.context.card.number', ruleId: 'pan', method: 'removed' },
      { path: 'decision.context.email', ruleId: 'email', method: 'masked' },
    ]);
  });
});
