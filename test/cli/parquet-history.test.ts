// Parquet history files through the built command line (docs/inputs.md, Parquet files): a typed
// file reads as the CSV file of the same values, and a damaged or hostile file ends the run with
// exit code 2. (Every fixture's history as Parquet: test/slow/parquet-fixtures.test.ts.)

import { cpSync, mkdirSync, readFileSync, renameSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parquetHeader } from 'hyparquet/src/column.js';
import { parquetMetadata } from 'hyparquet';
import { ROOT, runBuiltCli, runCli, STACK_LINE, temporaryFolders } from '../support/cli.js';
import { selectToParquet, storyHistoryToParquet, type Report } from '../support/parquet-files.js';

const newFolder = temporaryFolders('preflight-parquet-');

describe('Parquet history files', () => {
  it('read typed columns as the CSV file of the same values reads', async () => {
    const campaign = (ext: string) => `id: typed-history
type: promotion
channel: email
send_at: 2026-03-10T09:00:00Z
audience: audience.csv
history:
  customers: { path: data/customers.${ext}, timezone: Europe/Berlin }
  orders: { path: data/orders.${ext}, timezone: Europe/Berlin }
  suppressions: data/suppressed.${ext}
message:
  subject: "Hello {{ first_name }}"
offer:
  discount_pct: 10
`;
    const audience = 'customer_id,email,first_name\nC-1,ana@example.com,Ana\nC-2,ben@example.com,Ben\nC-3,cleo@example.com,\n';
    const csvRoot = newFolder();
    const root = newFolder();
    for (const [folder, ext] of [
      [csvRoot, 'csv'],
      [root, 'parquet'],
    ]) {
      mkdirSync(path.join(folder, 'data'));
      writeFileSync(path.join(folder, 'campaign.yaml'), campaign(ext));
      writeFileSync(path.join(folder, 'audience.csv'), audience);
    }
    // The CSV files hold the text docs/inputs.md says each Parquet value reads as.
    writeFileSync(
      path.join(csvRoot, 'data/customers.csv'),
      [
        'customer_id,first_name,email,email_consent,do_not_contact,birth_date,unsubscribed_at,children_birth_years,interests',
        'C-1,Ana,ana@example.com,true,false,1990-05-17,,2015;2018,coffee-beans',
        'C-2,Ben,ben@example.com,false,,,2026-03-02T10:15:30.123456Z,20x5,',
        'C-3,,cleo@example.com,,true,2001-12-31,,,espresso;tea',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(csvRoot, 'data/orders.csv'),
      [
        'order_id,customer_id,ordered_at,delivered_at,total,status,quantity',
        'O-1,C-1,2026-01-10T09:30:00,2026-01-12T18:00:00Z,32.50,delivered,3',
        'O-2,C-2,2026-02-01T00:00:00.5,,-0.05,weird,',
        'O-3,C-3,,,,,9007199254740993',
        '',
      ].join('\n'),
    );
    await selectToParquet(
      `SELECT * FROM (VALUES
        ('C-1', 'Ana', 'ana@example.com', true, false, DATE '1990-05-17', NULL::TIMESTAMPTZ, ['2015', '2018'], ['coffee-beans']),
        ('C-2', 'Ben', 'ben@example.com', false, NULL, NULL, TIMESTAMPTZ '2026-03-02 10:15:30.123456+00', ['20x5'], NULL),
        ('C-3', NULL, 'cleo@example.com', NULL, true, DATE '2001-12-31', NULL, [], ['espresso', 'tea'])
      ) t(customer_id, first_name, email, email_consent, do_not_contact, birth_date, unsubscribed_at, children_birth_years, interests)`,
      path.join(root, 'data/customers.parquet'),
    );
    await selectToParquet(
      `SELECT * FROM (VALUES
        ('O-1', 'C-1', TIMESTAMP '2026-01-10 09:30:00', TIMESTAMPTZ '2026-01-12 18:00:00+00', 32.50::DECIMAL(10, 2), 'delivered', 3::BIGINT),
        ('O-2', 'C-2', TIMESTAMP '2026-02-01 00:00:00.5', NULL, -0.05::DECIMAL(10, 2), 'weird', NULL),
        ('O-3', 'C-3', NULL, NULL, NULL, NULL, 9007199254740993::BIGINT)
      ) t(order_id, customer_id, ordered_at, delivered_at, total, status, quantity)`,
      path.join(root, 'data/orders.parquet'),
    );
    writeFileSync(path.join(csvRoot, 'data/suppressed.csv'), 'email,reason\nCleo@Example.com,complained\n');
    await selectToParquet(
      `SELECT 'Cleo@Example.com' AS email, 'complained' AS reason`,
      path.join(root, 'data/suppressed.parquet'),
    );
    const [csv, parquet] = await Promise.all([
      runBuiltCli(['check', '.', '-f', 'json'], { cwd: csvRoot }),
      runBuiltCli(['check', '.', '-f', 'json'], { cwd: root }),
    ]);
    expect(csv.stderr).toBe('');
    expect(parquet.stderr).toBe('');
    expect(parquet.status).toBe(csv.status);
    // What differs: the history files' names, and their places as rows (line 3 is row 2).
    const expected = JSON.parse(csv.stdout.replace(/data\/(customers|orders|suppressed)\.csv/g, 'data/$1.parquet')) as Report;
    for (const finding of expected.findings) {
      if (finding.file?.startsWith('data/') && finding.line !== null) finding.line -= 1;
    }
    const report = JSON.parse(parquet.stdout) as Report & { findings: Array<{ ruleId: string; column?: string }> };
    expect(report).toEqual(expected);
    expect(report.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'invalid-value',
          file: 'data/customers.parquet',
          line: 2,
          column: 'children_birth_years',
        }),
        expect.objectContaining({ ruleId: 'invalid-value', file: 'data/orders.parquet', line: 2, column: 'status' }),
        expect.objectContaining({ ruleId: 'no-consent', customerId: 'C-3' }),
      ]),
    );
    // Text reports name the row as a row.
    const stylish = await runCli(['check', '.'], { cwd: root });
    expect(stylish.stdout).toMatch(/data\/customers\.parquet row 2 /);
  });

  describe('a damaged or hostile file ends the run with exit code 2, naming it', () => {
    /** The passing story with its history as Parquet files, in a folder of its own for each case. */
    async function passingWithParquet(): Promise<() => string> {
      const base = newFolder();
      cpSync(path.join(ROOT, 'fixtures/passing'), base, { recursive: true });
      await storyHistoryToParquet(base);
      return () => {
        const folder = newFolder();
        cpSync(base, folder, { recursive: true });
        return folder;
      };
    }

    /** The bytes of a file changed in place. */
    function edit(file: string, change: (bytes: Buffer) => Buffer | void): void {
      const bytes = readFileSync(file);
      writeFileSync(file, change(bytes) ?? bytes);
    }

    /** Where the first page of the file's first column with `name` starts. */
    function columnStart(bytes: Buffer, name: string): number {
      const metadata = parquetMetadata(bytes);
      const chunk = metadata.row_groups[0].columns.find((column) => column.meta_data?.path_in_schema[0] === name)!.meta_data!;
      return Number(chunk.dictionary_page_offset || chunk.data_page_offset);
    }

    it('each case, without a stack trace or a hang', async () => {
      const copy = await passingWithParquet();
      type Change = (folder: string, customers: string) => void | Promise<void>;
      const cases: Array<{ name: string; folder: string; stderr: RegExp; change: Change }> = [];
      const add = (name: string, stderr: RegExp, change: Change) => cases.push({ name, folder: copy(), stderr, change });
      const customersAt = /^data\/customers\.parquet: /;

      add('cut short', /^data\/customers\.parquet: cannot read this Parquet file: it does not end with PAR1/, (_, file) =>
        edit(file, (bytes) => bytes.subarray(0, bytes.length >> 1)),
      );
      add('a footer length past the file', /footer claims \d+ bytes, but the whole file is \d+ bytes long/, (_, file) =>
        edit(file, (bytes) => void bytes.writeUInt32LE(bytes.length, bytes.length - 8)),
      );
      add('a page header that is no page header', /cannot read this Parquet file: the reader stopped at/, (_, file) =>
        edit(file, (bytes) => void bytes.fill(0xff, columnStart(bytes, 'customer_id'), columnStart(bytes, 'customer_id') + 16)),
      );
      add(
        'a page claiming 128 MiB',
        /a page of column "note" in row group 1 claims 134217727 bytes, more than the 64 MiB it may/,
        async (_, file) => {
          await selectToParquet(`SELECT 'H-001' AS customer_id, repeat('x', 1200000) AS note`, file);
          edit(file, (bytes) => {
            // The header's second field, the uncompressed size, is a varint of four bytes here: made the largest four bytes hold.
            const start = columnStart(bytes, 'note');
            const header = parquetHeader({ view: new DataView(bytes.buffer, bytes.byteOffset, bytes.length), offset: start });
            expect(header.uncompressed_page_size).toBeGreaterThan(1 << 20);
            expect([bytes[start], bytes[start + 2]]).toEqual([0x15, 0x15]);
            bytes.set([0xfe, 0xff, 0xff, 0x7f], start + 3);
          });
        },
      );
      for (const [codec, byte, named] of [
        ['LZO', 0x06, 'LZO'],
        ['number 9', 0x12, 'a codec Parquet does not define'],
      ] as const) {
        add(
          `a column compressed with ${codec}`,
          new RegExp(`column "customer_id" is compressed with ${named}, which cannot be read`),
          (_, file) =>
            edit(file, (bytes) => {
              // In the footer, the column's path and then its codec (field 4, SNAPPY).
              const at = bytes.lastIndexOf(Buffer.concat([Buffer.from('customer_id'), Buffer.from([0x15, 0x02])]));
              expect(at).toBeGreaterThan(0);
              bytes[at + 'customer_id'.length + 1] = byte;
            }),
        );
      }
      add('an empty file', /not a Parquet file: it is empty/, (_, file) => writeFileSync(file, ''));
      add('a CSV file named .parquet', /not a Parquet file[^\n]*\n.*it looks like text/, (folder, file) =>
        writeFileSync(file, readFileSync(path.join(folder, 'data/customers.csv'))),
      );
      add('a Parquet file named .csv', /^data\/customers\.csv: this is a Parquet file, not a CSV file/, (folder, file) => {
        renameSync(file, path.join(folder, 'data/customers.csv'));
        const campaign = path.join(folder, 'campaign.yaml');
        writeFileSync(campaign, readFileSync(campaign, 'utf8').replace('data/customers.parquet', 'data/customers.csv'));
      });
      add('a Parquet audience', /^audience\.parquet: a Parquet file is read only as a history file/, (folder, file) => {
        cpSync(file, path.join(folder, 'audience.parquet'));
        const campaign = path.join(folder, 'campaign.yaml');
        writeFileSync(campaign, readFileSync(campaign, 'utf8').replace('audience: audience.csv', 'audience: audience.parquet'));
      });
      add(
        'encoding: on a Parquet source',
        /^campaign\.yaml:\d+:\d+: .*encoding is a setting of CSV files, and data\/customers\.parquet is a Parquet file/,
        (folder) => {
          const campaign = path.join(folder, 'campaign.yaml');
          writeFileSync(
            campaign,
            readFileSync(campaign, 'utf8').replace(
              'customers: data/customers.parquet',
              'customers: { path: data/customers.parquet, encoding: latin1 }',
            ),
          );
        },
      );

      for (const entry of cases) {
        await entry.change(entry.folder, path.join(entry.folder, 'data/customers.parquet'));
      }
      // In-process, but for the cases that would allocate what the file claims: the built executable,
      // where a crash or a hang would show as a status other than 2.
      const ownProcess = /page/;
      const results = await Promise.all(
        cases.map(({ name, folder }) =>
          ownProcess.test(name)
            ? runBuiltCli(['check', '.'], { cwd: folder, timeoutMs: 20_000 })
            : runCli(['check', '.'], { cwd: folder }),
        ),
      );
      expect(cases.filter(({ name }) => ownProcess.test(name))).toHaveLength(2);
      results.forEach((result, index) => {
        const { name, stderr } = cases[index];
        expect(result.status, `${name}: ${result.stderr}`).toBe(2);
        expect(result.stdout, name).toBe('');
        expect(result.stderr, name).toMatch(stderr);
        expect(result.stderr, name).not.toMatch(STACK_LINE);
        if (!/^encoding|named \.csv$|audience$/.test(name)) expect(result.stderr, name).toMatch(customersAt);
      });
    }, 60_000);
  });

  it('are kept in the history cache, which a touched or changed file invalidates', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    await storyHistoryToParquet(folder);
    const check = async (...args: string[]) => {
      const result = await runCli(['--debug', 'check', 'campaign.yaml', '-f', 'json', '--cache', '--root', folder, ...args], {
        cwd: folder,
      });
      const cache = [...result.stderr.matchAll(/history (read from the cache|read from its files)[^\n]*/g)].map(
        (match) => match[0],
      );
      return { report: JSON.parse(result.stdout) as unknown, cache };
    };
    const plain = await runCli(['check', 'campaign.yaml', '-f', 'json', '--root', folder], { cwd: folder });
    const cold = await check();
    const warm = await check();
    expect(cold.cache).toEqual([expect.stringMatching(/read from its files/)]);
    expect(warm.cache).toEqual([expect.stringMatching(/read from the cache/)]);
    expect(warm.report).toEqual(JSON.parse(plain.stdout));
    const orders = path.join(folder, 'data/orders.parquet');
    utimesSync(orders, new Date(), new Date(Date.now() + 5000));
    expect((await check('--cache-strategy', 'metadata')).cache).toEqual([
      expect.stringMatching(/read from its files.*orders\.parquet changed/),
    ]);
    // Another export of the same orders, but one.
    await selectToParquet(`SELECT * FROM read_parquet('${orders}') LIMIT 3`, path.join(folder, 'data/fewer.parquet'));
    renameSync(path.join(folder, 'data/fewer.parquet'), orders);
    expect((await check()).cache).toEqual([expect.stringMatching(/read from its files.*orders\.parquet changed/)]);
  });
});
