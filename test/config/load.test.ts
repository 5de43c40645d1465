import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfigFile } from '../../src/config/config-file.js';
import { CONFIG_FILE_NAME, CONFIG_FILE_NAMES, findConfigFile, loadCampaign } from '../../src/config/load.js';
import { findCampaignFiles } from '../../src/config/targets.js';
import { projectRootOf } from '../../src/config/project-root.js';
import { UsageError, type InputError } from '../../src/errors.js';
import type { Config } from '../../src/types.js';
import { rejection } from '../support/rejection.js';

let root: string;
let caseNumber = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'campaign-preflight-config-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh folder holding `files` (path -> content); returns its absolute path. */
async function project(files: Record<string, string>): Promise<string> {
  const folder = join(root, `case-${++caseNumber}`);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), content);
  }
  await mkdir(folder, { recursive: true });
  return folder;
}

function where(error: InputError) {
  return { message: error.message, file: error.file, line: error.line, column: error.column };
}

const MINIMAL_CAMPAIGN = [
  'id: fall-sale',
  'type: promotion',
  'channel: email',
  'send_at: 2026-12-01T09:00:00Z',
  'audience: audience.csv',
  '',
].join('\n');

describe('loadCampaign', () => {
  it('maps a full campaign file to a Campaign, resolving paths against the file', async () => {
    const cwd = await project({
      'fixtures/x/campaign.yaml': `
id: year-end-2026
name: Year-end thank-you
type: promotion
channel: email
send_at: 2026-12-01T09:00:00Z
brand: overnight-prints
audience: audience.csv
history:
  customers: ../data/customers.csv
  orders: ../data/orders.csv
  contacts: ../data/contacts.csv
message:
  subject: "A thank-you for {{ first_name }}"
  greeting: "Dear {{ first_name | default: 'Customer' }},"
  body: "..."
offer:
  discount_pct: 25
  discount_amount: 10
  currency: USD
  categories: [kids-furniture]
  excludes_categories: [electric-vehicles]
  life_stages: [baby, young_child, tween]
  age_range: [18, 35]
control_group:
  column: group
  control_values: [control]
  baseline_conversion: 0.05
  min_detectable_uplift: 0.2
rules:
  contact-fatigue: [warning, { max: 5 }]
  no-consent: error
`,
      'fixtures/x/audience.csv': 'customer_id\n',
      'fixtures/data/customers.csv': 'customer_id\n',
      'fixtures/data/orders.csv': 'order_id\n',
      'fixtures/data/contacts.csv': 'customer_id\n',
    });
    const campaign = await loadCampaign('fixtures/x/campaign.yaml', cwd, defaultConfig());
    const csv = (path: string) => ({ path: join(cwd, path), displayPath: path, namedIn: 'fixtures/x/campaign.yaml' });
    expect(campaign).toEqual({
      id: 'year-end-2026',
      name: 'Year-end thank-you',
      type: 'promotion',
      channel: 'email',
      sendAt: Date.UTC(2026, 11, 1, 9),
      brand: 'overnight-prints',
      path: join(cwd, 'fixtures/x/campaign.yaml'),
      displayPath: 'fixtures/x/campaign.yaml',
      audience: csv('fixtures/x/audience.csv'),
      history: {
        customers: [csv('fixtures/data/customers.csv')],
        orders: [csv('fixtures/data/orders.csv')],
        contacts: [csv('fixtures/data/contacts.csv')],
      },
      message: {
        subject: 'A thank-you for {{ first_name }}',
        greeting: "Dear {{ first_name | default: 'Customer' }},",
        body: '...',
      },
      offer: {
        discountPct: 25,
        discountAmount: 10,
        currency: 'USD',
        categories: ['kids-furniture'],
        excludesCategories: ['electric-vehicles'],
        lifeStages: ['baby', 'young_child', 'tween'],
        ageRange: [18, 35],
      },
      controlGroup: { column: 'group', controlValues: ['control'], baselineConversion: 0.05, minDetectableUplift: 0.2 },
      rules: { 'contact-fatigue': ['warning', { max: 5 }], 'no-consent': 'error' },
      locate: expect.any(Function),
    });
    expect(campaign.locate(['offer', 'discount_pct'])).toEqual({ file: 'fixtures/x/campaign.yaml', line: 18, column: 3 });
    expect(campaign.locate(['rules', 'contact-fatigue', 1, 'max'])).toEqual({
      file: 'fixtures/x/campaign.yaml',
      line: 31,
      column: 32,
    });
  });

  it('reads the audience in object form', async () => {
    const cwd = await project({
      'campaign.yaml': MINIMAL_CAMPAIGN.replace(
        'audience: audience.csv',
        `audience:
  path: lists/audience.csv
  delimiter: ";"
  encoding: latin1
  columns: { customer_id: Kundennummer, email: E-Mail }
  values: { status: { canceled: cancelled, 1: true } }
  date_format: DD.MM.YYYY
  timezone: Europe/Berlin`,
      ),
      'lists/audience.csv': 'Kundennummer\n',
    });
    const campaign = await loadCampaign('campaign.yaml', cwd, defaultConfig());
    expect(campaign.audience).toEqual({
      path: join(cwd, 'lists/audience.csv'),
      displayPath: 'lists/audience.csv',
      delimiter: ';',
      encoding: 'latin1',
      columns: { customer_id: 'Kundennummer', email: 'E-Mail' },
      values: { status: { canceled: 'cancelled', '1': 'true' } },
      dateFormat: 'DD.MM.YYYY',
      timezone: 'Europe/Berlin',
      namedIn: 'campaign.yaml',
    });
  });

  it('reads YAML 1.2: off, yes and no stay strings', async () => {
    const cwd = await project({
      'campaign.yaml': `${MINIMAL_CAMPAIGN}offer:\n  categories: [off, yes, no]\nrules:\n  no-consent: off\n  contact-fatigue: [off]\n`,
      'audience.csv': 'customer_id\n',
    });
    const campaign = await loadCampaign('campaign.yaml', cwd, defaultConfig());
    expect(campaign.offer.categories).toEqual(['off', 'yes', 'no']);
    expect(campaign.rules).toEqual({ 'no-consent': 'off', 'contact-fatigue': ['off'] });
  });

  it('applies the defaults and reads send_at as UTC unless it names an offset', async () => {
    const load = async (sendAt: string) => {
      const cwd = await project({
        'campaign.yaml': `${MINIMAL_CAMPAIGN.replace(/send_at: .*/, `send_at: ${sendAt}`)}control_group:\n  control_values: [control, 0]\n`,
        'audience.csv': 'customer_id\n',
      });
      return loadCampaign('campaign.yaml', cwd, defaultConfig());
    };
    const campaign = await load('2026-12-01');
    expect(campaign.sendAt).toBe(Date.UTC(2026, 11, 1));
    expect(campaign.controlGroup).toEqual({
      column: 'group',
      controlValues: ['control', '0'],
      baselineConversion: 0.05,
      minDetectableUplift: 0.2,
    });
    expect(campaign).toMatchObject({ history: {}, message: {}, offer: {}, rules: {} });
    expect((await load('2026-12-01T09:30:00')).sendAt).toBe(Date.UTC(2026, 11, 1, 9, 30));
    expect((await load('"2026-12-01T09:30:00+02:00"')).sendAt).toBe(Date.UTC(2026, 11, 1, 7, 30));
    expect((await load('2026-12-01T09:30:00.250-05:30')).sendAt).toBe(Date.UTC(2026, 11, 1, 15, 0, 0, 250));
  });

  it('falls back to the config history per source', async () => {
    const cwd = await project({
      [CONFIG_FILE_NAME]: 'history:\n  customers: data/customers.csv\n  orders: data/orders.csv\n',
      'data/customers.csv': 'customer_id\n',
      'data/orders.csv': 'order_id\n',
      'shop/campaign.yaml': `${MINIMAL_CAMPAIGN}history:\n  orders: own-orders.csv\n`,
      'shop/audience.csv': 'customer_id\n',
      'shop/own-orders.csv': 'order_id\n',
    });
    const config = await loadConfigFile(CONFIG_FILE_NAME, cwd);
    const campaign = await loadCampaign('shop/campaign.yaml', cwd, config);
    expect(campaign.history).toEqual({
      customers: [{ path: join(cwd, 'data/customers.csv'), displayPath: 'data/customers.csv', namedIn: CONFIG_FILE_NAME }],
      orders: [{ path: join(cwd, 'shop/own-orders.csv'), displayPath: 'shop/own-orders.csv', namedIn: 'shop/campaign.yaml' }],
    });
  });

  it('shows paths absolute when the campaign file was given absolute', async () => {
    const cwd = await project({ 'c/campaign.yaml': MINIMAL_CAMPAIGN, 'c/audience.csv': 'customer_id\n' });
    const campaign = await loadCampaign(join(cwd, 'c/campaign.yaml'), '/', defaultConfig());
    expect(campaign.displayPath).toBe(join(cwd, 'c/campaign.yaml'));
    expect(campaign.audience.displayPath).toBe(join(cwd, 'c/audience.csv'));
  });

  describe('errors name the file, line and column', () => {
    const failure = async (text: string, files: Record<string, string> = {}) => {
      const cwd = await project({ 'x/campaign.yaml': text, 'x/audience.csv': 'customer_id\n', ...files });
      return rejection(loadCampaign('x/campaign.yaml', cwd, defaultConfig()));
    };

    it.each([
      [
        'an unknown key, with a suggestion',
        `${MINIMAL_CAMPAIGN}ofer:\n  discount_pct: 10\n`,
        'unknown key "ofer" in campaign (did you mean "offer"?)',
        6,
        1,
      ],
      [
        'an unknown nested key',
        `${MINIMAL_CAMPAIGN}offer:\n  discount_pc: 10\n`,
        'unknown key "discount_pc" in offer (did you mean "discount_pct"?)',
        7,
        3,
      ],
      [
        'a wrong type, at the value',
        `${MINIMAL_CAMPAIGN}offer:\n  discount_pct: abc\n`,
        'offer.discount_pct: expected a number, got "abc"',
        7,
        17,
      ],
      [
        'a value out of its set, with a suggestion',
        MINIMAL_CAMPAIGN.replace('channel: email', 'channel: emial'),
        'channel: expected one of email, sms, push, direct_mail or phone, got "emial" (did you mean "email"?)',
        3,
        10,
      ],
      [
        'a bad id',
        MINIMAL_CAMPAIGN.replace('id: fall-sale', 'id: Fall Sale'),
        'id: expected lower-case letters, digits, ".", "_" or "-", starting with a letter or digit, got "Fall Sale"',
        1,
        5,
      ],
      [
        'a bad send_at',
        MINIMAL_CAMPAIGN.replace(/send_at: .*/, 'send_at: 2026-02-30'),
        'send_at: expected an ISO 8601 date or date-time such as 2026-12-01 or 2026-12-01T09:00:00Z, got "2026-02-30"',
        4,
        10,
      ],
      [
        'a missing required key, at its parent',
        `${MINIMAL_CAMPAIGN}control_group:\n  column: group\n`,
        'missing required key "control_values" in control_group',
        6,
        1,
      ],
      [
        'a YAML syntax error',
        'id: fall-sale\ntype: promotion\n  channel: email\n',
        'invalid YAML: Nested mappings are not allowed in compact mappings',
        2,
        7,
      ],
      ['a duplicate key', `${MINIMAL_CAMPAIGN}id: again\n`, 'invalid YAML: duplicate key "id" (first on line 1)', 6, 1],
    ])('%s', async (_name, text, message, line, column) => {
      expect(where(await failure(text))).toEqual({ message, file: 'x/campaign.yaml', line, column });
    });

    it('a bad rule entry, at the item at fault', async () => {
      const error = await failure(`${MINIMAL_CAMPAIGN}rules:\n  contact-fatigue: [warnin, { max: 5 }]\n`);
      expect(where(error)).toEqual({
        message:
          'rules.contact-fatigue[0]: expected one of off, warn, warning, error, 0, 1 or 2, got "warnin" (did you mean "warning"?)',
        file: 'x/campaign.yaml',
        line: 7,
        column: 21,
      });
      const scalar = await failure(`${MINIMAL_CAMPAIGN}rules:\n  contact-fatigue: fatal\n`);
      expect(where(scalar)).toEqual({
        message: 'rules.contact-fatigue: expected off, warn, warning, error, 0, 1, 2 or [severity, { options }], got "fatal"',
        file: 'x/campaign.yaml',
        line: 7,
        column: 20,
      });
    });

    it('several problems: the first in the file, the others as details', async () => {
      const error = await failure(
        MINIMAL_CAMPAIGN.replace('type: promotion', 'type: promo').replace('channel: email', 'channel: 5') +
          'offer:\n  discount_pct: 120\n',
      );
      expect(where(error)).toMatchObject({ message: expect.stringMatching(/^type: /), line: 2, column: 7 });
      expect(error.details).toEqual([
        'x/campaign.yaml:3:10: channel: expected one of email, sms, push, direct_mail or phone, got 5',
        'x/campaign.yaml:7:17: offer.discount_pct: must be at most 100, got 120',
      ]);
    });

    it('an alias bomb, without expanding it', async () => {
      const bomb = [
        'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
        'f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
        '',
      ].join('\n');
      const error = await failure(bomb);
      expect(where(error)).toEqual({
        message: 'aliases expand to too many nodes (more than 100)',
        file: 'x/campaign.yaml',
        line: 2,
        column: 8,
      });
    });

    it('a missing campaign file', async () => {
      const cwd = await project({});
      const error = await rejection(loadCampaign('nope/campaign.yaml', cwd, defaultConfig()));
      expect(where(error)).toEqual({
        message: 'campaign file not found',
        file: 'nope/campaign.yaml',
        line: undefined,
        column: undefined,
      });
    });

    it('a folder given as the campaign file', async () => {
      const cwd = await project({ 'x/campaign.yaml': MINIMAL_CAMPAIGN });
      const error = await rejection(loadCampaign('x', cwd, defaultConfig()));
      expect(where(error)).toEqual({
        message: 'is a folder, not a campaign file',
        file: 'x',
        line: undefined,
        column: undefined,
      });
    });

    it('a missing audience file, where its path is written', async () => {
      const cwd = await project({ 'x/campaign.yaml': MINIMAL_CAMPAIGN });
      const error = await rejection(loadCampaign('x/campaign.yaml', cwd, defaultConfig()));
      expect(where(error)).toEqual({
        message: 'audience: file not found: x/audience.csv',
        file: 'x/campaign.yaml',
        line: 5,
        column: 1,
      });
    });

    it('an empty campaign file lists every missing key', async () => {
      const error = await failure('');
      expect(where(error)).toEqual({
        message: 'missing required key "id" in campaign',
        file: 'x/campaign.yaml',
        line: 1,
        column: 1,
      });
      expect(error.details).toHaveLength(4);
    });
  });
});

describe('loadConfigFile', () => {
  it('maps a full config file, resolving history and plugin paths against it', async () => {
    const cwd = await project({
      'conf/campaign-preflight.config.yaml': `
extends: strict
history:
  customers: data/customers.csv
  orders: { path: /data/orders.csv, timezone: America/New_York }
identity:
  link_by: [email, phone]
loyalty:
  measure: tier
  tiers: [bronze, silver, gold]
run:
  window_days: 14
rules:
  contact-fatigue: [warning, { max: 5 }]
plugins: [./plugins/local.js, some-package, "@scope/rules"]
`,
    });
    const config = await loadConfigFile('conf/campaign-preflight.config.yaml', cwd);
    expect(config).toEqual({
      path: join(cwd, 'conf/campaign-preflight.config.yaml'),
      displayPath: 'conf/campaign-preflight.config.yaml',
      extends: 'strict',
      history: {
        customers: [
          {
            path: join(cwd, 'conf/data/customers.csv'),
            displayPath: 'conf/data/customers.csv',
            namedIn: 'conf/campaign-preflight.config.yaml',
          },
        ],
        orders: [
          {
            path: '/data/orders.csv',
            displayPath: '/data/orders.csv',
            timezone: 'America/New_York',
            namedIn: 'conf/campaign-preflight.config.yaml',
          },
        ],
      },
      identity: { linkBy: ['email', 'phone'] },
      loyalty: { measure: 'tier', bands: [2, 5], tiers: ['bronze', 'silver', 'gold'] },
      run: { windowDays: 14 },
      rules: { 'contact-fatigue': ['warning', { max: 5 }] },
      plugins: [join(cwd, 'conf/plugins/local.js'), 'some-package', '@scope/rules'],
      presets: [],
      ignores: [],
      locate: expect.any(Function),
    } satisfies Config);
  });

  it('reads an empty config file as the default config', async () => {
    const cwd = await project({ [CONFIG_FILE_NAME]: '' });
    const config = await loadConfigFile(CONFIG_FILE_NAME, cwd);
    const { path, displayPath, locate, ...settings } = config;
    expect({ path, displayPath }).toEqual({ path: join(cwd, CONFIG_FILE_NAME), displayPath: CONFIG_FILE_NAME });
    expect(locate?.(['rules'])).toEqual({ file: CONFIG_FILE_NAME, line: 1, column: 1 });
    expect(settings).toEqual(defaultConfig());
    expect(defaultConfig()).toEqual({
      history: {},
      identity: { linkBy: ['person_id', 'email', 'phone', 'name_postal'] },
      loyalty: { measure: 'orders', bands: [2, 5], tiers: [] },
      run: { windowDays: 31 },
      rules: {},
      plugins: [],
      presets: [],
      ignores: [],
    });
  });

  it('reads sections left empty as not set', async () => {
    const cwd = await project({ [CONFIG_FILE_NAME]: 'history:\n  # customers: data/customers.csv\nrules:\n' });
    const { history, rules } = await loadConfigFile(CONFIG_FILE_NAME, cwd);
    expect({ history, rules }).toEqual({ history: {}, rules: {} });
  });

  it('a missing config file is an InputError', async () => {
    const cwd = await project({});
    const error = await rejection(loadConfigFile('my.config.yaml', cwd));
    expect(where(error)).toEqual({
      message: 'config file not found',
      file: 'my.config.yaml',
      line: undefined,
      column: undefined,
    });
  });

  it.each([
    ['extend: strict\n', 'unknown key "extend" in config (did you mean "extends"?)', 1, 1],
    ['extends: recomended\n', 'extends: no package "recomended" is installed (did you mean "recommended"?)', 1, 10],
    ['run:\n  window_days: 0\n', 'run.window_days: must be greater than 0, got 0', 2, 16],
    ['run:\n  window_days: 1.5\n', 'run.window_days: expected a whole number, got 1.5', 2, 16],
    [
      'loyalty:\n  bands: [2, 5, 5]\n',
      'loyalty.bands[2]: must be greater than the band before it (bands increase, e.g. [2, 5])',
      2,
      17,
    ],
    ['loyalty:\n  measure: tier\n', 'loyalty.tiers: required with measure: tier (the tiers from lowest to highest)', 1, 1],
    [
      'identity:\n  link_by: [emails]\n',
      'identity.link_by[0]: expected one of person_id, email, phone or name_postal, got "emails" (did you mean "email"?)',
      2,
      13,
    ],
    [
      'history:\n  orders: { path: o.csv, timezone: Mars/Olympus }\n',
      'history.orders.timezone: unknown IANA time zone "Mars/Olympus" (e.g. Europe/Berlin)',
      2,
      36,
    ],
    ['history:\n  orders: { pth: o.csv }\n', 'unknown key "pth" in history.orders (did you mean "path"?)', 2, 13],
    ['plugins: ./one.js\n', 'plugins: expected a list, got "./one.js"', 1, 10],
    ['- a\n', 'config: expected a mapping, got a list', 1, 1],
  ])('reports %j as an error with line and column', async (text, message, line, column) => {
    const cwd = await project({ [CONFIG_FILE_NAME]: text });
    const error = await rejection(loadConfigFile(CONFIG_FILE_NAME, cwd));
    expect(where(error)).toEqual({ message, file: CONFIG_FILE_NAME, line, column });
  });
});

describe('findConfigFile', () => {
  it('searches from the campaign folder upward', async () => {
    const cwd = await project({ [CONFIG_FILE_NAME]: '', 'a/b/campaign.yaml': '' });
    expect(await findConfigFile('a/b/campaign.yaml', cwd)).toBe(CONFIG_FILE_NAME);
    expect(await findConfigFile(join(cwd, 'a/b/campaign.yaml'), cwd)).toBe(join(cwd, CONFIG_FILE_NAME));
  });

  it('prefers the nearest config', async () => {
    const cwd = await project({ [CONFIG_FILE_NAME]: '', [`a/${CONFIG_FILE_NAME}`]: '', 'a/b/campaign.yaml': '' });
    expect(await findConfigFile('a/b/campaign.yaml', cwd)).toBe(`a/${CONFIG_FILE_NAME}`);
  });

  it('stops at the folder holding .git, which it still searches', async () => {
    const cwd = await project({
      [CONFIG_FILE_NAME]: '',
      'repo/.git/HEAD': '',
      'repo/a/campaign.yaml': '',
      'other/.git': 'gitdir: elsewhere', // a worktree's .git is a file
      [`other/${CONFIG_FILE_NAME}`]: '',
      'other/a/campaign.yaml': '',
    });
    expect(await findConfigFile('repo/a/campaign.yaml', cwd)).toBeUndefined();
    expect(await findConfigFile('other/a/campaign.yaml', cwd)).toBe(`other/${CONFIG_FILE_NAME}`);
  });

  it('finds campaign-preflight.config.yml and campaign-preflight.config.json too', async () => {
    expect(CONFIG_FILE_NAMES).toEqual([
      'campaign-preflight.config.yaml',
      'campaign-preflight.config.yml',
      'campaign-preflight.config.json',
    ]);
    const cwd = await project({
      'yml/campaign-preflight.config.yml': '',
      'yml/a/campaign.yaml': '',
      'json/campaign-preflight.config.json': '{}',
      'json/a/b/campaign.yml': '',
    });
    expect(await findConfigFile('yml/a/campaign.yaml', cwd)).toBe('yml/campaign-preflight.config.yml');
    expect(await findConfigFile('json/a/b/campaign.yml', cwd)).toBe('json/campaign-preflight.config.json');
    expect(await findConfigFile(join(cwd, 'json/a/b/campaign.yml'), cwd)).toBe(join(cwd, 'json/campaign-preflight.config.json'));
  });

  it('keeps its limits with every name: the folder holding .git and the project root', async () => {
    const cwd = await project({
      'campaign-preflight.config.json': '{}',
      'repo/.git/HEAD': '',
      'repo/a/campaign.yaml': '',
      'rooted/campaign-preflight.config.yml': '',
      'rooted/inner/a/campaign.yaml': '',
    });
    expect(await findConfigFile('repo/a/campaign.yaml', cwd)).toBeUndefined();
    const root = await projectRootOf(join(cwd, 'rooted/inner/a/campaign.yaml'), cwd, 'rooted/inner');
    expect(await findConfigFile('rooted/inner/a/campaign.yaml', cwd, root)).toBeUndefined();
  });

  it('two config files in one folder are an input error naming both', async () => {
    const cwd = await project({
      'campaign-preflight.config.yaml': '',
      'campaign-preflight.config.yml': '',
      'a/campaign.yaml': '',
    });
    const error = await rejection(findConfigFile('a/campaign.yaml', cwd));
    expect(where(error)).toEqual({
      message: '2 config files in one folder: campaign-preflight.config.yaml, campaign-preflight.config.yml',
      file: 'campaign-preflight.config.yaml',
      line: undefined,
      column: undefined,
    });
    // A nearer folder with one config is found before the folder with two is looked at.
    await writeFile(join(cwd, 'a/campaign-preflight.config.json'), '{}');
    expect(await findConfigFile('a/campaign.yaml', cwd)).toBe('a/campaign-preflight.config.json');
    await writeFile(join(cwd, 'a/campaign-preflight.config.yml'), '');
    await writeFile(join(cwd, 'a/campaign-preflight.config.yaml'), '');
    const three = await rejection(findConfigFile(join(cwd, 'a/campaign.yaml'), cwd));
    expect(three.message).toBe(
      `3 config files in one folder: ${CONFIG_FILE_NAMES.map((name) => join(cwd, 'a', name)).join(', ')}`,
    );
  });
});

describe('a JSON config file', () => {
  it('is read as the same config as its YAML', async () => {
    const cwd = await project({
      'campaign-preflight.config.json': JSON.stringify(
        {
          extends: 'strict',
          history: { customers: 'data/customers.csv' },
          run: { window_days: 14 },
          rules: { 'contact-fatigue': ['warning', { max: 5 }] },
        },
        null,
        2,
      ),
      'campaign-preflight.config.yaml':
        'extends: strict\nhistory:\n  customers: data/customers.csv\nrun:\n  window_days: 14\nrules:\n  contact-fatigue: [warning, { max: 5 }]\n',
    });
    const fromJson = await loadConfigFile('campaign-preflight.config.json', cwd);
    const fromYaml = await loadConfigFile('campaign-preflight.config.yaml', cwd);
    expect(fromJson.displayPath).toBe('campaign-preflight.config.json');
    const settings = ({ extends: extendsPreset, identity, loyalty, run, rules, plugins, history }: Config) => ({
      extendsPreset,
      identity,
      loyalty,
      run,
      rules,
      plugins,
      customers: history.customers?.[0]?.displayPath,
    });
    expect(settings(fromJson)).toEqual(settings(fromYaml));
    expect(settings(fromJson)).toMatchObject({
      extendsPreset: 'strict',
      run: { windowDays: 14 },
      customers: 'data/customers.csv',
    });
    expect(fromJson.locate?.(['rules', 'contact-fatigue'])).toEqual({
      file: 'campaign-preflight.config.json',
      line: 10,
      column: 5,
    });
  });

  it('whitespace alone, or a byte order mark before the object, is fine', async () => {
    const cwd = await project({ 'a.json': ' \n', 'b.json': '\uFEFF{"extends": "strict"}' });
    expect((await loadConfigFile('a.json', cwd)).rules).toEqual({});
    expect((await loadConfigFile('b.json', cwd)).extends).toBe('strict');
  });

  it.each([
    ['{\n  "extends": "strict",\n}\n', 'invalid JSON: expected a property name in double quotes, found "}"', 3, 1],
    ["{\n  'extends': 'strict'\n}\n", 'invalid JSON: expected a property name in double quotes, found "\'extends\'"', 2, 3],
    [
      '{\n  "extends": "strict"\n  "run": {}\n}\n',
      'invalid JSON: expected "," or "}" after a property value, found "\\"run\\""',
      3,
      3,
    ],
    [
      '{\n  "extends": strict\n}\n',
      'invalid JSON: expected a value (a string in double quotes, a number, true, false, null, [ or {), found "strict"',
      2,
      14,
    ],
    ['{\n  # a comment\n}\n', 'invalid JSON: expected a property name in double quotes, found "#"', 2, 3],
    ['{"extends": "strict"', 'invalid JSON: expected "," or "}" after a property value, found the end of the file', 1, 21],
    ['{"rules": {"no-consent": "error"}}\n{}', 'invalid JSON: "{" after the end of the JSON value', 2, 1],
    ['{"a": "x\ny"}', 'invalid JSON: a line break inside a string must be written as an escape such as \\n or \\t', 1, 9],
    ['{"a": "\\x"}', 'invalid JSON: an invalid escape in a string (JSON has \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)', 1, 8],
    ['{"run": {"window_days": 01}}', 'invalid JSON: expected "," or "}" after a property value, found "1"', 1, 26],
    ['{\n  "extends": "strict",\n  "extends": "recommended"\n}', 'invalid JSON: duplicate key "extends" (first on line 2)', 3, 3],
    [
      '[[[[',
      'invalid JSON: expected a value (a string in double quotes, a number, true, false, null, [ or {), found the end of the file',
      1,
      5,
    ],
    ['{"run": {"window_days": 0}}', 'run.window_days: must be greater than 0, got 0', 1, 25],
    [
      '{\n  "rules": {\n    "no-consent": "eror"\n  }\n}',
      'rules.no-consent: expected off, warn, warning, error, 0, 1, 2 or [severity, { options }], got "eror"',
      3,
      19,
    ],
  ])('reports %j at its line and column', async (text, message, line, column) => {
    const cwd = await project({ 'conf/campaign-preflight.config.json': text });
    const error = await rejection(loadConfigFile('conf/campaign-preflight.config.json', cwd));
    expect(where(error)).toEqual({ message, file: 'conf/campaign-preflight.config.json', line, column });
  });

  it('nesting too deep is an error, not a crash', async () => {
    const cwd = await project({ 'deep.json': `{"a": ${'['.repeat(5000)}${']'.repeat(5000)}}` });
    const error = await rejection(loadConfigFile('deep.json', cwd));
    expect(where(error)).toMatchObject({
      message: 'invalid JSON: lists or mappings nested too deeply',
      file: 'deep.json',
      line: 1,
    });
  });

  it('a file named otherwise is YAML, as before', async () => {
    const cwd = await project({ 'preflight.conf': 'extends: strict # YAML\n' });
    expect((await loadConfigFile('preflight.conf', cwd)).extends).toBe('strict');
  });
});

describe('findCampaignFiles', () => {
  it('searches folders recursively in sorted order, skipping node_modules and dot folders', async () => {
    const cwd = await project({
      'camps/b/campaign.yml': '',
      'camps/a/fall.campaign.yaml': '',
      'camps/a/campaign.yaml': '',
      'camps/a-b/spring.campaign.yml': '',
      'camps/a/notes.yaml': '',
      'camps/node_modules/x/campaign.yaml': '',
      'camps/.hidden/campaign.yaml': '',
      'single.yaml': '',
    });
    expect(await findCampaignFiles(['camps', 'single.yaml', 'camps/a/campaign.yaml'], cwd)).toEqual([
      'camps/a/campaign.yaml',
      'camps/a/fall.campaign.yaml',
      'camps/a-b/spring.campaign.yml',
      'camps/b/campaign.yml',
      'single.yaml',
    ]);
    expect(await findCampaignFiles([join(cwd, 'camps/b')], '/')).toEqual([join(cwd, 'camps/b/campaign.yml')]);
  });

  it('a folder without campaign files is a usage error', async () => {
    const cwd = await project({ 'empty/readme.md': '' });
    const error = await rejection(findCampaignFiles(['empty'], cwd));
    expect(error).toBeInstanceOf(UsageError);
    expect(error.message).toBe('no campaign files in empty');
  });

  it('a missing path is an input error', async () => {
    const cwd = await project({});
    const error = await rejection(findCampaignFiles(['nowhere'], cwd));
    expect(error).not.toBeInstanceOf(UsageError);
    expect(where(error)).toEqual({ message: 'no such file or folder', file: 'nowhere', line: undefined, column: undefined });
  });
});
