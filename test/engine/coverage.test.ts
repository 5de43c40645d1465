import { describe, expect, it } from 'vitest';
import { suggestColumn, unreadColumns } from '../../src/csv/column-hints.js';
import { finishCoverage, judgeRequirements, type FileColumns } from '../../src/engine/coverage.js';
import type { DataNeed } from '../../src/engine/rule.js';

function file(name: string, header: string[]): FileColumns {
  return { file: name, namedIn: 'campaign.yaml', header, has: (column) => header.includes(column) };
}

const files = (customers: FileColumns, audience = file('audience.csv', ['customer_id', 'email'])) => ({
  audience,
  customers,
  orders: {},
  contacts: file('contacts.csv', ['customer_id', 'sent_at']),
});

const consent: DataNeed = { file: 'customers', columns: ['email_consent', 'unsubscribed_at', 'do_not_contact'], match: 'each' };

describe('judgeRequirements', () => {
  it('is checked when every column is there, and without requirements', () => {
    const all = file('customers.csv', ['customer_id', 'email_consent', 'unsubscribed_at', 'do_not_contact']);
    expect(judgeRequirements('no-consent', { data: [consent] }, files(all))).toEqual({
      ruleId: 'no-consent',
      status: 'checked',
      rows: 0,
      reason: null,
    });
    expect(judgeRequirements('acme/x', undefined, files(all)).status).toBe('checked');
  });

  it('match each: partial when some are missing, not checked when all are', () => {
    const some = judgeRequirements(
      'no-consent',
      { data: [consent] },
      files(file('customers.csv', ['customer_id', 'email_consent'])),
    );
    expect(some.status).toBe('partial');
    expect(some.reason).toMatch(/^customers\.csv has no columns unsubscribed_at, do_not_contact/);
    const none = judgeRequirements('no-consent', { data: [consent] }, files(file('customers.csv', ['customer_id'])));
    expect(none.status).toBe('not-checked');
    expect(none.reason).toMatch(/^customers\.csv has none of the columns email_consent, unsubscribed_at, do_not_contact/);
  });

  it('a missing file is not checked, or what the need says', () => {
    const orders: DataNeed = { file: 'orders', columns: [], for: 'recent orders' };
    expect(judgeRequirements('r', { data: [orders] }, files(file('c.csv', [])))).toEqual({
      ruleId: 'r',
      status: 'not-checked',
      rows: 0,
      reason: 'no orders file (recent orders): name one under history.orders in the config or the campaign file',
    });
    expect(judgeRequirements('r', { data: [{ ...orders, otherwise: 'partial' }] }, files(file('c.csv', []))).status).toBe(
      'partial',
    );
  });

  it('not applicable wins, and says why without mapping advice', () => {
    const greeting: DataNeed = { file: 'audience', columns: ['greeting'], otherwise: 'not-applicable', for: 'and no template' };
    const result = judgeRequirements('g', { data: [greeting, { file: 'orders', columns: [] }] }, files(file('c.csv', [])));
    expect(result).toEqual({
      ruleId: 'g',
      status: 'not-applicable',
      rows: 0,
      reason: 'audience.csv has no column greeting (and no template)',
    });
    expect(judgeRequirements('g', { notApplicable: 'only review requests' }, files(file('c.csv', [])))).toMatchObject({
      status: 'not-applicable',
      reason: 'only review requests',
    });
  });

  it('a file whose columns are not known (another profile builder) is trusted', () => {
    expect(judgeRequirements('no-consent', { data: [consent] }, files({ file: 'warehouse' })).status).toBe('checked');
  });
});

describe('finishCoverage', () => {
  const checked = { ruleId: 'r', status: 'checked' as const, rows: 0, reason: null };
  it('counts the rows a rule judged: partial when some have no person, not checked when none has', () => {
    expect(finishCoverage(checked, false, { recipients: 5, withPerson: 2 }, 'c.csv')).toEqual({ ...checked, rows: 5 });
    expect(finishCoverage(checked, true, { recipients: 5, withPerson: 5 }, 'c.csv')).toEqual({ ...checked, rows: 5 });
    expect(finishCoverage(checked, true, { recipients: 5, withPerson: 2 }, 'c.csv')).toEqual({
      ruleId: 'r',
      status: 'partial',
      rows: 2,
      reason: '3 of 5 rows have no customer record in c.csv',
    });
    expect(finishCoverage(checked, true, { recipients: 5, withPerson: 0 }, 'c.csv').status).toBe('not-checked');
  });
});

describe('column hints', () => {
  it('suggests a known other name, then a likely typo', () => {
    expect(suggestColumn('first_name', ['Kundennr', 'Vorname', 'E-Mail'])).toBe('Vorname');
    expect(suggestColumn('email_consent', ['Accepts Email Marketing'])).toBe('Accepts Email Marketing');
    expect(suggestColumn('birth_date', ['birth_dat'])).toBe('birth_dat');
    expect(suggestColumn('interests', ['sku', 'total'])).toBeUndefined();
  });

  it('lists the columns that look like ours, not those read or already present', () => {
    const canonical = ['customer_id', 'first_name', 'last_name', 'email', 'email_consent'];
    expect(
      unreadColumns(
        ['customer_id', 'Prénom', 'Nachname', 'E-Mail', 'UNSUB_TIME', 'sku'],
        canonical,
        new Set(['customer_id', 'email']),
      ),
    ).toEqual([
      { name: 'Prénom', canonical: 'first_name' },
      { name: 'Nachname', canonical: 'last_name' },
    ]);
  });
});

describe('column hints never suggest a column that is already one of ours', () => {
  it('first_name is not a typo of last_name', () => {
    expect(suggestColumn('last_name', ['customer_id', 'first_name', 'email'])).toBeUndefined();
  });
});
