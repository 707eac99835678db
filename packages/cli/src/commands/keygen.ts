import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { createNoteSigner, generateSignerKey } from '@cairn/core';
import { expectPositionals } from '../args.js';
import { defineCommand } from '../command.js';
import { DEFAULT_ORIGIN } from '../config.js';
import { writeTextFile } from '../files.js';
import { EXIT, UsageError } from '../io.js';
import { makeDirectory } from '../ledger-access.js';

/** `cairn keygen`: a new Ed25519 signing key, named after the log's origin. */
export const keygen = defineCommand({
  name: 'keygen',
  summary: 'create the signing key file (mode 0600) and print its verifier key',
  usage: `Usage: cairn keygen [--force] [--vkey FILE]

Creates a new Ed25519 signing key for checkpoints in the key file (--key, CAIRN_SIGNING_KEY_FILE,
default .cairn/signing.key) with mode 0600, named after the origin (--origin, CAIRN_ORIGIN, default
${DEFAULT_ORIGIN}). Prints the C2SP verifier key on stdout: publish it, auditors verify with it.
Refuses to replace an existing key file unless --force: a ledger keeps the keys it signed with as
published keys, so a replaced key only makes new checkpoints be signed by another key.

Options:
  --force        replace an existing key file
  --vkey FILE    also write the verifier key to FILE

Examples:
  cairn keygen --origin example.com/decisions --vkey decisions.vkey
  CAIRN_SIGNING_KEY_FILE=/etc/cairn/log.key cairn keygen`,
  options: { force: { type: 'boolean' }, vkey: { type: 'string' } },
  async run({ values, positionals }, { io, config, command }) {
    expectPositionals(command, positionals, []);
    const path = config.keyFile;
    if (existsSync(path) && values.force !== true) {
      throw new UsageError(`signing key file ${path} already exists; pass --force to replace it`);
    }
    const key = await generateSignerKey(config.origin ?? DEFAULT_ORIGIN);
    const { verifierKey } = await createNoteSigner(key);
    await makeDirectory(dirname(path), 'key directory');
    await writeTextFile(io, path, `${key}\n`, 'signing key file', 0o600);
    if (values.vkey !== undefined) await writeTextFile(io, values.vkey, `${verifierKey}\n`, '--vkey');
    io.stdout(`${verifierKey}\n`);
    io.stderr(`cairn keygen: wrote the signing key to ${path} (mode 0600); its verifier key is on stdout\n`);
    return EXIT.ok;
  },
});
