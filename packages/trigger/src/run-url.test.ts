import { isCairnError } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import {
  cairnEntryUrl,
  resolveCairnUrl,
  resolveTriggerOrigin,
  triggerRunUrl,
  TRIGGER_CLOUD_ORIGIN,
} from './run-url.js';

describe('resolveTriggerOrigin', () => {
  it('points at Trigger.dev Cloud when no API URL is set', () => {
    expect(resolveTriggerOrigin(undefined, undefined)).toBe('https://cloud.trigger.dev');
    expect(resolveTriggerOrigin(undefined, '')).toBe(TRIGGER_CLOUD_ORIGIN);
  });

  it('points at Trigger.dev Cloud when tasks talk to the cloud API host', () => {
    expect(resolveTriggerOrigin(undefined, 'https://api.trigger.dev')).toBe('https://cloud.trigger.dev');
    expect(resolveTriggerOrigin(undefined, 'https://api.trigger.dev/')).toBe('https://cloud.trigger.dev');
  });

  it('uses the API origin of a self-hosted instance, which serves the dashboard too', () => {
    expect(resolveTriggerOrigin(undefined, 'https://trigger.example.com/')).toBe(
      'https://trigger.example.com',
    );
    expect(resolveTriggerOrigin(undefined, 'http://localhost:3030')).toBe('http://localhost:3030');
  });

  it('lets a configured origin win over the API URL and drops its trailing slash', () => {
    expect(resolveTriggerOrigin('https://dash.example.com/', 'https://api.trigger.dev')).toBe(
      'https://dash.example.com',
    );
    expect(resolveTriggerOrigin('https://example.com/trigger/', undefined)).toBe(
      'https://example.com/trigger',
    );
  });

  it('falls back to the cloud dashboard when the API URL cannot be parsed', () => {
    expect(resolveTriggerOrigin(undefined, 'not a url')).toBe(TRIGGER_CLOUD_ORIGIN);
    expect(resolveTriggerOrigin(undefined, 'ftp://trigger.example.com')).toBe(TRIGGER_CLOUD_ORIGIN);
  });

  it.each([
    ['not a url'],
    ['ftp://trigger.example.com'],
    ['https://user:pw@trigger.example.com'],
    ['https://x.test/?a=1'],
  ])('refuses the configured origin %s with a config error naming the option', (value) => {
    let caught: unknown;
    try {
      resolveTriggerOrigin(value);
    } catch (error) {
      caught = error;
    }
    expect(isCairnError(caught, 'config')).toBe(true);
    expect((caught as Error).message).toMatch(/^triggerOrigin: expected an/);
    expect((caught as Error).message).not.toContain('pw');
  });
});

describe('triggerRunUrl', () => {
  it('builds the dashboard permalink the Trigger.dev CLI prints', () => {
    expect(triggerRunUrl('https://cloud.trigger.dev', 'proj_abcdefghijklmnopqrst', 'run_cm123')).toBe(
      'https://cloud.trigger.dev/projects/v3/proj_abcdefghijklmnopqrst/runs/run_cm123',
    );
  });

  it('escapes path segments so an odd id cannot change the path', () => {
    expect(triggerRunUrl('https://t.example', 'proj/x', 'run?y')).toBe(
      'https://t.example/projects/v3/proj%2Fx/runs/run%3Fy',
    );
  });
});

describe('cairn links', () => {
  it('links a sealed entry to the Cairn server route that serves it', () => {
    const base = resolveCairnUrl('https://cairn.example.com/');
    expect(base).toBe('https://cairn.example.com');
    expect(cairnEntryUrl(base!, 'a:b/c')).toBe('https://cairn.example.com/v1/decisions/a%3Ab%2Fc');
  });

  it('has no Cairn link when no Cairn URL is configured', () => {
    expect(resolveCairnUrl(undefined)).toBeUndefined();
  });

  it('refuses a Cairn URL that is not http(s)', () => {
    expect(() => resolveCairnUrl('javascript:alert(1)')).toThrow(/^cairnUrl: expected an http\(s\) URL/);
  });
});
