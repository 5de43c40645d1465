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
import type { Report } from '../types.js';
import type { FormatContext, FormatStream } from './index.js';
import { campaignSection, header, headline, notCheckedSection } from './html/campaigns.js';
import { chartSection, rowsSection } from './html/findings.js';
import { esc } from './html/markup.js';
import { buildModel } from './html/model.js';
import { SCRIPT } from './html/script.js';
import { STYLE } from './html/style.js';

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
