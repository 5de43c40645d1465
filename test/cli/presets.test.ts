// Presets through the command line (docs/report.md): an export read with no mapping in the
// campaign, and the report naming the preset each file was read with.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, runCli, temporaryFolders } from '../support/cli.js';

const newFolder = temporaryFolders('preflight-presets-');

it("a team's own preset in the config reads its shop's export; the report names it per file", async () => {
  const folder = newFolder();
  mkdirSync(path.join(folder, '.git'));
  cpSync(path.join(ROOT, 'fixtures/passing'), folder, { recursive: true });
  const customers = path.join(folder, 'data/customers.csv');
  const [header, ...rows] = readFileSync(customers, 'utf8').trimEnd().split('\n');
  expect(header).toBe('customer_id,first_name,last_name,email,phone,interests,email_consent,do_not_contact,unsubscribed_at');
  const yesNo = (cell: string) => ({ true: 'ja', yes: 'ja', false: 'nein', no: 'nein' })[cell] ?? cell;
  const exported = rows.map((row) =>
    row
      .split(',')
      .map((cell, i) => (i === 6 || i === 7 ? yesNo(cell) : cell))
      .join(','),
  );
  writeFileSync(
    customers,
    ['Kunden-ID,Vorname,Nachname,E-Mail,Telefon,Interessen,Newsletter,Sperre,Abgemeldet'].concat(exported).join('\n') + '\n',
  );
  writeFileSync(
    path.join(folder, 'campaign-preflight.config.yaml'),
    `presets:
  - name: acme-customers
    platform: Acme Shop
    file: customers
    detect: [Kunden-ID, Newsletter]
    columns: { customer_id: Kunden-ID, first_name: Vorname, last_name: Nachname, email: E-Mail, phone: Telefon, interests: Interessen, email_consent: Newsletter, do_not_contact: Sperre, unsubscribed_at: Abgemeldet }
    values: { email_consent: { ja: "true", nein: "false" }, do_not_contact: { ja: "true", nein: "false" } }
    source: our shop's admin, Customers > Export
`,
  );
  const result = await runCli(['check', '.', '--format', 'json'], { cwd: folder });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const report = JSON.parse(result.stdout);
  expect(report.campaigns[0].sources).toEqual([
    { kind: 'audience', file: 'audience.csv', preset: null },
    { kind: 'customers', file: 'data/customers.csv', preset: 'acme-customers' },
    { kind: 'orders', file: 'data/orders.csv', preset: null },
    { kind: 'contacts', file: 'data/contacts.csv', preset: null },
  ]);
  expect(report.campaigns[0].coverage.filter((entry: { status: string }) => entry.status === 'not-checked')).toEqual([]);
  expect(report.notices).toEqual([]);

  const printed = await runCli(['print-config', 'campaign.yaml', '--format', 'json'], { cwd: folder });
  expect(JSON.parse(printed.stdout).history.customers).toMatchObject({ path: 'data/customers.csv', preset: 'acme-customers' });
});
