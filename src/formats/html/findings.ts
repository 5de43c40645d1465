// The findings on the HTML page: a bar chart of them per rule, and the table of the flagged rows.

import type { Finding } from '../../types.js';
import { plural } from '../../text.js';
import { REDACTION_NOTE, severityRank, showsMask } from '../common.js';
import { esc, num, round, ruleName, withCode } from './markup.js';
import { HTML_ROWS_PER_RULE, UNATTACHED_KEY, type CampaignView, type Model, type RuleView } from './model.js';

// ---------------------------------------------------------------------------------------------
// The chart: a row per rule, its name and counts as text, a bar (SVG, errors and warnings stacked)
// and what the rule checks underneath. Text is HTML so it wraps on a phone; the bars scale.

export function chartSection(model: Model): string {
  const heading = '<h2 id="chart-heading">Problems by rule</h2>';
  if (model.rules.length === 0) {
    return `<section aria-labelledby="chart-heading">\n${heading}\n${quietRulesNote(model) || '<p>No rule found a problem.</p>\n'}</section>`;
  }
  const max = Math.max(...model.rules.map((rule) => rule.total));
  const items = model.rules.map((rule) => {
    // Widths in percent of the widest bar; at least a sliver, so one finding beside a million shows.
    const total = Math.max(0.4, (rule.total / max) * 100);
    const errorWidth = round((rule.errors / rule.total) * total);
    const warningWidth = round(total - errorWidth);
    const rects = ['<rect class="track" x="0" y="0" width="100%" height="100%" rx="4"/>'];
    if (errorWidth > 0) rects.push(`<rect class="fill-error" x="0" y="0" width="${errorWidth}%" height="100%" rx="4"/>`);
    if (warningWidth > 0) {
      rects.push(`<rect class="fill-warning" x="${errorWidth}%" y="0" width="${warningWidth}%" height="100%" rx="4"/>`);
    }
    const description = rule.description ? `\n<p class="desc">${withCode(rule.description)}</p>` : '';
    return `<li class="bar-row" data-rule="${esc(rule.id)}">
<div class="bar-head">${ruleName(rule.id, rule.docsUrl, 'rule-name')} <span class="bar-count">${countSpans(rule)}</span></div>
<svg class="bar" width="100%" height="14" aria-hidden="true" focusable="false">${rects.join('')}</svg>${description}
</li>`;
  });
  return `<section aria-labelledby="chart-heading">
${heading}
<figure class="chart">
<ol class="bars">
${items.join('\n')}
</ol>
<figcaption>Each bar is one rule: how many problems it found in this run, <span class="sev error">errors</span> and <span class="sev warning">warnings</span>, with what the rule checks underneath.</figcaption>
</figure>
${quietRulesNote(model)}</section>`;
}

function quietRulesNote(model: Model): string {
  if (model.quietRules.length === 0) return '';
  const names = model.quietRules.map((id) => `<span class="rule">${esc(id)}</span>`).join(', ');
  const which =
    model.rules.length === 0
      ? `any of the ${plural(model.quietRules.length, 'rule')}`
      : `the other ${plural(model.quietRules.length, 'rule')}`;
  return `<p class="quiet">No problems from ${which}: ${names}.</p>\n`;
}

function countSpans(rule: RuleView): string {
  const parts: string[] = [];
  if (rule.errors > 0) parts.push(`<span class="t-error">${plural(rule.errors, 'error')}</span>`);
  if (rule.warnings > 0) parts.push(`<span class="t-warning">${plural(rule.warnings, 'warning')}</span>`);
  return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// The flagged rows: a plain table the script filters and sorts.

export function rowsSection(model: Model): string {
  const heading = '<h2 id="rows-heading">Flagged rows: what to fix</h2>';
  if (model.rows.length === 0) {
    return `<section id="rows" aria-labelledby="rows-heading">\n${heading}\n<p>No rows were flagged.</p>\n</section>`;
  }
  const total = model.total;
  const capped = model.rules.filter((rule) => rule.shown < rule.total);
  const notice =
    capped.length === 0
      ? ''
      : `<div class="notice" role="note">
<p><strong>This page lists ${num(model.rows.length)} of the ${num(total)} problems found</strong>: at most ${num(HTML_ROWS_PER_RULE)} for each rule, so it stays quick to open. Not listed here:</p>
<ul>${capped.map((rule) => `<li><span class="rule">${esc(rule.id)}</span>: ${num(rule.total - rule.shown)} more</li>`).join('')}</ul>
<p>For every row, in a file a spreadsheet opens, run the check again with <code>--format csv:findings.csv</code> or <code>--failures-out findings.csv</code>.</p>
</div>
`;
  const byId = new Map(model.campaigns.map((campaign) => [campaign.summary.id, campaign]));
  const body = model.rows.map((finding) =>
    rowHtml(finding, finding.campaignId === null ? undefined : byId.get(finding.campaignId), model),
  );
  // Said where a reader meets a mask: what it stands for, and that the filter finds it.
  const masked = body.some(showsMask)
    ? `<p class="note" role="note">${esc(REDACTION_NOTE)} Paste a mask into the filter to find the person's rows.</p>\n`
    : '';
  const campaignOptions = model.campaigns
    .filter((campaign) => campaign.byRule.size > 0)
    .map((campaign) => `<option value="${campaign.key}">${esc(campaign.summary.id)}</option>`);
  if (model.unattached.byRule.size > 0) campaignOptions.push(`<option value="${UNATTACHED_KEY}">Not tied to a campaign</option>`);
  return `<section id="rows" aria-labelledby="rows-heading">
${heading}
<p class="intro">One line per problem found: the campaign, the line of the audience file, the customer, the rule, why, and what to do.${
    model.rows.length > 1 ? ' Click a column heading to sort.' : ''
  }</p>
${notice}${masked}<div class="controls" id="row-controls" hidden>
<div class="field grow"><label for="row-filter">Filter rows</label><input type="search" id="row-filter" placeholder="Customer, address, rule, words from the reason, a mask…" autocomplete="off" spellcheck="false"></div>
<div class="field"><label for="row-campaign">Campaign</label><select id="row-campaign"><option value="">All campaigns</option>${campaignOptions.join('')}</select></div>
<div class="field"><label for="row-severity">Severity</label><select id="row-severity"><option value="">Errors and warnings</option><option value="error">Errors only</option><option value="warning">Warnings only</option></select></div>
</div>
<p class="status" id="row-status" aria-live="polite">${plural(model.rows.length, 'row')}</p>
<div class="table-wrap${model.rows.length > 25 ? ' long' : ''}">
<table id="rows-table">
<caption class="sr-only">Flagged rows</caption>
<thead><tr><th scope="col" data-sort="text">Campaign</th><th scope="col" data-sort="number" class="num">Line</th><th scope="col" data-sort="text">Customer</th><th scope="col" data-sort="text">Rule</th><th scope="col" data-sort="number">Severity</th><th scope="col">Why it was flagged</th><th scope="col">What to do</th></tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>
</div>
<p class="empty" id="rows-empty" hidden>No row matches the filter.</p>
</section>`;
}

function rowHtml(finding: Finding, campaign: CampaignView | undefined, model: Model): string {
  const key = campaign ? campaign.key : UNATTACHED_KEY;
  const campaignCell = campaign ? esc(campaign.summary.id) : '<span class="muted">no campaign</span>';
  const line =
    finding.line === null
      ? '<td class="num" data-v=""><span class="muted">—</span></td>'
      : `<td class="num" data-v="${esc(String(finding.line))}">${esc(String(finding.line))}</td>`;
  const severity = esc(finding.severity);
  const address = finding.address !== undefined ? `<span class="where">${esc(finding.address)}</span>` : '';
  const who =
    finding.customerId !== null
      ? `<td class="who">${esc(finding.customerId)}${address}</td>`
      : `<td class="who" data-v="">${address || `<span class="muted">${finding.line === null && campaign ? 'whole campaign' : '—'}</span>`}</td>`;
  // The rule's id links to its page, with what it is about beneath.
  const description = model.descriptions.get(finding.ruleId);
  const rule = `${ruleName(finding.ruleId, model.docsUrls.get(finding.ruleId), 'rule')}${
    description ? `<span class="where">${withCode(description)}</span>` : ''
  }`;
  // A row in the campaign's audience file needs no file name; a row elsewhere names its file.
  const notes: string[] = [];
  if (finding.file !== null && finding.file !== campaign?.audienceFile) notes.push(`in ${esc(finding.file)}`);
  if (finding.column !== undefined) notes.push(`column ${esc(finding.column)}`);
  const note = notes.length > 0 ? `<span class="where">${notes.join(', ')}</span>` : '';
  return `<tr data-campaign="${key}" data-severity="${severity}"><td class="campaign">${campaignCell}</td>${line}${who}<td class="rule" data-v="${esc(finding.ruleId)}">${rule}</td><td data-v="${severityRank(finding.severity)}"><span class="sev ${severity}">${finding.severity === 'error' ? 'Error' : 'Warning'}</span></td><td class="why">${esc(finding.message)}${note}</td><td class="todo">${esc(finding.suggestion ?? '')}</td></tr>`;
}
