// A project whose check has more findings than a chunk holds, so that they spill to the temporary
// folder: for the built command line to be signalled or watched while they do (startBuiltCli), or
// for its report to be read back.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a spilling project has other than by default. */
export interface SpillingProject {
  /** Row i's customer id: `X-${i}` by default. */
  customerId?: (i: number) => string;
  /** Row i's greeting: "Hi ," (an empty merge) by default. */
  greeting?: (i: number) => string;
  /** How many of the first rows' customers the customer history holds: none by default. */
  known?: number;
  /** The campaign's rules (id: setting); none by default. */
  rules?: Record<string, string>;
}

/**
 * Writes a campaign whose every audience row has, by default, two findings (an empty merge and an
 * unknown recipient): the first chunk (20,000 findings) spills after 10,000 rows, and a run of 60,000 rows
 * goes on for seconds after that.
 */
export function writeSpillingProject(
  folder: string,
  rows = 60_000,
  { customerId = (i) => `X-${i}`, greeting = () => 'Hi ,', known = 0, rules = {} }: SpillingProject = {},
): void {
  const audience = ['customer_id,email,greeting'];
  for (let i = 0; i < rows; i++) audience.push(`${customerId(i)},x${i}@example.com,"${greeting(i)}"`);
  writeFileSync(path.join(folder, 'audience.csv'), `${audience.join('\n')}\n`);
  const customers = ['customer_id,email'];
  for (let i = 0; i < known; i++) customers.push(`${customerId(i)},x${i}@example.com`);
  writeFileSync(path.join(folder, 'customers.csv'), `${customers.join('\n')}\n`);
  const ruleLines = Object.entries(rules).map(([id, setting]) => `  ${id}: ${setting}`);
  writeFileSync(
    path.join(folder, 'campaign.yaml'),
    [
      'id: big',
      'type: newsletter',
      'channel: email',
      'send_at: 2026-11-20T09:00:00Z',
      'audience: audience.csv',
      'history:',
      '  customers: customers.csv',
      ...(ruleLines.length > 0 ? ['rules:', ...ruleLines] : []),
      '',
    ].join('\n'),
  );
}
