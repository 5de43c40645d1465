// The report for a marketer, as one self-contained HTML page: the verdict in plain words, a card per
// campaign, what could not be checked (the rules that lacked a file or a column, in plain words, and
// the notices about the files), a bar chart of findings per rule (SVG drawn here, no chart library)
// and a table of the flagged rows that a small inline script makes filterable and sortable. Nothing is loaded from
// anywhere: the CSS and the script are inline and a Content-Security-Policy forbids every fetch.
// The page reads fully without JavaScript; the script only adds the filter and the sorting.
//
// Every string from the report is HTML-escaped where it is written. No report data goes into the
// script: the rows are HTML, and the script reads them from the page, so the script is a constant
// and the policy allows exactly it (by its hash). The same report gives the same bytes.
import { createHash } from 'node:crypto';
import type { CampaignSummary, Finding, Notice, Report, Severity } from '../types.js';
import {
  NOT_CHECKED_INTRO,
  NOT_CHECKED_TITLE,
  coverageGaps,
  gapPredicate,
  looksFor,
  notCheckedCounts,
  reportNotices,
  severityRank,
  thresholdText,
  type CoverageGap,
} from './common.js';
import type { FormatContext, FormatStream } from './index.js';
import { compareText, plural } from '../text.js';

/** Rows of each rule written into the page; the rest are counted, and the CSV format has them all. */
export const HTML_ROWS_PER_RULE = 200;

export const formatHtml: FormatStream = (report, ctx) => [htmlPage(report, ctx)];

/** The page holds at most HTML_ROWS_PER_RULE rows per rule, so one string is small enough. */
function htmlPage(report: Report, ctx: FormatContext): string {
  const model = buildModel(report, ctx);
  const title = `Campaign preflight: ${headline(model).text}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="generator" content="${esc(`${report.tool.name} ${report.tool.version}`)}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${header(model)}
<main>
${campaignSection(model)}
${notCheckedSection(model)}${chartSection(model)}
${rowsSection(model)}
</main>
<footer>
<p>Made by ${esc(report.tool.name)} ${esc(report.tool.version)}. This page works offline: it loads nothing from the internet.</p>
</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// The numbers the page shows, gathered in one pass over the findings.

interface CampaignView {
  summary: CampaignSummary;
  /** The key the filter uses: c0, c1, … (campaign ids are data, keys are not). */
  key: string;
  /** The file its first flagged row is in (its audience), so a row there needs no file name. */
  audienceFile: string | null;
  flaggedRows: number;
  byRule: Map<string, number>;
  /** Its findings by severity (its summary's counts also hold the rules not checked). */
  found: { errors: number; warnings: number };
  /** The rules that could not check it, or only in part. */
  gaps: CoverageGap[];
}

interface RuleView {
  id: string;
  description: string | undefined;
  errors: number;
  warnings: number;
  total: number;
  shown: number;
}

interface Model {
  report: Report;
  errors: number;
  warnings: number;
  /** Every finding, shown or not. */
  total: number;
  campaigns: CampaignView[];
  /** Findings of no campaign in the report (a bad value in a shared history file, say). */
  unattached: { errors: number; warnings: number; byRule: Map<string, number> };
  rules: RuleView[];
  /** Rules the command line listed that found nothing. */
  quietRules: string[];
  /** The rows written into the page: the first HTML_ROWS_PER_RULE of each rule, in report order. */
  rows: Finding[];
  /** Rules not checked, over every campaign (a rule in two campaigns counts twice). */
  notChecked: number;
  /** Of those, the ones that count as an error (they fail their campaign) and as a warning. */
  unchecked: { errors: number; warnings: number };
  notices: readonly Notice[];
  /** What each rule looks for, from the command line's rules. */
  descriptions: ReadonlyMap<string, string>;
}

const UNATTACHED_KEY = 'none';

function buildModel(report: Report, ctx: FormatContext): Model {
  const campaignsById = new Map<string, CampaignView>();
  report.campaigns.forEach((summary, index) => {
    if (!campaignsById.has(summary.id)) {
      campaignsById.set(summary.id, {
        summary,
        key: `c${index}`,
        audienceFile: null,
        flaggedRows: 0,
        byRule: new Map(),
        found: { errors: 0, warnings: 0 },
        gaps: coverageGaps(summary),
      });
    }
  });
  const descriptions = new Map((ctx.rules ?? []).map((rule) => [rule.id, rule.description]));
  const rules = new Map<string, RuleView>();
  const unattached = { errors: 0, warnings: 0, byRule: new Map<string, number>() };
  // Findings come by campaign, then line (SPEC §5), so a row's findings are adjacent: a row is
  // counted when it differs from the campaign's previous one, without a set of a million keys.
  const lastRow = new Map<CampaignView, string>();
  const rows: Finding[] = [];
  let errors = 0;
  let total = 0;

  for (const finding of report.findings) {
    total++;
    const isError = finding.severity === 'error';
    if (isError) errors++;
    let rule = rules.get(finding.ruleId);
    if (!rule) {
      rule = { id: finding.ruleId, description: descriptions.get(finding.ruleId), errors: 0, warnings: 0, total: 0, shown: 0 };
      rules.set(finding.ruleId, rule);
    }
    rule.total++;
    if (isError) rule.errors++;
    else rule.warnings++;
    if (rule.shown < HTML_ROWS_PER_RULE) {
      rule.shown++;
      rows.push(finding);
    }

    const campaign = finding.campaignId === null ? undefined : campaignsById.get(finding.campaignId);
    if (!campaign) {
      if (isError) unattached.errors++;
      else unattached.warnings++;
      increment(unattached.byRule, finding.ruleId);
      continue;
    }
    increment(campaign.byRule, finding.ruleId);
    campaign.found[isError ? 'errors' : 'warnings']++;
    if (finding.line !== null && finding.file !== null) {
      campaign.audienceFile ??= finding.file;
      const row = `${finding.line}\u0000${finding.file}`;
      if (lastRow.get(campaign) !== row) {
        lastRow.set(campaign, row);
        campaign.flaggedRows++;
      }
    }
  }

  const ruleViews = [...rules.values()].sort(
    (a, b) => Number(b.errors > 0) - Number(a.errors > 0) || b.total - a.total || compareText(a.id, b.id),
  );
  // A rule that could not check a campaign found no problem there, but is no all-clear.
  const notCheckedRules = new Set(
    [...campaignsById.values()].flatMap((campaign) => campaign.gaps.filter((gap) => gap.level !== 'note').map((gap) => gap.ruleId)),
  );
  const quietRules = (ctx.rules ?? [])
    .map((rule) => rule.id)
    .filter((id) => !rules.has(id) && !notCheckedRules.has(id))
    .sort(compareText);
  const unchecked = notCheckedCounts(
    report,
    report.campaigns.map((summary) => campaignsById.get(summary.id)!.found),
  );
  // Failing campaigns first, each group in the report's order.
  const campaigns = [...campaignsById.values()].sort(
    (a, b) => Number(b.summary.status === 'fail') - Number(a.summary.status === 'fail'),
  );
  return {
    report,
    errors,
    warnings: total - errors,
    total,
    campaigns,
    unattached,
    rules: ruleViews,
    quietRules: [...new Set(quietRules)],
    rows,
    notChecked: unchecked.rules,
    unchecked,
    notices: reportNotices(report),
    descriptions,
  };
}

// ---------------------------------------------------------------------------------------------
// The header: the verdict in plain words.

function headline(model: Model): { text: string; detail: string } {
  const { report } = model;
  const total = report.campaigns.length;
  const failing = report.campaigns.filter((c) => c.status === 'fail').length;
  if (report.status === 'pass') {
    if (total === 0) return { text: 'Nothing to send: no campaigns were checked', detail: '' };
    const all = total === 1 ? 'the campaign passes' : `all ${plural(total, 'campaign')} pass`;
    const notes = [
      ...(model.errors > 0 ? [`${plural(model.errors, 'error')} within thresholds`] : []),
      ...(model.warnings > 0 ? [`${plural(model.warnings, 'warning')} worth a look`] : []),
      ...(model.notChecked > 0 ? [`${plural(model.notChecked, 'check')} that could not run`] : []),
    ];
    const note = notes.length > 0 ? `, with ${notes.join(' and ')}` : '';
    return { text: `Ready to send: ${all}${note}`, detail: '' };
  }
  if (failing > 0) {
    const subject = total === 1 ? 'the campaign fails' : `${failing} of ${plural(total, 'campaign')} ${failing === 1 ? 'fails' : 'fail'}`;
    return { text: `Not ready to send: ${subject}`, detail: '' };
  }
  return { text: 'Not ready to send: the check fails', detail: 'on findings not tied to one campaign' };
}

function header(model: Model): string {
  const { report } = model;
  const pass = report.status === 'pass';
  const { text, detail } = headline(model);
  const recipients = report.campaigns.reduce((sum, c) => sum + c.recipients, 0);
  // A rule not checked counts as an error or a warning, as on its campaign's card.
  const errors = model.errors + model.unchecked.errors;
  const warnings = model.warnings + model.unchecked.warnings;
  const facts = [
    `<li><strong>${num(errors)}</strong> ${errors === 1 ? 'error' : 'errors'}</li>`,
    `<li><strong>${num(warnings)}</strong> ${warnings === 1 ? 'warning' : 'warnings'}</li>`,
    `<li><strong>${num(report.campaigns.length)}</strong> ${report.campaigns.length === 1 ? 'campaign' : 'campaigns'}</li>`,
    `<li><strong>${num(recipients)}</strong> ${recipients === 1 ? 'recipient' : 'recipients'}</li>`,
  ];
  if (model.notChecked > 0) {
    facts.push(`<li><a href="#not-checked"><strong>${num(model.notChecked)}</strong> ${model.notChecked === 1 ? 'check' : 'checks'} could not run</a></li>`);
  }
  return `<header class="verdict ${pass ? 'pass' : 'fail'}">
<div class="wrap">
<p class="eyebrow">Campaign preflight report</p>
<h1><span class="mark" aria-hidden="true">${pass ? '✔' : '✖'}</span> ${esc(text)}</h1>
${detail ? `<p class="detail">The check fails ${esc(detail)}; see the rows below.</p>\n` : ''}<ul class="facts" aria-label="Totals">
${facts.join('\n')}
</ul>
<p class="legend"><span class="sev error">Error</span> should be fixed before sending. <span class="sev warning">Warning</span> is worth a look.</p>
</div>
</header>`;
}

// ---------------------------------------------------------------------------------------------
// A card per campaign.

function campaignSection(model: Model): string {
  const cards = model.campaigns.map(campaignCard);
  const { unattached } = model;
  if (unattached.errors + unattached.warnings > 0) cards.push(unattachedCard(model));
  const body = cards.length > 0 ? `<div class="cards">\n${cards.join('\n')}\n</div>` : '<p>No campaigns were checked.</p>';
  return `<section aria-labelledby="campaigns-heading">
<h2 id="campaigns-heading">Campaigns</h2>
${body}
</section>`;
}

function campaignCard(campaign: CampaignView): string {
  const { summary } = campaign;
  const pass = summary.status === 'pass';
  const share = summary.recipients > 0 ? ` (${percent(campaign.flaggedRows, summary.recipients)})` : '';
  const stats = [
    stat('Recipients', num(summary.recipients)),
    stat('Errors', num(summary.errors), summary.errors > 0 ? 'error' : ''),
    stat('Warnings', num(summary.warnings), summary.warnings > 0 ? 'warning' : ''),
    stat('Rows flagged', `${num(campaign.flaggedRows)}${share}`),
  ];
  return `<article class="card ${pass ? 'pass' : 'fail'}" aria-labelledby="card-${campaign.key}">
<div class="card-head">
<h3 id="card-${campaign.key}">${esc(summary.id)}</h3>
<p class="badge ${pass ? 'pass' : 'fail'}">${pass ? '✔ Passes' : '✖ Fails'}</p>
</div>
<p class="path">${esc(summary.file)}${campaign.audienceFile ? `<br>audience ${esc(campaign.audienceFile)}` : ''}</p>
${exceededNote(summary)}<dl class="stats">
${stats.join('\n')}
</dl>
${campaign.byRule.size > 0 || !campaign.gaps.some((gap) => gap.level !== 'note') ? topRules(campaign.byRule) : ''}${gapNote(campaign)}${campaign.byRule.size > 0 ? `<p class="more"><a href="#rows" data-campaign="${campaign.key}">See its flagged rows</a></p>\n` : ''}</article>`;
}

/** The thresholds whose excess fails the campaign, in the verdict line's words. */
function exceededNote(summary: CampaignSummary): string {
  const exceeded = summary.thresholdsExceeded ?? [];
  if (exceeded.length === 0) return '';
  return `<p class="exceeded">Over its limits: ${exceeded.map((threshold) => esc(thresholdText(threshold))).join('; ')}</p>\n`;
}

/** "2 checks could not run, 1 ran only in part", linking to the section that says which and why. */
function gapNote(campaign: CampaignView): string {
  const notChecked = campaign.gaps.filter((gap) => gap.level !== 'note').length;
  const partial = campaign.gaps.length - notChecked;
  if (campaign.gaps.length === 0) return '';
  const parts = [
    ...(notChecked > 0 ? [`${plural(notChecked, 'check')} could not run`] : []),
    ...(partial > 0 ? [`${plural(partial, 'check')} ran only in part`] : []),
  ];
  return `<p class="gap-note${notChecked > 0 ? ' missing' : ''}"><a href="#gaps-${campaign.key}">${parts.join(', ')}</a></p>\n`;
}

function unattachedCard(model: Model): string {
  const { unattached } = model;
  const stats = [
    stat('Errors', num(unattached.errors), unattached.errors > 0 ? 'error' : ''),
    stat('Warnings', num(unattached.warnings), unattached.warnings > 0 ? 'warning' : ''),
  ];
  return `<article class="card other" aria-labelledby="card-${UNATTACHED_KEY}">
<div class="card-head">
<h3 id="card-${UNATTACHED_KEY}">Not tied to a campaign</h3>
</div>
<p class="path">Problems in shared files, such as the customer or order history.</p>
<dl class="stats">
${stats.join('\n')}
</dl>
${topRules(unattached.byRule)}<p class="more"><a href="#rows" data-campaign="${UNATTACHED_KEY}">See these rows</a></p>
</article>`;
}

function stat(label: string, value: string, tone = ''): string {
  return `<div${tone ? ` class="${tone}"` : ''}><dt>${label}</dt><dd>${value}</dd></div>`;
}

/** The campaign's three most frequent rules, in a sentence. */
function topRules(byRule: Map<string, number>): string {
  if (byRule.size === 0) return '<p class="top none">Nothing to fix.</p>\n';
  const top = [...byRule].sort(([a, x], [b, y]) => y - x || compareText(a, b));
  const items = top.slice(0, 3).map(([id, count]) => `<li><span class="rule">${esc(id)}</span> ${num(count)}</li>`);
  const rest = top.length > 3 ? `<li>and ${plural(top.length - 3, 'more rule')}</li>` : '';
  return `<ul class="top" aria-label="Most frequent problems">${items.join('')}${rest}</ul>\n`;
}

// ---------------------------------------------------------------------------------------------
// What could not be checked: per campaign, each rule that lacked a file or a column, in plain
// words, what it looks for and why it could not; then the notices about the files.

function notCheckedSection(model: Model): string {
  const withGaps = model.campaigns.filter((campaign) => campaign.gaps.length > 0);
  if (withGaps.length === 0 && model.notices.length === 0) return '';
  const groups = withGaps.map((campaign) => {
    const pass = campaign.summary.status === 'pass';
    return `<article class="gap-group" aria-labelledby="gaps-${campaign.key}">
<div class="card-head"><h3 id="gaps-${campaign.key}">${esc(campaign.summary.id)}</h3><p class="badge ${pass ? 'pass' : 'fail'}">${pass ? '✔ Passes' : '✖ Fails'}</p></div>
<ul class="gaps">
${campaign.gaps.map((gap) => gapItem(gap, model.descriptions)).join('\n')}
</ul>
</article>`;
  });
  const intro =
    withGaps.length > 0
      ? `<p class="intro">${NOT_CHECKED_INTRO} A check that could not run found nothing because it looked at nothing: until it runs, the campaign is not known to be safe.</p>
<div class="gap-groups">
${groups.join('\n')}
</div>
<p class="fix"><strong>To fix it</strong>, add the missing file or column, or say which column holds it: each reason names the line to add to the campaign file or the config. If a check does not apply to you, turn its rule off in the config.</p>
`
      : '';
  const notices =
    model.notices.length > 0
      ? `<h3 class="files-heading">About your files</h3>
<ul class="file-notes">
${model.notices.map((notice) => `<li>${notice.file === null ? '' : `<span class="file">${esc(notice.file)}</span>: `}${esc(notice.message)}</li>`).join('\n')}
</ul>
`
      : '';
  return `<section id="not-checked" aria-labelledby="not-checked-heading">
<h2 id="not-checked-heading">${NOT_CHECKED_TITLE}</h2>
${intro}${notices}</section>
`;
}

const GAP_LABEL: Record<CoverageGap['level'], { label: string; tone: string }> = {
  error: { label: 'Not checked', tone: 'error' },
  warning: { label: 'Not checked', tone: 'warning' },
  note: { label: 'Partly checked', tone: 'partial' },
};

/** "Not checked · no-consent was not checked, which fails the campaign. It looks for … Why: …". */
function gapItem(gap: CoverageGap, descriptions: ReadonlyMap<string, string>): string {
  const { label, tone } = GAP_LABEL[gap.level];
  const description = descriptions.get(gap.ruleId);
  const what = description ? `\n<p class="looks-for">It looks for ${withCode(looksFor(description))}</p>` : '';
  return `<li class="gap ${tone}">
<p class="gap-head"><span class="sev ${tone}">${label}</span> <strong class="rule">${esc(gap.ruleId)}</strong> ${esc(gapPredicate(gap))}.</p>${what}
<p class="why"><strong>Why:</strong> ${esc(gap.reason)}</p>
</li>`;
}

// ---------------------------------------------------------------------------------------------
// The chart: a row per rule, its name and counts as text, a bar (SVG, errors and warnings stacked)
// and what the rule checks underneath. Text is HTML so it wraps on a phone; the bars scale.

function chartSection(model: Model): string {
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
<div class="bar-head"><span class="rule-name">${esc(rule.id)}</span> <span class="bar-count">${countSpans(rule)}</span></div>
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
  const which = model.rules.length === 0 ? `any of the ${plural(model.quietRules.length, 'rule')}` : `the other ${plural(model.quietRules.length, 'rule')}`;
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

function rowsSection(model: Model): string {
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
  const body = model.rows.map((finding) => rowHtml(finding, finding.campaignId === null ? undefined : byId.get(finding.campaignId)));
  const campaignOptions = model.campaigns
    .filter((campaign) => campaign.byRule.size > 0)
    .map((campaign) => `<option value="${campaign.key}">${esc(campaign.summary.id)}</option>`);
  if (model.unattached.byRule.size > 0) campaignOptions.push(`<option value="${UNATTACHED_KEY}">Not tied to a campaign</option>`);
  return `<section id="rows" aria-labelledby="rows-heading">
${heading}
<p class="intro">One line per problem found: the campaign, the line of the audience file, the customer, the rule and why.${
    model.rows.length > 1 ? ' Click a column heading to sort.' : ''
  }</p>
${notice}<div class="controls" id="row-controls" hidden>
<div class="field grow"><label for="row-filter">Filter rows</label><input type="search" id="row-filter" placeholder="Customer, rule, words from the reason…" autocomplete="off" spellcheck="false"></div>
<div class="field"><label for="row-campaign">Campaign</label><select id="row-campaign"><option value="">All campaigns</option>${campaignOptions.join('')}</select></div>
<div class="field"><label for="row-severity">Severity</label><select id="row-severity"><option value="">Errors and warnings</option><option value="error">Errors only</option><option value="warning">Warnings only</option></select></div>
</div>
<p class="status" id="row-status" aria-live="polite">${plural(model.rows.length, 'row')}</p>
<div class="table-wrap${model.rows.length > 25 ? ' long' : ''}">
<table id="rows-table">
<caption class="sr-only">Flagged rows</caption>
<thead><tr><th scope="col" data-sort="text">Campaign</th><th scope="col" data-sort="number" class="num">Line</th><th scope="col" data-sort="text">Customer</th><th scope="col" data-sort="text">Rule</th><th scope="col" data-sort="number">Severity</th><th scope="col">Why it was flagged</th></tr></thead>
<tbody>
${body.join('\n')}
</tbody>
</table>
</div>
<p class="empty" id="rows-empty" hidden>No row matches the filter.</p>
</section>`;
}

function rowHtml(finding: Finding, campaign: CampaignView | undefined): string {
  const key = campaign ? campaign.key : UNATTACHED_KEY;
  const campaignCell = campaign ? esc(campaign.summary.id) : '<span class="muted">no campaign</span>';
  const line =
    finding.line === null
      ? '<td class="num" data-v=""><span class="muted">—</span></td>'
      : `<td class="num" data-v="${esc(String(finding.line))}">${esc(String(finding.line))}</td>`;
  const severity = esc(finding.severity);
  const who =
    finding.customerId !== null
      ? `<td class="who">${esc(finding.customerId)}</td>`
      : `<td class="who" data-v=""><span class="muted">${finding.line === null && campaign ? 'whole campaign' : '—'}</span></td>`;
  // A row in the campaign's audience file needs no file name; a row elsewhere names its file.
  const notes: string[] = [];
  if (finding.file !== null && finding.file !== campaign?.audienceFile) notes.push(`in ${esc(finding.file)}`);
  if (finding.column !== undefined) notes.push(`column ${esc(finding.column)}`);
  const note = notes.length > 0 ? `<span class="where">${notes.join(', ')}</span>` : '';
  return `<tr data-campaign="${key}" data-severity="${severity}"><td class="campaign">${campaignCell}</td>${line}${who}<td class="rule">${esc(finding.ruleId)}</td><td data-v="${severityRank(finding.severity)}"><span class="sev ${severity}">${finding.severity === 'error' ? 'Error' : 'Warning'}</span></td><td class="why">${esc(finding.message)}${note}</td></tr>`;
}

// ---------------------------------------------------------------------------------------------
// Text helpers.

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe in HTML content and in a quoted attribute. */
export function esc(text: string): string {
  return String(text).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** Escaped text with its `backticked` parts as <code>; an unpaired backtick stays as it is. */
function withCode(text: string): string {
  const parts = text.split('`');
  if (parts.length % 2 === 0) parts.splice(-2, 2, `${parts.at(-2)}\`${parts.at(-1)}`);
  return parts.map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part))).join('');
}

function num(value: number): string {
  return value.toLocaleString('en-US');
}

function percent(part: number, whole: number): string {
  const value = (part / whole) * 100;
  if (part > 0 && value < 1) return 'under 1%';
  return `${Math.round(value)}%`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function increment<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

// ---------------------------------------------------------------------------------------------
// The page's constant CSS and script, and the policy that allows exactly them.

const STYLE = `
:root {
  --ink: #1d2430; --muted: #4a5565; --line: #d5dae1; --page: #f4f6f8; --card: #ffffff;
  --error: #b42318; --error-bg: #fdecea; --error-fill: #d92d20;
  --warning: #8a4300; --warning-bg: #fff4e0; --warning-fill: #c26a00;
  --pass: #0b6b3a; --pass-bg: #e7f6ee; --focus: #1d4ed8;
  --partial: #1d4f91; --partial-bg: #e8f0fb;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--page); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
.wrap, main, footer { max-width: 1120px; margin: 0 auto; padding: 0 24px; }
h1, h2, h3 { line-height: 1.25; }
h2 { font-size: 20px; margin: 36px 0 14px; }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef1f5; border-radius: 4px; padding: 1px 5px; }
a { color: #1746a2; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.muted { color: var(--muted); }
.rule { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }

.verdict { color: #fff; padding: 28px 0 24px; }
.verdict.fail { background: #a4161a; }
.verdict.pass { background: #0b6b3a; }
.eyebrow { margin: 0 0 4px; font-size: 13px; letter-spacing: 0.06em; text-transform: uppercase; opacity: 0.92; }
.verdict h1 { margin: 0 0 14px; font-size: 30px; }
.verdict .mark { display: inline-block; margin-right: 4px; }
.verdict .detail { margin: -6px 0 12px; }
.facts { display: flex; flex-wrap: wrap; gap: 10px; list-style: none; margin: 0 0 14px; padding: 0; }
.facts li { background: rgba(0, 0, 0, 0.22); border-radius: 8px; padding: 6px 14px; font-size: 15px; }
.facts strong { font-size: 20px; margin-right: 2px; }
.verdict .legend { margin: 0; font-size: 14px; }
.verdict .legend .sev { margin-right: 2px; }

.sev { display: inline-block; border-radius: 999px; padding: 0 9px; font-size: 13px; font-weight: 600; line-height: 1.6; white-space: nowrap; }
.sev.error { background: var(--error-bg); color: var(--error); }
.sev.warning { background: var(--warning-bg); color: var(--warning); }

.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-top: 5px solid var(--line); border-radius: 10px; padding: 14px 16px 12px; display: flex; flex-direction: column; }
.card.fail { border-top-color: var(--error-fill); }
.card.pass { border-top-color: #12915a; }
.card.other { border-top-color: #6b7585; }
.card-head { display: flex; align-items: flex-start; justify-content: space-between; gap: 10px; }
.card h3 { margin: 0; font-size: 16px; overflow-wrap: anywhere; }
.badge { margin: 0; flex: none; border-radius: 999px; padding: 1px 10px; font-size: 13px; font-weight: 700; }
.badge.fail { background: var(--error-bg); color: var(--error); }
.badge.pass { background: var(--pass-bg); color: var(--pass); }
.path { margin: 4px 0 10px; color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
.exceeded { margin: -4px 0 10px; color: var(--error); font-size: 13.5px; overflow-wrap: anywhere; }
.stats { display: flex; flex-wrap: wrap; gap: 6px 20px; margin: 0 0 10px; }
.stats dt { font-size: 12px; color: var(--muted); }
.stats dd { margin: 0; font-size: 18px; font-weight: 650; }
.stats .error dd { color: var(--error); }
.stats .warning dd { color: var(--warning); }
.top { list-style: none; margin: 0 0 8px; padding: 0; font-size: 13.5px; display: flex; flex-wrap: wrap; gap: 4px 12px; }
.top.none { color: var(--pass); font-weight: 600; }
.top li { white-space: nowrap; }
.more { margin: auto 0 0; font-size: 14px; }
.gap-note { margin: 0 0 8px; font-size: 13.5px; font-weight: 600; }
.gap-note.missing a { color: var(--error); }
.facts a { color: inherit; }

.sev.partial { background: var(--partial-bg); color: var(--partial); }
.gap-groups { display: grid; gap: 14px; }
.gap-group { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px 6px; }
.gap-group h3 { margin: 0; font-size: 16px; overflow-wrap: anywhere; }
.gaps { list-style: none; margin: 10px 0 0; padding: 0; }
.gap { border-top: 1px solid #e6e9ee; padding: 10px 0; }
.gap p { margin: 0; }
.gap-head { font-size: 15px; }
.gap-head .rule { font-weight: 700; }
.gap .looks-for { margin-top: 3px; color: var(--muted); font-size: 14px; }
.gap .why { margin-top: 4px; font-size: 14px; overflow-wrap: anywhere; }
.fix { margin: 12px 0 0; font-size: 14px; }
.files-heading { font-size: 16px; margin: 18px 0 8px; }
.file-notes { margin: 0; padding-left: 20px; font-size: 14px; }
.file-notes li { margin: 4px 0; overflow-wrap: anywhere; }
.file-notes .file { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }

.chart { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px 12px; }
.bars { list-style: none; margin: 0; padding: 0; }
.bar-row { padding: 0 0 14px; }
.bar-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 2px 12px; align-items: baseline; margin-bottom: 4px; }
.rule-name { font-weight: 650; overflow-wrap: anywhere; }
.bar-count { font-weight: 600; font-size: 14px; white-space: nowrap; }
.t-error { color: var(--error); }
.t-warning { color: var(--warning); }
svg.bar { display: block; }
svg.bar .track { fill: #eceff3; }
svg.bar .fill-error { fill: var(--error-fill); }
svg.bar .fill-warning { fill: var(--warning-fill); }
.bar-row .desc { margin: 5px 0 0; color: var(--muted); font-size: 14px; }
.chart figcaption { margin-top: 2px; color: var(--muted); font-size: 13.5px; }
.quiet { color: var(--muted); font-size: 14px; }

.intro { margin: -6px 0 12px; color: var(--muted); }
.notice { background: #fff8e6; border: 1px solid #e8c46a; border-radius: 10px; padding: 10px 16px; margin: 0 0 14px; font-size: 14px; }
.notice p { margin: 6px 0; }
.notice ul { margin: 4px 0; padding-left: 20px; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; margin: 0 0 8px; }
.controls[hidden] { display: none; }
.field { display: flex; flex-direction: column; gap: 3px; }
.field.grow { flex: 1 1 280px; }
.field label { font-size: 13px; font-weight: 600; }
.field input, .field select { font: inherit; color: inherit; background: #fff; border: 1px solid #8a94a3; border-radius: 6px; padding: 6px 10px; min-height: 36px; }
.status { margin: 4px 0 8px; color: var(--muted); font-size: 14px; }
.table-wrap.long { max-height: 80vh; overflow-y: auto; }
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 10px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 8px 12px; border-bottom: 1px solid #e6e9ee; }
thead th { background: #eef1f5; font-size: 13px; white-space: nowrap; position: sticky; top: 0; }
tbody tr:last-child td, tbody tr:last-child th { border-bottom: 0; }
tbody tr:nth-child(even) { background: #fafbfc; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.rule, td.campaign, td.who { white-space: nowrap; }
td.why { min-width: 320px; }
.where { display: block; color: var(--muted); font-size: 12.5px; overflow-wrap: anywhere; }
th button { font: inherit; font-weight: 700; color: inherit; background: none; border: 0; padding: 0; margin: 0; cursor: pointer; display: inline-flex; gap: 4px; align-items: center; }
th button .arrow { color: var(--muted); font-size: 11px; min-width: 10px; }
th[aria-sort] button .arrow { color: var(--ink); }
.empty { padding: 12px; color: var(--muted); }
.empty[hidden] { display: none; }

footer { color: var(--muted); font-size: 13px; padding-top: 24px; padding-bottom: 32px; }
@media (max-width: 640px) {
  .verdict h1 { font-size: 24px; }
  /* On a phone each flagged row is a small block: where and who, the rule, then why. */
  #rows-table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  #rows-table, #rows-table tbody { display: block; }
  #rows-table tr { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; padding: 10px 12px; border-bottom: 1px solid #e6e9ee; }
  #rows-table tr[hidden] { display: none; }
  #rows-table td { display: block; padding: 0; border: 0; min-width: 0; }
  #rows-table td.campaign { font-weight: 650; white-space: normal; overflow-wrap: anywhere; }
  #rows-table td.num[data-v]:not([data-v=""])::before { content: "line "; color: var(--muted); }
  #rows-table td.why { flex: 1 0 100%; min-width: 0; }
}
@media print {
  .controls, .status, .more { display: none !important; }
  .verdict { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead th { position: static; }
  .table-wrap.long { max-height: none; overflow: visible; }
}
`;

// A constant: it reads the rows from the page and never sees report data as code.
const SCRIPT = `
(function () {
  'use strict';
  var table = document.getElementById('rows-table');
  if (!table) return;
  var body = table.tBodies[0];
  var filter = document.getElementById('row-filter');
  var campaign = document.getElementById('row-campaign');
  var severity = document.getElementById('row-severity');
  var status = document.getElementById('row-status');
  var empty = document.getElementById('rows-empty');
  var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  var items = Array.prototype.map.call(body.rows, function (row, index) {
    return {
      row: row,
      index: index,
      text: row.textContent.toLowerCase(),
      campaign: row.getAttribute('data-campaign'),
      severity: row.getAttribute('data-severity')
    };
  });
  var total = items.length;
  function plural(n, noun) { return n.toLocaleString('en-US') + ' ' + noun + (n === 1 ? '' : 's'); }

  function apply() {
    var terms = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var c = campaign.value, s = severity.value, shown = 0;
    items.forEach(function (item) {
      var match = (!c || item.campaign === c) && (!s || item.severity === s) &&
        terms.every(function (term) { return item.text.indexOf(term) !== -1; });
      item.row.hidden = !match;
      if (match) shown++;
    });
    status.textContent = shown === total ? plural(total, 'row') : 'Showing ' + shown.toLocaleString('en-US') + ' of ' + plural(total, 'row');
    empty.hidden = shown !== 0;
  }
  filter.addEventListener('input', apply);
  campaign.addEventListener('change', apply);
  severity.addEventListener('change', apply);
  Array.prototype.forEach.call(document.querySelectorAll('a[data-campaign]'), function (link) {
    link.addEventListener('click', function () {
      campaign.value = link.getAttribute('data-campaign');
      filter.value = '';
      severity.value = '';
      apply();
    });
  });

  var headers = table.tHead.rows[0].cells;
  var sorted = { column: -1, direction: 1 };
  // An empty cell (data-v="") sorts last whichever the direction.
  function key(item, column, numeric) {
    var cell = item.row.cells[column];
    var value = cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent;
    if (value === '') return null;
    return numeric ? parseFloat(value) : value;
  }
  function sortBy(column) {
    var numeric = headers[column].getAttribute('data-sort') === 'number';
    var direction = sorted.column === column ? -sorted.direction : 1;
    sorted = { column: column, direction: direction };
    var keyed = items.map(function (item) { return { item: item, key: key(item, column, numeric) }; });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) return (a.key === null) - (b.key === null) || a.item.index - b.item.index;
      var order;
      if (numeric) order = a.key === b.key ? 0 : a.key < b.key ? -1 : 1;
      else order = collator.compare(a.key, b.key);
      return order * direction || a.item.index - b.item.index;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (entry) { fragment.appendChild(entry.item.row); });
    body.appendChild(fragment);
    Array.prototype.forEach.call(headers, function (th, i) {
      var arrow = th.querySelector('.arrow');
      if (i === column) {
        th.setAttribute('aria-sort', direction === 1 ? 'ascending' : 'descending');
        if (arrow) arrow.textContent = direction === 1 ? '▲' : '▼';
      } else {
        th.removeAttribute('aria-sort');
        if (arrow) arrow.textContent = '↕';
      }
    });
  }
  Array.prototype.forEach.call(headers, function (th, column) {
    if (!th.hasAttribute('data-sort')) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.title = 'Sort by ' + th.textContent.toLowerCase();
    while (th.firstChild) button.appendChild(th.firstChild);
    var arrow = document.createElement('span');
    arrow.className = 'arrow';
    arrow.setAttribute('aria-hidden', 'true');
    arrow.textContent = '↕';
    button.appendChild(arrow);
    th.appendChild(button);
    button.addEventListener('click', function () { sortBy(column); });
  });

  document.getElementById('row-controls').hidden = false;
  apply();
})();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Nothing may be fetched; only this page's own style and script may run. */
const CSP = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  `script-src ${sha256(SCRIPT)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
