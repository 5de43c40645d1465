// The JSON report of SPEC §5. It is a public contract, so it is rebuilt key by key: the keys come
// in the documented order and nothing else the engine keeps on its objects can leak into it.
import type { CampaignSummary, Finding, Report } from '../types.js';
import type { Formatter } from './index.js';

export const formatJson: Formatter = (report) => `${JSON.stringify(specReport(report), null, 2)}\n`;

function specReport(report: Report): Report {
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    status: report.status,
    campaigns: report.campaigns.map(specCampaign),
    findings: report.findings.map(specFinding),
  };
}

function specCampaign(campaign: CampaignSummary): CampaignSummary {
  const { id, file, recipients, status, errors, warnings } = campaign;
  return { id, file, recipients, status, errors, warnings };
}

function specFinding(finding: Finding): Finding {
  const { ruleId, severity, campaignId, customerId, file, line, column, message, evidence } = finding;
  return {
    ruleId,
    severity,
    campaignId,
    customerId,
    file,
    line,
    // Only where one cell is at fault.
    ...(column !== undefined ? { column } : {}),
    message,
    evidence,
  };
}
