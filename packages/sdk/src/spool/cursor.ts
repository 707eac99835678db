import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A place in the journal: a segment number and a byte offset in it. */
export type Position = { readonly segment: number; readonly offset: number };

/** Reads the delivered-up-to cursor; a missing or unreadable one means "from the oldest segment". */
export function readCursor(dir: string): Position | undefined {
  try {
    const value = JSON.parse(readFileSync(join(dir, 'cursor.json'), 'utf8')) as Partial<Position>;
    const good =
      Number.isSafeInteger(value.segment) && Number.isSafeInteger(value.offset) && value.offset! >= 0;
    return good ? { segment: value.segment!, offset: value.offset! } : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the cursor atomically (write then rename), so a crash leaves the old or the new one, never half. */
export async function writeCursor(dir: string, position: Position): Promise<void> {
  const tmp = join(dir, 'cursor.json.tmp');
  await writeFile(tmp, JSON.stringify(position));
  await rename(tmp, join(dir, 'cursor.json'));
}
