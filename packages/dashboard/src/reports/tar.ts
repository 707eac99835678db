// A directory as a gzip-compressed POSIX ustar archive (POSIX.1-2001 pax "ustar" interchange format), streamed
// file by file so a large bundle never sits in memory. Any `tar -xzf` reads it; no dependency needed.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { CairnError } from '@cairn/core';

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  // ustar: a longer path is split at a '/' into prefix (<= 155 bytes) and name (<= 100 bytes).
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { name, prefix };
  }
  throw new CairnError(
    'invalid_argument',
    `tar: the path ${path.slice(0, 80)}… is too long for a ustar archive`,
  );
}

/**
 * One ustar header block.
 *
 * @example tarHeader({ path: 'bundle/manifest.json', size: 812, mtime: 1764547200, directory: false })
 */
export function tarHeader(entry: { path: string; size: number; mtime: number; directory: boolean }): Buffer {
  const header = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(entry.directory ? `${entry.path}/` : entry.path);
  header.write(name, 0, 100, 'utf8');
  header.write(octal(entry.directory ? 0o755 : 0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(entry.directory ? 0 : entry.size, 12), 124, 'ascii');
  header.write(octal(Math.floor(entry.mtime), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write(entry.directory ? '5' : '0', 156, 'ascii');
  header.write('ustar\u000000', 257, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  // The checksum is the byte sum of the header with its own field read as eight spaces.
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

async function* walk(
  root: string,
  relative: string,
): AsyncGenerator<{ path: string; full: string; directory: boolean }> {
  const entries = (await readdir(join(root, relative), { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) {
      yield { path, full: join(root, path), directory: true };
      yield* walk(root, path);
    } else if (entry.isFile()) {
      yield { path, full: join(root, path), directory: false };
    }
  }
}

async function* tarBlocks(root: string, top: string): AsyncGenerator<Buffer> {
  const mtime = Math.floor(Date.now() / 1000);
  yield tarHeader({ path: top, size: 0, mtime, directory: true });
  for await (const file of walk(root, '')) {
    const size = file.directory ? 0 : (await stat(file.full)).size;
    yield tarHeader({ path: `${top}/${file.path}`, size, mtime, directory: file.directory });
    if (file.directory) continue;
    for await (const chunk of createReadStream(file.full)) yield chunk as Buffer;
    if (size % BLOCK !== 0) yield Buffer.alloc(BLOCK - (size % BLOCK));
  }
  // Two zero blocks end the archive.
  yield Buffer.alloc(2 * BLOCK);
}

/**
 * Streams directory `root` as a .tar.gz whose entries sit under `top/`.
 *
 * @example
 * tarGz('/tmp/pack', 'cairn-evidence-2026-11').pipe(createWriteStream('pack.tar.gz'));
 */
export function tarGz(root: string, top: string): Readable {
  return Readable.from(tarBlocks(root, top)).pipe(createGzip());
}
