// The package as a library: check() and the formats, without the command line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, formatStreams, formatters } from '../src/index.js';

const ROOT = path.resolve(import.meta.dirname, '..');

describe('the library', () => {
  it('checks campaigns and renders the report in any format, whole or in pieces', async () => {
    const { report, dispose } = await check({ targets: ['fixtures/print-shop'], cwd: ROOT });
    try {
      const json = formatters.json(report, { color: false, cwd: ROOT });
      const parsed = JSON.parse(json);
      expect(parsed.status).toBe('fail');
      expect(parsed.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('loyalty-inversion');
      expect([...formatStreams.json(report, { color: false, cwd: ROOT })].join('')).toBe(json);
      expect(parsed.findings).toEqual(JSON.parse(JSON.stringify([...report.findings])));
    } finally {
      dispose();
    }
  });
});

describe('the package', () => {
  it("names its repository, home page and issues as REPOSITORY_URL does, as npm's page links them", async () => {
    const { REPOSITORY_URL } = await import('../src/version.js');
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${REPOSITORY_URL}.git` });
    expect(manifest.homepage).toBe(`${REPOSITORY_URL}#readme`);
    expect(manifest.bugs).toEqual({ url: `${REPOSITORY_URL}/issues` });
  });
});
