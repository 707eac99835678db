// A child process for crash and concurrency tests, bundled by esbuild at test time (see child-process.ts).
// Usage: node append-child.mjs <database> <id prefix> <count> <largest batch>
// Signs with the key in CAIRN_SIGNING_KEY and prints `ack <id> <index>` for every entry once its append resolved.
import { createLedger } from '../ledger.js';
import { openStoreFromUrl } from '../open-store.js';
import { signerFromEnv } from '../keys.js';
import { decision } from './fixtures.js';

const [database, prefix, countText, batchText] = process.argv.slice(2);
const count = Number(countText);
const largestBatch = Number(batchText);
const ledger = await createLedger({
  store: await openStoreFromUrl(database!),
  signer: await signerFromEnv(),
});
let next = 0;
while (next < count) {
  const size = Math.min(count - next, 1 + Math.floor(Math.random() * largestBatch));
  const batch = Array.from({ length: size }, (_, i) =>
    decision(next + i, {
      idPrefix: prefix,
      producer: prefix,
      runId: `${prefix}-run-${Math.floor((next + i) / 100)}`,
    }),
  );
  const results = await ledger.append(batch);
  // Pipes are synchronous on Linux: a line printed here reached the parent before the next append starts.
  process.stdout.write(results.map((r) => `ack ${r.id} ${r.index}\n`).join(''));
  next += size;
}
await ledger.close();
