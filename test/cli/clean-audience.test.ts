// --write-clean-audience through the command line: per campaign, the audience without its
// rows with errors (every kept byte as it was) and the excluded rows with their reasons; inputs
// untouched, and a folder that would replace an input refused before anything is written.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/cli.js';

const TWO_ADDRESSES = 'fixtures/print-shop-two-addresses';

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

function emptyFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'preflight-clean-audience-'));
  folders.push(folder);
  return folder;
}

function run(args: string[], cwd = ROOT) {
  return runCli(args, { cwd });
}

/** Every file under a folder, by relative path, with its bytes. */
function snapshot(folder: string): Map<string, Buffer> {
  const files = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(
    files.map((entry) => {
      const file = path.join(entry.parentPath, entry.name);
      return [path.relative(folder, file), readFileSync(file)];
    }),
  );
}

describe('--write-clean-audience', () => {
  it('writes each campaign of a run its audience without the rows with errors, and those rows', async () => {
    const out = emptyFolder();
    const before = snapshot(path.join(ROOT, TWO_ADDRESSES));
    const result = await run(['check', TWO_ADDRESSES, '--write-clean-audience', out]);
    expect(result.status).toBe(1);
    expect(snapshot(path.join(ROOT, TWO_ADDRESSES))).toEqual(before);

    const stories = [
      { id: 'print-shop-spring-loyalty', audience: 'loyalty-audience.csv', line: 3 },
      { id: 'print-shop-spring-winback', audience: 'winback-audience.csv', line: 4 },
    ];
    expect(readdirSync(out).sort()).toEqual(stories.map((story) => story.id));
    for (const { id, audience, line } of stories) {
      expect(readdirSync(path.join(out, id)).sort()).toEqual(['audience.csv', 'excluded.csv']); // no temporary file left
      const original = readFileSync(path.join(ROOT, TWO_ADDRESSES, audience), 'utf8').split('\n');
      const clean = readFileSync(path.join(out, id, 'audience.csv'), 'utf8');
      expect(clean).toBe(original.filter((_, index) => index + 1 !== line).join('\n'));
      expect(result.stderr).toContain(
        `${path.join(out, id, 'audience.csv')}: 9 rows kept; 1 row with errors in ${path.join(out, id, 'excluded.csv')}`,
      );
    }
    expect(readFileSync(path.join(out, 'print-shop-spring-loyalty', 'excluded.csv'), 'utf8')).toBe(
      'line,customer_id,rules,reasons\r\n' +
        '3,R-001,inconsistent-offer,inconsistent-offer: Nora is offered 25% on line 3 and 40% on line 4 (campaign print-shop-spring-winback)\r\n',
    );
    expect(readFileSync(path.join(out, 'print-shop-spring-winback', 'excluded.csv'), 'utf8')).toBe(
      'line,customer_id,rules,reasons\r\n' +
        '4,R-002,"inconsistent-offer;reactivation-of-active","inconsistent-offer: Nora is offered 40% on line 4 and 25% on line 3 ' +
        '(campaign print-shop-spring-loyalty); reactivation-of-active: Nora is asked to come back, but ordered 22 days ago (2026-03-26)"\r\n',
    );
  });

  it('keeps CRLF, quoted line breaks, the delimiter and the BOM; campaign and run findings remove nothing', async () => {
    const project = emptyFolder();
    mkdirSync(path.join(project, 'data'));
    mkdirSync(path.join(project, '.git'));
    writeFileSync(
      path.join(project, 'data/customers.csv'),
      'customer_id,first_name,last_name,email,birth_date\n' +
        'C-1,Ada,Lovelace,ada@example.com,\nC-2,Grace,Hopper,grace@example.com,not a date\n' +
        'C-3,Alan,Turing,alan@example.com,\n=C-4,Edsger,Dijkstra,edsger@example.com,\n',
    );
    writeFileSync(path.join(project, 'data/orders.csv'), 'order_id,customer_id,ordered_at,status\n');
    writeFileSync(
      path.join(project, 'campaign.yaml'),
      'id: spring\ntype: promotion\nchannel: email\nsend_at: 2026-11-15T09:00:00Z\naudience: audience.csv\n' +
        'history: { customers: data/customers.csv, orders: data/orders.csv }\n',
    );
    const lines = [
      '\uFEFFcustomer_id;email;greeting;note\r\n', // 1
      'C-1;ada@example.com;"Dear Ada,";"multi\r\nline\r\nnote"\r\n', // 2-4
      'C-2;grace@example.com;"Dear Customer,";"two\r\nlines"\r\n', // 5-6: generic-salutation
      '\r\n', // 7
      'C-3;alan@example.com;Dear Alan,;x\r\n', // 8
      '=C-4;edsger@example.com;"Dear ""Friend"",";"=SUM(A1)\nlf inside"\r\n', // 9-10: generic-salutation
    ];
    writeFileSync(path.join(project, 'audience.csv'), lines.join(''));
    const before = snapshot(project);

    // control-group (no control rows) is a campaign finding; the bad birth_date a run finding.
    const result = await run(
      ['check', '.', '--rule', 'control-group=error', '--format', 'json', '--write-clean-audience', 'clean'],
      project,
    );
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.findings.map((f: { ruleId: string; line: number | null }) => `${f.ruleId}@${f.line}`)).toEqual([
      'control-group@null',
      'generic-salutation@5',
      'generic-salutation@9',
      'invalid-value@3',
    ]);
    expect(snapshot(project).get('audience.csv')).toEqual(before.get('audience.csv'));

    const clean = readFileSync(path.join(project, 'clean/spring/audience.csv'));
    expect(clean).toEqual(Buffer.from(lines[0] + lines[1] + lines[4]));
    expect(readFileSync(path.join(project, 'clean/spring/excluded.csv'), 'utf8')).toBe(
      'line,customer_id,rules,reasons\r\n' +
        '5,C-2,generic-salutation,"generic-salutation: greeting ""Dear Customer,"" does not use the known name Grace Hopper"\r\n' +
        `9,'=C-4,generic-salutation,"generic-salutation: greeting ""Dear ""Friend"","" does not use the known name Edsger Dijkstra"\r\n`,
    );
  });

  it('refuses a folder where a clean audience would replace an input, writing nothing (exit 2)', async () => {
    const project = emptyFolder();
    cpSync(path.join(ROOT, 'fixtures/pizza-mailer'), path.join(project, 'pizza-we-miss-you'), { recursive: true });
    const before = snapshot(project);
    // The campaign's id is its folder's name: <project>/pizza-we-miss-you/audience.csv is its audience.
    const result = await run(['check', '.', '--format', 'json:report.json', '--write-clean-audience', '.'], project);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /the clean audiences would replace the input file pizza-we-miss-you\/audience\.csv; nothing was written/,
    );
    expect(snapshot(project)).toEqual(before);
    expect(existsSync(path.join(project, 'report.json'))).toBe(false);
  });
});
