import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoteSigner, generateSignerKey, utf8 } from '@cairn/core';
import { CONTESTED_DECISION_ID } from '../test-support/fixtures.js';
import { TEST_ORIGIN, scenarioLedger } from '../test-support/ledger.js';
import type { TestLedger } from '../test-support/ledger.js';
import { checkIntegrity } from './integrity-checks.js';
import type { IntegrityInput } from './integrity-checks.js';

describe('checkIntegrity', () => {
  let test: TestLedger;
  let input: IntegrityInput;

  beforeAll(async () => {
    test = await scenarioLedger();
    const stored = (await test.ledger.get(CONTESTED_DECISION_ID))!;
    input = {
      entryId: CONTESTED_DECISION_ID,
      receipt: await test.ledger.receipt(CONTESTED_DECISION_ID),
      leaf: stored.bytes,
      recordedLeafHash: stored.leafHash,
      verifierKeys: await test.ledger.verifierKeys(),
      origin: TEST_ORIGIN,
    };
  });
  afterAll(() => test.close());

  const failed = (report: Awaited<ReturnType<typeof checkIntegrity>>) =>
    report.checks.filter((c) => !c.ok).map((c) => c.name);

  it('passes every check for an untouched entry and names the key that signed', async () => {
    const report = await checkIntegrity(input);
    expect(failed(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual([
      'receipt',
      'keys',
      'leaf',
      'entry',
      'signature',
      'origin',
      'inclusion',
      'receipt-verifier',
    ]);
    expect(report.checks.find((c) => c.name === 'signature')!.detail).toContain(test.signer.verifierKey);
  });

  it('fails the leaf, inclusion and whole-receipt checks when the stored bytes were edited', async () => {
    const edited = utf8(new TextDecoder().decode(input.leaf).replace('"decline"', '"increase"'));
    const report = await checkIntegrity({ ...input, leaf: edited });
    expect(report.ok).toBe(false);
    expect(failed(report)).toEqual(['leaf', 'inclusion', 'receipt-verifier']);
  });

  it('fails only the inclusion checks when bytes and the recorded leaf hash were both rewritten', async () => {
    const edited = utf8(new TextDecoder().decode(input.leaf).replace('"decline"', '"increase"'));
    const { leafHash, toHex } = await import('@cairn/core');
    const report = await checkIntegrity({
      ...input,
      leaf: edited,
      recordedLeafHash: toHex(leafHash(edited)),
    });
    expect(failed(report)).toEqual(['inclusion', 'receipt-verifier']);
  });

  it('fails the signature check when the published keys do not include the signer', async () => {
    const stranger = await createNoteSigner(await generateSignerKey(TEST_ORIGIN));
    const report = await checkIntegrity({ ...input, verifierKeys: [stranger.verifierKey] });
    expect(failed(report)).toEqual(['signature', 'receipt-verifier']);
  });

  it('fails the origin check when the ledger claims another origin', async () => {
    const report = await checkIntegrity({ ...input, origin: 'other.example/log' });
    expect(failed(report)).toEqual(['origin', 'receipt-verifier']);
  });

  it('fails the entry check when the bytes are another entry than the one asked for', async () => {
    const report = await checkIntegrity({ ...input, entryId: 'dec-someone-else' });
    expect(failed(report)).toEqual(['entry']);
  });

  it('reports an unreadable receipt and unreadable keys instead of throwing', async () => {
    const report = await checkIntegrity({ ...input, receipt: 'not a receipt', verifierKeys: ['nonsense'] });
    expect(report.ok).toBe(false);
    expect(failed(report)).toEqual(['receipt', 'keys', 'receipt-verifier']);
  });
});
