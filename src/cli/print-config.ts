// `print-config`: the config a campaign is checked with, as YAML (written the way a config file
// is) or JSON.
import { Document, visit } from 'yaml';
import { UsageError } from '../errors.js';
import { sanitizeTextForTerminal } from '../formats/terminal.js';
import { resolveCampaignConfig, type ResolvedCampaignConfig } from '../index.js';
import { parseRuleOverrides } from './flags.js';
import type { CliIo } from './io.js';
import { writeToStdout } from './outputs.js';

export interface PrintConfigFlags {
  config?: string;
  root?: string;
  rule?: string[];
  format?: string;
}

export async function printConfig(target: string, flags: PrintConfigFlags, { cwd, stdout }: CliIo): Promise<void> {
  const format = parsePrintConfigFormat(flags.format ?? 'yaml');
  const resolved = await resolveCampaignConfig({
    target,
    cwd,
    configPath: flags.config,
    root: flags.root,
    ruleOverrides: parseRuleOverrides(flags.rule ?? []),
  });
  const text = format === 'json' ? `${JSON.stringify(resolved, null, 2)}\n` : configAsYaml(resolved);
  // The config quotes its files (column names, values): on a terminal they must not act as escape sequences.
  await writeToStdout(stdout, [stdout.isTTY === true ? sanitizeTextForTerminal(text) : text]);
}

function parsePrintConfigFormat(value: string): 'yaml' | 'json' {
  if (value !== 'yaml' && value !== 'json') throw new UsageError(`print-config --format takes yaml or json; got "${value}"`);
  return value;
}

/** The resolved config as YAML, lists written inline (`[error, { max: 5 }]`) as a config file would. */
function configAsYaml(resolved: ResolvedCampaignConfig): string {
  const document = new Document(resolved, { version: '1.2', aliasDuplicateObjects: false });
  visit(document, {
    Seq(_key, node) {
      node.flow = true;
    },
  });
  return document.toString({ lineWidth: 0 });
}
