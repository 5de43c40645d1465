// Identity details of docs/inputs.md: a placeholder name never forms a name + postal code link, and a
// customer record without a customer_id (empty, 0 or guest) is kept, linked by its other keys,
// found by no id, and reported once per file in a notice.

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { builtinRules } from '../../rules/index.js';
import { check } from '../../src/index.js';
import { CsvProfileBuilder } from '../../src/people/csv-profiles.js';
import { isNoCustomerId, nameAndPostalKey } from '../../src/people/normalize.js';
import type { People } from '../../src/people/profiles.js';
import type { IdentityConfig, Notice } from '../../src/types.js';

const rootPromise = mkdtemp(join(tmpdir(), 'preflight-identity-'));
afterAll(async () => rm(await rootPromise, { recursive: true, force: true }));

async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(await rootPromise, 'case-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text);
  }
  return folder;
}

const ALL_KEYS: IdentityConfig['linkBy'] = ['person_id', 'email', 'phone', 'name_postal'];
const SEND_AT = Date.parse('2026-11-15T09:00:00Z');

async function build(
  files: { customers: string; orders?: string },
  linkBy: IdentityConfig['linkBy'] = ALL_KEYS,
): Promise<{ people: People; notices: Notice[] }> {
  const folder = await folderWith({ 'customers.csv': files.customers, ...(files.orders ? { 'orders.csv': files.orders } : {}) });
  const notices: Notice[] = [];
  const people = await new CsvProfileBuilder().build({
    history: {
      customers: [{ path: join(folder, 'customers.csv'), displayPath: 'data/customers.csv' }],
      ...(files.orders ? { orders: [{ path: join(folder, 'orders.csv'), displayPath: 'data/orders.csv' }] } : {}),
    },
    instants: [SEND_AT],
    orderIds: new Set(),
    identity: { linkBy },
    contactLookbackMs: 0,
    onInvalidValue: (issue) => {
      throw new Error(`unexpected invalid value ${JSON.stringify(issue)}`);
    },
    onNotice: (notice) => notices.push(notice),
  });
  return { people, notices };
}

/** The person of the record holding this email. */
const personOf = (people: People, email: string) => people.customersByAddress('email', email)[0]?.person;

describe('a placeholder name never forms a name + postal code link (docs/inputs.md)', () => {
  it('two "Postal Customer" households in one postal code are two persons', async () => {
    const { people } = await build({
      customers:
        'customer_id,first_name,last_name,postal_code,email\n' +
        'C-1,Postal,Customer,12345,one@example.com\n' +
        'C-2,Postal,Customer,12345,two@example.com\n',
    });
    expect(people.personCount).toBe(2);
    expect(people.customer('C-1')!.person).not.toBe(people.customer('C-2')!.person);
  });

  it.each([
    ['Unknown', 'Smith'],
    ['Ann', 'unknown'],
    ['n/a', 'Smith'],
    ['Ann', 'N/A'],
    ['Test', 'Smith'],
    ['Ann', 'test'],
    ['J', 'Smith'],
    ['J.', 'Smith'],
    ['Ann', 'S'],
    ['Customer', 'Smith'],
    ['Valued', 'Customer'],
  ])('%s %s never links two records', async (first, last) => {
    const { people } = await build({
      customers:
        'customer_id,first_name,last_name,postal_code,email\n' +
        `C-1,${first},${last},12345,one@example.com\n` +
        `C-2,${first},${last},12345,two@example.com\n`,
    });
    expect(people.personCount).toBe(2);
  });

  it('real names still link, accents, case and blanks aside', async () => {
    const { people } = await build({
      customers:
        'customer_id,first_name,last_name,postal_code,email\n' +
        'C-1,Zoë,Smith,12345,one@example.com\n' +
        'C-2,ZOE,smith ,123 45,two@example.com\n' +
        'C-3,Al,Li,12345,three@example.com\n' +
        'C-4,Al,Li,12345,four@example.com\n',
    });
    expect(people.personCount).toBe(2);
    expect(people.customer('C-1')!.person).toBe(people.customer('C-2')!.person);
    expect(people.customer('C-3')!.person).toBe(people.customer('C-4')!.person);
  });

  it('placeholder records still link by their other keys', async () => {
    const { people } = await build({
      customers:
        'customer_id,first_name,last_name,postal_code,email\n' +
        'C-1,Postal,Customer,12345,same@example.com\n' +
        'C-2,Postal,Customer,99999,SAME@example.com\n',
    });
    expect(people.personCount).toBe(1);
  });

  it('nameAndPostalKey is empty for a placeholder first or last name', () => {
    expect(nameAndPostalKey('Postal', 'Customer', '12345')).toBe('');
    expect(nameAndPostalKey('Unknown', 'Smith', '12345')).toBe('');
    expect(nameAndPostalKey('A.', 'Smith', '12345')).toBe('');
    expect(nameAndPostalKey('Ann', 'Smith', '')).toBe('');
    expect(nameAndPostalKey(' Ann ', 'Smith', '12345')).toBe('ann\u0000smith\u000012345');
  });
});

describe('records without a customer_id (docs/inputs.md)', () => {
  it('empty, 0 and guest are no id, in any case and with blanks around them', () => {
    for (const id of ['', '  ', '0', ' 0 ', 'guest', 'GUEST', ' Guest ']) expect(isNoCustomerId(id), id).toBe(true);
    for (const id of ['00', '0.0', 'guest1', 'guests', 'C-0', 'o']) expect(isNoCustomerId(id), id).toBe(false);
  });

  const customers =
    'customer_id,first_name,last_name,postal_code,email,phone,email_consent\n' +
    'C-1,Ann,Smith,12345,ann@example.com,,\n' + // line 2
    ',,,,ANN@example.com ,,false\n' + // line 3: Ann's, by email
    '0,Bob,Jones,54321,bob@example.com,555 123 4567,\n' + // line 4
    'guest,,,,,+1 (555) 123-4567,\n' + // line 5: Bob's, by phone
    'GUEST,Bob,Jones,54321,,,\n' + // line 6: Bob's, by name + postal code
    ' 0 ,Cy,Lee,77777,cy@example.com,,\n'; // line 7: nobody else's

  it('are kept and linked by their other keys', async () => {
    const { people } = await build({ customers });
    expect(people.customerCount).toBe(6);
    expect(people.personCount).toBe(3);
    const ann = people.customer('C-1')!.person;
    expect(ann.records.map((r) => r.customerId)).toEqual(['C-1', '(no customer_id, line 3 of data/customers.csv)']);
    expect(ann.records[1].consent.email).toBe(false);
    const bob = personOf(people, 'bob@example.com')!;
    expect(bob.records.map((r) => r.customerId)).toEqual([
      '(no customer_id, line 4 of data/customers.csv)',
      '(no customer_id, line 5 of data/customers.csv)',
      '(no customer_id, line 6 of data/customers.csv)',
    ]);
    expect(bob.firstNames).toEqual(['Bob']);
    expect(people.customersByAddress('sms', '5551234567')).toHaveLength(2);
    expect(personOf(people, 'cy@example.com')!.records).toHaveLength(1);
  });

  it('are found by no id: not the empty one, 0, guest, nor their label', async () => {
    const { people } = await build({ customers });
    for (const id of ['', '0', ' 0 ', 'guest', 'GUEST', 'Guest', '(no customer_id, line 3 of data/customers.csv)']) {
      expect(people.customer(id), id).toBeUndefined();
    }
  });

  it('are reported once per file in a notice, not as an error', async () => {
    const { notices } = await build({ customers });
    expect(notices).toEqual([
      {
        kind: 'records-without-id',
        file: 'data/customers.csv',
        message:
          '5 records have no customer_id (empty, 0 or guest; lines 3, 4, 5, 6, 7): ' +
          'they are linked to persons by their person_id, email, phone and name + postal code only',
      },
    ]);
  });

  it('the notice counts the lines it does not list, names one record in the singular, and says which keys link', async () => {
    const many = 'customer_id,email\n' + Array.from({ length: 8 }, (_, i) => `guest,g${i}@example.com\n`).join('');
    expect((await build({ customers: many }, ['email'])).notices[0].message).toBe(
      '8 records have no customer_id (empty, 0 or guest; lines 2, 3, 4, 5, 6, … (3 more)): they are linked to persons by their email only',
    );
    const one = 'customer_id,email\nC-1,a@example.com\n,b@example.com\n';
    expect((await build({ customers: one }, ['email', 'phone'])).notices[0].message).toBe(
      '1 record has no customer_id (empty, 0 or guest; line 3): it is linked to persons by its email and phone only',
    );
    expect((await build({ customers: one }, [])).notices[0].message).toMatch(
      /: it is linked to no other record \(identity\.linkBy is empty\)$/,
    );
  });

  it('no notice when every record has an id', async () => {
    const { notices } = await build({ customers: 'customer_id,email\nC-1,a@example.com\nC-2,b@example.com\n' });
    expect(notices).toEqual([]);
  });

  it('records without an id are never duplicates of each other; records with one still are', async () => {
    const { people } = await build({ customers: 'customer_id,email\n0,a@example.com\n0,b@example.com\n,c@example.com\n' });
    expect(people.customerCount).toBe(3);
    await expect(build({ customers: 'customer_id,email\nC-1,a@example.com\nC-1,b@example.com\n' })).rejects.toThrow(
      /duplicate customer_id/,
    );
  });

  it('an order whose customer_id is no id is attributed to nobody', async () => {
    const { people } = await build({
      customers: 'customer_id,email\n0,guest@example.com\nC-1,ann@example.com\n',
      orders: 'order_id,customer_id,ordered_at\nO-1,0,2026-01-01\nO-2,guest,2026-01-02\nO-3,,2026-01-03\nO-4,C-1,2026-01-04\n',
    });
    expect(personOf(people, 'guest@example.com')!.orderCounts).toEqual([0]);
    expect(people.customer('C-1')!.person.orderCounts).toEqual([1]);
  });
});

describe('through check', () => {
  const rules = Object.fromEntries(builtinRules.map((rule) => [rule.id, 'off']));
  const project = (customers: string, audience: string) =>
    folderWith({
      '.git/HEAD': '',
      'campaign-preflight.config.yaml': stringify({ rules: { ...rules, 'no-consent': 'error', 'unknown-recipient': 'warning' } }),
      'data/customers.csv': customers,
      'campaign.yaml': stringify({
        id: 'identity',
        type: 'promotion',
        channel: 'email',
        send_at: '2026-11-15T09:00:00Z',
        audience: 'audience.csv',
        history: { customers: 'data/customers.csv' },
      }),
      'audience.csv': audience,
    });

  it('a row without customer_id belongs to the person of its address, records without an id included', async () => {
    const folder = await project(
      'customer_id,email,email_consent\nC-1,ann@example.com,\n,ann@example.com,false\nguest,bob@example.com,\n',
      'customer_id,email\n,ann@example.com\n,bob@example.com\nC-1,ann@example.com\n',
    );
    const { report, dispose } = await check({ targets: ['campaign.yaml'], cwd: folder });
    const findings = [...report.findings].map(({ ruleId, line, customerId, message }) => ({ ruleId, line, customerId, message }));
    dispose();
    expect(findings).toEqual([
      {
        ruleId: 'no-consent',
        line: 2,
        customerId: null,
        message: expect.stringContaining('customer record (no customer_id, line 3 of data/customers.csv)'),
      },
    ]);
    expect(report.notices).toContainEqual({
      kind: 'records-without-id',
      file: 'data/customers.csv',
      message:
        '2 records have no customer_id (empty, 0 or guest; lines 3, 4): they are linked to persons by their person_id, email, phone and name + postal code only',
    });
    expect(report.notices!.filter((notice) => notice.kind === 'records-without-id')).toHaveLength(1);
  });

  it('two runs sharing the customers file give one notice', async () => {
    const folder = await project('customer_id,email\n,ann@example.com\n', 'customer_id,email\n,ann@example.com\n');
    await writeFile(
      join(folder, 'second.campaign.yaml'),
      stringify({
        id: 'identity-2',
        type: 'promotion',
        channel: 'email',
        send_at: '2027-06-01T09:00:00Z', // a run of its own: more than run.window_days after the first
        audience: 'audience.csv',
        history: { customers: 'data/customers.csv' },
      }),
    );
    const { report, dispose } = await check({ targets: ['.'], cwd: folder });
    dispose();
    expect(report.campaigns.map((campaign) => campaign.id).sort()).toEqual(['identity', 'identity-2']);
    expect(report.notices!.filter((notice) => notice.kind === 'records-without-id')).toHaveLength(1);
  });
});
