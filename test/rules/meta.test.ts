// Every built-in rule is complete, as Stylelint's meta-tests demand: registered, documented at the
// page its docs URL names, and tested through the rule tester.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../rules/index.js';
import { REPOSITORY_URL } from '../../src/version.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README_SECTIONS = [
  '## Rule details',
  '## What it needs',
  '## Options',
  '## Examples that fail',
  '## Examples that pass',
  '## When not to use it',
];
const ruleFolders = readdirSync(path.join(ROOT, 'rules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

it('registers every rule folder, and nothing else', () => {
  expect(builtinRules.map((rule) => rule.id).sort()).toEqual([...ruleFolders].sort());
});

describe.each(builtinRules.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
  it('has a docs URL that names its README in the repository', () => {
    const prefix = `${REPOSITORY_URL}/blob/main/`;
    expect(rule.meta.docsUrl).toBe(`${prefix}rules/${id}/README.md`);
    expect(existsSync(path.join(ROOT, rule.meta.docsUrl!.slice(prefix.length)))).toBe(true);
  });

  it("has a README with its title and the house's sections, in order", () => {
    const readme = readFileSync(path.join(ROOT, 'rules', id, 'README.md'), 'utf8');
    expect(readme.split('\n')[0]).toBe(`# ${id}`);
    expect(readme.match(/^## .+$/gm)).toEqual(README_SECTIONS);
  });

  it('has tests that run it through the rule tester', () => {
    const file = path.join(ROOT, 'test/rules', `${id}.test.ts`);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(`ruleTester('${id}'`);
  });
});
