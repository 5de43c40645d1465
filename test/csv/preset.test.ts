import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { presetSchema, withPreset, type Preset } from '../../src/csv/preset.js';
import { BUILTIN_PRESETS } from '../../src/csv/presets/index.js';
import { InputError } from '../../src/errors.js';
import type { CsvSource } from '../../src/types.js';

const folder = mkdtempSync(join(tmpdir(), 'preset-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const SHOP: Preset = {
  name: 'acme-customers',
  platform: 'Acme Shop',
  file: 'customers',
  detect: ['Kunden-ID', 'Newsletter'],
  columns: { customer_id: 'Kunden-ID', first_name: ['Vorname', 'Rechnung Vorname'], email_consent: 'Newsletter' },
  values: { email_consent: { ja: 'true', nein: 'false' } },
  date_format: 'DD.MM.YYYY',
  source: 'test',
};

let files = 0;
function source(text: string, extra: Partial<CsvSource> = {}): CsvSource {
  const path = join(folder, `f${files++}.csv`);
  writeFileSync(path, text);
  return { path, displayPath: 'customers.csv', ...extra };
}

describe('withPreset', () => {
  it('reads a file whose header has the detect headers with the preset, the first alternative it has', async () => {
    const read = await withPreset(source('Kunden-ID;Rechnung Vorname;Newsletter\n1;Ann;ja\n'), 'customers', [SHOP], {});
    expect(read).toMatchObject({
      columns: { customer_id: 'Kunden-ID', first_name: 'Rechnung Vorname', email_consent: 'Newsletter' },
      values: { email_consent: { ja: 'true', nein: 'false' } },
      dateFormat: 'DD.MM.YYYY',
      preset: 'acme-customers',
    });
  });

  it('leaves a file of another kind, another header, or with its own columns or values as it is', async () => {
    const header = 'Kunden-ID,Vorname,Newsletter\n';
    expect((await withPreset(source(header), 'orders', [SHOP], {})).preset).toBeUndefined();
    expect((await withPreset(source('customer_id,Newsletter\n'), 'customers', [SHOP], {})).preset).toBeUndefined();
    expect(
      (await withPreset(source(header, { columns: { customer_id: 'Kunden-ID' } }), 'customers', [SHOP], {})).preset,
    ).toBeUndefined();
    expect(
      (await withPreset(source(header, { values: { email_consent: { j: 'true' } } }), 'customers', [SHOP], {})).preset,
    ).toBeUndefined();
  });

  it('a preset named in the source applies, and columns and values given beside it win', async () => {
    const read = await withPreset(
      source('Kunden-ID,Vorname,Newsletter,Abo\n', {
        preset: 'acme-customers',
        columns: { email_consent: 'Abo' },
        values: { email_consent: { vielleicht: 'false' } },
      }),
      'customers',
      [SHOP],
      {},
    );
    expect(read.columns).toEqual({ customer_id: 'Kunden-ID', first_name: 'Vorname', email_consent: 'Abo' });
    expect(read.values).toEqual({ email_consent: { ja: 'true', nein: 'false', vielleicht: 'false' } });
  });

  it('an unknown preset name is an input error with a suggestion', async () => {
    const error = await withPreset(source('a\n', { preset: 'acme-customer' }), 'customers', [SHOP], {
      file: 'c.yaml',
      line: 3,
      column: 5,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).format()).toBe(
      'c.yaml:3:5: preset "acme-customer" is not a preset for a customers file\n  did you mean "acme-customers"?',
    );
  });
});

describe('built-in presets', () => {
  it('are valid, named once each, and never match the files of our own contract', async () => {
    const names = BUILTIN_PRESETS.map((preset) => presetSchema.parse(preset).name);
    expect(new Set(names).size).toBe(names.length);
    const contract = [
      'customer_id,person_id,brand,email,phone,first_name,last_name,postal_address,postal_code,birth_date,email_consent,unsubscribed_at,do_not_contact',
      'order_id,customer_id,ordered_at,status,delivered_at,total,category,brand',
      'customer_id,channel,sent_at,campaign_id,brand',
      'customer_id,email,phone,first_name,last_name,greeting,subject,discount_pct,group',
    ];
    for (const header of contract) {
      for (const kind of ['audience', 'customers', 'orders', 'contacts'] as const) {
        expect((await withPreset(source(`${header}\n`), kind, BUILTIN_PRESETS, {})).preset, `${kind}: ${header}`).toBeUndefined();
      }
    }
  });
});
