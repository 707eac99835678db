// A real HTTP receiver of `POST /v1/decisions` on 127.0.0.1, answering as the Cairn server does (200
// `{ accepted }`, 400 `{ error, problems }`), storing into a memory writer. It can be stopped and started again on
// the same port to play an outage, and can be told to drop the connection after storing (a lost response).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateEntries } from '@cairn/core';
import { createMemoryWriter } from './memory-writer.js';
import type { MemoryWriter } from './memory-writer.js';

export type Receiver = {
  readonly writer: MemoryWriter;
  readonly url: string;
  /** Requests seen, all answers included. */
  readonly requests: number;
  /** Store the next `n` batches, then drop the connection instead of answering. */
  dropResponses(n: number): void;
  stop(): Promise<void>;
  start(): Promise<void>;
};

export async function startReceiver(
  options: { port?: number; writer?: MemoryWriter } = {},
): Promise<Receiver> {
  const writer = options.writer ?? createMemoryWriter();
  let server: Server | undefined;
  let port = options.port ?? 0;
  let drops = 0;
  const receiver = {
    writer,
    requests: 0,
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    dropResponses(n: number) {
      drops = n;
    },
    async start() {
      server = createServer((req, res) => void handle(req, res));
      server.keepAliveTimeout = 1000;
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (s === undefined) return;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    receiver.requests += 1;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || req.url !== '/v1/decisions') return void res.writeHead(404).end();
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    const checked = validateEntries(Array.isArray(body) ? body : [body]);
    if (!checked.ok) {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'invalid_entry', problems: checked.problems }));
      return;
    }
    const accepted = await writer.append(checked.value);
    if (drops > 0) {
      drops -= 1;
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted }));
  }

  await receiver.start();
  return receiver;
}
