// One line per finding, for spreadsheets, written as every CSV of the tool is (see csv/write.ts):
// RFC 4180 with formulas made inert.
import { csvLine } from '../csv/write.js';
import type { Finding, Report } from '../types.js';
import type { FormatStream } from './index.js';

// New columns go at the end, where they move no column a spreadsheet's formulas point at.
const COLUMNS = [
  'campaign',
  'file',
  'line',
  'customer_id',
  'rule',
  'severity',
  'column',
  'message',
  'evidence',
  'what_to_do',
  'fix',
];

export const formatCsv: FormatStream = function* (report) {
  yield csvLine(COLUMNS);
  for (const finding of report.findings) yield csvLine(record(finding));
};

const FAILURE_COLUMNS = ['campaign', 'rule', 'severity', 'customer_id', 'file', 'line', 'address', 'reason', 'what_to_do'];

/**
 * `--failures-out`: every finding's campaign, rule, customer and line, the recipient's address,
 * the reason and what to do, uncapped, for a fix list.
 */
export function* formatFailureList(report: Report): Generator<string> {
  yield csvLine(FAILURE_COLUMNS);
  for (const finding of report.findings) {
    const { campaignId, ruleId, severity, customerId, file, line: at, address, message, suggestion } = finding;
    yield csvLine([
      campaignId ?? '',
      ruleId,
      severity,
      customerId ?? '',
      file ?? '',
      at === null ? '' : String(at),
      address ?? '',
      message,
      suggestion ?? '',
    ]);
  }
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
    finding.suggestion ?? '',
    finding.fix ? JSON.stringify(finding.fix) : '',
  ];
}
