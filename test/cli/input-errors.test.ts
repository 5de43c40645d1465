// Bad input through the command line: exit code 2, a message naming the file (and line and column
// where there is one), no stack trace, and the inputs left as they were.

import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOf } from '../input/support.js';
import { ROOT, runCli, STACK_LINE, temporaryFolders } from '../support/cli.js';

const emptyFolder = temporaryFolders('preflight-bad-input-');

/** A copy of the passing story in a temporary folder, with one file changed. */
function passingStoryWith(file: string, change: (text: string) => string): string {
  const folder = emptyFolder();
  cpSync(path.join(ROOT, 'fixtures/passing'), folder, { recursive: true });
  const target = path.join(folder, file);
  writeFileSync(target, change(readFileSync(target, 'utf8')));
  return folder;
}

async function check(folder: string, ...args: string[]) {
  const before = snapshot(folder);
  const { status, stdout, stderr } = await runCli(['check', '.', ...args], { cwd: folder });
  expect(snapshot(folder)).toEqual(before);
  return { status, stdout, stderr };
}

function snapshot(folder: string): Record<string, string> {
  const files = ['campaign.yaml', 'audience.csv', 'data/customers.csv', 'data/orders.csv', 'data/contacts.csv'];
  return Object.fromEntries(files.map((file) => [file, readFileSync(path.join(folder, file), 'utf8')]));
}

describe('bad input exits 2 naming the place', () => {
  it('a missing audience file', async () => {
    const folder = passingStoryWith('campaign.yaml', (text) => text.replace('audience: audience.csv', 'audience: nowhere.csv'));
    const { status, stderr, stdout } = await check(folder);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^campaign\.yaml:\d+:\d+: .*nowhere\.csv/m);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('invalid YAML, with line and column', async () => {
    const folder = passingStoryWith('campaign.yaml', (text) => text.replace(/^type: (\w+)$/m, 'type: [$1'));
    const line = lineOf(readFileSync(path.join(folder, 'campaign.yaml'), 'utf8'), /^type: \[/);
    const { status, stderr } = await check(folder);
    expect(status).toBe(2);
    expect(stderr).toMatch(new RegExp(`^campaign\\.yaml:(${line}|${line + 1}):\\d+: `, 'm'));
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('an unknown key, with a suggestion', async () => {
    const folder = passingStoryWith('campaign.yaml', (text) => text.replace(/^offer:/m, 'ofer:'));
    const line = lineOf(readFileSync(path.join(folder, 'campaign.yaml'), 'utf8'), /^ofer:/);
    const { status, stderr } = await check(folder);
    expect(status).toBe(2);
    expect(stderr).toContain(`campaign.yaml:${line}:1: `);
    expect(stderr).toContain('"ofer"');
    expect(stderr).toContain('did you mean "offer"?');
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('a required column missing from the history', async () => {
    const folder = passingStoryWith('data/orders.csv', (text) => text.replace('ordered_at', 'order_date'));
    const { status, stderr } = await check(folder);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^data\/orders\.csv:1: missing required column "ordered_at"/m);
    expect(stderr).toContain('order_date');
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('an audience without customer_id or an address column', async () => {
    const folder = passingStoryWith('audience.csv', (text) =>
      text.replace('customer_id', 'cust').replace(/(^|,)email(,|$)/m, '$1mail$2'),
    );
    const { status, stderr } = await check(folder);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^audience\.csv:1: the audience needs a column "customer_id" or "email"/m);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('a row with more cells than the header', async () => {
    const folder = passingStoryWith('audience.csv', (text) => text.replace(/\n(.+)\n/, '\n$1,extra\n'));
    const { status, stderr } = await check(folder);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^audience\.csv:2: /m);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('an unknown rule in the campaign, with a suggestion', async () => {
    const folder = passingStoryWith('campaign.yaml', (text) => `${text}\nrules:\n  loyalty-inversoin: off\n`);
    const { status, stderr } = await check(folder);
    expect(status).toBe(2);
    expect(stderr).toMatch(/campaign\.yaml:\d+:3: unknown rule "loyalty-inversoin" \(did you mean "loyalty-inversion"\?\)/);
  });

  it('a Liquid syntax error in a template', async () => {
    const folder = passingStoryWith('campaign.yaml', (text) => text.replace(/^ {2}body: .*$/m, '  body: "{% if %}"'));
    const { status, stderr } = await check(folder);
    expect(status).toBe(2);
    expect(stderr).toMatch(/^campaign\.yaml:\d+:\d+: message\.body is not a valid Liquid template/m);
    expect(stderr).not.toMatch(STACK_LINE);
  });
});
