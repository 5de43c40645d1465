// `rules` lists the built-in rules with their default severity; `explain` prints one's documentation.
import { readFile } from 'node:fs/promises';
import { Chalk } from 'chalk';
import { InputError, UsageError, closest } from '../errors.js';
import { listRules, type RuleInfo } from '../index.js';

export function rulesTable(rules: RuleInfo[], color: boolean): string {
  const paint = new Chalk({ level: color ? 1 : 0 });
  const idWidth = Math.max('Rule'.length, ...rules.map((rule) => rule.id.length));
  const severityWidth = Math.max('Default'.length, ...rules.map((rule) => rule.severity.length));
  const heading = paint.dim(`${'Rule'.padEnd(idWidth)}  ${'Default'.padEnd(severityWidth)}  Description`);
  const lines = rules.map((rule) => {
    const severity = rule.severity.padEnd(severityWidth);
    const severityText = rule.severity === 'error' ? paint.red(severity) : paint.yellow(severity);
    return `${rule.id.padEnd(idWidth)}  ${severityText}  ${rule.description}`;
  });
  return `${[heading, ...lines].join('\n')}\n`;
}

export async function ruleDocumentation(ruleId: string): Promise<string> {
  const rules = listRules();
  const rule = rules.find((candidate) => candidate.id === ruleId);
  if (!rule) {
    const suggestion = closest(
      ruleId,
      rules.map((candidate) => candidate.id),
    );
    throw new UsageError(`unknown rule "${ruleId}"`, [
      ...(suggestion ? [`did you mean "${suggestion}"?`] : []),
      '"campaign-preflight rules" lists every rule',
    ]);
  }
  const text = await readFile(rule.docsFile, 'utf8').catch(() => {
    throw new InputError(`the documentation of ${ruleId} is missing`, { file: rule.docsFile });
  });
  return text.endsWith('\n') ? text : `${text}\n`;
}
