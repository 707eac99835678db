import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CairnError, sha256, toHex, utf8 } from '@cairn/core';

/** What the privacy store knows of one data subject: when its records were made, holds, erasure. */
export type SubjectRecord = {
  readonly ref: string;
  /** The latest `occurredAt` of the subject's records in each retention class (`''`: records without one). */
  readonly latest: Readonly<Record<string, string>>;
  readonly hold?: { readonly reason: string; readonly since: string };
  readonly erased?: { readonly at: string; readonly keyId?: string; readonly tombstoneId?: string };
};

/**
 * The subject registry: one small JSON file per subject, replaced atomically, named by the SHA-256 of the
 * reference. It holds no personal data beyond the pseudonymous reference itself.
 */
export class SubjectRegistry {
  #dir: string;
  #cache = new Map<string, SubjectRecord>();
  #dirty = new Set<string>();

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  get(ref: string): SubjectRecord | undefined {
    const hit = this.#cache.get(ref);
    if (hit) return hit;
    try {
      const record = JSON.parse(readFileSync(this.#path(ref), 'utf8')) as SubjectRecord;
      this.#cache.set(ref, record);
      return record;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CairnError('storage', 'subject registry: cannot read a subject file', { cause: error });
    }
  }

  /** Notes a record of the subject at `occurredAt` in `retentionClass`; written by the next `save()`. */
  note(ref: string, retentionClass: string | undefined, occurredAt: string): void {
    const record = this.get(ref) ?? { ref, latest: {} };
    const key = retentionClass ?? '';
    const before = record.latest[key];
    if (before !== undefined && before >= occurredAt && record.erased === undefined) return;
    const { erased: _erased, ...rest } = record;
    this.#put({
      ...rest,
      latest: { ...record.latest, [key]: before !== undefined && before > occurredAt ? before : occurredAt },
    });
  }

  update(ref: string, change: (record: SubjectRecord) => SubjectRecord): void {
    this.#put(change(this.get(ref) ?? { ref, latest: {} }));
    this.save();
  }

  /** Writes every changed subject file (write to a temporary name, then rename). */
  save(): void {
    for (const ref of this.#dirty) {
      const path = this.#path(ref);
      writeFileSync(`${path}.tmp`, JSON.stringify(this.#cache.get(ref)), { mode: 0o600 });
      renameSync(`${path}.tmp`, path);
    }
    this.#dirty.clear();
    // The cache only saves reads; past this many subjects it is dropped rather than grow with the population.
    if (this.#cache.size > 10_000) this.#cache.clear();
  }

  /** Every subject on file. */
  all(): SubjectRecord[] {
    return readdirSync(this.#dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => JSON.parse(readFileSync(join(this.#dir, name), 'utf8')) as SubjectRecord);
  }

  #put(record: SubjectRecord): void {
    this.#cache.set(record.ref, record);
    this.#dirty.add(record.ref);
  }

  #path(ref: string): string {
    return join(this.#dir, `${toHex(sha256(utf8(ref)))}.json`);
  }
}
