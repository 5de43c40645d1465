// The report formats, by the name `--format` takes, each with what the command line needs to know
// of it. A format is a pure function of the report that yields its text in pieces, so a report of
// a million findings is written without being held as one string; `formatters` joins the pieces
// for callers that want the whole text.
import type { Report, Severity } from '../types.js';
import { formatCsv } from './csv.js';
import { formatGithub, githubSummary } from './github.js';
import { formatGitlab } from './gitlab.js';
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
  /**
   * Where a report's path (relative to `cwd`, or absolute) lies relative to its repository's root,
   * or undefined when it lies in no repository and outside `cwd`: the CI formats (github, sarif,
   * junit, gitlab) place files with it, as CI systems resolve paths against the repository. The
   * command line passes `repositoryPaths(cwd)`; without it, paths are as the report gives them.
   */
  repositoryPath?: (file: string) => string | undefined;
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

/** A format as the command line knows it. */
export interface ReportFormat {
  stream: FormatStream;
  /** What it is for, in a few words: `check --help` lists it. */
  description: string;
  /**
   * How its text reaches a terminal: 'sanitized' has every control character in it made visible,
   * so that data in the report cannot act as escape sequences; 'as-is' is for a format that makes
   * its data safe itself because its own colours are escape sequences.
   */
  onTerminal: 'as-is' | 'sanitized';
  /** Whether --max-rows sets the rows it shows per rule. */
  honorsMaxRows: boolean;
  /** The Markdown it appends to the run's summary page in GitHub Actions ($GITHUB_STEP_SUMMARY), if any. */
  stepSummary?: (report: Report, ctx: Pick<FormatContext, 'maxRows' | 'rules'>) => string;
}

export const reportFormats: Readonly<Record<string, ReportFormat>> = {
  csv: {
    stream: formatCsv,
    description: 'one line per finding, for a spreadsheet',
    onTerminal: 'sanitized',
    honorsMaxRows: false,
  },
  github: {
    stream: formatGithub,
    description: 'GitHub Actions annotations, and the markdown report as the step summary',
    onTerminal: 'sanitized',
    honorsMaxRows: false,
    stepSummary: githubSummary,
  },
  gitlab: {
    stream: formatGitlab,
    description: 'GitLab Code Quality (artifacts: reports: codequality)',
    onTerminal: 'sanitized',
    honorsMaxRows: false,
  },
  html: { stream: formatHtml, description: 'one self-contained page for people', onTerminal: 'sanitized', honorsMaxRows: false },
  json: {
    stream: formatJson,
    description: 'the whole report, for programs (docs/report.md)',
    onTerminal: 'sanitized',
    honorsMaxRows: false,
  },
  junit: {
    stream: formatJunit,
    description: 'JUnit XML, the test report CI systems read',
    onTerminal: 'sanitized',
    honorsMaxRows: true,
  },
  markdown: { stream: formatMarkdown, description: 'for pull-request comments', onTerminal: 'sanitized', honorsMaxRows: true },
  sarif: {
    stream: formatSarif,
    description: 'SARIF 2.1.0, for GitHub code scanning',
    onTerminal: 'sanitized',
    honorsMaxRows: false,
  },
  stylish: { stream: formatStylish, description: 'for people at a terminal', onTerminal: 'as-is', honorsMaxRows: true },
};

/** The format of a report when `--format` is not given. */
export const DEFAULT_FORMAT = 'stylish';

/** The list `--failures-out` writes: every finding, uncapped, as CSV. Not a report format. */
export { formatFailureList } from './csv.js';

export const formatStreams: Record<string, FormatStream> = Object.fromEntries(
  Object.entries(reportFormats).map(([name, format]) => [name, format.stream]),
);

export const formatters: Record<string, Formatter> = Object.fromEntries(
  Object.entries(formatStreams).map(([name, stream]) => [name, (report, ctx) => [...stream(report, ctx)].join('')]),
);
