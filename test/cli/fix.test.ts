// check --fix through the command line (issue 17): a plugin rule that wants rows as its options
// say, and fixes them, mends the audience instead of shortening it. Every other line stays as it
// was; conflicting fixes are left unapplied and said; --fix-type and --fix-rule choose the fixes;
// under --redact the audience keeps the real values while changes.csv is masked; inputs are never
// written; and the fixed audience, checked again, passes the rule.
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, temporaryFolders } from '../support/cli.js';
import { fileHashes } from '../support/file-hashes.js';
import { PACKAGE_URL, writePluginProject } from '../support/plugin-project.js';

const newFolder = temporaryFolders('preflight-fix-');

/** Two rules, acme/want and acme/want-too: each wants the rows its option `want` lists as they say, or gone. */
const WANTING_RULES = [
  `import { defineRule, z } from '${PACKAGE_URL}';`,
  'const want = z.array(z.object({ customer: z.string(), column: z.string().optional(), value: z.string().optional() }));',
  'const wanting = (id) => defineRule({',
  '  id,',
  "  meta: { severity: 'error', description: 'Rows as the test wants them.', messages: { differs: (d) => `${d.name} should ${d.what}` } },",
  '  options: z.object({ want: want.default([]) }).strict(),',
  '  create: (context) => ({',
  '    row(row) {',
  '      for (const { customer, column, value } of context.options(row.campaign).want) {',
  '        if (customer !== row.customerId) continue;',
  "        const data = { name: row.cell('first_name') || customer, what: column ? `have ${column} ${value}` : 'not be sent to' };",
  "        if (!column) context.report({ at: row, messageId: 'differs', data, fix: { action: 'remove' } });",
  "        else if (row.cell(column) !== value) context.report({ at: row, messageId: 'differs', data, column, fix: { action: 'set', column, value } });",
  '      }',
  '    },',
  '  }),',
  '});',
  "export default [wanting('acme/want'), wanting('acme/want-too')];",
];

/**
 * fixtures/passing (campaign coffee-year-end) with the two rules, wanting what `want` and `wantToo`
 * say (YAML lists), and its audience `audience` when given.
 */
function project(want: string, wantToo = '[]', audience?: Buffer): string {
  const folder = newFolder();
  writePluginProject(folder, 'want.mjs', WANTING_RULES);
  writeFileSync(
    path.join(folder, 'campaign-preflight.config.yaml'),
    `plugins: [./want.mjs]\nrules:\n  acme/want: [error, { want: ${want} }]\n  acme/want-too: [error, { want: ${wantToo} }]\n`,
  );
  if (audience) writeFileSync(path.join(folder, 'audience.csv'), audience);
  return folder;
}

const read = (folder: string, file: string) => readFileSync(path.join(folder, file), 'utf8');
const FIXED = 'fixed/coffee-year-end';
const CHANGES_HEADER = 'line,customer_id,action,column,old_value,new_value,rules,reasons\r\n';

describe('check --fix', () => {
  it('sets cells and removes rows, copying every other line; the fixed audience passes the rule when checked again', async () => {
    // A semicolon-separated export with a byte order mark, CRLF and a note over two lines.
    const lines = [
      '\uFEFFcustomer_id;email;first_name;last_name;discount_pct;group;note\r\n',
      'H-001;ana.silva@example.com;Ana;Silva;20;treatment;"loyal since 2019,\r\nVIP"\r\n',
      'H-002;bruno.costa@example.com;;Costa;;treatment;\r\n',
      'H-003;carla.mendes@example.com;Carla;Mendes;;treatment;"moved;\nno consent"\r\n',
      'H-005;elena.sousa@example.com;Elena;Sousa;15;treatment;\r\n',
      'H-020;ines.duarte@example.com;Inês;Duarte;;control;\r\n',
      'H-021;joao.pinto@example.com;João;Pinto;;control;\r\n',
    ];
    const folder = project(
      '[{ customer: H-002, column: first_name, value: Bruno }, { customer: H-003 }]',
      '[{ customer: H-002, column: discount_pct, value: "20" }, { customer: H-002, column: first_name, value: Bruno }]',
      Buffer.from(lines.join('')),
    );
    const before = fileHashes(folder);
    const result = await runCli(['check', '.', '--format', 'json:report.json', '--fix', 'fixed'], { cwd: folder });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${FIXED}/audience.csv: 2 cells changed, 1 row removed; changes in ${FIXED}/changes.csv\n`);
    expect(new Map([...fileHashes(folder)].filter(([file]) => before.has(file)))).toEqual(before); // inputs untouched
    expect(readdirSync(path.join(folder, FIXED)).sort()).toEqual(['audience.csv', 'changes.csv']);

    expect(readFileSync(path.join(folder, FIXED, 'audience.csv'))).toEqual(
      Buffer.from(
        [lines[0], lines[1], 'H-002;bruno.costa@example.com;Bruno;Costa;20;treatment;\r\n', ...lines.slice(4)].join(''),
      ),
    );
    expect(read(folder, `${FIXED}/changes.csv`)).toBe(
      CHANGES_HEADER +
        // generic-salutation's own fix agrees: the greeting template then renders the name.
        '4,H-002,set,first_name,,Bruno,"acme/want;acme/want-too;generic-salutation",' +
        '"acme/want: H-002 should have first_name Bruno; acme/want-too: H-002 should have first_name Bruno; ' +
        'generic-salutation: greeting ""Dear friend,"" does not use the known name Bruno Costa"\r\n' +
        '4,H-002,set,discount_pct,,20,acme/want-too,acme/want-too: H-002 should have discount_pct 20\r\n' +
        '5,H-003,remove,,,,acme/want,acme/want: Carla should not be sent to\r\n',
    );

    const campaign = read(folder, 'campaign.yaml')
      .replace('id: coffee-year-end', 'id: coffee-year-end-fixed')
      .replace('audience: audience.csv', `audience: ${FIXED}/audience.csv`);
    writeFileSync(path.join(folder, 'fixed.campaign.yaml'), campaign);
    const again = await runCli(['check', 'fixed.campaign.yaml', '--format', 'json'], { cwd: folder });
    const ruleIds = (report: string) => JSON.parse(report).findings.map((finding: { ruleId: string }) => finding.ruleId);
    expect(ruleIds(read(folder, 'report.json')).filter((id: string) => id.startsWith('acme/'))).toHaveLength(4);
    expect(ruleIds(again.stdout)).toEqual(['control-group']); // the short audience's: a warning
    expect(again.status).toBe(0);
  });

  it("mends issue 17's stories: Laura's discount raised to what newcomers get, Priya's first name filled in", async () => {
    const folder = newFolder();
    for (const story of ['print-shop', 'pizza-mailer'])
      cpSync(path.join(ROOT, 'fixtures', story), path.join(folder, story), { recursive: true });
    const result = await runCli(['check', '.', '--format', 'json:report.json', '--fix', 'fixed'], { cwd: folder });
    expect(result.status).toBe(1);
    const stories = [
      {
        id: 'print-shop-fall-coupon',
        story: 'print-shop',
        line: 2,
        from: 'Laura,Bennett,25,',
        to: 'Laura,Bennett,40,',
        rule: 'loyalty-inversion',
      },
      {
        id: 'pizza-we-miss-you',
        story: 'pizza-mailer',
        line: 9,
        from: 'P-108,,Shah,',
        to: 'P-108,Priya,Shah,',
        rule: 'generic-salutation',
      },
    ];
    for (const { id, story, line, from, to } of stories) {
      const original = read(folder, `${story}/audience.csv`).split('\n');
      const fixed = read(folder, `fixed/${id}/audience.csv`).split('\n');
      expect(fixed).toEqual(original.map((text, index) => (index + 1 === line ? text.replace(from, to) : text)));
      expect(result.stderr).toContain(
        `fixed/${id}/audience.csv: 1 cell changed, 0 rows removed; changes in fixed/${id}/changes.csv\n`,
      );
      // Checked again, as the fixed audience would be sent: the rule has nothing more to say about the row.
      writeFileSync(path.join(folder, story, 'audience.csv'), fixed.join('\n'));
    }
    await runCli(['check', '.', '--format', 'json:again.json'], { cwd: folder });
    const findingsOf = (file: string) =>
      JSON.parse(read(folder, file)).findings as Array<{ ruleId: string; line: number; campaignId: string }>;
    for (const { id, line, rule } of stories) {
      const onRow = (file: string) => findingsOf(file).filter((f) => f.campaignId === id && f.line === line && f.ruleId === rule);
      expect(onRow('report.json')).toHaveLength(1);
      expect(onRow('again.json')).toEqual([]);
    }
  });

  it('leaves a cell that rules set to different values as it was, and says so', async () => {
    const folder = project(
      '[{ customer: H-002, column: discount_pct, value: "20" }]',
      '[{ customer: H-002, column: discount_pct, value: "25" }]',
    );
    const original = read(folder, 'audience.csv');
    const result = await runCli(['check', '.', '--fix', 'fixed'], { cwd: folder });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `${FIXED}/audience.csv: 0 cells changed, 0 rows removed, 1 fix not applied; changes in ${FIXED}/changes.csv\n` +
        '  line 3, discount_pct: left as it was: acme/want sets "20", acme/want-too sets "25"\n',
    );
    expect(read(folder, `${FIXED}/audience.csv`)).toBe(original);
    expect(read(folder, `${FIXED}/changes.csv`)).toBe(
      CHANGES_HEADER +
        '3,H-002,conflict,discount_pct,,,"acme/want;acme/want-too","left as it was: acme/want sets ""20"", acme/want-too sets ""25""; ' +
        'acme/want: Bruno should have discount_pct 20; acme/want-too: Bruno should have discount_pct 25"\r\n',
    );
  });

  it('applies only the fixes of the types and rules named', async () => {
    const folder = project(
      '[{ customer: H-002, column: discount_pct, value: "20" }, { customer: H-003 }]',
      '[{ customer: H-005, column: discount_pct, value: "20" }]',
    );
    const actions = async (args: string[]) => {
      await runCli(['check', '.', '--fix', 'fixed', ...args], { cwd: folder });
      return read(folder, `${FIXED}/changes.csv`)
        .split('\r\n')
        .slice(1, -1)
        .map((line) => line.split(',').slice(0, 3).join(' '));
    };
    expect(await actions([])).toEqual(['3 H-002 set', '4 H-003 remove', '6 H-005 set']);
    expect(await actions(['--fix-type', 'remove'])).toEqual(['4 H-003 remove']);
    expect(await actions(['--fix-type', 'set'])).toEqual(['3 H-002 set', '6 H-005 set']);
    expect(await actions(['--fix-rule', 'acme/want-too'])).toEqual(['6 H-005 set']);
    expect(await actions(['--fix-rule', 'acme/want', '--fix-type', 'set'])).toEqual(['3 H-002 set']);
    expect(
      await actions(['--fix-rule', 'acme/want', '--fix-rule', 'acme/want-too', '--fix-type', 'set', '--fix-type', 'remove']),
    ).toEqual(['3 H-002 set', '4 H-003 remove', '6 H-005 set']);
  });

  it('under --redact writes the real values to the audience and masks them in changes.csv', async () => {
    const folder = project('[{ customer: H-005, column: first_name, value: "Elena Maria" }, { customer: H-003 }]');
    const result = await runCli(['check', '.', '--fix', 'fixed', '--format', 'json:report.json'], {
      cwd: folder,
      env: { CI: 'true' },
    });
    expect(result.status).toBe(1);
    expect(read(folder, `${FIXED}/audience.csv`)).toContain('H-005,elena.sousa@example.com,Elena Maria,Sousa,15,treatment\n');
    const changes = read(folder, `${FIXED}/changes.csv`);
    expect(changes).not.toMatch(/Elena|Carla/);
    expect(changes).toMatch(
      /^6,H-005,set,first_name,\[name [0-9a-f]{8}\],\[name [0-9a-f]{8}\],acme\/want,acme\/want: \[name [0-9a-f]{8}\] should have/m,
    );
    expect(changes).toMatch(/^4,H-003,remove,,,,acme\/want,acme\/want: \[name [0-9a-f]{8}\] should not be sent to\r$/m);
    expect(read(folder, 'report.json')).not.toMatch(/Elena|Carla/);
  });

  it('refuses a folder where a fixed audience would replace an input, writing nothing (exit 2)', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/pizza-mailer'), path.join(folder, 'pizza-we-miss-you'), { recursive: true });
    const before = fileHashes(folder);
    // The campaign's id is its folder's name: <folder>/pizza-we-miss-you/audience.csv is its audience.
    const result = await runCli(['check', '.', '--format', 'json:report.json', '--fix', '.'], { cwd: folder });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /the fixed audiences would replace the input file pizza-we-miss-you\/audience\.csv; nothing was written/,
    );
    expect(fileHashes(folder)).toEqual(before);
    expect(existsSync(path.join(folder, 'report.json'))).toBe(false);
  });

  it.each([
    [['--fix-type', 'remove'], '--fix-type needs --fix <folder>'],
    [['--fix-rule', 'acme/want'], '--fix-rule needs --fix <folder>'],
    [['--fix', 'fixed', '--fix-type', 'delete'], '--fix-type takes set or remove; got "delete"'],
    [['--fix', 'fixed', '--fix-rule', 'acme/wnat'], 'unknown rule "acme/wnat" in --fix-rule (did you mean "acme/want"?)'],
    [
      ['--fix', 'out', '--write-clean-audience', './out'],
      '--fix and --write-clean-audience name the same folder; give each its own',
    ],
  ])('%j is a usage error', async (args, message) => {
    const folder = project('[]');
    const result = await runCli(['check', '.', ...args], { cwd: folder });
    expect(result.stderr).toContain(message);
    expect(result.status).toBe(2);
    expect(existsSync(path.join(folder, 'fixed'))).toBe(false);
  });
});
