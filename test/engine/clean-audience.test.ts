// writeCleanAudiences from the library: the kept lines are the original's bytes whatever the line
// endings and the encoding (UTF-16 ends lines with two-byte code units), and nothing is written
// when a target is an input.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, UsageError, writeCleanAudiences } from '../../src/index.js';

const root = await mkdtemp(join(tmpdir(), 'preflight-clean-audience-'));
afterAll(() => rm(root, { recursive: true, force: true }));

let projects = 0;

/** A project whose audience is `audience` (bytes); rows for C-2 greet generically (an error). */
async function project(audience: Buffer, encoding?: string, folder = join(root, `project-${projects++}`)): Promise<string> {
  await mkdir(join(folder, 'data'), { recursive: true });
  await mkdir(join(folder, '.git'));
  await writeFile(
    join(folder, 'data/customers.csv'),
    'customer_id,first_name,last_name,email\nC-1,Ada,Lovelace,ada@example.com\nC-2,Grace,Hopper,grace@example.com\nC-3,Alan,Turing,alan@example.com\n',
  );
  await writeFile(join(folder, 'data/orders.csv'), 'order_id,customer_id,ordered_at,status\n');
  const source = encoding ? `{ path: audience.csv, encoding: ${encoding} }` : 'audience.csv';
  await writeFile(
    join(folder, 'campaign.yaml'),
    `id: spring\ntype: newsletter\nchannel: email\nsend_at: 2026-11-15T09:00:00Z\naudience: ${source}\n` +
      'history: { customers: data/customers.csv, orders: data/orders.csv }\n',
  );
  await writeFile(join(folder, 'audience.csv'), audience);
  return folder;
}

async function cleanAudienceOf(folder: string): Promise<Buffer> {
  const result = await check({ targets: [folder], cwd: folder });
  try {
    const [written] = await writeCleanAudiences(result, 'clean', folder);
    expect(written).toMatchObject({ campaignId: 'spring', keptRows: 2, excludedRows: 1 });
  } finally {
    result.dispose();
  }
  return readFile(join(folder, 'clean/spring/audience.csv'));
}

const HEADER = 'customer_id,email,greeting';
const ADA = 'C-1,ada@example.com,"Dear\nAda"';
const GRACE = 'C-2,grace@example.com,"Dear\r\nCustomer"';
const ALAN = 'C-3,alan@example.com,Dear Alan';

describe('writeCleanAudiences', () => {
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
  const cases: Array<[string, (text: string) => Buffer, string, string | undefined]> = [
    ['UTF-8 with lone CR line endings', (text) => Buffer.from(text), '\r', undefined],
    [
      'UTF-16LE with its BOM',
      (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      '\r\n',
      undefined,
    ],
    ['UTF-16BE with its BOM', (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), '\n', undefined],
    ['windows-1252', (text) => Buffer.from(text.replace('Alan', 'Alän'), 'latin1'), '\r\n', 'windows-1252'],
  ];
  for (const [name, encode, eol, encoding] of cases) {
    it(`copies the kept lines byte for byte: ${name}`, async () => {
      const rows = [HEADER, ADA, GRACE, ALAN];
      const folder = await project(encode(rows.join(eol)), encoding); // the last line has no line ending
      expect(await cleanAudienceOf(folder)).toEqual(encode([HEADER, ADA, ALAN].join(eol)));
    });
  }

  it('refuses a target that is an input file, writing nothing', async () => {
    // The project folder is named as the campaign: <parent>/spring/audience.csv is its audience.
    const parent = join(root, 'parent');
    const folder = await project(Buffer.from([HEADER, ADA, GRACE, ALAN].join('\n')), undefined, join(parent, 'spring'));
    const before = await readdir(folder, { recursive: true });
    const result = await check({ targets: [folder], cwd: folder });
    try {
      const refusal = writeCleanAudiences(result, parent, folder);
      await expect(refusal).rejects.toBeInstanceOf(UsageError);
      await expect(refusal).rejects.toThrow(/would replace the input file .*spring\/audience\.csv; nothing was written/);
    } finally {
      result.dispose();
    }
    expect(await readdir(folder, { recursive: true })).toEqual(before);
  });
});

describe('excluded.csv', () => {
  it('quotes cells with ; and makes formulas inert, after a ; and in full width', async () => {
    // Customer ids are trimmed on reading: the leading blanks case is the csv format's test.
    const hostileIds = ["x;=cmd|' /C calc'!A0", '@SUM(A1)', '＝HYPERLINK("http://evil.example")'];
    const folder = join(root, 'hostile');
    await mkdir(join(folder, 'data'), { recursive: true });
    await mkdir(join(folder, '.git'));
    const quoted = (value: string) => `"${value.replaceAll('"', '""')}"`;
    await writeFile(
      join(folder, 'data/customers.csv'),
      [
        'customer_id,first_name,last_name,email',
        ...hostileIds.map((id, i) => `${quoted(id)},Ada,Lovelace,ada${i}@example.com`),
      ].join('\n'),
    );
    await writeFile(join(folder, 'data/orders.csv'), 'order_id,customer_id,ordered_at,status\n');
    await writeFile(
      join(folder, 'campaign.yaml'),
      'id: spring\ntype: newsletter\nchannel: email\nsend_at: 2026-11-15T09:00:00Z\naudience: audience.csv\n' +
        'history: { customers: data/customers.csv, orders: data/orders.csv }\n',
    );
    await writeFile(
      join(folder, 'audience.csv'),
      [HEADER, ...hostileIds.map((id, i) => `${quoted(id)},ada${i}@example.com,Dear Customer`)].join('\n'),
    );
    const result = await check({ targets: [folder], cwd: folder });
    try {
      await writeCleanAudiences(result, 'clean', folder);
    } finally {
      result.dispose();
    }
    const excluded = await readFile(join(folder, 'clean/spring/excluded.csv'), 'utf8');
    const lines = excluded.split('\r\n');
    expect(lines[0]).toBe('line,customer_id,rules,reasons');
    expect(lines.slice(1, 4).map((line) => line.slice(0, line.indexOf(',', line.indexOf(',') + 1)))).toEqual([
      `2,"x;'=cmd|' /C calc'!A0"`,
      "3,'@SUM(A1)",
      `4,"'＝HYPERLINK(""http://evil.example"")"`,
    ]);
    // As a spreadsheet splitting on `;` reads it, quotes or not: no cell starts a formula.
    expect(excluded.split(/[;\t\r\n]/).filter((cell) => /^[\s"]*[=+\-@＝＋－＠]/u.test(cell))).toEqual([]);
  });
});
