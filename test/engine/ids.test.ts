// Ids as exports write them (issue 13, docs/inputs.md): a customer_id that is an email compares
// as an email, and an audience row whose customer_id is 0 or guest belongs to the person of its
// address, while its finding keeps the cell as written.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { check } from '../../src/index.js';

const root = await mkdtemp(join(tmpdir(), 'preflight-ids-'));
afterAll(() => rm(root, { recursive: true, force: true }));

async function findings(audience: string, customers: string) {
  const folder = await mkdtemp(join(root, 'p-'));
  await mkdir(join(folder, '.git'));
  await writeFile(join(folder, 'audience.csv'), audience);
  await writeFile(join(folder, 'customers.csv'), customers);
  await writeFile(
    join(folder, 'campaign.yaml'),
    'id: ids\ntype: newsletter\nchannel: email\nsend_at: 2026-11-20T09:00:00Z\naudience: audience.csv\nhistory: { customers: customers.csv }\n',
  );
  const { report, dispose } = await check({ targets: [folder], cwd: folder, ruleOverrides: { 'contact-fatigue': 'off' } });
  try {
    return [...report.findings].map(({ ruleId, customerId, line }) => ({ ruleId, customerId, line }));
  } finally {
    dispose();
  }
}

it('a customer_id that is an email is found whatever its case and blanks', async () => {
  const customers = 'customer_id,email,first_name,email_consent\nann@example.com,ann@example.com,Ann,false\n';
  expect(await findings('customer_id,email\n Ann@Example.COM ,ann@example.com\n', customers)).toEqual([
    { ruleId: 'no-consent', customerId: 'Ann@Example.COM', line: 2 },
  ]);
});

it('an audience row with customer_id 0 or guest belongs to the person of its address', async () => {
  const customers = 'customer_id,email,first_name,email_consent\nC-1,ann@example.com,Ann,false\n';
  expect(await findings('customer_id,email\n0,ann@example.com\nguest,bob@example.com\n', customers)).toEqual([
    { ruleId: 'no-consent', customerId: '0', line: 2 },
    { ruleId: 'unknown-recipient', customerId: 'guest', line: 3 },
  ]);
});

it('a suppression list names records by id or address, and audience addresses with no record', async () => {
  const folder = await mkdtemp(join(root, 's-'));
  await mkdir(join(folder, '.git'));
  await writeFile(
    join(folder, 'audience.csv'),
    'customer_id,email\nC-1,ann@example.com\nC-2,bob@example.com\n,zoe@example.com\nC-3,cy@example.com\n',
  );
  await writeFile(
    join(folder, 'customers.csv'),
    'customer_id,email,first_name\nC-1,ann@example.com,Ann\nC-2,bob@example.com,Bob\nC-3,cy@example.com,Cy\n',
  );
  await writeFile(join(folder, 'unsubscribed.csv'), 'email\nBOB@example.com\nzoe@example.com\n');
  await writeFile(join(folder, 'blocked.csv'), 'customer_id\nC-1\n');
  await writeFile(
    join(folder, 'campaign.yaml'),
    'id: ids\ntype: newsletter\nchannel: email\nsend_at: 2026-11-20T09:00:00Z\naudience: audience.csv\n' +
      'history: { customers: customers.csv, suppressions: [unsubscribed.csv, blocked.csv] }\n',
  );
  const { report, dispose } = await check({
    targets: [folder],
    cwd: folder,
    ruleOverrides: { 'contact-fatigue': 'off', 'unknown-recipient': 'off' },
  });
  try {
    expect([...report.findings].map(({ ruleId, line, message }) => ({ ruleId, line, message }))).toEqual([
      {
        ruleId: 'no-consent',
        line: 2,
        message: expect.stringMatching(/^Ann must not be contacted: on the suppression list .*\/blocked\.csv$/),
      },
      {
        ruleId: 'no-consent',
        line: 3,
        message: expect.stringMatching(/^Bob must not be contacted: on the suppression list .*\/unsubscribed\.csv$/),
      },
      {
        ruleId: 'no-consent',
        line: 4,
        message: expect.stringMatching(
          /^the recipient on line 4 must not be contacted: on the suppression list .*\/unsubscribed\.csv$/,
        ),
      },
    ]);
    expect(report.campaigns[0].sources?.map((source) => source.kind)).toEqual([
      'audience',
      'customers',
      'suppressions',
      'suppressions',
    ]);
  } finally {
    dispose();
  }
});
