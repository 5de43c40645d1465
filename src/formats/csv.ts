// One line per finding, for spreadsheets: RFC 4180 (CRLF line ends, a header row, fields with a
// comma, quote or line break quoted, quotes doubled). A cell a spreadsheet would read as a formula
// (starting with =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe, as OWASP
// advises against CSV injection: audience data must not run in the reader's spreadsheet.
import type { Finding } from '../types.js';
import type { Formatter } from './index.js';

const COLUMNS = ['campaign', 'file', 'line', 'customer_id', 'rule', 'severity', 'column', 'message', 'evidence'];

export const formatCsv: Formatter = (report) => {
  const records = [COLUMNS, ...report.findings.map(record)];
  return records.map((fields) => `${fields.map(field).join(',')}\r\n`).join('');
};

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
