// The recording process of the SIGKILL test: records fail-closed into a spool whose server is unreachable and
// prints the id of every entry once it is durable, until it is killed.
import { createRecorder } from '../recorder/create-recorder.js';
import { httpSink } from '../sinks/http-sink.js';
import { spooledSink } from '../spool/spooled-sink.js';
import { loanDecision } from './examples.js';

const [dir, url] = process.argv.slice(2) as [string, string];
const sink = spooledSink({ sink: httpSink({ url, maxRetries: 0 }), dir, retry: { baseMs: 50, maxMs: 200 } });
const recorder = createRecorder({
  sink,
  agent: { id: 'killed' },
  producerId: 'child',
  failMode: 'closed',
  logger: false,
  otel: false,
});

for (let n = 0; n < 1_000_000; n += 10) {
  const batch = Array.from({ length: 10 }, (_, i) => recorder.decision(loanDecision(n + i)));
  const durable = await Promise.all(batch);
  process.stdout.write(durable.map((c) => `durable ${c.id}\n`).join(''));
}
