// How an auditor checks an evidence pack: the same steps in the HTML report, the PDF and docs/auditor-guide.md.

/** One step: what it proves and the commands that do it. */
export type VerifyStep = {
  readonly title: string;
  readonly text: string;
  readonly commands: readonly string[];
};

/**
 * The verification steps of an evidence pack whose bundle is in `bundle/`.
 *
 * @example VERIFY_STEPS.map((s) => s.title)
 */
export const VERIFY_STEPS: readonly VerifyStep[] = Object.freeze([
  {
    title: 'With Cairn',
    text: 'Checks every file digest, every checkpoint signature, every leaf, the rebuilt root and the consistency of successive checkpoints, and names every problem. Exit code 0 means verified.',
    commands: ['cairn verify --bundle bundle'],
  },
  {
    title: 'With standard tools only (coreutils, base64, OpenSSL)',
    text: 'The pack includes verify-bundle.sh, which performs the same checks with sha256sum, base64, od and openssl (bash, grep and sed read the files). Read it before running it: it is short and commented.',
    commands: ['bash verify-bundle.sh bundle'],
  },
  {
    title: 'Spot-check one entry by hand',
    text: 'The leaf hash of line N of leaves.jsonl is SHA-256 of a zero byte followed by the line without its newline (RFC 9162 §2.1.1).',
    commands: ["sed -n '1p' bundle/leaves.jsonl | tr -d '\\n' | (printf '\\000'; cat) | sha256sum"],
  },
  {
    title: 'Check the checkpoint signature with OpenSSL',
    text: 'The signed message is the checkpoint text before the empty line. The verifier key is name+keyid+base64(0x01 || Ed25519 public key); the signature line holds base64(4-byte key id || 64-byte signature). With several keys, use the line of verifier-keys.txt whose name and key id the signature line names.',
    commands: [
      "sed '/^$/,$d' bundle/checkpoints/NNNNNNNN.checkpoint > body",
      "grep '^— ' bundle/checkpoints/NNNNNNNN.checkpoint | cut -d' ' -f3 | base64 -d | tail -c 64 > sig",
      'cut -d+ -f3- bundle/verifier-keys.txt | base64 -d | tail -c 32 > pub.raw',
      "(printf '\\x30\\x2a\\x30\\x05\\x06\\x03\\x2b\\x65\\x70\\x03\\x21\\x00'; cat pub.raw) | openssl pkey -pubin -inform DER -out pub.pem",
      'openssl pkeyutl -verify -pubin -inkey pub.pem -rawin -in body -sigfile sig',
    ],
  },
]);

/** What a bundle does not prove (docs/evidence-bundle.md), stated in every report. */
export const BUNDLE_LIMITS =
  'The bundle proves that its entries are exactly what the log committed to at the checkpoint’s tree size. It does not prove that the log did not later fork or shrink: compare its checkpoint with one kept outside the system (cairn verify --against). Entries whose personal data was erased still verify, because only commitments to that data are in the leaves.';
