// A producer in its own process, as real producers are: reads a JSON array of bodies on stdin, POSTs them all at
// once to argv[2] + argv[3] over one keep-alive connection each, and prints [{ status, body }] in the same order.
// Usage: node concurrent-posts.mjs http://127.0.0.1:7070 /v1/decisions <token> < bodies.json
import http from 'node:http';

const [, , base, path, token] = process.argv;
const url = new URL(path, base);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const bodies = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const agent = new http.Agent({ keepAlive: true, maxSockets: bodies.length });

function post(body) {
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        agent,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        let answer = '';
        response.setEncoding('utf8');
        response.on('data', (part) => (answer += part));
        response.on('end', () => resolve({ status: response.statusCode, body: JSON.parse(answer) }));
      },
    );
    request.setTimeout(30_000, () => request.destroy(new Error('timed out')));
    request.on('error', reject);
    request.end(text);
  });
}

const results = await Promise.all(bodies.map(post));
agent.destroy();
process.stdout.write(JSON.stringify(results));
