// A plugin's rule is described in the reports as a built-in one is (issue 14): its description and
// the documentation page its ruleCreator derives reach SARIF and HTML, not a stand-in sentence.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCli, temporaryFolders } from '../support/cli.js';
import { PACKAGE_URL, writePluginProject } from '../support/plugin-project.js';

const newFolder = temporaryFolders('preflight-plugin-rules-');

it("a plugin rule's description and docs page reach SARIF and HTML", async () => {
  const folder = newFolder();
  writePluginProject(folder, 'vip.mjs', [
    `import { ruleCreator } from '${PACKAGE_URL}';`,
    "const createRule = ruleCreator((id) => `https://acme.example/rules/${id.split('/')[1]}.html`);",
    'export default createRule({',
    "  id: 'acme/vip-needs-gift',",
    "  meta: { severity: 'warning', description: 'A VIP promotion without a gift.', messages: { noGift: () => 'no gift' } },",
    '  create: (context) => ({ row(row) { if (row.line === 2) context.report({ at: row, messageId: "noGift", data: {} }); } }),',
    '});',
  ]);
  const result = await runCli(['check', '.', '--format', 'sarif:r.sarif', '--format', 'html:r.html'], { cwd: folder });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const sarif = JSON.parse(readFileSync(path.join(folder, 'r.sarif'), 'utf8'));
  const descriptor = sarif.runs[0].tool.driver.rules.find((rule: { id: string }) => rule.id === 'acme/vip-needs-gift');
  expect(descriptor.shortDescription.text).toBe('A VIP promotion without a gift.');
  expect(descriptor.helpUri).toBe('https://acme.example/rules/vip-needs-gift.html');
  expect(descriptor.help.markdown).toContain('(https://acme.example/rules/vip-needs-gift.html)');
  const html = readFileSync(path.join(folder, 'r.html'), 'utf8');
  expect(html).toContain('A VIP promotion without a gift.');
  expect(html).toContain('<a class="rule-name" href="https://acme.example/rules/vip-needs-gift.html"');
});
