// A rule's `state` is only `init`. A plugin written when it also had `merge` keeps working: the
// engine never called `merge` and still does not; TypeScript reports the key as unknown.
import { expect, it } from 'vitest';
import { check, defineRule } from '../../src/index.js';
import { temporaryFolders } from '../support/cli.js';
import { PACKAGE_URL, writePluginProject } from '../support/plugin-project.js';

const newFolder = temporaryFolders('preflight-rule-state-');

it("ignores a plugin rule's `merge` and reports from the state its rows filled", async () => {
  const folder = newFolder();
  writePluginProject(folder, 'rows.mjs', [
    `import { defineRule } from '${PACKAGE_URL}';`,
    'export default defineRule({',
    "  id: 'acme/row-count',",
    "  meta: { severity: 'warning', description: 'Counts the rows.', messages: { rows: (d) => `${d.count} rows` } },",
    "  state: { init: () => [], merge() { throw new Error('merge is not part of a rule'); } },",
    '  create: (context) => ({',
    '    row(row, rows) { rows.push(row); },',
    "    end(rows) { context.report({ at: rows[0], messageId: 'rows', data: { count: rows.length } }); },",
    '  }),',
    '});',
  ]);
  const { report, dispose } = await check({ targets: ['.'], cwd: folder });
  try {
    const counted = [...report.findings].filter((finding) => finding.ruleId === 'acme/row-count');
    expect(counted).toEqual([expect.objectContaining({ line: 2, message: `${report.campaigns[0].recipients} rows` })]);
  } finally {
    dispose();
  }
});

it('takes `state` as `init` alone, in TypeScript', () => {
  const rule = defineRule({
    id: 'typed-state',
    meta: { severity: 'warning', description: 'A typed state.', messages: {} },
    state: {
      init: () => 0,
      // @ts-expect-error `merge` is no part of a rule's state
      merge: (a: number) => a,
    },
    create: () => ({}),
  });
  expect(rule.state?.init()).toBe(0);
});
