// A project whose check has more findings than a chunk holds, so that they spill to the temporary
// folder: for the built command line to be signalled or watched while they do (startBuiltCli).
import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a campaign whose every audience row has two findings (an empty merge and an unknown
 * recipient): the first chunk (20,000 findings) spills after 10,000 rows, and a run of 60,000 rows
 * goes on for seconds after that.
 */
export function writeSpillingProject(folder: string, rows = 60_000): void {
  const audience = ['customer_id,email,greeting'];
  for (let i = 0; i < rows; i++) audience.push(`X-${i},x${i}@example.com,"Hi ,"`);
  writeFileSync(path.join(folder, 'audience.csv'), `${audience.join('\n')}\n`);
  writeFileSync(path.join(folder, 'customers.csv'), 'customer_id,email\n');
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
      '',
    ].join('\n'),
  );
}
