import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarGz, tarHeader } from './tar.js';

describe('tarGz', () => {
  let dir = '';
  const files: Record<string, Buffer> = {
    'manifest.json': Buffer.from('{"format":"cairn-evidence-bundle"}\n'),
    'checkpoints/00000000.checkpoint': Buffer.from(
      'origin\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n— origin AAAA\n',
    ),
    // Exactly one block, and one byte over: the padding rules differ.
    'block.bin': Buffer.alloc(512, 7),
    'block-and-one.bin': Buffer.alloc(513, 9),
    [`deep/${'d'.repeat(90)}/${'f'.repeat(60)}.txt`]: Buffer.from(
      'a path longer than 100 bytes goes to the ustar prefix\n',
    ),
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-tar-'));
    for (const [name, content] of Object.entries(files)) {
      await mkdir(join(dir, 'src', name, '..'), { recursive: true });
      await writeFile(join(dir, 'src', name), content);
    }
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes an archive GNU tar lists and extracts byte for byte under the top directory', async () => {
    await pipeline(tarGz(join(dir, 'src'), 'pack'), createWriteStream(join(dir, 'pack.tar.gz')));
    const listing = execFileSync('tar', ['-tzf', join(dir, 'pack.tar.gz')], { encoding: 'utf8' })
      .trim()
      .split('\n');
    expect(listing).toContain('pack/');
    expect(listing).toContain('pack/checkpoints/00000000.checkpoint');
    await mkdir(join(dir, 'out'));
    execFileSync('tar', ['-xzf', join(dir, 'pack.tar.gz'), '-C', join(dir, 'out')]);
    for (const [name, content] of Object.entries(files)) {
      expect(await readFile(join(dir, 'out', 'pack', name)), name).toEqual(content);
    }
  });

  it('checksums each header as POSIX ustar says: the byte sum with the checksum field read as spaces', () => {
    const header = tarHeader({
      path: 'pack/manifest.json',
      size: 34,
      mtime: 1_764_547_200,
      directory: false,
    });
    const stated = parseInt(header.subarray(148, 154).toString('ascii'), 8);
    const copy = Buffer.from(header);
    copy.fill(0x20, 148, 156);
    expect(stated).toBe(copy.reduce((sum, byte) => sum + byte, 0));
    expect(header.subarray(257, 263).toString('latin1')).toBe('ustar\0');
  });

  it('refuses a path that fits neither the name nor the prefix field', () => {
    expect(() => tarHeader({ path: 'x'.repeat(300), size: 0, mtime: 0, directory: false })).toThrow(
      /too long for a ustar archive/,
    );
  });
});
