// @cairn/core is pure (architecture.md): bundled for browsers it must hold nothing from node:* and must work in a
// realm that has only what a browser offers (WebCrypto, TextEncoder, TextDecoder): no require, process or Buffer.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { webcrypto } from 'node:crypto';
import { build, transform } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, toHex } from './bytes.js';
import { canonicalize } from './jcs.js';
import { createMemoryTree } from './merkle/memory-tree.js';

const VECTORS = new URL('../../../../shared/vectors/', import.meta.url);
const notes = JSON.parse(
  readFileSync(new URL('checkpoint/signed-note-and-checkpoint.json', VECTORS), 'utf8'),
) as {
  derivedCheckpoints: { signedNote: string; verifierKey: string; signerKey: string; rootHashHex: string }[];
};
const leafInputs = (
  JSON.parse(readFileSync(new URL('merkle/reference-tree.json', VECTORS), 'utf8')) as { leafInputs: string[] }
).leafInputs;

const CHECKPOINT = notes.derivedCheckpoints[0]!;
const SAMPLE = { z: [1, 'two', { b: null, a: true }], a: 0.000001, é: 'ü', '\u20ac': 1e-7 };

/** Runs inside the bundle's realm: every public path the browser needs, results as plain JSON text. */
const PROGRAM = `(async () => {
  const c = globalThis.cairn;
  const tree = c.createMemoryTree();
  for (const hex of LEAVES) tree.append(c.fromHex(hex));
  const verifier = c.parseVerifierKey(VKEY).value;
  const verified = await c.verifyCheckpoint(NOTE, [verifier], { origin: 'Log' });
  const tampered = await c.verifyCheckpoint(NOTE.replace('\\n8\\n', '\\n9\\n'), [verifier]);
  const signer = await c.createNoteSigner(SKEY);
  const resigned = await c.signCheckpoint({ origin: 'Log', size: tree.size, root: tree.root() }, [signer]);
  const proof = await c.inclusionProof(5, tree.size, tree);
  const receipt = c.formatReceipt({ index: 5, proof, checkpointNote: resigned });
  const included = await c.verifyReceipt({ receipt, leaf: c.fromHex(LEAVES[5]), verifiers: [verifier] });
  return JSON.stringify({
    canonical: c.canonicalize(JSON.parse(SAMPLE_JSON)),
    root: c.toHex(tree.root()),
    verified: verified.ok && verified.value.size,
    tampered: tampered.ok ? 'accepted' : tampered.problems.map((p) => p.code),
    resigned,
    receipt: included.ok,
    nodeGlobals: [typeof require, typeof process, typeof Buffer],
  });
})()`;

describe('a browser bundle of @cairn/core', () => {
  let bundle = '';

  beforeAll(async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      conditions: ['browser', '@cairn/source'],
      write: false,
      logLevel: 'silent',
    });
    bundle = result.outputFiles[0]!.text;
  });

  it('imports nothing from node:* and requires no Node built-in', () => {
    expect(bundle.length).toBeGreaterThan(10_000);
    expect(bundle).not.toMatch(/\bfrom\s*["']node:/);
    expect(bundle).not.toMatch(/\bimport\s*\(\s*["']node:/);
    expect(bundle).not.toMatch(/\brequire\s*\(\s*["']node:/);
    const bare = builtinModules.filter((name) => !name.startsWith('_'));
    for (const name of bare) {
      expect(bundle, name).not.toContain(`require("${name}")`);
      expect(bundle, name).not.toMatch(new RegExp(`\\bfrom\\s*["']${name.replace(/[/]/g, '\\/')}["']`));
    }
  });

  it('canonicalizes, computes a tree root and verifies and signs checkpoints and receipts in a realm without Node', async () => {
    // esbuild turns the ESM bundle into a script that leaves its exports on globalThis.cairn.
    const { code } = await transform(bundle, { format: 'iife', globalName: 'cairn', platform: 'browser' });
    const realm = createContext({
      crypto: webcrypto,
      TextEncoder,
      TextDecoder,
      LEAVES: leafInputs,
      VKEY: CHECKPOINT.verifierKey,
      SKEY: CHECKPOINT.signerKey,
      NOTE: CHECKPOINT.signedNote,
      // JSON text, since an object made in this realm is not a plain object of the other one.
      SAMPLE_JSON: JSON.stringify(SAMPLE),
    });
    runInContext(`${code}\nglobalThis.cairn = cairn;`, realm);
    const out = JSON.parse((await runInContext(PROGRAM, realm)) as string) as Record<string, unknown>;

    const tree = createMemoryTree();
    for (const hex of leafInputs) tree.append(fromHex(hex)!);
    expect(out.canonical).toBe(canonicalize(SAMPLE));
    expect(out.root).toBe(toHex(tree.root()));
    expect(out.root).toBe(CHECKPOINT.rootHashHex);
    expect(out.verified).toBe(8);
    expect(out.tampered).toEqual(['signature_failed', 'no_verified_signature']);
    expect(out.resigned).toBe(CHECKPOINT.signedNote);
    expect(out.receipt).toBe(true);
    expect(out.nodeGlobals).toEqual(['undefined', 'undefined', 'undefined']);
  });
});
