// A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, start on a free loopback port,
// and remove everything on stop. Tests never skip when it is missing: a missing server is a failed test.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A running cluster: `url` reaches its `postgres` database as the superuser. */
export type PostgresCluster = {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Creates a fresh database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
};

function binDir(): string {
  const fromEnv = process.env.CAIRN_PG_BIN;
  if (fromEnv !== undefined && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0] === undefined) {
    throw new Error(
      'PostgreSQL server binaries not found (looked in CAIRN_PG_BIN and /usr/lib/postgresql/*/bin): ' +
        'install them, e.g. apt-get install -y postgresql-15',
    );
  }
  return join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

// initdb and postgres refuse to run as root, so as root the cluster belongs to the postgres user.
async function asServerUser(command: string, args: string[]): Promise<void> {
  const asRoot = process.getuid?.() === 0;
  const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  await run(file, argv, { maxBuffer: 16 * 1024 * 1024 });
}

/**
 * Starts a new cluster. Durability is switched off (fsync=off): a test cluster lives for one test file.
 *
 * @example
 * const cluster = await startPostgres();
 * const url = await cluster.createDatabase();
 * await cluster.stop();
 */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = binDir();
  const dir = await mkdtemp(join(tmpdir(), 'cairn-pg-'));
  if (process.getuid?.() === 0) {
    const { uid, gid } = await postgresIds();
    await chown(dir, uid, gid);
  }
  const data = join(dir, 'data');
  await asServerUser(join(bin, 'initdb'), [
    '-D',
    data,
    '-A',
    'trust',
    '-U',
    'postgres',
    '--no-sync',
    '-E',
    'UTF8',
  ]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let counter = 0;
  return {
    url,
    port,
    async createDatabase(name = `t${process.pid}_${counter++}_${Date.now().toString(36)}`) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`create database "${name}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      await asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(
        () => undefined,
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
}
