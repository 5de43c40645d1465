// One line per finding, for spreadsheets: RFC 4180 (CRLF line ends, a header row, fields with a
// comma, quote or line break quoted, quotes doubled). A cell a spreadsheet would read as a formula
// (starting with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe, as OWASP
// advises against CSV injection: audience data must not run in the reader's spreadsheet.
import type { Finding, Report } from '../types.js';
import type { FormatStream } from './index.js';

const COLUMNS = ['campaign', 'file', 'line', 'customer_id', 'rule', 'severity', 'column', 'message', 'evidence'];

export const formatCsv: FormatStream = function* (report) {
  yield csvLine(COLUMNS);
  for (const finding of report.findings) yield csvLine(record(finding));
};

const FAILURE_COLUMNS = ['campaign', 'rule', 'severity', 'customer_id', 'file', 'line'];

/** `--failures-out`: every finding's campaign, rule, customer and line, uncapped, for a fix list. */
export function* formatFailureList(report: Report): Generator<string> {
  yield csvLine(FAILURE_COLUMNS);
  for (const finding of report.findings) {
    const { campaignId, ruleId, severity, customerId, file, line: at } = finding;
    yield csvLine([campaignId ?? '', ruleId, severity, customerId ?? '', file ?? '', at === null ? '' : String(at)]);
  }
}

/** One CSV record of the given fields, CRLF-terminated, each field escaped as above. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.map(field).join(',')}\r\n`;
}

function record(finding: Finding): string[] {
  return [
    finding.campaignId ?? '',
    finding.file ?? '',
    finding.line === null ? '' : String(finding.line),
    finding.customerId ?? '',
    finding.ruleId,
    finding.severity,
    finding.column ?? '',
    finding.message,
    JSON.stringify(finding.evidence),
  ];
}

function field(value: string): string {
  const inert = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}
