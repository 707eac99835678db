// Every id and every random choice of the demo is derived from (seed, story day, label) by SHA-256, so loading the
// demo twice on the same day sends byte-identical ids and the server answers `duplicate: true` for all of them.
import { sha256, toHex, utf8 } from '@cairn/core';
import { dayLabel } from './clock.js';
import type { Micros } from './clock.js';

/** Deterministic ids and randomness for one load of the demo. */
export type DemoIds = {
  /** 32 bytes derived from the label. */
  bytes(label: string): Uint8Array;
  /** `length` lowercase hex digits (at most 64). */
  hex(label: string, length: number): string;
  /** An RFC 9562 version 4 UUID whose random bits come from the label. */
  uuid4(label: string): string;
  /** An RFC 9562 version 7 UUID: `at`'s milliseconds, then bits from the label (how the SDK and clients make ids). */
  uuid7(label: string, at: Micros): string;
  /** A pseudonymous data-subject reference, `subj_` and 12 hex digits. */
  subject(label: string): string;
  /** `prefix` and `length` characters of `alphabet` (default lowercase base 36), like Trigger.dev's friendly ids. */
  friendly(prefix: string, label: string, length: number, alphabet?: string): string;
  /** A deterministic generator of numbers in [0, 1). */
  random(label: string): () => number;
};

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

function formatUuid(bytes: Uint8Array): string {
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

// sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, passes PractRand; plenty for
// picking demo applicants, and small enough to keep inline instead of adding a dependency.
function sfc32(seed: Uint8Array): () => number {
  const view = new DataView(seed.buffer, seed.byteOffset, 16);
  let a = view.getUint32(0);
  let b = view.getUint32(4);
  let c = view.getUint32(8);
  let d = view.getUint32(12);
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
}

/**
 * The id source of one demo load.
 *
 * @example
 * const ids = demoIds('cairn-demo', storyDay(new Date()));
 * ids.uuid7('airflow/decision/1', at) // '019ab3…-…' — the same on every load of that day
 */
export function demoIds(seed: string, day: Micros): DemoIds {
  const scope = `cairn-demo\u0000${seed}\u0000${dayLabel(day)}\u0000`;
  const bytes = (label: string) => sha256(utf8(scope + label));
  return Object.freeze({
    bytes,
    hex: (label: string, length: number) => toHex(bytes(label)).slice(0, length),
    uuid4(label: string) {
      const b = bytes(label).slice(0, 16);
      b[6] = (b[6]! & 0x0f) | 0x40;
      b[8] = (b[8]! & 0x3f) | 0x80;
      return formatUuid(b);
    },
    uuid7(label: string, at: Micros) {
      const b = bytes(label).slice(0, 16);
      const ms = Math.floor(at / 1000);
      for (let i = 0; i < 6; i++) b[i] = Math.floor(ms / 2 ** (8 * (5 - i))) % 256;
      b[6] = (b[6]! & 0x0f) | 0x70;
      b[8] = (b[8]! & 0x3f) | 0x80;
      return formatUuid(b);
    },
    subject: (label: string) => `subj_${toHex(bytes(`subject/${label}`)).slice(0, 12)}`,
    friendly(prefix: string, label: string, length: number, alphabet = BASE36) {
      const b = bytes(label);
      return prefix + Array.from(b.slice(0, length), (x) => alphabet[x % alphabet.length]).join('');
    },
    random: (label: string) => sfc32(bytes(`random/${label}`)),
  });
}
