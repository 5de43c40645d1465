// A template that takes a few hundredths of a second for every distinct row (issue 11, 7): without a
// budget for the whole check, 12,000 rows would hold the gate for 5 to 25 minutes.
// Through the built command line with the real budget (60 s plus 1 ms a render), so it runs in the
// slow suite (npm run test:slow), not in npm test.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, runBuiltCli, temporaryFolders } from '../support/cli.js';

const newFolder = temporaryFolders('preflight-slow-');

it('stops a check whose templates outrun the render budget, naming the template', async () => {
  const project = newFolder();
  mkdirSync(path.join(project, '.git'));
  cpSync(path.join(ROOT, 'fixtures/passing'), project, { recursive: true });
  // Far more rows than the budget allows on any machine: a render takes 0.02–0.12 s (quiet to very
  // busy), well under the one-second limit of a single render, so the budget is what stops it.
  const rows = Array.from({ length: 12_000 }, (_, i) => `S-${i},s${i}@example.com,Name${i},treatment`);
  writeFileSync(path.join(project, 'audience.csv'), `customer_id,email,first_name,group\n${rows.join('\n')}\n`);
  writeFileSync(
    path.join(project, 'campaign.yaml'),
    [
      'id: slow-template',
      'type: newsletter',
      'channel: email',
      'send_at: 2026-12-28T10:00:00Z',
      'audience: audience.csv',
      'history: { customers: data/customers.csv }',
      'message:',
      '  body: "{{ first_name }}{% for i in (1..8000) %}{% for j in (1..3) %}x{% endfor %}{% endfor %}"',
      '',
    ].join('\n'),
  );
  const started = Date.now();
  const { status, stderr } = await runBuiltCli(['check', '.'], {
    cwd: project,
    onlyEnv: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
  const seconds = (Date.now() - started) / 1000;
  expect(status, stderr).toBe(2);
  expect(stderr).toMatch(
    /^campaign\.yaml:8:3: message\.body exceeds the render budget: the templates of this check took 6\d\.\d+ s in \d+ renders \(at most 60 s plus 1 ms a render\)$/m,
  );
  expect(seconds).toBeLessThan(90);
}, 180_000);
