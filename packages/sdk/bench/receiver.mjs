// A Cairn-like ingest endpoint for the benchmark, run as its own process: validates each batch with
// @cairn/core, stores entries in memory by id (idempotent) and answers `{ accepted }` with RFC 9162 leaf hashes.
import { createServer } from 'node:http';
import { canonicalBytes, leafHash, toHex, validateEntries } from '@cairn/core';

const byId = new Map();
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const checked = validateEntries(Array.isArray(body) ? body : [body]);
    if (!checked.ok) {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'invalid_entry', problems: checked.problems }));
      return;
    }
    const accepted = checked.value.map((entry) => {
      const seen = byId.get(entry.id);
      if (seen) return { ...seen, duplicate: true };
      const result = {
        id: entry.id,
        index: byId.size,
        leafHash: toHex(leafHash(canonicalBytes(entry))),
        duplicate: false,
      };
      byId.set(entry.id, result);
      return result;
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted }));
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
