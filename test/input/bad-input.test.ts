// Bad input through the command line, one case per kind of problem: the run ends with exit code 2
// and a message naming the file, line and column (or, for a value that cannot be read, with an
// invalid-value finding), never with a stack trace, and never changes a file. In-process, but for
// the cases that say why they need the built executable in a process of its own.

import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli, runCli, STACK_LINE } from '../support/cli.js';
import { PACKAGE_URL } from '../support/plugin-project.js';
import { cleanUp, fingerprinted, lineOf, projectFrom, type FileChange, type ProjectRun } from './support.js';

afterAll(cleanUp);

/** The passing story's files, as the cases below change them. */
const passing = (file: string): string => readFileSync(path.join(ROOT, 'fixtures/passing', file), 'utf8');
const CAMPAIGN = passing('campaign.yaml');
const AUDIENCE = passing('audience.csv');
const CUSTOMERS = passing('data/customers.csv');
const ORDERS = passing('data/orders.csv');

/** Line `n` (1-based) of a text. */
const lineAt = (text: string, n: number): string => text.split('\n')[n - 1];
const lineOfCampaign = (pattern: RegExp): number => lineOf(CAMPAIGN, pattern);

const utf16le = (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
const utf16be = (text: string): Buffer => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);

/** A plugin module; it imports defineRule from the built package, as an installed plugin would. */
function plugin(ruleId: string, hooks: string): string {
  return [
    `import { defineRule } from '${PACKAGE_URL}';`,
    `export default defineRule({`,
    `  id: '${ruleId}',`,
    `  meta: { severity: 'error', description: 'a test rule', messages: {} },`,
    `  create() {`,
    `    ${hooks}`,
    `  },`,
    `});`,
    '',
  ].join('\n');
}
const CONFIG_WITH_PLUGIN = 'plugins:\n  - ./plugins/acme.js\n';
/** The engine's check() does not pass its working folder on to where plugins load. */
interface Case {
  name: string;
  changes?: Record<string, FileChange>;
  /** The arguments after `check .`; or, with `command`, all of them. */
  args?: string[];
  command?: string[];
  status: 0 | 1 | 2;
  /** Each must be found in standard error (regular expressions are multi-line). */
  stderr?: Array<string | RegExp>;
  stdout?: Array<string | RegExp>;
  /** More checks on the result. */
  then?: (result: ProjectRun) => void;
  /** Why the case runs the built executable in a child process rather than in this one. */
  builtBecause?: string;
}

const wrongWidthRows = Array.from({ length: 26 }, (_, i) => `X-${100 + i},x${i}@example.com,X,Y,,treatment,extra`);

const CASES: Case[] = [
  // 1. Structural problems of the files
  {
    name: 'a campaign file that does not exist',
    command: ['check', 'nowhere.campaign.yaml'],
    status: 2,
    stderr: [/^nowhere\.campaign\.yaml: no such file or folder$/m],
  },
  {
    name: 'an audience file that does not exist, where its path is written',
    changes: { 'campaign.yaml': (text) => text.replace('audience: audience.csv', 'audience: nowhere.csv') },
    status: 2,
    stderr: [new RegExp(`^campaign\\.yaml:${lineOfCampaign(/^audience:/)}:1: audience: file not found: nowhere\\.csv$`, 'm')],
  },
  {
    name: 'a folder where a CSV file is expected',
    changes: { 'data/orders.csv': { folder: true } },
    status: 2,
    stderr: [
      new RegExp(
        `^campaign\\.yaml:${lineOfCampaign(/^ {2}orders:/)}:3: history\\.orders: is a folder, not a CSV file: data/orders\\.csv$`,
        'm',
      ),
    ],
  },
  {
    name: 'an empty file (0 bytes)',
    changes: { 'data/contacts.csv': '' },
    status: 2,
    stderr: [/^data\/contacts\.csv: empty file: a header row is required$/m],
  },
  {
    name: 'a file of only its header: no rows, not an error',
    changes: { 'data/contacts.csv': 'customer_id,channel,sent_at,campaign_id,brand\n' },
    status: 0,
    then: ({ stderr }) => expect(stderr).toBe(''),
  },
  {
    name: 'an unterminated quote, at the line where its record starts',
    changes: { 'audience.csv': AUDIENCE.replace('H-003,carla', 'H-003,"carla') },
    status: 2,
    stderr: [/^audience\.csv:4: unterminated quote: /m, /^ {2}close the quote/m],
  },
  {
    name: 'records with more cells than the header: 21 listed, the rest counted',
    changes: { 'audience.csv': `${lineAt(AUDIENCE, 1)}\n${wrongWidthRows.join('\n')}\n` },
    status: 2,
    stderr: [
      /^audience\.csv:2: this record has 7 cells, the header has 6$/m,
      /^ {2}audience\.csv:22: this record has 7 cells, the header has 6$/m,
      /^ {2}… and 5 more$/m,
      /^ {2}the delimiter is ","; quote any cell that holds it or a line break$/m,
    ],
    then: ({ stderr }) => expect(stderr.match(/^ {2}audience\.csv:\d+: this record/gm)).toHaveLength(20),
  },
  {
    name: 'a record with fewer cells than the header',
    changes: { 'audience.csv': AUDIENCE.replace('H-004,diego.ferreira@example.com,', 'H-004,') },
    status: 2,
    stderr: [/^audience\.csv:5: this record has 5 cells, the header has 6$/m],
  },
  {
    name: 'duplicate header names',
    changes: { 'audience.csv': AUDIENCE.replace('last_name', 'First_Name') },
    status: 2,
    stderr: [/^audience\.csv:1: duplicate column "First_Name": columns 3 and 4 have the same name$/m, /columns found: /],
  },
  {
    name: 'a required column missing: the columns found and the closest',
    changes: { 'data/orders.csv': ORDERS.replace('ordered_at', 'ordered_on') },
    status: 2,
    stderr: [
      /^data\/orders\.csv:1: missing required column "ordered_at"$/m,
      /^ {2}columns found: "order_id", "customer_id", "ordered_on", "status"/m,
      /did you mean "ordered_on"\? map it with columns: \{ ordered_at: "ordered_on" \}/,
    ],
  },
  {
    name: 'UTF-16 LE, known by its byte order mark, is read',
    changes: { 'data/customers.csv': utf16le(CUSTOMERS), 'audience.csv': utf16le(AUDIENCE) },
    status: 0,
  },
  {
    name: 'UTF-16 BE, known by its byte order mark, is read',
    changes: { 'data/customers.csv': utf16be(CUSTOMERS), 'audience.csv': utf16be(AUDIENCE) },
    status: 0,
  },
  {
    name: 'invalid UTF-8 (a Latin-1 export), with the encoding: key as the fix',
    changes: { 'audience.csv': Buffer.from(AUDIENCE, 'latin1') },
    status: 2,
    stderr: [
      new RegExp(
        `^audience\\.csv:${lineOf(AUDIENCE, /Fábio/)}:${lineAt(AUDIENCE, lineOf(AUDIENCE, /Fábio/)).indexOf('á') + 1}: not valid UTF-8: byte 0xE1`,
        'm',
      ),
      /encoding: windows-1252/,
    ],
  },
  {
    name: 'Latin-1 named with encoding: is read',
    changes: {
      'audience.csv': Buffer.from(AUDIENCE, 'latin1'),
      'campaign.yaml': (text) => text.replace('audience: audience.csv', 'audience: { path: audience.csv, encoding: latin1 }'),
    },
    status: 0,
  },
  {
    name: 'a NUL byte',
    changes: { 'data/customers.csv': CUSTOMERS.replace('H-004,Diego', 'H-004,Di\0ego') },
    status: 2,
    stderr: [/^data\/customers\.csv:5:9: binary file or NUL byte at line 5$/m],
  },
  {
    name: 'a binary file: an Excel workbook saved under the CSV name',
    changes: { 'data/orders.csv': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]) },
    status: 2,
    stderr: [/^data\/orders\.csv:1:6: binary file or NUL byte at line 1$/m, /Excel workbook \(\.xlsx\).*export the sheet as CSV/],
  },
  {
    name: 'a duplicate customer_id, naming both lines',
    changes: { 'data/customers.csv': `${CUSTOMERS}${lineAt(CUSTOMERS, 3)}\n` },
    status: 2,
    stderr: [
      new RegExp(
        `^data/customers\\.csv:${CUSTOMERS.split('\n').length}: duplicate customer_id "H-002": it is on line 3 and on line ${CUSTOMERS.split('\n').length}$`,
        'm',
      ),
    ],
  },
  {
    name: 'a duplicate order_id, found in the worker thread, naming both lines',
    builtBecause: 'the history worker thread runs only from the built package',
    changes: { 'data/orders.csv': `${ORDERS}${lineAt(ORDERS, 2).replace('H-001', 'H-002')}\n` },
    status: 2,
    stderr: [
      new RegExp(
        `^data/orders\\.csv:${ORDERS.split('\n').length}: duplicate order_id "HC-101": it is on line 2 and on line ${ORDERS.split('\n').length}$`,
        'm',
      ),
    ],
  },

  // 2. Problems of the campaign and config files
  {
    name: 'a YAML syntax error, with line and column',
    changes: { 'campaign.yaml': (text) => text.replace(/^type: (\w+)$/m, 'type: [$1') },
    status: 2,
    stderr: [
      new RegExp(`^campaign\\.yaml:(${lineOfCampaign(/^type:/)}|${lineOfCampaign(/^type:/) + 1}):\\d+: invalid YAML: `, 'm'),
    ],
  },
  {
    name: 'a value of the wrong type, at the value',
    changes: { 'campaign.yaml': (text) => text.replace(/discount_pct: 15/, 'discount_pct: lots') },
    status: 2,
    stderr: [
      new RegExp(
        `^campaign\\.yaml:${lineOfCampaign(/discount_pct: 15/)}:17: offer\\.discount_pct: expected a number, got "lots"$`,
        'm',
      ),
    ],
  },
  {
    name: 'an unknown key, with a suggestion',
    changes: { 'campaign.yaml': (text) => text.replace(/^offer:/m, 'ofer:') },
    status: 2,
    stderr: [
      new RegExp(
        `^campaign\\.yaml:${lineOfCampaign(/^offer:/)}:1: unknown key "ofer" in campaign \\(did you mean "offer"\\?\\)$`,
        'm',
      ),
    ],
  },
  {
    name: 'an unknown key in the config file, with a suggestion',
    changes: { 'campaign-preflight.config.yaml': 'run:\n  windw_days: 10\n' },
    status: 2,
    stderr: [/^campaign-preflight\.config\.yaml:2:3: unknown key "windw_days" in run \(did you mean "window_days"\?\)$/m],
  },
  {
    name: 'an unknown rule id, with a suggestion',
    changes: { 'campaign.yaml': (text) => `${text}rules:\n  loyalty-inversoin: off\n` },
    status: 2,
    stderr: [/^campaign\.yaml:\d+:3: unknown rule "loyalty-inversoin" \(did you mean "loyalty-inversion"\?\)$/m],
  },
  {
    name: 'an unknown rule option',
    changes: { 'campaign.yaml': (text) => `${text}rules:\n  contact-fatigue: [warning, { maxx: 5 }]\n` },
    status: 2,
    stderr: [/^campaign\.yaml:\d+:\d+: rule "contact-fatigue" options: unknown option "maxx"$/m],
  },
  {
    name: 'a Liquid syntax error in a template',
    changes: { 'campaign.yaml': (text) => text.replace(/^ {2}body: .*$/m, '  body: "{% if %}"') },
    status: 2,
    stderr: [
      new RegExp(`^campaign\\.yaml:${lineOfCampaign(/^ {2}body:/)}:3: message\\.body is not a valid Liquid template: `, 'm'),
    ],
  },
  {
    name: 'a template that includes a file: the tags that read files do not exist',
    changes: { 'campaign.yaml': (text) => text.replace(/^ {2}body: .*$/m, `  body: "{% include 'data/customers.csv' %}"`) },
    status: 2,
    stderr: [
      new RegExp(
        `^campaign\\.yaml:${lineOfCampaign(/^ {2}body:/)}:3: message\\.body is not a valid Liquid template: tag "include" not found`,
        'm',
      ),
    ],
  },
  {
    name: 'a template whose rendering would never end is stopped by its memory bound',
    changes: {
      'campaign.yaml': (text) => text.replace(/^ {2}body: .*$/m, '  body: "{% for i in (1..99999999) %}xxxxxxxxxx{% endfor %}"'),
    },
    status: 2,
    stderr: [
      new RegExp(
        `^campaign\\.yaml:${lineOfCampaign(/^ {2}body:/)}:3: message\\.body cannot be rendered: memory alloc limit exceeded`,
        'm',
      ),
    ],
  },
  {
    name: 'a plugin that does not exist',
    changes: { 'campaign-preflight.config.yaml': CONFIG_WITH_PLUGIN },
    status: 2,
    stderr: [
      /^campaign-preflight\.config\.yaml:2:5: plugin \.\/plugins\/acme\.js not found: there is no file plugins\/acme\.js$/m,
    ],
  },
  {
    name: 'a plugin with a syntax error, and where it is',
    builtBecause: "Node's own message, which the test runner's module loader would replace; the file shown as with the others",
    changes: {
      'campaign-preflight.config.yaml': CONFIG_WITH_PLUGIN,
      'plugins/acme.js': 'export default {\n  id: "acme/x",\n  create() { return }}}\n',
    },
    status: 2,
    stderr: [
      /^campaign-preflight\.config\.yaml:2:5: plugin \.\/plugins\/acme\.js failed to load: SyntaxError: Unexpected token '\}'$/m,
      /^ {2}the syntax error is at plugins\/acme\.js:3:23$/m,
    ],
  },
  {
    name: 'a plugin that throws while it loads',
    changes: {
      'campaign-preflight.config.yaml': CONFIG_WITH_PLUGIN,
      'plugins/acme.js': 'export const ready = true;\nthrow new RangeError("no licence key");\n',
    },
    status: 2,
    stderr: [
      /^campaign-preflight\.config\.yaml:2:5: plugin \.\/plugins\/acme\.js failed to load: RangeError: no licence key$/m,
      /^ {2}thrown at plugins\/acme\.js:2:7$/m,
    ],
  },
  {
    name: 'a plugin that exports no rule',
    changes: { 'campaign-preflight.config.yaml': CONFIG_WITH_PLUGIN, 'plugins/acme.js': 'export default { id: "acme/x" };\n' },
    status: 2,
    stderr: [/^campaign-preflight\.config\.yaml:2:5: plugin \.\/plugins\/acme\.js exports no rule: /m],
  },
  {
    name: "a plugin's rule that throws while checking a row: the plugin, the rule and the row",
    changes: {
      'campaign-preflight.config.yaml': CONFIG_WITH_PLUGIN,
      'plugins/acme.js': plugin('acme/gift', 'return { row(row) { if (row.line === 4) row.person.gift.size; } };'),
    },
    status: 2,
    stderr: [
      /^rule "acme\/gift" from plugin \.\/plugins\/acme\.js threw while checking audience\.csv:4: TypeError: Cannot read properties of undefined \(reading 'size'\)$/m,
      /^ {2}thrown at plugins\/acme\.js:6:\d+$/m,
    ],
  },
  {
    name: "a plugin's rule whose evidence cannot be written as JSON: the plugin, the rule and the row, whatever the format",
    changes: {
      'campaign-preflight.config.yaml': CONFIG_WITH_PLUGIN,
      'plugins/acme.js': plugin(
        'acme/big',
        "return { row(row) { context.report({ at: row, messageId: 'big', data: {}, evidence: { n: 1n } }); } };",
      )
        .replace('messages: {}', "messages: { big: () => 'big' }")
        .replace('create()', 'create(context)'),
    },
    status: 2,
    stderr: [
      /^rule "acme\/big" from plugin \.\/plugins\/acme\.js threw while checking audience\.csv:2: TypeError: Do not know how to serialize a BigInt$/m,
    ],
  },
  {
    name: "a plugin's rule that throws at the end of the run",
    changes: {
      'campaign-preflight.config.yaml': CONFIG_WITH_PLUGIN,
      'plugins/acme.js': plugin('acme/tally', 'return { end() { throw new Error("nothing to compare"); } };'),
    },
    status: 2,
    stderr: [
      /^rule "acme\/tally" from plugin \.\/plugins\/acme\.js threw while comparing the rows of the run: Error: nothing to compare$/m,
    ],
  },
  {
    name: "a plugin's rule that throws as it starts",
    changes: {
      'campaign-preflight.config.yaml': CONFIG_WITH_PLUGIN,
      'plugins/acme.js': plugin('acme/early', 'throw new Error("not configured");'),
    },
    status: 2,
    stderr: [/^rule "acme\/early" from plugin \.\/plugins\/acme\.js threw while starting: Error: not configured$/m],
  },
  {
    name: "a plugin's rule that throws while declaring what history it needs",
    changes: {
      'campaign-preflight.config.yaml': CONFIG_WITH_PLUGIN,
      'plugins/acme.js': plugin('acme/needy', 'return {};').replace(
        '  create() {',
        '  needs() { throw new Error("no lookback"); },\n  create() {',
      ),
    },
    status: 2,
    stderr: [
      /^rule "acme\/needy" from plugin \.\/plugins\/acme\.js threw while declaring the history it needs: Error: no lookback$/m,
    ],
  },
  {
    name: "a plugin's rule whose options have a required key, set in the config: it runs",
    changes: {
      'campaign-preflight.config.yaml': `${CONFIG_WITH_PLUGIN}rules:\n  acme/tier: [error, { tier: vip }]\n`,
      'plugins/acme.js': plugin('acme/tier', 'return {};')
        .replace('import { defineRule }', 'import { defineRule, z }')
        .replace('  create() {', '  options: z.object({ tier: z.string() }).strict(),\n  create() {'),
    },
    status: 0,
  },

  // 3. Safety
  {
    name: 'escape sequences in the data reach the terminal as visible escapes',
    changes: {
      'audience.csv': AUDIENCE.replace('customer_id,', 'greeting,customer_id,')
        .split('\n')
        .map((line, i) =>
          i === 0 || line === '' ? line : i === 1 ? `"Hi \x1b[31mthere\x1b]0;owned\x07\r\nfriend,",${line}` : `,${line}`,
        )
        .join('\n')
        .replace('H-002,', 'H-\x1b[2J,'),
    },
    status: 1,
    stdout: ['Hi \\x1B[31mthere\\x1B]0;owned\\x07\\r\\nfriend,', 'H-\\x1B[2J'],
    then: ({ stdout }) => expect(stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/),
  },
  {
    name: 'control characters quoted in an error message are escaped',
    changes: { 'data/orders.csv': ORDERS.replace('ordered_at', 'ordered\x1b[8m_at') },
    status: 2,
    stderr: [/columns found: "order_id", "customer_id", "ordered\\u001b\[8m_at",/],
    then: ({ stderr }) => expect(stderr).not.toContain('\x1b'),
  },
  {
    name: '--output never replaces an input file',
    args: ['--output', 'audience.csv'],
    status: 2,
    stderr: [/the output audience\.csv is a file this check reads; it is left unchanged/],
  },

  // Values that cannot be read are findings, not errors
  {
    name: 'bad values are invalid-value findings with file, line, column and value',
    changes: {
      'audience.csv': AUDIENCE.replace('Bruno,Costa,,', 'Bruno,Costa,abc,').replace('Carla,Mendes,,', 'Carla,Mendes,150,'),
      'data/customers.csv': CUSTOMERS.replace('coffee-beans,yes,no,', 'coffee-beans,maybe,no,'),
      'data/orders.csv': ORDERS.replace('HC-102,H-001,2026-04-08', 'HC-102,H-001,08.04.2026').replace('28.50', 'lots'),
    },
    args: ['--format', 'json'],
    status: 1,
    then: ({ stdout }) => {
      const findings = (JSON.parse(stdout) as { findings: Array<Record<string, unknown>> }).findings
        .filter((finding) => finding.ruleId === 'invalid-value')
        .map(({ file, line, column, evidence }) => ({ file, line, column, value: (evidence as { value: string }).value }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(findings).toEqual(
        [
          { file: 'audience.csv', line: 3, column: 'discount_pct', value: 'abc' },
          { file: 'audience.csv', line: 4, column: 'discount_pct', value: '150' },
          { file: 'data/customers.csv', line: 3, column: 'email_consent', value: 'maybe' },
          { file: 'data/orders.csv', line: 3, column: 'ordered_at', value: '08.04.2026' },
          { file: 'data/orders.csv', line: 3, column: 'total', value: 'lots' },
        ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      );
    },
  },
];

/** Runs the case, in-process or through the built executable, and checks what every case must hold. */
async function checkCase(c: Case, run: typeof runCli): Promise<void> {
  const folder = projectFrom('passing', c.changes);
  const args = c.command ?? ['check', '.', ...(c.args ?? [])];
  const result = await fingerprinted(folder, () => run(args, { cwd: folder }));
  const { status, stdout, stderr, before, after } = result;
  expect({ status, stderr }).toMatchObject({ status: c.status });
  expect(stderr).not.toMatch(STACK_LINE);
  expect(after).toEqual(before);
  if (c.status === 2) expect(stdout).toBe('');
  for (const pattern of c.stderr ?? []) expect(stderr).toMatch(pattern);
  for (const pattern of c.stdout ?? []) expect(stdout).toMatch(pattern);
  c.then?.(result);
}

const named = (cases: Case[]) => cases.map((c) => [c.name, c] as const);

describe('bad input', () => {
  it.each(named(CASES.filter((c) => !c.builtBecause)))('%s', (_, c) => checkCase(c, runCli));

  // The runs in a process of their own go side by side.
  it.concurrent.each(named(CASES.filter((c) => c.builtBecause)))('%s', (_, c) => checkCase(c, runBuiltCli));

  // As another user: a process of its own.
  it.concurrent('an unreadable file', async () => {
    const folder = projectFrom('passing');
    // Root reads any file: as root, the check runs as "nobody", who may read every file but this one.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
    if (asNobody)
      for (const entry of readdirSync(folder, { recursive: true })) chmodSync(path.join(folder, String(entry)), 0o755);
    if (asNobody) chmodSync(folder, 0o755);
    chmodSync(path.join(folder, 'data/contacts.csv'), 0o000);
    const { status, stdout, stderr, before, after } = await fingerprinted(folder, () =>
      runBuiltCli(['check', '.'], { cwd: folder, as: asNobody }),
    );
    chmodSync(path.join(folder, 'data/contacts.csv'), 0o644);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^data\/contacts\.csv: cannot read file: permission denied$/m);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(after).toEqual(before);
  });

  // The executable's stack traces, through the built package.
  it.concurrent('--debug prints the stack of the error a rule threw', async () => {
    const folder = projectFrom('passing', {
      'campaign-preflight.config.yaml': CONFIG_WITH_PLUGIN,
      'plugins/acme.js': plugin('acme/gift', 'return { row() { throw new TypeError("no gift"); } };'),
    });
    const { status, stderr } = await runBuiltCli(['check', '.', '--debug'], { cwd: folder });
    expect(status).toBe(2);
    expect(stderr).toMatch(
      /^rule "acme\/gift" from plugin \.\/plugins\/acme\.js threw while checking audience\.csv:2: TypeError: no gift$/m,
    );
    expect(stderr).toMatch(/^Caused by: TypeError: no gift\n\s+at .*plugins\/acme\.js:6:\d+/m);
  });
});
