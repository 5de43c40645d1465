// The documentation is the contract, shipped with the package (docs/): its links lead to files of
// the repository, never outside it, and it names what is built — every canonical column, preset,
// campaign and config key, built-in rule with its options and message ids, command and flag — so
// that what is built cannot drift away from what is written unnoticed.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinRules } from '../rules/index.js';
import { campaignSchema, configSchema } from '../src/config/schema.js';
import { COLUMNS_OF_KIND, SUPPRESSION_COLUMNS } from '../src/csv/columns.js';
import { BUILTIN_PRESETS } from '../src/csv/presets/index.js';
import { runCli } from './support/cli.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DOCS = path.join(ROOT, 'docs');

/** The pages a user reads, in the repository and in the package, relative to the root. */
const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  'SECURITY.md',
  'CHANGELOG.md',
  ...readdirSync(DOCS)
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  ...readdirSync(path.join(ROOT, 'rules'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(ROOT, 'rules', entry.name, 'README.md')))
    .map((entry) => `rules/${entry.name}/README.md`),
  // The worked examples of platform exports, which the README links to.
  ...readdirSync(path.join(ROOT, 'fixtures/platforms'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(ROOT, 'fixtures/platforms', entry.name, 'README.md')))
    .map((entry) => `fixtures/platforms/${entry.name}/README.md`),
].sort();

const read = (page: string): string => readFileSync(path.join(ROOT, page), 'utf8');

/** The text outside fenced code blocks and inline code, where links are links. */
function prose(markdown: string): string {
  const lines: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const opening = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence === undefined && opening) fence = opening[1][0].repeat(opening[1].length);
    else if (fence !== undefined && line.trim().startsWith(fence)) fence = undefined;
    else if (fence === undefined) lines.push(line.replace(/(`+)[^`]*?\1/g, ''));
    else lines.push('');
  }
  return lines.join('\n');
}

/** Every link target of a page: inline links and images, and reference definitions. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const targets: string[] = [];
  for (const match of text.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(match[1]);
  for (const match of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) targets.push(match[1]);
  return targets;
}

/** The anchors GitHub gives a page's headings (and any `<a id>` or `<a name>` in it). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of prose(markdown.replace(/`([^`]*)`/g, '$1')).split('\n')) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1].replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const match of markdown.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]);
  return anchors;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** What is wrong with a link of `page`, or undefined when it leads to a file (and heading) of the repository. */
function brokenLink(page: string, target: string): string | undefined {
  if (SCHEME.test(target)) return target.startsWith('file:') ? 'a file: link leads off the repository' : undefined;
  const [rawPath, anchor] = target.split('#', 2);
  const file = rawPath === '' ? path.join(ROOT, page) : path.resolve(path.dirname(path.join(ROOT, page)), decodeURI(rawPath));
  if (rawPath.startsWith('/')) return 'an absolute path: write it relative to the page';
  const fromRoot = path.relative(ROOT, file);
  if (fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return `leads outside the repository (${fromRoot})`;
  if (!existsSync(file)) return `no such file: ${fromRoot}`;
  if (anchor && file.endsWith('.md') && statSync(file).isFile() && !anchorsOf(readFileSync(file, 'utf8')).has(anchor)) {
    return `no heading #${anchor} in ${fromRoot}`;
  }
  return undefined;
}

describe('links', () => {
  it('finds the pages and their links', () => {
    expect(PAGES).toEqual(
      expect.arrayContaining(['README.md', 'docs/README.md', 'docs/inputs.md', 'rules/no-consent/README.md']),
    );
    expect(linkTargets(read('docs/README.md'))).toContain('inputs.md');
    expect(linkTargets('a `[not](a-link.md)` and\n```\n[nor](this.md)\n```\n[but](this.md#x)')).toEqual(['this.md#x']);
    expect(anchorsOf('# A `code` heading: with [a link](x.md)\n## A `code` heading: with a link')).toEqual(
      new Set(['a-code-heading-with-a-link', 'a-code-heading-with-a-link-1']),
    );
  });

  it.each(PAGES)('%s: every relative link leads to a file of the repository, and its heading', (page) => {
    const broken = linkTargets(read(page)).flatMap((target) => {
      const problem = brokenLink(page, target);
      return problem ? [`${target}: ${problem}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('no page points at a contract kept outside the repository', () => {
    for (const page of PAGES) {
      expect(read(page), page).not.toMatch(/SPEC(?:\.md| §)|\.\.\/shared\//);
    }
  });
});

describe('docs/inputs.md', () => {
  const inputs = read('docs/inputs.md');
  /** The text of the `### <kind>` section under "## Columns". */
  const section = (kind: string): string => {
    const columns = inputs.slice(inputs.indexOf('\n## Columns'));
    const start = columns.indexOf(`\n### ${kind}\n`);
    expect(start, `a section "### ${kind}" under "## Columns"`).toBeGreaterThanOrEqual(0);
    const rest = columns.slice(start + 1);
    const end = rest.search(/\n##{1,2} /);
    return end < 0 ? rest : rest.slice(0, end);
  };

  it.each([...Object.entries(COLUMNS_OF_KIND), ['suppressions', SUPPRESSION_COLUMNS] as const])(
    'names every canonical column of the %s file in its section',
    (kind, columns) => {
      const text = section(kind);
      expect(columns.filter((column) => !text.includes(`\`${column}\``))).toEqual([]);
    },
  );
});

describe('the presets', () => {
  it('lists every built-in preset in docs/inputs.md', () => {
    const inputs = read('docs/inputs.md');
    expect(BUILTIN_PRESETS.map((preset) => preset.name).filter((name) => !inputs.includes(`| \`${name}\` |`))).toEqual([]);
  });
});

/**
 * The fields of the mapping a schema reads, found through the wrappers zod puts around it
 * (preprocess, transform, optional, default, a list of them); undefined when it reads no mapping.
 */
function mappingShape(schema: unknown, depth = 0): Record<string, unknown> | undefined {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, unknown>;
  if (depth > 10 || typeof schema !== 'object' || schema === null) return undefined;
  const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def ?? {};
  for (const inner of [def.in, def.out, def.innerType, def.element]) {
    const shape = mappingShape(inner, depth + 1);
    if (shape) return shape;
  }
  return undefined;
}

/** Every key of a file's schema and of the mappings right under it, such as `discount_pct` of `offer`. */
function keysOf(schema: unknown): string[] {
  return Object.entries(mappingShape(schema) ?? {}).flatMap(([key, inner]) => [key, ...Object.keys(mappingShape(inner) ?? {})]);
}

describe('docs/campaign-and-config.md', () => {
  const pages = read('docs/campaign-and-config.md') + read('docs/inputs.md');

  it.each([
    ['campaign file', campaignSchema],
    ['config file', configSchema],
  ] as const)('names every key of the %s, and of the mappings under them', (_file, schema) => {
    const keys = keysOf(schema);
    expect(keys).toEqual(expect.arrayContaining(['rules', 'history']));
    expect(keys.length).toBeGreaterThan(10);
    // As `key`, `key: value`, `parent.key` or `key.child`, in code.
    const named = (key: string): boolean => new RegExp(`\`(?:[a-z_]+\\.)?${key}[\`:. ]`).test(pages);
    expect([...new Set(keys)].filter((key) => !named(key))).toEqual([]);
  });
});

describe('docs/rules.md', () => {
  const rules = read('docs/rules.md');

  it.each(builtinRules.map((rule) => rule.id))('has a section for %s that links to its page', (id) => {
    const start = rules.indexOf(`\n## ${id}\n`);
    expect(start, `a heading "## ${id}"`).toBeGreaterThanOrEqual(0);
    const rest = rules.slice(start + 1);
    const next = rest.slice(1).search(/\n## /);
    const text = next < 0 ? rest : rest.slice(0, next + 1);
    expect(text).toContain(`](../rules/${id}/README.md)`);
    const rule = builtinRules.find((candidate) => candidate.id === id)!;
    expect(text).toContain(`Default **${rule.meta.severity}**`);
    for (const messageId of Object.keys(rule.meta.messages)) expect(text).toContain(`\`${messageId}\``);
    for (const option of Object.keys(mappingShape(rule.options) ?? {})) expect(text).toContain(`\`${option}\``);
  });
});

describe('docs/cli.md', () => {
  const cli = read('docs/cli.md');

  /** The help commander prints for these arguments, from the program itself. */
  async function help(args: string[]): Promise<string> {
    const { status, stdout } = await runCli(args);
    expect(status).toBe(0);
    return stdout;
  }

  /** The flags an "Options:" section of a help text lists. */
  function flagsOf(helpText: string): string[] {
    const options = helpText.slice(helpText.indexOf('Options:'), helpText.search(/\n(?:Commands:|Exit codes:)|$/));
    return [
      ...new Set([...options.matchAll(/^ {2}(.+?)(?: {2,}|$)/gm)].flatMap((line) => line[1].match(/--?[a-z][a-z-]*/g) ?? [])),
    ];
  }

  it('names every flag of check', async () => {
    const flags = flagsOf(await help(['check', '--help']));
    expect(flags).toEqual(expect.arrayContaining(['--config', '-c', '--format', '--max-warnings', '--rule', '--no-redact']));
    expect(flags.filter((flag) => !new RegExp(`\`${flag}[\` ]`).test(cli))).toEqual([]);
  });

  it('names every command, and the options of the program and of print-config', async () => {
    const program = await help(['--help']);
    const commands = [...program.slice(program.indexOf('Commands:')).matchAll(/^ {2}([a-z-]+)/gm)].map((match) => match[1]);
    expect(commands).toEqual(expect.arrayContaining(['check', 'print-config', 'rules', 'explain', 'init']));
    expect(commands.filter((command) => !cli.includes(`campaign-preflight ${command}`))).toEqual([]);
    const flags = [...flagsOf(program), ...flagsOf(await help(['print-config', '--help']))];
    expect(flags).toEqual(expect.arrayContaining(['--debug', '--version']));
    expect(flags.filter((flag) => !new RegExp(`\`${flag}[\` ]`).test(cli))).toEqual([]);
  });
});

describe('the package', () => {
  const manifest = JSON.parse(read('package.json')) as { files: string[] };

  it('ships docs/', () => {
    expect(manifest.files).toContain('docs');
  });

  it('packs every page of docs/', (context) => {
    // --ignore-scripts: the listing does not need the build that `prepack` runs.
    const packed = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--offline'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 10_000,
    });
    if (packed.error || packed.status !== 0) context.skip();
    const [{ files }] = JSON.parse(packed.stdout) as Array<{ files: Array<{ path: string }> }>;
    const paths = files.map((file) => file.path);
    const pages = readdirSync(DOCS, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
    expect(pages).toContain('docs/README.md');
    expect(pages.filter((page) => !paths.includes(page))).toEqual([]);
  });
});
