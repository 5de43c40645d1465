// The top of the HTML page: the verdict in plain words, a card per campaign, and what could not be
// checked.

import type { CampaignSummary } from '../../types.js';
import { compareText, plural } from '../../text.js';
import { NOT_CHECKED_INTRO, NOT_CHECKED_TITLE, gapPredicate, looksFor, thresholdText, type CoverageGap } from '../common.js';
import { esc, num, percent, ruleName, withCode } from './markup.js';
import { UNATTACHED_KEY, type CampaignView, type Model } from './model.js';

// ---------------------------------------------------------------------------------------------
// The header: the verdict in plain words.

export function headline(model: Model): { text: string; detail: string } {
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
    const subject =
      total === 1 ? 'the campaign fails' : `${failing} of ${plural(total, 'campaign')} ${failing === 1 ? 'fails' : 'fail'}`;
    return { text: `Not ready to send: ${subject}`, detail: '' };
  }
  return { text: 'Not ready to send: the check fails', detail: 'on findings not tied to one campaign' };
}

export function header(model: Model): string {
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
    facts.push(
      `<li><a href="#not-checked"><strong>${num(model.notChecked)}</strong> ${model.notChecked === 1 ? 'check' : 'checks'} could not run</a></li>`,
    );
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

export function campaignSection(model: Model): string {
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

export function notCheckedSection(model: Model): string {
  const withGaps = model.campaigns.filter((campaign) => campaign.gaps.length > 0);
  if (withGaps.length === 0 && model.notices.length === 0) return '';
  const groups = withGaps.map((campaign) => {
    const pass = campaign.summary.status === 'pass';
    return `<article class="gap-group" aria-labelledby="gaps-${campaign.key}">
<div class="card-head"><h3 id="gaps-${campaign.key}">${esc(campaign.summary.id)}</h3><p class="badge ${pass ? 'pass' : 'fail'}">${pass ? '✔ Passes' : '✖ Fails'}</p></div>
<ul class="gaps">
${campaign.gaps.map((gap) => gapItem(gap, model)).join('\n')}
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
function gapItem(gap: CoverageGap, { descriptions, docsUrls }: Pick<Model, 'descriptions' | 'docsUrls'>): string {
  const { label, tone } = GAP_LABEL[gap.level];
  const description = descriptions.get(gap.ruleId);
  const what = description ? `\n<p class="looks-for">It looks for ${withCode(looksFor(description))}</p>` : '';
  return `<li class="gap ${tone}">
<p class="gap-head"><span class="sev ${tone}">${label}</span> <strong>${ruleName(gap.ruleId, docsUrls.get(gap.ruleId), 'rule')}</strong> ${esc(gapPredicate(gap))}.</p>${what}
<p class="why"><strong>Why:</strong> ${esc(gap.reason)}</p>
</li>`;
}
