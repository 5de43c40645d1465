// --cache through the command line: a warm run reports exactly what a run without the cache does,
// on every fixture; a changed history, send time or damaged cache file is built again; a cache
// that cannot be kept is said on standard error and changes nothing else.

import { cpSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparableReport, FIXTURE_TARGETS, ROOT, runCli, temporaryFolders } from '../support/cli.js';

const newFolder = temporaryFolders('cp-cache-cli-');

async function check(args: string[], cwd = ROOT) {
  const result = await runCli(['--debug', 'check', ...args, '-f', 'json'], { cwd });
  const cache = [...result.stderr.matchAll(/history (read from the cache|read from its files)[^\n]*/g)].map((match) => match[0]);
  return { ...result, cache };
}

describe('--cache', () => {
  it.each(FIXTURE_TARGETS)('reports on %s cold and warm exactly what a run without the cache reports', async (target) => {
    const location = newFolder();
    const plain = await runCli(['check', target, '-f', 'json']);
    const cold = await check([target, '--cache', '--cache-location', location]);
    const warm = await check([target, '--cache', '--cache-location', location]);
    expect(cold.status).toBe(plain.status);
    expect(warm.status).toBe(plain.status);
    expect(comparableReport(cold.stdout)).toEqual(comparableReport(plain.stdout));
    expect(comparableReport(warm.stdout)).toEqual(comparableReport(plain.stdout));
    expect(cold.cache.every((line) => line.startsWith('history read from its files'))).toBe(true);
    expect(warm.cache.length).toBeGreaterThan(0);
    expect(warm.cache.every((line) => line.startsWith('history read from the cache'))).toBe(true);
  });

  /** A copy of the print shop story, to change. */
  function printShop(): string {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/print-shop'), folder, { recursive: true });
    return folder;
  }

  it('builds again when a history file changes, and reports the change', async () => {
    const folder = printShop();
    const args = ['campaign.yaml', '--cache', '--root', folder];
    await check(args, folder);
    const customers = path.join(folder, 'data/customers.csv');
    // Laura's second address loses its consent: no-consent finds it, as it would without the cache.
    writeFileSync(
      customers,
      readFileSync(customers, 'utf8').replace('Laura.Bennett@Example.com,true', 'Laura.Bennett@Example.com,false'),
    );
    const changed = await check(args, folder);
    expect(changed.cache).toEqual([expect.stringMatching(/read from its files.*data\/customers\.csv changed/)]);
    const plain = await runCli(['check', 'campaign.yaml', '--root', folder, '-f', 'json'], { cwd: folder });
    expect(comparableReport(changed.stdout)).toEqual(comparableReport(plain.stdout));
    expect((await check(args, folder)).cache).toEqual([expect.stringMatching(/read from the cache/)]);
  });

  it('tells again, from the cache, of unreadable history cells and records without a customer_id', async () => {
    const folder = newFolder();
    cpSync(path.join(ROOT, 'fixtures/passing'), folder, { recursive: true });
    const customers = path.join(folder, 'data/customers.csv');
    writeFileSync(
      customers,
      readFileSync(customers, 'utf8') +
        ',Guest,Buyer,guest.buyer@example.com,,,true,false,\nH-900,Late,Date,late@example.com,,,true,false,not a date\n',
    );
    const args = ['campaign.yaml', '--cache', '--root', folder];
    const cold = await check(args, folder);
    const warm = await check(args, folder);
    expect(warm.cache).toEqual([expect.stringMatching(/read from the cache/)]);
    const report = JSON.parse(warm.stdout) as { findings: Array<{ ruleId: string }>; notices: Array<{ kind: string }> };
    expect(report.findings.map((finding) => finding.ruleId)).toContain('invalid-value');
    expect(report.notices.map((notice) => notice.kind)).toContain('records-without-id');
    expect(comparableReport(warm.stdout)).toEqual(comparableReport(cold.stdout));
  });

  it('builds again for another send time', async () => {
    const folder = printShop();
    const args = ['campaign.yaml', '--cache', '--root', folder];
    await check(args, folder);
    const campaign = path.join(folder, 'campaign.yaml');
    writeFileSync(
      campaign,
      readFileSync(campaign, 'utf8').replace('send_at: 2026-09-10T09:00:00Z', 'send_at: 2026-09-20T09:00:00Z'),
    );
    expect((await check(args, folder)).cache).toEqual([expect.stringMatching(/read from its files.*settings, send times/)]);
  });

  it('by content, uses a cache whose files were only touched; by metadata, builds again', async () => {
    const folder = printShop();
    await check(['campaign.yaml', '--cache', '--root', folder], folder);
    utimesSync(path.join(folder, 'data/orders.csv'), new Date(), new Date(Date.now() + 5000));
    expect((await check(['campaign.yaml', '--cache', '--root', folder], folder)).cache).toEqual([
      expect.stringMatching(/read from the cache/),
    ]);
    const byMetadata = await check(['campaign.yaml', '--cache', '--cache-strategy', 'metadata', '--root', folder], folder);
    expect(byMetadata.cache).toEqual([expect.stringMatching(/read from its files.*orders\.csv changed/)]);
  });

  it('builds again over a damaged cache file, and replaces it', async () => {
    const folder = printShop();
    const args = ['campaign.yaml', '--cache', '--root', folder];
    const cold = await check(args, folder);
    const cacheFolder = path.join(folder, '.campaign-preflight-cache');
    const [file] = readdirSync(cacheFolder);
    const bytes = readFileSync(path.join(cacheFolder, file));
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(path.join(cacheFolder, file), bytes);
    const damaged = await check(args, folder);
    expect(damaged.cache).toEqual([expect.stringMatching(/read from its files.*checksum/)]);
    expect(comparableReport(damaged.stdout)).toEqual(comparableReport(cold.stdout));
    expect((await check(args, folder)).cache).toEqual([expect.stringMatching(/read from the cache/)]);
  });

  it('says on standard error when the cache cannot be written, and checks all the same', async () => {
    const folder = printShop();
    writeFileSync(path.join(folder, 'blocked'), 'a file, where the cache folder would be made');
    const result = await runCli(['check', 'campaign.yaml', '--cache', '--cache-location', 'blocked/cache', '-f', 'json'], {
      cwd: folder,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/history cache not written/);
    expect(comparableReport(result.stdout)).toEqual(
      comparableReport((await runCli(['check', 'campaign.yaml', '-f', 'json'], { cwd: folder })).stdout),
    );
  });

  it('refuses a cache location that is a file, and does not follow a default cache folder that is a link', async () => {
    const folder = printShop();
    writeFileSync(path.join(folder, 'a-file'), '');
    const refused = await runCli(['check', 'campaign.yaml', '--cache', '--cache-location', 'a-file'], { cwd: folder });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--cache-location: .*a-file is not a folder/);
    const elsewhere = newFolder();
    symlinkSync(elsewhere, path.join(folder, '.campaign-preflight-cache'));
    const linked = await runCli(['check', 'campaign.yaml', '--cache'], { cwd: folder });
    expect(linked.status).toBe(1);
    expect(linked.stderr).toMatch(/\.campaign-preflight-cache is a symbolic link; the history cache is not used/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it('refuses an unknown --cache-strategy', async () => {
    const result = await runCli(['check', 'fixtures/passing', '--cache', '--cache-strategy', 'mtime']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--cache-strategy must be content or metadata/);
  });

  it('is not written without --cache', async () => {
    const folder = printShop();
    mkdirSync(path.join(folder, 'sub'));
    await runCli(['check', 'campaign.yaml'], { cwd: folder });
    expect(readdirSync(folder)).not.toContain('.campaign-preflight-cache');
  });
});
