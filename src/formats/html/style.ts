// The HTML page's stylesheet: a constant, inline, allowed by the page's policy by its hash.

export const STYLE = `
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
td.campaign { min-width: 100px; overflow-wrap: anywhere; }
td.who { min-width: 120px; }
/* The cell reads as text; only the rule's id in it is set as code. */
td.rule { min-width: 140px; font-family: inherit; font-size: inherit; }
td.why, td.todo { min-width: 200px; }
.note { background: #f4f6f9; border-left: 3px solid var(--muted); padding: 8px 12px; font-size: 14px; }
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
  #rows-table td.why, #rows-table td.todo { flex: 1 0 100%; min-width: 0; }
}
@media print {
  .controls, .status, .more { display: none !important; }
  .verdict { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead th { position: static; }
  .table-wrap.long { max-height: none; overflow: visible; }
}
`;
