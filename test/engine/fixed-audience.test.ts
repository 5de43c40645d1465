// writeFixedAudiences from the library, with fixes made up here rather than by rules: every line
// not changed is the original's bytes, a changed record is written in the file's delimiter,
// encoding and line ending, quoted only where it must be, whatever the encoding (UTF-16 ends lines
// with two-byte code units); what cannot be written is left as it was and said in changes.csv.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CollectedFixes } from '../../src/engine/fixes.js';
import { check, writeFixedAudiences, type Fix } from '../../src/index.js';

const root = await mkdtemp(join(tmpdir(), 'preflight-fixed-audience-'));
afterAll(() => rm(root, { recursive: true, force: true }));

let projects = 0;

/** A project whose audience is `audience` (bytes), read with `options` (YAML) when given. */
async function project(audience: Buffer, options?: string): Promise<string> {
  const folder = join(root, `project-${projects++}`);
  await mkdir(join(folder, 'data'), { recursive: true });
  await mkdir(join(folder, '.git'));
  await writeFile(
    join(folder, 'data/customers.csv'),
    'customer_id,first_name,last_name,email\nC-1,Ada,Lovelace,ada@example.com\n',
  );
  const source = options ? `{ path: audience.csv, ${options} }` : 'audience.csv';
  await writeFile(
    join(folder, 'campaign.yaml'),
    `id: spring\ntype: newsletter\nchannel: email\nsend_at: 2026-11-15T09:00:00Z\naudience: ${source}\n` +
      'history: { customers: data/customers.csv }\n',
  );
  await writeFile(join(folder, 'audience.csv'), audience);
  return folder;
}

type MadeUpFix = [line: number, customerId: string, ruleId: string, fix: Fix];

/** The project's audience with these fixes applied, and its changes.csv. */
async function fixedAudienceOf(folder: string, made: MadeUpFix[]) {
  const result = await check({ targets: [folder], cwd: folder, ruleOverrides: { 'generic-salutation': 'off' } });
  const fixes = new CollectedFixes({}, undefined);
  for (const [line, customerId, ruleId, fix] of made) {
    const what = fix.action === 'set' ? `${fix.column} should be ${fix.value}` : 'leave it out';
    const finding = { ruleId, severity: 'error' as const, campaignId: 'spring', customerId, file: 'audience.csv', line };
    fixes.add({ ...finding, message: what, evidence: {} }, fix);
  }
  try {
    const [written] = await writeFixedAudiences({ campaigns: result.campaigns, fixes }, 'fixed', folder);
    return {
      written,
      audience: await readFile(join(folder, 'fixed/spring/audience.csv')),
      changes: await readFile(join(folder, 'fixed/spring/changes.csv'), 'utf8'),
    };
  } finally {
    result.dispose();
  }
}

const set = (column: string, value: string): Fix => ({ action: 'set', column, value });
const CHANGES_HEADER = 'line,customer_id,action,column,old_value,new_value,rules,reasons\r\n';

describe('writeFixedAudiences', () => {
  const HEADER = 'customer_id,email,greeting';
  const ADA = 'C-1,ada@example.com,"Dear\nAda"'; // lines 2-3
  const GRACE = 'C-2,grace@example.com,"Dear\r\nCustomer"'; // lines 4-5
  const ALAN = 'C-3,alan@example.com,Dear Alan'; // line 6, the last, without a line ending
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
  const cases: Array<[string, (text: string) => Buffer, string, string | undefined]> = [
    ['UTF-8 with a BOM and CRLF', (text) => Buffer.from(`\uFEFF${text}`), '\r\n', undefined],
    ['UTF-8 with lone CR line endings', (text) => Buffer.from(text), '\r', undefined],
    [
      'UTF-16LE with its BOM',
      (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      '\r\n',
      undefined,
    ],
    ['UTF-16BE with its BOM', (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]), '\n', undefined],
    ['windows-1252', (text) => Buffer.from(text, 'latin1'), '\r\n', 'encoding: windows-1252'],
  ];
  for (const [name, encode, eol, options] of cases) {
    it(`replaces changed records, a quoted line break's and the last line's too, and copies the rest: ${name}`, async () => {
      const folder = await project(encode([HEADER, ADA, GRACE, ALAN].join(eol)), options);
      const { written, audience, changes } = await fixedAudienceOf(folder, [
        [4, 'C-2', 'acme/greet', set('greeting', 'Dear Grace')],
        [6, 'C-3', 'acme/greet', set('greeting', 'Dear Alän')],
      ]);
      const fixed = [HEADER, ADA, 'C-2,grace@example.com,Dear Grace', 'C-3,alan@example.com,Dear Alän'];
      expect(audience).toEqual(encode(fixed.join(eol)));
      expect(written).toMatchObject({ cellsChanged: 2, rowsRemoved: 0, notApplied: [] });
      expect(changes).toBe(
        CHANGES_HEADER +
          `4,C-2,set,greeting,"Dear\r\nCustomer",Dear Grace,acme/greet,acme/greet: greeting should be Dear Grace\r\n` +
          '6,C-3,set,greeting,Dear Alan,Dear Alän,acme/greet,acme/greet: greeting should be Dear Alän\r\n',
      );
    });
  }

  it("writes a changed record in the file's delimiter, quoting only where it must; removes rows, keeping blank lines", async () => {
    const lines = [
      'customer_id;first_name;greeting;discount_pct\r\n', // 1
      '"C-1";"Ada";"Dear Ada";"10"\r\n', // 2: every cell quoted, as some exports write them
      'C-2;;"two\r\nlines";10\r\n', // 3-4: removed
      '\r\n', // 5
      'C-3;Alan;Hi;10\r\n', // 6
    ];
    const folder = await project(Buffer.from(lines.join('')));
    const { written, audience, changes } = await fixedAudienceOf(folder, [
      [2, 'C-1', 'acme/greet', set('greeting', 'Dear "Ada"; welcome, friend')],
      [2, 'C-1', 'acme/loyal', set('discount_pct', '25')],
      [3, 'C-2', 'acme/consent', { action: 'remove' }],
      [3, 'C-2', 'acme/name', set('first_name', 'Bob')], // the row is removed: no cell of it is set
      [6, 'C-3', 'acme/loyal', set('discount_pct', '10')], // as it is: nothing to change
    ]);
    expect(audience.toString()).toBe(
      `customer_id;first_name;greeting;discount_pct\r\nC-1;Ada;"Dear ""Ada""; welcome, friend";25\r\n\r\n${lines[4]}`,
    );
    expect(written).toMatchObject({ cellsChanged: 2, rowsRemoved: 1 });
    expect(changes).toBe(
      CHANGES_HEADER +
        `2,C-1,set,greeting,Dear Ada,"Dear ""Ada""; welcome, friend",acme/greet,"acme/greet: greeting should be Dear ""Ada""; welcome, friend"\r\n` +
        '2,C-1,set,discount_pct,10,25,acme/loyal,acme/loyal: discount_pct should be 25\r\n' +
        '3,C-2,remove,,,,acme/consent,acme/consent: leave it out\r\n',
    );
  });

  it('leaves a cell as it was when rules disagree, when the file has no such column, and when the encoding has no byte for the value', async () => {
    const original = Buffer.from('customer_id,greeting,discount_pct\nC-1,Hi,10\nC-2,Hi,10\n', 'latin1');
    const folder = await project(original, 'encoding: windows-1252');
    const { written, audience, changes } = await fixedAudienceOf(folder, [
      [2, 'C-1', 'acme/loyal', set('discount_pct', '25')],
      [2, 'C-1', 'acme/match', set('discount_pct', '30')],
      [2, 'C-1', 'acme/name', set('first_name', 'Ada')],
      [3, 'C-2', 'acme/greet', set('greeting', 'こんにちは')],
      [3, 'C-2', 'acme/loyal', set('discount_pct', '25')],
      [3, 'C-2', 'acme/match', set('discount_pct', '25')], // agrees
    ]);
    expect(audience).toEqual(Buffer.from('customer_id,greeting,discount_pct\nC-1,Hi,10\nC-2,Hi,25\n', 'latin1'));
    expect(written.notApplied.map(({ line, action, column }) => `${line} ${action} ${column}`)).toEqual([
      '2 skipped first_name',
      '2 conflict discount_pct',
      '3 skipped greeting',
    ]);
    expect(changes).toBe(
      CHANGES_HEADER +
        '2,C-1,skipped,first_name,,Ada,acme/name,"the audience has no column first_name; acme/name: first_name should be Ada"\r\n' +
        '2,C-1,conflict,discount_pct,10,,"acme/loyal;acme/match","left as it was: acme/loyal sets ""25"", acme/match sets ""30""; ' +
        'acme/loyal: discount_pct should be 25; acme/match: discount_pct should be 30"\r\n' +
        '3,C-2,skipped,greeting,Hi,こんにちは,acme/greet,"the value cannot be written in windows-1252; acme/greet: greeting should be こんにちは"\r\n' +
        '3,C-2,set,discount_pct,10,25,"acme/loyal;acme/match","acme/loyal: discount_pct should be 25; acme/match: discount_pct should be 25"\r\n',
    );
  });
});
