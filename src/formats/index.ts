// The report formats, by the name `--format` takes. A format is a pure function of the report.
import type { Report } from '../types.js';
import { formatJson } from './json.js';
import { formatStylish } from './stylish.js';

export interface FormatContext {
  /** Whether ANSI colours may be used; the command line decides. */
  color: boolean;
  cwd: string;
}

export type Formatter = (report: Report, ctx: FormatContext) => string;

export const formatters: Record<string, Formatter> = {
  json: formatJson,
  stylish: formatStylish,
};
