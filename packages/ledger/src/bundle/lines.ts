import type { Readable } from 'node:stream';

/**
 * Splits a byte stream on "\n" and yields each line's exact bytes, without decoding: a leaf's bytes are what was
 * hashed, so they must not pass through a text decoder that could repair them. The last piece is yielded with
 * `terminated: false` when the stream does not end in "\n".
 */
export async function* byteLines(
  stream: Readable,
): AsyncGenerator<{ bytes: Uint8Array; terminated: boolean }> {
  let pending: Uint8Array[] = [];
  let pendingLength = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    let start = 0;
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, start)) {
      yield { bytes: join(pending, pendingLength, chunk.subarray(start, i)), terminated: true };
      pending = [];
      pendingLength = 0;
      start = i + 1;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingLength += chunk.length - start;
    }
  }
  if (pendingLength > 0) yield { bytes: join(pending, pendingLength, new Uint8Array(0)), terminated: false };
}

function join(parts: Uint8Array[], length: number, last: Uint8Array): Uint8Array {
  if (parts.length === 0) return Uint8Array.from(last);
  const out = new Uint8Array(length + last.length);
  let offset = 0;
  for (const part of [...parts, last]) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
