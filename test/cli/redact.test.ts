// --redact through the command line (issue 4): with CI set, no email address, phone number,
// postal address or name from the inputs appears in any format's output, nor in --failures-out or
// the GitHub step summary; --no-redact shows them; and every output stays byte-identical run to run.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli, temporaryFolders } from '../support/cli.js';
import { formatStreams } from '../../src/formats/index.js';
import { knownName, normalizePhone, normalizePostalAddress } from '../../src/people/normalize.js';

const FORMATS = Object.keys(formatStreams);
/** What runAllFormats returns: every format's text, the --failures-out file and the GitHub step summary. */
const OUTPUTS = [...FORMATS, '--failures-out', 'GITHUB_STEP_SUMMARY'];

const emptyFolder = temporaryFolders('campaign-preflight-redact-');

/** Every format at once: stylish on standard output, the others and --failures-out in files. */
async function runAllFormats(
  targets: string[],
  extraArgs: string[],
  extraEnv: NodeJS.ProcessEnv,
): Promise<Record<string, string>> {
  const out = emptyFolder();
  const summary = path.join(out, 'step-summary.md');
  writeFileSync(summary, '');
  const formatArgs = FORMATS.flatMap((format) => [
    '--format',
    format === 'stylish' ? format : `${format}:${path.join(out, format)}`,
  ]);
  const failures = path.join(out, 'failures.csv');
  const result = await runCli(['check', ...targets, ...formatArgs, '--failures-out', failures, ...extraArgs], {
    env: { GITHUB_STEP_SUMMARY: summary, ...extraEnv },
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(1);
  const outputs: Record<string, string> = { stylish: result.stdout };
  for (const format of FORMATS) if (format !== 'stylish') outputs[format] = readFileSync(path.join(out, format), 'utf8');
  outputs['--failures-out'] = readFileSync(failures, 'utf8');
  outputs['GITHUB_STEP_SUMMARY'] = readFileSync(summary, 'utf8');
  expect(Object.keys(outputs).sort()).toEqual([...OUTPUTS].sort());
  return outputs;
}

interface PersonalData {
  emails: Set<string>;
  phones: Set<string>;
  addresses: Set<string>;
  names: Set<string>;
}

/** Every email, phone, postal address and name in every CSV file under a folder. */
function personalDataIn(folder: string): PersonalData {
  const data: PersonalData = { emails: new Set(), phones: new Set(), addresses: new Set(), names: new Set() };
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.csv'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const rows = parse(readFileSync(path.join(folder, file), 'utf8'), {
      columns: true,
      bom: true,
      skip_empty_lines: true,
    }) as Array<Record<string, string>>;
    for (const row of rows) {
      const cell = (name: string): string => (row[name] ?? '').trim();
      if (cell('email')) data.emails.add(cell('email'));
      if (cell('phone')) {
        data.phones.add(cell('phone'));
        const digits = normalizePhone(cell('phone')); // as duplicate-recipient compares it
        if (digits) data.phones.add(digits);
      }
      if (cell('postal_address')) {
        data.addresses.add(cell('postal_address'));
        data.addresses.add(normalizePostalAddress(cell('postal_address')));
      }
      for (const column of ['first_name', 'last_name']) {
        // docs/inputs.md: "Customer", "Unknown", a single letter… are placeholders, not names.
        const name = knownName(cell(column));
        if (name) data.names.add(name);
      }
    }
  }
  return data;
}

/** The text a reader sees: HTML entities and Markdown escapes undone, zero-width spaces dropped. */
function asRead(text: string): string {
  return text
    .replace(/\\([\\`*_[\]|~])/g, '$1')
    .replace(/&#8203;|\u200b/g, '')
    .replace(
      /&(amp|lt|gt|quot|apos|#39|#x27);/g,
      (entity) =>
        ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&#39;': "'", '&#x27;': "'" })[entity] ?? entity,
    );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Each personal value found in an output: emails, phones and addresses as substrings, names as whole words; case ignored. */
function leaks(output: string, data: PersonalData): string[] {
  const found: string[] = [];
  for (const text of new Set([output, asRead(output)])) {
    const lower = text.toLowerCase();
    for (const value of [...data.emails, ...data.phones, ...data.addresses]) {
      if (lower.includes(value.toLowerCase())) found.push(value);
    }
    for (const name of data.names) {
      if (new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'iu').test(text)) found.push(name);
    }
  }
  return [...new Set(found)];
}

describe('--redact over every story under fixtures/', () => {
  const fixtures = personalDataIn(path.join(ROOT, 'fixtures'));
  let redacted: Record<string, string>;
  beforeAll(async () => {
    redacted = await runAllFormats(['fixtures'], [], { CI: 'true' });
  });

  it('collects the inputs it looks for', () => {
    expect(fixtures.names.size).toBeGreaterThan(100);
    expect(fixtures.emails.size).toBeGreaterThan(50);
    expect(fixtures.phones.size).toBeGreaterThan(4);
    expect(fixtures.addresses.size).toBeGreaterThan(8);
    expect(fixtures.names.has('Customer')).toBe(false);
  });

  it.each(OUTPUTS)('CI=true: %s holds no email, phone, address or name of the inputs', (output) => {
    expect(redacted[output].length).toBeGreaterThan(0);
    expect(leaks(redacted[output], fixtures)).toEqual([]);
  });

  it('CI=true: the masks are there, and every output is byte-identical on a second run', async () => {
    expect(redacted.json).toMatch(/\[name [0-9a-f]{8}\]/);
    expect(await runAllFormats(['fixtures'], [], { CI: 'true' })).toEqual(redacted);
  });

  it('--no-redact under CI=true shows the names', async () => {
    const plain = await runAllFormats(['fixtures'], ['--no-redact'], { CI: 'true' });
    expect(leaks(plain.stylish, fixtures)).toEqual(expect.arrayContaining(['Laura', 'Megan']));
    expect(plain.json).not.toMatch(/\[name [0-9a-f]{8}\]/);
  });

  it('is on when CI is set, non-empty and not false or 0, and with --redact', async () => {
    const json = (args: string[], env: NodeJS.ProcessEnv): Promise<string> => runJson(['fixtures/print-shop', ...args], env);
    const masked = await json([], { CI: 'true' });
    expect(masked).toMatch(/\[name [0-9a-f]{8}\] \(12 orders\)/);
    expect(await json(['--redact'], {})).toBe(masked);
    const plain = await json([], {});
    expect(plain).toMatch(/Laura \(12 orders\)/);
    for (const off of ['false', '0']) expect(await json([], { CI: off })).toBe(plain);
    expect(await json(['--no-redact'], { CI: 'true' })).toBe(plain);
  });
});

async function runJson(args: string[], extraEnv: NodeJS.ProcessEnv): Promise<string> {
  const result = await runCli(['check', ...args, '--format', 'json'], { env: extraEnv });
  expect(result.stderr).toBe('');
  return result.stdout;
}

/**
 * The stories quote names only. This one makes the rules quote the rest: duplicate postal addresses
 * and phones, unknown and broken email addresses, an email as a customer id, names in greetings.
 */
function writeContactStory(): string {
  const folder = emptyFolder();
  mkdirSync(path.join(folder, 'data'));
  const campaign = (id: string, channel: string, audience: string): string =>
    [
      `id: ${id}`,
      'type: newsletter',
      `channel: ${channel}`,
      'send_at: 2026-11-20T09:00:00Z',
      `audience: ${audience}`,
      'history:',
      '  customers: data/customers.csv',
      'message:',
      '  greeting: "Dear {{ first_name }},"',
      '  body: "Questions? Write to {{ email }} or call {{ phone }}."',
      '',
    ].join('\n');
  writeFileSync(path.join(folder, 'mail.campaign.yaml'), campaign('redact-mail', 'direct_mail', 'mail.csv'));
  writeFileSync(path.join(folder, 'sms.campaign.yaml'), campaign('redact-sms', 'sms', 'sms.csv'));
  writeFileSync(path.join(folder, 'email.campaign.yaml'), campaign('redact-email', 'email', 'email.csv'));
  writeFileSync(
    path.join(folder, 'data/customers.csv'),
    [
      'customer_id,first_name,last_name,email,phone,postal_address,email_consent,sms_consent,mail_consent,do_not_contact',
      'Q-1,Philippa,Quennell,philippa.quennell@example.com,+44 20 7946 0958,"7 Quarry Row, Exeter EX1 2AB",true,false,true,false',
      'Q-2,Ottoline,Marchbanks,ottoline@marchbanks.example,(503) 555-0177,"12 Rookery Close, York YO1 7AA",true,true,true,true',
      'q3@example.org,Thaddeus,Wintergreen,q3@example.org,,,true,true,true,false',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(folder, 'mail.csv'),
    [
      'customer_id,first_name,last_name,postal_address,greeting',
      'Q-1,Philippa,Quennell,"7 Quarry Row, Exeter EX1 2AB",Dear Philippa',
      ',Ottoline,,"7 QUARRY ROW,  Exeter EX1 2AB",Hello valued customer',
      ',Bartholomew,Fenwick-Smythe,"3 Linden Mews, Bath BA1 1AA",Dear Mr Fenwick-Smythe',
      ',,,"3 Linden Mews, Bath BA1 1AA",Dear  Bartholomew',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(folder, 'sms.csv'),
    [
      'customer_id,first_name,phone',
      'Q-2,Ottoline,(503) 555-0177',
      ',Ottoline,503.555.0177',
      ',Ignatius,+1 206 555 0123',
      ',,555-01',
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(folder, 'email.csv'),
    [
      'customer_id,first_name,last_name,email',
      'q3@example.org,Thaddeus,Wintergreen,q3@example.org',
      'Q-9,Cordelia,Pennywhistle,cordelia.pennywhistle@',
      ',Cordelia,,cordelia@pennywhistle.example',
      ',Cordelia,,Cordelia@Pennywhistle.example',
      '',
    ].join('\n'),
  );
  return folder;
}

describe('--redact over emails, phones and postal addresses that the rules quote', () => {
  const folder = writeContactStory();
  const inputs = personalDataIn(folder);
  // The broken address is not an email to collect as a substring, but must not show either.
  inputs.emails.add('cordelia.pennywhistle@');

  it('--no-redact shows them: the rules do quote them', async () => {
    const plain = await runAllFormats([folder], ['--no-redact'], { CI: 'true' });
    const shown = leaks(Object.values(plain).join('\n'), inputs);
    expect(shown).toEqual(
      expect.arrayContaining([
        'q3@example.org', // a customer id
        'cordelia.pennywhistle@', // not a valid address
        'cordelia@pennywhistle.example',
        '7 quarry row, exeter ex1 2ab', // normalized, as duplicate-recipient compares it
        '3 Linden Mews, Bath BA1 1AA',
        '5035550177',
        '+1 206 555 0123',
        '555-01', // too short to be a phone
        'Philippa',
        'Quennell',
        'Ottoline',
        'Bartholomew', // in a greeting
      ]),
    );
  });

  it('CI=true: no output holds any of them, and a second run is byte-identical', async () => {
    const redacted = await runAllFormats([folder], [], { CI: 'true' });
    for (const [output, text] of Object.entries(redacted)) {
      expect({ output, leaks: leaks(text, inputs) }).toEqual({ output, leaks: [] });
    }
    expect(redacted.json).toMatch(/\[address [0-9a-f]{8}\]/);
    expect(redacted.json).toMatch(/\[email [0-9a-f]{8}\]/);
    expect(redacted.json).toMatch(/\[phone [0-9a-f]{8}\]/);
    expect(await runAllFormats([folder], [], { CI: 'true' })).toEqual(redacted);
  });
});
