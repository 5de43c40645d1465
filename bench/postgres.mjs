// A benchmark scenario's history checked through PostgreSQL (history.postgres): a throwaway server
// (Debian's postgresql, initdb in a temporary folder, a free port), the scenario's history files
// loaded into tables with psql's \copy, then one check of the scenario's campaign by the built
// command line in a child process, with its wall time and peak RSS. Run after `npm run build`:
//   node bench/postgres.mjs bench/data/<scenario> [--keep]
// --keep leaves the server's folder (and the loaded tables) for another run: pass it as --data.

import { execFileSync, spawnSync } from 'node:child_process';
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { keep: { type: 'boolean' }, data: { type: 'string' } },
  allowPositionals: true,
});
const scenario = path.resolve(positionals[0] ?? '');
if (!existsSync(path.join(scenario, 'campaign.yaml')))
  throw new Error('usage: node bench/postgres.mjs bench/data/<scenario> [--keep] [--data <folder>]');

const base = '/usr/lib/postgresql';
const version = readdirSync(base)
  .filter((name) => /^\d+$/.test(name))
  .sort((a, b) => b - a)[0];
const bin = (program) => path.join(base, version, 'bin', program);
const root = process.getuid?.() === 0;
const asServer = (program, args) => (root ? ['runuser', ['-u', 'postgres', '--', bin(program), ...args]] : [bin(program), args]);
const run = (program, args, options = {}) => {
  const [command, argv] = asServer(program, args);
  return execFileSync(command, argv, { stdio: 'inherit', ...options });
};

const port = await new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address();
    server.close(() => resolve(free));
  });
});
const folder = values.data ?? mkdtempSync(path.join(tmpdir(), 'cp-bench-postgres-'));
mkdirSync(folder, { recursive: true });
const data = path.join(folder, 'data');
const fresh = !existsSync(data);
if (root) {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  chownSync(folder, uid, uid);
}
if (fresh)
  run('initdb', ['-D', data, '-U', 'preflight', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8'], { stdio: 'ignore' });
// A machine of two cores and 24 GiB, the database alone on it while it loads, then beside the check.
const settings = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: folder,
  fsync: 'off',
  full_page_writes: 'off',
  synchronous_commit: 'off',
  wal_level: 'minimal',
  max_wal_senders: '0',
  max_wal_size: '20GB',
  shared_buffers: '4GB',
  temp_buffers: '2GB',
  work_mem: '512MB',
  maintenance_work_mem: '2GB',
  jit: 'off',
};
const options = Object.entries(settings)
  .map(([key, value]) => `-c ${key}=${value}`)
  .join(' ');
run('pg_ctl', ['-D', data, '-w', '-l', path.join(folder, 'server.log'), '-o', `-p ${port} ${options}`, 'start'], {
  stdio: 'ignore',
});
const url = `postgres://preflight@127.0.0.1:${port}/postgres`;
const seconds = (since) => ((performance.now() - since) / 1000).toFixed(1);

try {
  const tables = { customers: 'data/customers.csv', orders: 'data/orders.csv', contacts: 'data/contacts.csv' };
  if (fresh) {
    for (const [table, file] of Object.entries(tables)) {
      const head = Buffer.alloc(4096);
      const descriptor = openSync(path.join(scenario, file), 'r');
      const bytes = readSync(descriptor, head, 0, head.length, 0);
      closeSync(descriptor);
      const header = head.subarray(0, bytes).toString('utf8').split('\n', 1)[0].split(',');
      const started = performance.now();
      const columns = header.map((name) => `"${name}" TEXT`).join(', ');
      execFileSync(bin('psql'), [url, '-X', '-q', '-c', `CREATE UNLOGGED TABLE ${table} (${columns})`]);
      execFileSync(bin('psql'), [
        url,
        '-X',
        '-q',
        '-c',
        `\\copy ${table} FROM '${path.join(scenario, file)}' WITH (FORMAT csv, HEADER)`,
      ]);
      execFileSync(bin('psql'), [url, '-X', '-q', '-c', `ANALYZE ${table}`]);
      console.error(`loaded ${table} in ${seconds(started)} s`);
    }
  }
  // The scenario's campaign with its history in the database, named by a config given with --config.
  const work = path.join(folder, 'campaign');
  mkdirSync(work, { recursive: true });
  const campaign = readFileSync(path.join(scenario, 'campaign.yaml'), 'utf8')
    .replace(/^audience: (.*)$/m, (_line, file) => `audience: ${path.join(scenario, file)}`)
    .replace(/^history:\n( {2}.*\n)+/m, '');
  writeFileSync(path.join(work, 'campaign.yaml'), campaign);
  writeFileSync(
    path.join(work, 'config.yaml'),
    'history:\n  postgres:\n    url: env:BENCH_DATABASE_URL\n    tables: { customers: customers, orders: orders, contacts: contacts }\n',
  );
  const started = performance.now();
  const check = spawnSync(
    '/usr/bin/time',
    [
      '-f',
      '%e s wall, %M KiB peak RSS, %U s user, %S s system',
      'node',
      path.resolve('dist/src/cli/bin.js'),
      'check',
      'campaign.yaml',
      '--config',
      'config.yaml',
      '--root',
      scenario,
      '-f',
      'json',
      '-o',
      path.join(folder, 'report.json'),
    ],
    { cwd: work, env: { ...process.env, BENCH_DATABASE_URL: url }, encoding: 'utf8' },
  );
  console.error(check.stderr.trim());
  console.log(
    JSON.stringify({
      scenario: path.basename(scenario),
      exit: check.status,
      wallSeconds: Number(seconds(started)),
      time: check.stderr.trim().split('\n').at(-1),
    }),
  );
} finally {
  run('pg_ctl', ['-D', data, '-m', 'fast', 'stop'], { stdio: 'ignore' });
  if (!values.keep && !values.data) rmSync(folder, { recursive: true, force: true });
}
