// The JSON report of docs/report.md It is a public contract, so it is rebuilt key by key: the keys come
// in the documented order and nothing else the engine keeps on its objects can leak into it.
//
// The findings are written one by one, each as JSON.stringify would indent it inside the whole,
// so the text is that of `JSON.stringify(report, null, 2)` without ever holding it, except that
// C1, bidirectional and line-separator characters are written as \u escapes (the same data).
import type { CampaignSummary, Finding } from '../types.js';
import type { FormatStream } from './index.js';
import { escapeJsonControls } from './terminal.js';

/** The lengths of `[\n  [\n` and `\n  ]\n]` around a value that JSON.stringify(…, null, 2) nests two deep. */
const NESTING_OPEN = 6;
const NESTING_CLOSE = 6;

export const formatJson: FormatStream = function* (report) {
  const head = {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    status: report.status,
    campaigns: report.campaigns.map(specCampaign),
    ...(report.notices !== undefined
      ? { notices: report.notices.map(({ kind, file, message }) => ({ kind, file, message })) }
      : {}),
  };
  // `{ …head, "findings": [` without the closing brace of the head.
  yield `${escapeJsonControls(JSON.stringify(head, null, 2)).slice(0, -2)},\n  "findings": [`;
  let first = true;
  for (const finding of report.findings) {
    // Nested two deep, JSON.stringify indents the finding as it stands in the report: cut out, it
    // needs no second pass to indent it (a fifth of the time of writing a large report).
    const nested = JSON.stringify([[specFinding(finding)]], null, 2);
    yield `${first ? '' : ','}\n${escapeJsonControls(nested.slice(NESTING_OPEN, -NESTING_CLOSE))}`;
    first = false;
  }
  yield first ? ']\n}\n' : '\n  ]\n}\n';
};

/**
 * docs/report.md's keys in its order, then ours: `suppressed` when a suppressions file was read, `thresholdsExceeded` when the campaign fails on a
 * threshold, then `sources` and `coverage` (docs/report.md).
 */
function specCampaign(campaign: CampaignSummary): CampaignSummary {
  const { id, file, recipients, status, errors, warnings, suppressed, thresholdsExceeded, sources, coverage } = campaign;
  return {
    id,
    file,
    recipients,
    status,
    errors,
    warnings,
    ...(suppressed !== undefined ? { suppressed } : {}),
    ...(thresholdsExceeded !== undefined
      ? {
          thresholdsExceeded: thresholdsExceeded.map(({ ruleId, threshold, actual, limit }) => ({
            ruleId,
            threshold,
            actual,
            limit,
          })),
        }
      : {}),
    ...(sources !== undefined ? { sources: sources.map(({ kind, file, preset }) => ({ kind, file, preset })) } : {}),
    ...(coverage !== undefined
      ? { coverage: coverage.map(({ ruleId, status, rows, reason }) => ({ ruleId, status, rows, reason })) }
      : {}),
  };
}

function specFinding(finding: Finding): Finding {
  const { ruleId, severity, campaignId, customerId, address, file, line, column, message, messageId, suggestion, fix, evidence } =
    finding;
  return {
    ruleId,
    severity,
    campaignId,
    customerId,
    // The row's address for the channel, where it has one.
    ...(address !== undefined ? { address } : {}),
    file,
    line,
    // Only where one cell is at fault.
    ...(column !== undefined ? { column } : {}),
    message,
    // docs/report.md: which of the rule's messages, for tools that act on kinds of finding.
    ...(messageId !== undefined ? { messageId } : {}),
    // What to do, and the change to the row that does it where one is sound.
    ...(suggestion !== undefined ? { suggestion } : {}),
    ...(fix !== undefined
      ? { fix: fix.action === 'set' ? { action: fix.action, column: fix.column, value: fix.value } : { action: fix.action } }
      : {}),
    evidence,
  };
}
