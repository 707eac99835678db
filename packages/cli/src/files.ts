// Reading and writing the files a command names. Failures become one-line usage errors naming the file and the
// system's error code, never its content.
import { rename, readFile, writeFile, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { CliIo } from './io.js';
import { UsageError } from './io.js';

/** The error code of a failed file operation (`ENOENT`, `EACCES`, …). */
export function ioCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'I/O error';
}

/**
 * Reads a UTF-8 text file named on the command line, relative to the working directory.
 *
 * @example const note = await readTextFile(io, values.against, '--against');
 */
export async function readTextFile(io: CliIo, path: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError(`${what} ${path}: cannot be read (${ioCode(error)})`, { cause: error });
  }
}

/**
 * Writes a file named on the command line, whole: to a temporary file first, then renamed into place, so a reader
 * never sees half of it.
 *
 * @example await writeTextFile(io, values.out, receipt, '--out');
 */
export async function writeTextFile(
  io: CliIo,
  path: string,
  content: string | Uint8Array,
  what: string,
  mode = 0o644,
): Promise<void> {
  const target = resolve(io.cwd, path);
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content, { mode, flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new UsageError(`${what} ${path}: cannot be written (${ioCode(error)})`, { cause: error });
  }
}

/** Collapses a message to one line and bounds its length, for the single line a command prints on failure. */
export function oneLine(message: string, max = 2000): string {
  const line = message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max)}…`;
}
