import { describe, expect, it } from 'vitest';
import { pythonJson } from './python-json.js';
import { fixtureJson, fixtureText } from './test-support/fixtures.js';

describe('pythonJson', () => {
  it("writes the exact wire bytes openlineage-python sent for the fixture's task COMPLETE", () => {
    const event = fixtureJson('openlineage', 'airflow3-task-complete.json');
    expect(pythonJson(event, { sortKeys: true })).toBe(
      fixtureText('openlineage', 'airflow3-task-complete.wire.json'),
    );
  });

  it('keeps insertion order without sort_keys, as requests and urllib bodies do', () => {
    expect(pythonJson({ run_id: 'r', job_name: 'j', tags: {} })).toBe(
      '{"run_id": "r", "job_name": "j", "tags": {}}',
    );
  });

  it('escapes every character outside printable ASCII as ensure_ascii does, astral ones as surrogate pairs', () => {
    expect(pythonJson(['é', '\u007f', '😀', 'tab\there'])).toBe(
      '["\\u00e9", "\\u007f", "\\ud83d\\ude00", "tab\\there"]',
    );
  });

  it("applies Jinja's HTML-safe escapes for Prefect's tojson", () => {
    expect(pythonJson({ a: "<b>&'" }, { htmlSafe: true })).toBe('{"a": "\\u003cb\\u003e\\u0026\\u0027"}');
  });

  it('drops undefined members and writes null for null', () => {
    expect(pythonJson({ a: undefined, b: null })).toBe('{"b": null}');
  });

  it('refuses NaN, which json.dumps would write as the non-JSON token NaN', () => {
    expect(() => pythonJson([Number.NaN])).toThrow(RangeError);
  });
});
