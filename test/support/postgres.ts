// A throwaway PostgreSQL server for tests: a cluster made by initdb in a temporary folder, started
// on a free local port, stopped and removed after. Debian's postgresql package provides the
// programs (.ci/run installs it when missing). PostgreSQL refuses to run as root: as root, the
// cluster belongs to the package's `postgres` user and its programs run as that user.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import pg from 'pg';

export interface PostgresServer {
  /** A connection URL for the server's `postgres` database, as user `preflight`. */
  url: string;
  stop(): Promise<void>;
}

/** The folder of initdb and postgres: Debian keeps them by version under /usr/lib/postgresql. */
function binFolder(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((name) => /^\d+$/.test(name)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest)
    throw new Error('PostgreSQL is not installed (apt-get install postgresql): the tests need its initdb and postgres');
  return path.join(base, newest, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** The command to run a PostgreSQL program with: as `postgres` when this process is root. */
function asServerUser(program: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', program, ...args]] : [program, args];
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = binFolder();
  const folder = mkdtempSync(path.join(tmpdir(), 'cp-postgres-'));
  const data = path.join(folder, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(folder, uid, gid);
  }
  chmodSync(folder, 0o700);
  const [initdb, initArgs] = asServerUser(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'preflight',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'ignore' });
  const port = await freePort();
  const [postgres, serverArgs] = asServerUser(path.join(bin, 'postgres'), [
    '-D',
    data,
    '-p',
    String(port),
    '-k',
    folder,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
  ]);
  const server: ChildProcess = spawn(postgres, serverArgs, { stdio: 'ignore' });
  const url = `postgres://preflight@127.0.0.1:${port}/postgres`;
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      // Fast shutdown, sent to the server itself: runuser, in between as root, does not pass SIGINT on.
      // Before the server has written its pid file (stopped while starting), SIGTERM to the child,
      // which runuser does pass on.
      const pidFile = path.join(data, 'postmaster.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n', 1)[0]) : 0;
      if (pid > 0) process.kill(pid, 'SIGINT');
      else server.kill('SIGTERM');
      await exited;
    }
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, server);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

async function waitUntilReady(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`postgres stopped at start (exit code ${server.exitCode})`);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const identifier = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** A new, empty database of the server, and the URL that connects to it. */
export async function createDatabase(server: PostgresServer, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${identifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return url.href;
}

/**
 * A table of TEXT columns named as the CSV file's header, holding its rows, cells as PostgreSQL's
 * `COPY … CSV` loads them: an unquoted empty cell is NULL, a quoted one the empty text.
 */
export async function loadCsvTable(client: pg.Client, table: string, file: string): Promise<void> {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'), {
    bom: true,
    cast: (value, context) => (value === '' && !context.quoting ? null : value),
  }) as Array<Array<string | null>>;
  if (!header) throw new Error(`${file} has no header`);
  const columns = header.map((name) => identifier(name ?? ''));
  await client.query(`CREATE TABLE ${identifier(table)} (${columns.map((name) => `${name} TEXT`).join(', ')})`);
  const perInsert = Math.max(1, Math.floor(10_000 / columns.length));
  for (let start = 0; start < rows.length; start += perInsert) {
    const batch = rows.slice(start, start + perInsert);
    const values = batch.map(
      (_row, index) => `(${columns.map((_name, column) => `$${index * columns.length + column + 1}`).join(', ')})`,
    );
    await client.query(
      `INSERT INTO ${identifier(table)} (${columns.join(', ')}) VALUES ${values.join(', ')}`,
      batch.flatMap((row) => columns.map((_name, column) => row[column] ?? null)),
    );
  }
}
