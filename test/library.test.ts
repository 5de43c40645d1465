// The package as a library: check() and the formats, without the command line.
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
