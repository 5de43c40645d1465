// The habits ESLint users bring, through the command line: ESLint's severities (`warn`, 0, 1, 2),
// --color and --no-color, --output-file, custom formatters, quoted globs and ignores, `extends`
// of a team's config, and --max-warnings over the whole run. The pizza story has 3
// generic-salutation errors among 9 recipients.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, temporaryFolders } from '../support/cli.js';
import { PACKAGE_URL } from '../support/plugin-project.js';

const emptyFolder = temporaryFolders('preflight-eslint-habits-');

/** A copy of the pizza story, a project of its own, with `rules` appended to its campaign file and a config file if given. */
function pizzaWith(campaignRules: string, config?: string): string {
  const folder = emptyFolder();
  cpSync(path.join(ROOT, 'fixtures/pizza-mailer'), folder, { recursive: true });
  mkdirSync(path.join(folder, '.git'));
  if (campaignRules) {
    const campaign = path.join(folder, 'campaign.yaml');
    writeFileSync(campaign, `${readFileSync(campaign, 'utf8')}rules:\n${campaignRules}`);
  }
  if (config !== undefined) writeFileSync(path.join(folder, 'campaign-preflight.config.yaml'), config);
  return folder;
}

async function check(folder: string, ...args: string[]) {
  const result = await runCli(['check', ...args], { cwd: folder });
  return { ...result, verdict: result.stdout.trimEnd().split('\n').at(-1) };
}

describe("ESLint's severities", () => {
  it.each([
    ['warn', 'warning'],
    ['1', 'warning'],
    ['2', 'error'],
    ['0', 'off'],
  ])('--rule generic-salutation=%s is %s; reports say "warning"', async (given, meant) => {
    const result = await check(pizzaWith(''), '.', '--rule', `generic-salutation=${given}`, '--format', 'json');
    const findings = (JSON.parse(result.stdout) as { findings: Array<{ ruleId: string; severity: string }> }).findings;
    const severities = new Set(findings.filter((f) => f.ruleId === 'generic-salutation').map((f) => f.severity));
    expect([...severities]).toEqual(meant === 'off' ? [] : [meant]);
    expect(result.status).toBe(meant === 'error' ? 1 : 0);
  });

  it.each([
    ['a word', 'generic-salutation: warn'],
    ['a number', 'generic-salutation: 1'],
    ['a list with a word', 'generic-salutation: [warn, { max_findings: 5 }]'],
    ['a list with a number', 'generic-salutation: [1]'],
  ])('config and campaign rules take ESLint severities: %s', async (_name, entry) => {
    for (const folder of [pizzaWith('', `rules:\n  ${entry}\n`), pizzaWith(`  ${entry}\n`)]) {
      const result = await check(folder, '.');
      expect(result.verdict).toBe('✔ 1 campaign passes (3 warnings)');
      expect(result.status).toBe(0);
    }
  });

  it('print-config shows the severity in its own words', async () => {
    const folder = pizzaWith('', 'rules:\n  generic-salutation: 1\n  contact-fatigue: [2, { max: 4 }]\n');
    const { status, stdout } = await runCli(['print-config', '.', '--format', 'json', '--rule', 'no-consent=0'], { cwd: folder });
    expect(status).toBe(0);
    const rules = (JSON.parse(stdout) as { rules: Record<string, unknown> }).rules;
    expect(rules['generic-salutation']).toBe('warning');
    expect(rules['contact-fatigue']).toEqual(['error', expect.objectContaining({ max: 4 })]);
    expect(rules['no-consent']).toBe('off');
  });

  it('a severity that is none of them is still an error', async () => {
    const folder = pizzaWith('', 'rules:\n  generic-salutation: 3\n');
    const result = await check(folder, '.');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      'campaign-preflight.config.yaml:2:23: rules.generic-salutation: expected off, warn, warning, error, 0, 1, 2 or [severity, { options }], got 3',
    );
  });
});

describe('--color, --no-color and --output-file', () => {
  const ESCAPE = '\u001b[';

  it('--color colours standard output that is not a terminal, over NO_COLOR; --no-color wins over FORCE_COLOR', async () => {
    const folder = pizzaWith('');
    const coloured = await runCli(['check', '.', '--color'], { cwd: folder, env: { NO_COLOR: '1' } });
    expect(coloured.stdout).toContain(ESCAPE);
    const plain = await runCli(['check', '.', '--no-color'], { cwd: folder, env: { FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toContain(ESCAPE);
    // Without either flag the environment decides, as before.
    expect((await runCli(['check', '.'], { cwd: folder, env: { FORCE_COLOR: '1' } })).stdout).toContain(ESCAPE);
    expect((await runCli(['--color', 'rules'], { cwd: folder })).stdout).toContain(ESCAPE);
  });

  it('--output-file is --output', async () => {
    const folder = pizzaWith('');
    const result = await check(folder, '.', '--format', 'json', '--output-file', 'report.json');
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(folder, 'report.json'), 'utf8'))).toMatchObject({ status: 'fail' });
    const both = await check(folder, '.', '--output', 'a.json', '--output-file', 'b.json');
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('--output a.json and --output-file b.json name two files; give one of them');
  });
});

describe('custom formatters (-f ./my-format.js, -f a-package)', () => {
  /** The pizza story with a formatter file and a formatter package beside it. */
  function pizzaWithFormatters(): string {
    const folder = pizzaWith('');
    writeFileSync(
      path.join(folder, 'summary.mjs'),
      'export default (report, context) =>\n' +
        '  `${report.status} ${report.campaigns.length} ${[...report.findings].length} color=${context.color} ` +\n' +
        '  `cwd=${context.cwd === process.cwd() ? "same" : context.cwd} rules=${context.rules.length} maxRows=${context.maxRows}\\n`;\n',
    );
    writeFileSync(
      path.join(folder, 'lines.js'),
      'module.exports = function* (report) { for (const f of report.findings) yield `${f.ruleId}\\n`; };\n',
    );
    const pkg = path.join(folder, 'node_modules/@acme/preflight-formatter');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, 'package.json'), '{ "name": "@acme/preflight-formatter", "main": "index.js" }\n');
    writeFileSync(path.join(pkg, 'index.js'), 'module.exports = (report) => `acme: ${report.status}\\n`;\n');
    writeFileSync(path.join(folder, 'no-default.mjs'), 'export const format = () => "";\n');
    writeFileSync(path.join(folder, 'throws.mjs'), 'export default () => { throw new TypeError("no idea"); };\n');
    writeFileSync(path.join(folder, 'number.mjs'), 'export default () => 42;\n');
    writeFileSync(path.join(folder, 'broken.mjs'), 'export default (;\n');
    return folder;
  }

  it('a path, relative to the working folder: its default export gets the report and { color, cwd, rules, maxRows }', async () => {
    const folder = pizzaWithFormatters();
    const result = await check(folder, '.', '-f', './summary.mjs', '--max-rows', '2');
    expect(result.stdout).toMatch(/^fail 1 3 color=false cwd=\/.+ rules=15 maxRows=2\n$/);
    expect(result.stdout).toContain(`cwd=${folder}`);
    expect(result.status).toBe(1);
    const coloured = await check(folder, '.', '-f', 'summary.mjs', '--color');
    expect(coloured.stdout).toContain('color=true');
  });

  it('a generator, into a file beside a built-in format', async () => {
    const folder = pizzaWithFormatters();
    const result = await check(folder, '.', '--format', './lines.js:rules.txt', '--format', 'json');
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'fail' });
    expect(readFileSync(path.join(folder, 'rules.txt'), 'utf8')).toBe('generic-salutation\n'.repeat(3));
  });

  it("a package, from the working folder's node_modules", async () => {
    const result = await check(pizzaWithFormatters(), '.', '--format', '@acme/preflight-formatter');
    expect(result.stdout).toBe('acme: fail\n');
  });

  it.each([
    ['./missing.mjs', /^formatter \.\/missing\.mjs not found: there is no file \/.*missing\.mjs$/m],
    ['./no-default.mjs', /^formatter \.\/no-default\.mjs has no default export that is a function$/m],
    ['./throws.mjs', /^formatter \.\/throws\.mjs failed: TypeError: no idea$/m],
    ['./number.mjs', /^formatter \.\/number\.mjs returned number: it must return a string or an iterable of strings$/m],
    // A SyntaxError; in-process under vitest, its module loader's Error.
    ['./broken.mjs', /^formatter \.\/broken\.mjs failed to load: \w*Error: /m],
    ['acme-not-installed', /^unknown format "acme-not-installed"$/m],
  ])('%s: exit 2, naming the formatter', async (name, message) => {
    const result = await check(pizzaWithFormatters(), '.', '--format', name);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('quoted globs, --ignore-pattern, ignores: and --no-error-on-unmatched-pattern', () => {
  /** A project with three campaigns: campaigns/pizza, campaigns/drafts/pizza (a draft) and campaigns/sister/x.campaign.yaml. */
  function project(config?: string): string {
    const folder = emptyFolder();
    mkdirSync(path.join(folder, '.git'));
    const campaigns = [
      ['campaigns/pizza', 'campaign.yaml', 'pizza'],
      ['campaigns/drafts/pizza', 'campaign.yaml', 'pizza-draft'],
      ['campaigns/sister', 'x.campaign.yaml', 'pizza-sister'],
    ];
    for (const [at, name, id] of campaigns) {
      cpSync(path.join(ROOT, 'fixtures/pizza-mailer'), path.join(folder, at), { recursive: true });
      const text = readFileSync(path.join(folder, at, 'campaign.yaml'), 'utf8').replace(/^id: .*$/m, `id: ${id}`);
      rmSync(path.join(folder, at, 'campaign.yaml'));
      writeFileSync(path.join(folder, at, name), text);
    }
    if (config !== undefined) writeFileSync(path.join(folder, 'campaign-preflight.config.yaml'), config);
    return folder;
  }

  async function checked(folder: string, ...args: string[]) {
    const result = await runCli(['check', ...args, '--format', 'json'], { cwd: folder });
    const ids = result.stdout
      ? (JSON.parse(result.stdout) as { campaigns: Array<{ id: string }> }).campaigns.map((c) => c.id)
      : [];
    return { ...result, ids };
  }

  it('a quoted glob matches campaign files by their names, and folders, searched', async () => {
    const folder = project();
    expect((await checked(folder, 'campaigns/**/*.campaign.yaml')).ids).toEqual(['pizza-sister']);
    expect((await checked(folder, 'campaigns/**/campaign.yaml')).ids).toEqual(['pizza-draft', 'pizza']);
    // Folders it matches are searched; CSV files it matches are not campaign files.
    expect((await checked(folder, 'campaigns/*')).ids).toEqual(['pizza-draft', 'pizza', 'pizza-sister']);
    expect((await checked(folder, 'campaigns/pizza/*')).ids).toEqual(['pizza']);
  });

  it('--ignore-pattern skips what it matches: a folder, a name at any depth, a path from the working folder', async () => {
    const folder = project();
    expect((await checked(folder, 'campaigns/**/*.campaign.yaml', 'campaigns/pizza')).ids).toEqual(['pizza-sister', 'pizza']);
    expect((await checked(folder, 'campaigns', '--ignore-pattern', 'sister/')).ids).toEqual(['pizza-draft', 'pizza']);
    expect((await checked(folder, 'campaigns', '--ignore-pattern', 'drafts', '--ignore-pattern', '*.campaign.yaml')).ids).toEqual(
      ['pizza'],
    );
    expect((await checked(folder, 'campaigns', '--ignore-pattern', 'campaigns/drafts/**')).ids).toEqual([
      'pizza',
      'pizza-sister',
    ]);
  });

  it("ignores: in the config skips campaign files, relative to the config file's folder", async () => {
    const folder = project('ignores:\n  - campaigns/drafts/\n');
    expect((await checked(folder, '.')).ids).toEqual(['pizza', 'pizza-sister']);
    // A config without ignores: is as before.
    expect((await checked(project('rules: {}\n'), '.')).ids).toEqual(['pizza-draft', 'pizza', 'pizza-sister']);
  });

  it('a target that matches nothing is an error (exit 2) unless --no-error-on-unmatched-pattern; nothing left: say so, exit 0', async () => {
    const folder = project();
    const glob = await checked(folder, 'campaigns/**/*.draft.campaign.yaml');
    expect(glob.status).toBe(2);
    expect(glob.stderr).toContain('no campaign files match campaigns/**/*.draft.campaign.yaml');
    const ignoredAll = await checked(folder, 'campaigns/sister', '--ignore-pattern', 'sister/');
    expect(ignoredAll.status).toBe(2);
    expect(ignoredAll.stderr).toContain('every campaign file in campaigns/sister is ignored');
    expect((await checked(folder, 'missing.campaign.yaml')).status).toBe(2);

    const skipped = await checked(
      folder,
      'missing',
      'campaigns/nothing-*',
      'campaigns/sister',
      '--no-error-on-unmatched-pattern',
    );
    expect(skipped.ids).toEqual(['pizza-sister']);
    const none = await checked(folder, 'missing', 'campaigns/*.yaml', '--no-error-on-unmatched-pattern');
    expect(none.status).toBe(0);
    expect(none.ids).toEqual([]);
    expect(none.stderr).toBe('campaign-preflight: no campaign files to check: every target was unmatched or ignored\n');
  });
});

describe('extends: a team config file or package, merged ESLint-style', () => {
  const PLUGIN = [
    `import { defineRule } from '${PACKAGE_URL}';`,
    'export default defineRule({',
    "  id: 'acme/every-row',",
    "  meta: { severity: 'warning', description: 'Flags every row.', messages: { row: () => 'a row' } },",
    '  create: (context) => ({ row(row) { context.report({ at: row, messageId: "row", data: {} }); } }),',
    '});',
  ];

  /** The pizza story whose config (at the root, or in the campaign's folder below it) extends others. */
  function project(files: Record<string, string>): string {
    const folder = pizzaWith('');
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      writeFileSync(path.join(folder, file), text);
    }
    return folder;
  }

  async function printed(folder: string, ...args: string[]) {
    const result = await runCli(['print-config', 'campaign.yaml', '--format', 'json', ...args], { cwd: folder });
    return { ...result, config: result.status === 0 ? (JSON.parse(result.stdout) as Record<string, never>) : undefined };
  }

  it('a path, relative to the config file: its keys under the extending ones, rules merged per rule', async () => {
    const folder = project({
      'campaign-preflight.config.yaml': 'extends: ./team/base.yaml\nrules:\n  contact-fatigue: error\n  no-consent: off\n',
      'team/base.yaml':
        'extends: strict\nrun:\n  window_days: 14\nrules:\n  contact-fatigue: [warn, { max: 4 }]\n  generic-salutation: 1\n  no-consent: error\n',
    });
    const { config, stderr } = await printed(folder);
    expect(stderr).toBe('');
    expect(config).toMatchObject({ extends: 'strict', run: { window_days: 14 } });
    const rules = config!.rules as Record<string, unknown>;
    // A bare severity keeps the options of the config extended.
    expect(rules['contact-fatigue']).toEqual(['error', expect.objectContaining({ max: 4 })]);
    expect(rules['generic-salutation']).toBe('warning');
    expect(rules['no-consent']).toBe('off');
    // strict, from the config extended: every other rule at error.
    expect(rules['duplicate-recipient']).toBe('error');
    const result = await check(folder, '.');
    expect(result.verdict).toBe('✔ 1 campaign passes (3 warnings)');
  });

  it("a package, found from the config file's folder: a shared team config", async () => {
    const folder = project({
      'campaign-preflight.config.yaml': 'extends: [recommended, "@acme/preflight-config"]\n',
      'node_modules/@acme/preflight-config/package.json': '{ "name": "@acme/preflight-config", "main": "config.yaml" }\n',
      'node_modules/@acme/preflight-config/config.yaml': 'rules:\n  generic-salutation: [warn, { max_findings: 10 }]\n',
    });
    const { config } = await printed(folder);
    expect((config!.rules as Record<string, unknown>)['generic-salutation']).toEqual(['warning', { max_findings: 10 }]);
  });

  it('an error in a config extended is reported in its own file', async () => {
    const folder = project({
      'campaign-preflight.config.yaml': 'extends: ./base.yaml\n',
      'base.yaml': 'rules:\n  contact-fatigue: [warn, { max: many }]\n',
    });
    const result = await check(folder, '.');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^base\.yaml:2:\d+: rule "contact-fatigue" option "max": /m);
  });

  it('a cycle is refused with the files that make it', async () => {
    const folder = project({
      'campaign-preflight.config.yaml': 'extends: ./a.yaml\n',
      'a.yaml': 'extends: ./b.yaml\n',
      'b.yaml': 'extends: [./a.yaml]\n',
    });
    const result = await check(folder, '.');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('b.yaml:1:11: extends: "./a.yaml" makes a cycle: a.yaml → b.yaml → a.yaml');
  });

  it('a path may not leave the project root, nor a package that is not installed be found', async () => {
    const outside = emptyFolder();
    writeFileSync(path.join(outside, 'base.yaml'), 'rules: {}\n');
    const folder = project({ 'campaign-preflight.config.yaml': `extends: ${path.join(outside, 'base.yaml')}\n` });
    const result = await check(folder, '.');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /^campaign-preflight\.config\.yaml:1:10: extends: ".*base\.yaml" lies outside the project root; it is not read$/m,
    );
    // With --config, the user's own choice, it may.
    expect((await check(folder, '.', '--config', 'campaign-preflight.config.yaml')).status).toBe(1);

    const missing = await check(project({ 'campaign-preflight.config.yaml': 'extends: recomended\n' }), '.');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('extends: no package "recomended" is installed (did you mean "recommended"?)');
  });

  it('a config extended brings plugins only when the extending config may load them, as plugins are trusted', async () => {
    const files = {
      'node_modules/@acme/preflight-config/package.json': '{ "name": "@acme/preflight-config", "main": "config.yaml" }\n',
      'node_modules/@acme/preflight-config/config.yaml': 'plugins: [./rule.mjs]\n',
      'node_modules/@acme/preflight-config/rule.mjs': PLUGIN.join('\n'),
    };
    // At the project root: the plugin's rule runs.
    const atRoot = project({ ...files, 'campaign-preflight.config.yaml': 'extends: "@acme/preflight-config"\n' });
    const loaded = await check(atRoot, '.', '--format', 'json');
    expect(loaded.stderr).toBe('');
    expect((JSON.parse(loaded.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId)).toContain(
      'acme/every-row',
    );
    // In a folder below the root, which a pull request can add: refused before anything is loaded.
    const below = emptyFolder();
    mkdirSync(path.join(below, '.git'));
    cpSync(atRoot, path.join(below, 'campaigns'), { recursive: true });
    rmSync(path.join(below, 'campaigns/.git'), { recursive: true });
    const refused = await runCli(['check', 'campaigns'], { cwd: below });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/brings plugins, but it is extended by a config that may not load them/);
  });
});
