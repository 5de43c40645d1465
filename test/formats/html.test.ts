// The html format: escaping, determinism and the row cap on the string, then the page itself in
// headless Chromium: it renders, logs no error, fetches nothing, and its filter and sorting work.
// A full-page screenshot is written to .tmp/html-report.png for people to look at, and one of the
// section on what could not be checked to .tmp/html-not-checked.png.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHtml as htmlStream } from '../../src/formats/html.js';
import { HTML_ROWS_PER_RULE } from '../../src/formats/html/model.js';
import { formatStreams, formatters, type FormatContext } from '../../src/formats/index.js';
import { listRules } from '../../src/index.js';
import type { CampaignSummary, Finding, Notice, Report } from '../../src/types.js';

/** A report whose findings are a plain array, as the engine's library callers may build one. */
type ListedReport = Report & { findings: Finding[] };

const formatHtml = formatters.html;

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = fileURLToPath(new URL('../../.tmp/html-report.png', import.meta.url));
const SECTION_SCREENSHOT = fileURLToPath(new URL('../../.tmp/html-not-checked.png', import.meta.url));
const HOSTILE = '</script><img src=x onerror=alert(1)>';

const bare: FormatContext = { color: false, cwd: '/work' };
const withRules: FormatContext = { ...bare, rules: listRules() };

type Row = [
  ruleId: string,
  severity: Finding['severity'],
  campaignId: string | null,
  customerId: string | null,
  file: string | null,
  line: number | null,
  message: string,
];

function finding([ruleId, severity, campaignId, customerId, file, line, message]: Row): Finding {
  return { ruleId, severity, campaignId, customerId, file, line, message, evidence: {} };
}

function campaign(id: string, file: string, recipients: number, errors: number, warnings: number): CampaignSummary {
  return { id, file, recipients, status: errors > 0 ? 'fail' : 'pass', errors, warnings };
}

function report(campaigns: CampaignSummary[], findings: Finding[], notices?: Notice[]): ListedReport {
  const status =
    campaigns.some((c) => c.status === 'fail') || findings.some((f) => f.campaignId === null && f.severity === 'error')
      ? 'fail'
      : 'pass';
  return {
    schemaVersion: 1,
    tool: { name: 'campaign-preflight', version: '0.1.0' },
    status,
    campaigns,
    ...(notices ? { notices } : {}),
    findings,
  };
}

const CONSENT_REASON =
  'fixtures/kids-furniture/data/customers.csv has no column email_consent (consent and opt-outs); columns found: "customer_id", "first_name", "einwilligung_email"; ' +
  'did you mean "einwilligung_email"? map it in fixtures/kids-furniture/campaign.yaml: history.customers: { path: …, columns: { email_consent: "einwilligung_email" } }';
const UNSUBSCRIBED_REASON =
  'fixtures/car-dealer/data/customers.csv has no column unsubscribed_at (consent and opt-outs); columns found: "customer_id", "email_consent"; ' +
  'if the file has it under another name, map it in fixtures/car-dealer/campaign.yaml: history.customers: { path: …, columns: { unsubscribed_at: "their header" } }';
const HISTORY_REASON =
  'no customers file (the customer history): name one under history.customers in the config or the campaign file';
const UNREAD_NOTICE: Notice = {
  kind: 'unread-columns',
  file: 'fixtures/kids-furniture/data/customers.csv',
  message: `columns look like ones the rules read but were not read: "einwilligung_email" (email_consent?), "opt${HOSTILE}" (email_consent?); if so, map them in fixtures/kids-furniture/campaign.yaml`,
};

/** The fixtures' stories as the engine reports them, plus a hostile message, a campaign-level
 * warning and a bad value in a shared history file; no-consent not checked at error in one
 * campaign (failing it), unknown-recipient not checked at warning in another, no-consent checked
 * in part in a third, and a notice about columns not read. */
const stories = report(
  [
    {
      ...campaign('car-dealer-presidents-day', 'fixtures/car-dealer/campaign.yaml', 8, 1, 1),
      coverage: [
        { ruleId: 'no-consent', status: 'partial', rows: 8, reason: UNSUBSCRIBED_REASON },
        {
          ruleId: 'review-before-delivery',
          status: 'not-applicable',
          rows: 0,
          reason: 'only review requests are checked; this is a promotion',
        },
      ],
    },
    {
      ...campaign('kids-furniture-black-friday', 'fixtures/kids-furniture/campaign.yaml', 7, 3, 0),
      failingRules: ['life-stage-mismatch', 'no-consent'],
      coverage: [{ ruleId: 'no-consent', status: 'not-checked', rows: 0, reason: CONSENT_REASON }],
    },
    campaign('coffee-year-end', 'fixtures/passing/campaign.yaml', 8, 0, 0),
    campaign('pizza-we-miss-you', 'fixtures/pizza-mailer/campaign.yaml', 9, 4, 0),
    {
      ...campaign('print-shop-fall-coupon', 'fixtures/print-shop/campaign.yaml', 9, 1, 2),
      coverage: [{ ruleId: 'unknown-recipient', status: 'not-checked', rows: 0, reason: HISTORY_REASON }],
    },
    campaign('yoga-mat-review', 'fixtures/yoga-mat/campaign.yaml', 9, 7, 0),
  ],
  (
    [
      [
        'contact-fatigue',
        'warning',
        'car-dealer-presidents-day',
        'M-101',
        'fixtures/car-dealer/audience.csv',
        2,
        'Megan would be contacted 15 times in the 7 days up to this send (max 3): 14 earlier contacts (10 email and 4 phone) and 1 send in this run (car-dealer-presidents-day line 2 at 2026-02-20 09:00 UTC)',
      ],
      [
        'stated-interest-ignored',
        'error',
        'car-dealer-presidents-day',
        'M-101',
        'fixtures/car-dealer/audience.csv',
        2,
        'Megan stated an interest in electric-vehicles, but the offer excludes electric-vehicles',
      ],
      [
        'life-stage-mismatch',
        'error',
        'kids-furniture-black-friday',
        'K-001',
        'fixtures/kids-furniture/audience.csv',
        2,
        'Helen is in life stage teen and adult_child, but the offer is for baby, young_child and tween',
      ],
      [
        'life-stage-mismatch',
        'error',
        'kids-furniture-black-friday',
        'K-005',
        'fixtures/kids-furniture/audience.csv',
        6,
        'Ruth is 67, outside the offer’s age range 25–50',
      ],
      [
        'generic-salutation',
        'error',
        'pizza-we-miss-you',
        'P-101',
        'fixtures/pizza-mailer/audience.csv',
        2,
        'greeting "Postal Customer" does not use the known name Maria Lopez',
      ],
      [
        'generic-salutation',
        'error',
        'pizza-we-miss-you',
        'P-102',
        'fixtures/pizza-mailer/audience.csv',
        3,
        'greeting "Dear Domino\'s Pizza Customer" does not use the known name James Carter',
      ],
      [
        'broken-personalization',
        'error',
        'pizza-we-miss-you',
        'P-105',
        'fixtures/pizza-mailer/audience.csv',
        6,
        `subject renders "${HOSTILE}" for {{ first_name }}`,
      ],
      [
        'generic-salutation',
        'error',
        'pizza-we-miss-you',
        'P-108',
        'fixtures/pizza-mailer/audience.csv',
        9,
        'greeting "Dear Customer," does not use the known name Priya Shah',
      ],
      [
        'loyalty-inversion',
        'error',
        'print-shop-fall-coupon',
        'C-001',
        'fixtures/print-shop/audience.csv',
        2,
        'Laura (12 orders) is offered 25% while 8 people with 0–1 orders and 2–4 orders are offered 40%',
      ],
      [
        'control-group',
        'warning',
        'print-shop-fall-coupon',
        null,
        null,
        null,
        'no control group: 9 recipients cannot show whether the coupon made a difference',
      ],
      [
        'review-before-delivery',
        'error',
        'yoga-mat-review',
        'Y-002',
        'fixtures/yoga-mat/audience.csv',
        3,
        'asks for a review of order NL-5002 before it was delivered (status shipped, no delivery date before send time)',
      ],
      [
        'review-before-delivery',
        'error',
        'yoga-mat-review',
        'Y-003',
        'fixtures/yoga-mat/audience.csv',
        4,
        'asks for a review of order NL-5003, which was cancelled',
      ],
      [
        'review-before-delivery',
        'error',
        'yoga-mat-review',
        'Y-004',
        'fixtures/yoga-mat/audience.csv',
        5,
        'order NL-5004 belongs to another customer (Y-009)',
      ],
      [
        'review-before-delivery',
        'error',
        'yoga-mat-review',
        'Y-005',
        'fixtures/yoga-mat/audience.csv',
        6,
        'order NL-9999 is not in the order history',
      ],
      [
        'review-before-delivery',
        'error',
        'yoga-mat-review',
        'Y-006',
        'fixtures/yoga-mat/audience.csv',
        7,
        'asks for a review of order NL-5006, delivered only at 2026-08-04 10:15 UTC, after send time',
      ],
      [
        'review-before-delivery',
        'error',
        'yoga-mat-review',
        'Y-010',
        'fixtures/yoga-mat/audience.csv',
        9,
        'review request without an order_id: there is nothing to review',
      ],
      [
        'review-before-delivery',
        'error',
        'yoga-mat-review',
        'Y-011',
        'fixtures/yoga-mat/audience.csv',
        10,
        'asks for a review of order NL-5011, which was returned',
      ],
      ['invalid-value', 'error', null, null, 'fixtures/shared/orders.csv', 7, '"2026-13-01" in ordered_at is not a date'],
    ] satisfies Row[]
  ).map(finding),
  [
    UNREAD_NOTICE,
    { kind: 'no-history', file: null, message: 'no contacts history is named: the rules that need it were not checked' },
  ],
);
const RULES_IN_STORIES = new Set(stories.findings.map((f) => f.ruleId)).size;

/** One rule flagging far more rows than a page can hold, and one flagging a few. */
function flood(count: number): ListedReport {
  const findings: Finding[] = [];
  for (let line = 2; line < count + 2; line++) {
    findings.push({
      ruleId: 'no-consent',
      severity: 'error',
      campaignId: 'big-send',
      customerId: `C-${line}`,
      file: 'big/audience.csv',
      line,
      message: `C-${line} refused email`,
      evidence: {},
    });
  }
  findings.push(
    finding([
      'unknown-recipient',
      'warning',
      'big-send',
      'X-1',
      'big/audience.csv',
      count + 2,
      'X-1 is not in the customer history',
    ]),
  );
  return report([campaign('big-send', 'big/campaign.yaml', count + 1, count, 1)], findings);
}

describe('html (the string)', () => {
  it('is registered as --format html', () => {
    expect(formatStreams.html).toBe(htmlStream);
  });

  it('escapes every string from the data, so a hostile message stays text', () => {
    const hostile = report(
      [campaign(`camp${HOSTILE}`, `x/${HOSTILE}.yaml`, 3, 1, 0)],
      [
        finding([
          `rule${HOSTILE}`,
          'error',
          `camp${HOSTILE}`,
          `cust${HOSTILE}`,
          `a"b'${HOSTILE}.csv`,
          2,
          `msg ${HOSTILE} & "quotes" 'too' \u2028`,
        ]),
      ],
    );
    const html = formatHtml(hostile, {
      ...bare,
      rules: [{ id: `rule${HOSTILE}`, description: `desc ${HOSTILE}`, severity: 'error' }],
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('onerror=alert(1)>');
    // One script element, the page's own, closed once at the end.
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html.match(/<\/script>/gi)).toHaveLength(1);
    expect(html.trimEnd().endsWith('</script>\n</body>\n</html>')).toBe(true);
    expect(html).toContain('msg &lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;too&#39;');
    expect(html).toContain('cust&lt;/script&gt;');
    expect(html).toContain('desc &lt;/script&gt;');
  });

  it('loads nothing: no external asset, a policy that forbids fetching, and links only to rule pages', () => {
    const html = formatHtml(stories, withRules);
    expect(html).not.toMatch(/\bsrc\s*=\s*["']?(?:https?:|\/\/|data:)/i);
    const links = [...html.matchAll(/<(\w+)[^>]*\bhref="([^"]*)"/g)].map(([, tag, href]) => `${tag} ${href}`);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links)
      expect(link).toMatch(
        /^a (?:#|https:\/\/github\.com\/campaign-preflight\/campaign-preflight\/blob\/main\/rules\/[a-z-]+\/README\.md$)/,
      );
    expect(html).not.toMatch(/@import|url\(|<link\b/i);
    expect(html).toContain("default-src 'none'");
  });

  it('is deterministic: the same report gives the same bytes', () => {
    expect(formatHtml(stories, withRules)).toBe(formatHtml(structuredClone(stories), { ...withRules, rules: listRules() }));
    expect(formatHtml(flood(500), bare)).toBe(formatHtml(flood(500), bare));
  });

  it('says so when nothing was found', () => {
    const html = formatHtml(report([campaign('a', 'a.yaml', 3, 0, 0)], []), withRules);
    expect(html).toContain(`No problems from any of the ${listRules().length} rules`);
    expect(html).toContain('No rows were flagged.');
    expect(formatHtml(report([campaign('a', 'a.yaml', 3, 0, 0)], []), bare)).toContain('No rule found a problem.');
  });

  it('says the verdict in plain words', () => {
    const html = formatHtml(stories, withRules);
    expect(html).toContain('<title>Campaign preflight: Not ready to send: 5 of 6 campaigns fail</title>');
    expect(formatHtml(report([campaign('a', 'a.yaml', 3, 0, 0)], []), bare)).toContain('Ready to send: the campaign passes');
  });

  it("describes each rule when the command line passes the rules, and does without when it doesn't", () => {
    const description = listRules().find((rule) => rule.id === 'review-before-delivery')!.description;
    expect(formatHtml(stories, withRules)).toContain(description);
    expect(formatHtml(stories, withRules)).toContain('No problems from the other');
    const plain = formatHtml(stories, bare);
    expect(plain).not.toContain(description);
    expect(plain).not.toContain('class="desc"');
    expect(plain).toContain('<li class="bar-row" data-rule="review-before-delivery">');
  });

  it(`writes at most ${HTML_ROWS_PER_RULE} rows of a rule and says how many more there are and where to get them`, () => {
    const html = formatHtml(flood(1_000), bare);
    expect(html.match(/<tr data-campaign=/g)).toHaveLength(HTML_ROWS_PER_RULE + 1);
    expect(html).toContain('This page lists 201 of the 1,001 problems found');
    expect(html).toContain('<span class="rule">no-consent</span>: 800 more');
    expect(html).toContain('--format csv');
    expect(html).toContain('--failures-out');
    // The counts are of every finding, not of the rows written.
    expect(html).toContain('1,000 errors');
    expect(formatHtml(stories, bare)).not.toContain('This page lists');
  });

  it('says what could not be checked, campaign by campaign, in plain words, with what each rule looks for and why', () => {
    const html = formatHtml(stories, withRules);
    const section = html.slice(
      html.indexOf('<section id="not-checked"'),
      html.indexOf('</section>', html.indexOf('<section id="not-checked"')),
    );
    expect(section).toContain('<h2 id="not-checked-heading">What could not be checked</h2>');
    // After the campaigns, before the chart.
    expect(html.indexOf('id="campaigns-heading"')).toBeLessThan(html.indexOf('id="not-checked-heading"'));
    expect(html.indexOf('id="not-checked-heading"')).toBeLessThan(html.indexOf('id="chart-heading"'));
    const consent = listRules().find((rule) => rule.id === 'no-consent')!.description;
    expect(section).toContain(
      '<p class="gap-head"><span class="sev error">Not checked</span> <strong><a class="rule" href="https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/no-consent/README.md" title="What no-consent checks, and how to fix it">no-consent</a></strong> was not checked, which fails the campaign.</p>\n' +
        `<p class="looks-for">It looks for ${consent.charAt(0).toLowerCase()}${consent.slice(1)}</p>\n` +
        '<p class="why"><strong>Why:</strong> fixtures/kids-furniture/data/customers.csv has no column email_consent (consent and opt-outs); columns found: &quot;customer_id&quot;',
    );
    expect(section).toContain(
      '<span class="sev warning">Not checked</span> <strong><a class="rule" href="https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/unknown-recipient/README.md" title="What unknown-recipient checks, and how to fix it">unknown-recipient</a></strong> was not checked (this counts as a warning).',
    );
    expect(section).toContain(
      '<span class="sev partial">Partly checked</span> <strong><a class="rule" href="https://github.com/campaign-preflight/campaign-preflight/blob/main/rules/no-consent/README.md" title="What no-consent checks, and how to fix it">no-consent</a></strong> was checked only in part.',
    );
    // Failing campaigns first, as the cards; a campaign with nothing to say, and a rule not applicable, are left out.
    const groups = [...section.matchAll(/<h3 id="gaps-c\d+">([^<]+)<\/h3>/g)].map((m) => m[1]);
    expect(groups).toEqual(['car-dealer-presidents-day', 'kids-furniture-black-friday', 'print-shop-fall-coupon']);
    expect(section).not.toContain('review-before-delivery');
    // The notices, their data escaped.
    expect(section).toContain('<h3 class="files-heading">About your files</h3>');
    expect(section).toContain(
      '<li><span class="file">fixtures/kids-furniture/data/customers.csv</span>: columns look like ones the rules read but were not read: &quot;einwilligung_email&quot; (email_consent?), &quot;opt&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;',
    );
    expect(section).toContain('<li>no contacts history is named: the rules that need it were not checked</li>');
    // Without the command line's rules, no description.
    expect(formatHtml(stories, bare)).not.toContain('class="looks-for"');
  });

  it('counts the rules not checked in the header and on the cards, and names none of them among the rules without problems', () => {
    const html = formatHtml(stories, withRules);
    // 16 error findings and one rule not checked at error; 2 warnings and one at warning.
    expect(html).toContain('<li><strong>17</strong> errors</li>');
    expect(html).toContain('<li><strong>3</strong> warnings</li>');
    expect(html).toContain('<li><a href="#not-checked"><strong>2</strong> checks could not run</a></li>');
    expect(html).toMatch(/<p class="gap-note missing"><a href="#gaps-c\d+">1 check could not run<\/a><\/p>/);
    expect(html).toMatch(/<p class="gap-note"><a href="#gaps-c\d+">1 check ran only in part<\/a><\/p>/);
    const quiet = html.match(/<p class="quiet">[^\n]*<\/p>/)![0];
    expect(quiet).not.toContain('unknown-recipient');
    // A passing run says what could not run in its headline.
    const passing = report(
      [
        {
          ...campaign('a', 'a.yaml', 3, 0, 1),
          coverage: [{ ruleId: 'unknown-recipient', status: 'not-checked', rows: 0, reason: HISTORY_REASON }],
        },
      ],
      [],
    );
    expect(formatHtml(passing, bare)).toContain('Ready to send: the campaign passes, with 1 check that could not run');
    // A campaign that has nothing but a rule not checked does not say "Nothing to fix", nor links to rows it does not have.
    const gapOnly = formatHtml(
      report(
        [
          {
            ...campaign('b', 'b.yaml', 3, 1, 0),
            failingRules: ['no-consent'],
            coverage: [{ ruleId: 'no-consent', status: 'not-checked', rows: 0, reason: CONSENT_REASON }],
          },
        ],
        [],
      ),
      bare,
    );
    expect(gapOnly).not.toContain('Nothing to fix.');
    expect(gapOnly).not.toContain('See its flagged rows');
  });

  it('has no such section when every rule checked everything and there is nothing to notice', () => {
    const clean = formatHtml(
      report(
        [{ ...campaign('a', 'a.yaml', 3, 0, 0), coverage: [{ ruleId: 'no-consent', status: 'checked', rows: 3, reason: null }] }],
        [],
        [],
      ),
      withRules,
    );
    expect(clean).not.toContain('What could not be checked');
    expect(clean).not.toContain('could not run');
  });

  it('stays small with a million findings', () => {
    const started = performance.now();
    const html = formatHtml(flood(1_000_000), bare);
    expect(html.length).toBeLessThan(250_000);
    expect(html).toContain('1,000,000 errors');
    expect(html).toContain('999,800 more');
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});

describe('html (in headless Chromium)', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    // No skipping: without Chromium this test fails, and .ci/run installs it.
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    dir = await mkdtemp(join(tmpdir(), 'preflight-html-'));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens a report's page, recording errors and every request it makes. */
  async function open(name: string, data: Report, ctx: FormatContext, viewport = { width: 1280, height: 900 }) {
    const file = join(dir, `${name}.html`);
    await writeFile(file, formatHtml(data, ctx));
    const url = pathToFileURL(file).href;
    const page: Page = await browser.newPage({ viewport });
    const problems: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, url, problems, requests, dialogs };
  }

  /** The lowest contrast ratio (WCAG 2) of any visible text on the page, with where it is. Runs in
   * the page; a string, as the test's TypeScript has no DOM types. */
  const lowestContrast = (page: Page) =>
    page.evaluate(`(() => {
      const rgba = (c) => { const p = c.match(/[\\d.]+/g).map(Number); return [p[0], p[1], p[2], p[3] ?? 1]; };
      const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat(1);
      const background = (el) => {
        const layers = [];
        for (let e = el; e; e = e.parentElement) {
          const c = rgba(getComputedStyle(e).backgroundColor);
          if (c[3] > 0) layers.push(c);
          if (c[3] === 1) break;
        }
        return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
      };
      const luminance = (c) => { const f = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
      let lowest = { ratio: 21, text: '' };
      for (const el of document.querySelectorAll('body *')) {
        const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('').trim();
        if (!text || el.getClientRects().length === 0) continue;
        const under = background(el);
        const a = luminance(over(rgba(getComputedStyle(el).color), under)), b = luminance(under);
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        if (ratio < lowest.ratio) lowest = { ratio, text: el.className + ': ' + text.slice(0, 40) };
      }
      return lowest;
    })()`) as Promise<{ ratio: number; text: string }>;

  const visibleRows = (page: Page) => page.locator('#rows-table tbody tr:visible');
  const column = (page: Page, index: number) =>
    visibleRows(page).evaluateAll(
      (rows, i) =>
        rows.map((row) => (row as unknown as { cells: Array<{ textContent: string | null }> }).cells[i].textContent ?? ''),
      index,
    );

  it('renders the verdict, the cards and a bar per rule, with no error and no request but its own file', async () => {
    const { page, url, problems, requests, dialogs } = await open('stories', stories, withRules);
    await expect(page.title()).resolves.toBe('Campaign preflight: Not ready to send: 5 of 6 campaigns fail');
    await expect(page.locator('h1').innerText()).resolves.toContain('Not ready to send: 5 of 6 campaigns fail');
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(await page.locator('article.card').count()).toBe(stories.campaigns.length + 1);
    expect(await page.locator('article.card.pass h3').innerText()).toBe('coffee-year-end');
    expect(await page.locator('.bar-row svg.bar').count()).toBe(RULES_IN_STORIES);
    // Bars are as long as their counts: review-before-delivery's 7 fill the track, a rule's 1 a seventh.
    const fill = async (rule: string) => {
      const bar = page.locator(`.bar-row[data-rule="${rule}"] svg.bar`);
      const track = (await bar.locator('rect.track').boundingBox())!;
      const filled = (await bar.locator('rect:not(.track)').first().boundingBox())!;
      expect(filled.height).toBeGreaterThan(0);
      return filled.width / track.width;
    };
    expect(await fill('review-before-delivery')).toBeCloseTo(1, 2);
    expect(await fill('generic-salutation')).toBeCloseTo(3 / 7, 2);
    expect(await fill('contact-fatigue')).toBeCloseTo(1 / 7, 2);
    // The hostile message is shown as text and ran nothing.
    expect(await page.locator('img').count()).toBe(0);
    // Twice: in its row, and in the notice about a header name.
    expect(await page.getByText(HOSTILE, { exact: false }).count()).toBe(2);
    expect(dialogs).toEqual([]);

    // Every text meets WCAG AA for normal text (4.5:1), small print included.
    const contrast = await lowestContrast(page);
    expect(contrast.ratio, contrast.text).toBeGreaterThanOrEqual(4.5);

    await mkdir(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it('shows what could not be checked, linked from the header and the cards', async () => {
    const { page, problems } = await open('not-checked', stories, withRules);
    const section = page.locator('#not-checked');
    expect(await section.isVisible()).toBe(true);
    await expect(section.locator('h2').innerText()).resolves.toBe('What could not be checked');
    await expect(section.locator('li.gap.error').innerText()).resolves.toMatch(
      /^Not checked no-consent was not checked, which fails the campaign\.\n+It looks for a recipient who refused/,
    );
    expect(await section.locator('li.gap').count()).toBe(3);
    await expect(section.locator('.file-notes li').first().innerText()).resolves.toContain(`"opt${HOSTILE}"`);
    // The card's link leads to its campaign's part of the section.
    const card = page.locator('article.card', { hasText: 'kids-furniture-black-friday' });
    await card.locator('.gap-note a').click();
    const target = await card.locator('.gap-note a').getAttribute('href');
    expect(await page.locator(target!).innerText()).toBe('kids-furniture-black-friday');
    expect(await page.locator('img').count()).toBe(0);
    await mkdir(join(SECTION_SCREENSHOT, '..'), { recursive: true });
    await section.screenshot({ path: SECTION_SCREENSHOT });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters the table as you type, and by campaign and severity', async () => {
    const { page, problems } = await open('filter', stories, withRules);
    const all = stories.findings.length;
    expect(await visibleRows(page).count()).toBe(all);
    await page.getByLabel('Filter rows').fill('NL-50');
    expect(await visibleRows(page).count()).toBe(5);
    await expect(page.locator('#row-status').innerText()).resolves.toBe(`Showing 5 of ${all} rows`);
    await page.getByLabel('Filter rows').fill('nothing matches this');
    expect(await visibleRows(page).count()).toBe(0);
    expect(await page.locator('#rows-empty').isVisible()).toBe(true);
    await page.getByLabel('Filter rows').fill('');
    await page.getByLabel('Severity', { exact: true }).selectOption('warning');
    expect(await visibleRows(page).count()).toBe(2);
    await page.getByLabel('Severity', { exact: true }).selectOption('');
    // A card's link shows that campaign's rows.
    await page.locator('article.card', { hasText: 'pizza-we-miss-you' }).getByRole('link').click();
    expect(await column(page, 0)).toEqual(Array(4).fill('pizza-we-miss-you'));
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sorts by a column when its heading is clicked, and back the other way', async () => {
    const { page, problems } = await open('sort', stories, withRules);
    const customers = stories.findings.map((f) => f.customerId).filter((id): id is string => id !== null);
    await page.getByRole('button', { name: 'Customer' }).click();
    expect(await column(page, 2)).toEqual([...[...customers].sort(), 'whole campaign', '—']);
    await expect(page.locator('th', { hasText: 'Customer' }).getAttribute('aria-sort')).resolves.toBe('ascending');
    await page.getByRole('button', { name: 'Customer' }).click();
    // Rows without a customer stay at the bottom either way.
    expect(await column(page, 2)).toEqual([...[...customers].sort().reverse(), 'whole campaign', '—']);
    await expect(page.locator('th', { hasText: 'Customer' }).getAttribute('aria-sort')).resolves.toBe('descending');
    // Lines sort as numbers: 10 after 9.
    await page.getByLabel('Campaign', { exact: true }).selectOption({ label: 'yoga-mat-review' });
    await page.getByRole('button', { name: 'Line' }).click();
    expect(await column(page, 1)).toEqual(['3', '4', '5', '6', '7', '9', '10']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reads without JavaScript: every row is there and the filter controls stay hidden', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const file = join(dir, 'nojs.html');
    await writeFile(file, formatHtml(stories, withRules));
    await page.goto(pathToFileURL(file).href);
    expect(await page.locator('#rows-table tbody tr').count()).toBe(stories.findings.length);
    expect(await page.locator('#row-controls').isVisible()).toBe(false);
    expect(await page.locator('.bar-row svg.bar').count()).toBe(RULES_IN_STORIES);
    await context.close();
  });

  it('stays usable with a hundred thousand findings: the capped rows and the notice render', async () => {
    const { page, problems, requests, url } = await open('flood', flood(100_000), bare);
    expect(await page.locator('#rows-table tbody tr').count()).toBe(HTML_ROWS_PER_RULE + 1);
    await expect(page.locator('.notice').innerText()).resolves.toContain('This page lists 201 of the 100,001 problems found');
    await page.getByLabel('Filter rows').fill('X-1');
    expect(await visibleRows(page).count()).toBe(1);
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  });
});
