// The report formats, by the name `--format` takes. A format is a pure function of the report that
// yields its text in pieces, so a report of a million findings is written without being held as
// one string; `formatters` joins the pieces for callers that want the whole text.
import type { Report, Severity } from '../types.js';
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
  /** --max-rows: rows the human formats show per rule; each has its own default. */
  maxRows?: number;
}

/** What a format may say about a rule: `check()` gives these for every rule it loaded, plugins' too. */
export interface FormatRuleInfo {
  id: string;
  description: string;
  /** The severity the rule has unless configured otherwise. */
  severity: Severity;
  /** The rule's documentation page, when it declares one. */
  docsUrl?: string;
}

/** A format: the report's text in pieces, in order. */
export type FormatStream = (report: Report, ctx: FormatContext) => Iterable<string>;
/** A format's whole text at once. */
export type Formatter = (report: Report, ctx: FormatContext) => string;

export const formatStreams: Record<string, FormatStream> = {
  csv: formatCsv,
  github: formatGithub,
  html: formatHtml,
  json: formatJson,
  junit: formatJunit,
  markdown: formatMarkdown,
  sarif: formatSarif,
  stylish: formatStylish,
};

export const formatters: Record<string, Formatter> = Object.fromEntries(
  Object.entries(formatStreams).map(([name, stream]) => [name, (report, ctx) => [...stream(report, ctx)].join('')]),
);
