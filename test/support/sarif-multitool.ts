// Microsoft's SARIF validator (@microsoft/sarif-multitool, a .NET program that takes a few seconds
// to start), with the SARIF rules and GitHub code scanning's, for the tests of SARIF files.
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'vitest';

/** The validator's own SARIF log: a result per problem, located in the file validated. */
export interface ValidationLog {
  runs: Array<{
    invocations?: Array<{ executionSuccessful: boolean }>;
    results: Array<{
      ruleId: string;
      level?: string;
      message: { text?: string; arguments?: string[] };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }>;
    }>;
  }>;
}

/** The problems the validator found in `file` at warning or error (notes are advice). */
export function sarifProblems(log: ValidationLog, file: string): Array<{ rule: string; level: string; where?: string }> {
  return log.runs[0].results
    .filter(
      (r) => path.basename(decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri)) === path.basename(file),
    )
    .map((r) => ({ rule: r.ruleId, level: r.level ?? 'warning', where: r.message.arguments?.[0] }))
    .filter((problem) => problem.level !== 'note');
}

/**
 * Runs `sarif-multitool validate` on the files, with the SARIF rules and GitHub's (`--rule-kind
 * Sarif;Gh`), and returns the log it writes. The validator's exit code says only that it ran, so
 * the log is what tells. SARIF2006 is off: it fetches every URI in the file over the network.
 */
export function validateSarif(files: string[], output: string, folder: string): { log: ValidationLog; console: string } {
  const config = path.join(folder, 'validate.xml');
  writeFileSync(
    config,
    `<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" />
  </Properties>
</Properties>
`,
  );
  const run = spawnSync(
    multitool(folder),
    ['validate', ...files, '--output', output, '--log', 'ForceOverwrite', '--rule-kind', 'Sarif;Gh', '--config', config],
    // Invariant globalization: the .NET binary then runs on machines without ICU (libicu) too.
    { encoding: 'utf8', env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' }, timeout: 120_000 },
  );
  const console = `${run.stdout}${run.stderr}${run.error ? String(run.error) : ''}`;
  expect(run.status, console).toBe(0);
  return { log: JSON.parse(readFileSync(output, 'utf8')) as ValidationLog, console };
}

/**
 * The validator's binary for this platform. Its package makes it executable in an install script;
 * where scripts were skipped (--ignore-scripts), a copy is made executable instead.
 */
function multitool(folder: string): string {
  const binary = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;
  try {
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    const copy = path.join(folder, path.basename(binary));
    copyFileSync(binary, copy);
    chmodSync(copy, 0o755);
    return copy;
  }
}
