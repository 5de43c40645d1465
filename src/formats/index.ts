// The report formats, by the name `--format` takes. A format is a pure function of the report.
import type { Report } from '../types.js';
import { formatCsv } from './csv.js';
import { formatGithub } from './github.js';
import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

export interface FormatContext {
  /** Whether ANSI colours may be used; the command line decides. */
  color: boolean;
  cwd: string;
  /** The rules of the run, for formats that explain them (html); the command line passes them. */
  rules?: readonly FormatRuleInfo[];
}

/** What a format may say about a rule: `listRules()` gives these. */
export interface FormatRuleInfo {
  id: string;
  description: string;
  severity: string;
}

export type Formatter = (report: Report, ctx: FormatContext) => string;

export const formatters: Record<string, Formatter> = {
  csv: formatCsv,
  github: formatGithub,
  html: formatHtml,
  json: formatJson,
  junit: formatJunit,
  markdown: formatMarkdown,
  sarif: formatSarif,
  stylish: formatStylish,
};
