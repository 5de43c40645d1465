import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { formatters } from '../../src/formats/index.js';
import {
  NOT_CHECKED_REASON,
  NO_CUSTOMERS_REASON,
  NO_HISTORY_NOTICE,
  PARTIAL_REASON,
  campaign,
  covered,
  finding,
  passingWithNotChecked,
  report,
  sample,
  FORMAT_CONTEXT,
} from './sample-report.js';

const junit = formatters.junit;
const SCHEMA = fileURLToPath(new URL('junit-common.xsd', import.meta.url));

const folder = mkdtempSync(path.join(tmpdir(), 'preflight-junit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let written = 0;

/** Writes the XML to a file for xmllint. */
function file(xml: string): string {
  const target = path.join(folder, `report-${++written}.xml`);
  writeFileSync(target, xml);
  return target;
}

/**
 * Runs xmllint, which the tests need: CI installs it (libxml2-utils) in .ci/run. Missing, the
 * test fails rather than skips.
 */
function xmllint(args: string[]): { status: number | null; output: string; stdout: string } {
  const run = spawnSync('xmllint', args, { encoding: 'utf8' });
  if (run.error) throw new Error(`xmllint cannot run (${run.error.message}); install it: apt-get install libxml2-utils`);
  return { status: run.status, stdout: run.stdout, output: `${run.stdout}${run.stderr}` };
}

/** The string value of an XPath expression over the XML, as an XML parser reads it. */
function xpath(xml: string, expression: string): string {
  const { status, output, stdout } = xmllint(['--noout', '--xpath', `string(${expression})`, file(xml)]);
  // --noout does not silence --xpath; status 10 means an empty result.
  if (status !== 0 && status !== 10) throw new Error(output);
  // xmllint ends the value with a line break of its own.
  return stdout.replace(/\n$/, '');
}

const xml = junit(sample, FORMAT_CONTEXT);

describe('junit', () => {
  it('matches the common JUnit XML schema', () => {
    const { status, output } = xmllint(['--noout', '--schema', SCHEMA, file(xml)]);
    expect(output).toContain('validates');
    expect(status, output).toBe(0);
  });

  it('the schema check is real: it rejects a suite without counts', () => {
    const broken = xml.replace(' tests="6" failures="4" errors="0"', '');
    expect(broken).not.toBe(xml);
    const { status, output } = xmllint(['--noout', '--schema', SCHEMA, file(broken)]);
    expect(status, output).not.toBe(0);
    expect(output).toMatch(/attribute 'tests' is required/);
  });

  it('has a suite per campaign and one for the findings of no campaign, with totals', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xpath(xml, 'count(/testsuites/testsuite)')).toBe('5');
    expect(
      ['year-end', 'spring', 'summer-sale', 'autumn', 'Not tied to a campaign'].map((_, i) =>
        xpath(xml, `/testsuites/testsuite[${i + 1}]/@name`),
      ),
    ).toEqual(['year-end', 'spring', 'summer-sale', 'autumn', 'Not tied to a campaign']);
    // 10 cases of findings; generic-salutation not checked in year-end (failing), unknown-recipient
    // in spring (skipped), no-consent checked in part in summer-sale (passing).
    expect(xpath(xml, '/testsuites/@tests')).toBe('13');
    expect(xpath(xml, '/testsuites/@failures')).toBe('6');
    expect(xpath(xml, 'sum(/testsuites/testsuite/@tests)')).toBe('13');
    expect(xpath(xml, 'sum(/testsuites/testsuite/@failures)')).toBe('6');
    expect(xpath(xml, 'sum(/testsuites/testsuite/@skipped)')).toBe('1');
    expect(xpath(xml, 'count(//failure)')).toBe('6');
    expect(xpath(xml, '//testsuite[@name="year-end"]/properties/property[@name="recipients"]/@value')).toBe('1204');
  });

  it('has a case per rule, errors first; error findings fail a campaign that failed', () => {
    const suite = '//testsuite[@name="year-end"]';
    expect(xpath(xml, `${suite}/@tests`)).toBe('6');
    expect(xpath(xml, `${suite}/@failures`)).toBe('4');
    expect(xpath(xml, `${suite}/testcase[1]/@name`)).toBe('acme/late-send');
    expect(xpath(xml, `${suite}/testcase[5]/@name`)).toBe('control-group');
    const noConsent = `${suite}/testcase[@name="no-consent"]`;
    expect(xpath(xml, `${noConsent}/@classname`)).toBe('year-end');
    expect(xpath(xml, `${noConsent}/failure/@message`)).toBe('12 findings');
    expect(xpath(xml, `${noConsent}/failure/@type`)).toBe('error');
  });

  it("lists the count and the first 10 rows in a failure's text", () => {
    const text = xpath(xml, '//testsuite[@name="year-end"]/testcase[@name="no-consent"]/failure');
    const lines = text.split('\n');
    expect(lines[0]).toBe('no-consent: 12 errors');
    expect(lines[1]).toBe(
      'campaigns/year-end/audience.csv:10  C-100  Customer 100 refused email (email_consent is false on customer record C-100)  → remove: refused email',
    );
    expect(lines).toHaveLength(12);
    expect(lines.at(-1)).toBe('… and 2 more');
    expect(text).not.toContain('C-110');
  });

  it('lists warnings that did not fail the campaign as output of a passing case', () => {
    const fatigue = '//testsuite[@name="year-end"]/testcase[@name="contact-fatigue"]';
    expect(xpath(xml, `count(${fatigue}/failure)`)).toBe('0');
    expect(xpath(xml, `${fatigue}/system-out`)).toContain('5 contacts in 7 days');
    expect(xpath(xml, '//testsuite[@name="spring"]/@failures')).toBe('0');
  });

  it('fails the warnings of a campaign that failed on warnings alone', () => {
    const suite = '//testsuite[@name="summer-sale"]';
    expect(xpath(xml, `${suite}/@failures`)).toBe('1');
    expect(xpath(xml, `${suite}/testcase[@name="contact-fatigue"]/failure/@type`)).toBe('warning');
  });

  it('fails only the rules that failed the campaign: a rule within its thresholds passes, with its rows as output', () => {
    const within = Array.from({ length: 2 }, (_, i) => finding({ ruleId: 'generic-salutation', line: 10 + i }));
    const beyond = Array.from({ length: 3 }, (_, i) => finding({ ruleId: 'no-consent', line: 20 + i }));
    const xml = junit(
      report(
        [
          campaign({
            status: 'fail',
            errors: 5,
            failingRules: ['no-consent'],
            thresholdsExceeded: [{ ruleId: 'no-consent', threshold: 'max_findings', actual: 3, limit: 2 }],
          }),
        ],
        [...within, ...beyond],
        'fail',
      ),
      FORMAT_CONTEXT,
    );
    expect(xpath(xml, "count(//testcase[@name='no-consent']/failure)")).toBe('1');
    expect(xpath(xml, "count(//testcase[@name='generic-salutation']/failure)")).toBe('0');
    expect(xpath(xml, "//testcase[@name='generic-salutation']/system-out")).toMatch(/^generic-salutation: 2 errors/);
    expect(xpath(xml, '//testsuite/@failures')).toBe('1');
  });

  it('fails the case of a rule not checked that fails the campaign, with the reason', () => {
    const notChecked = '//testsuite[@name="year-end"]/testcase[@name="generic-salutation"]';
    // After the cases of findings.
    expect(xpath(xml, '//testsuite[@name="year-end"]/testcase[6]/@name')).toBe('generic-salutation');
    expect(xpath(xml, `${notChecked}/@classname`)).toBe('year-end');
    expect(xpath(xml, `${notChecked}/failure/@type`)).toBe('not-checked');
    expect(xpath(xml, `${notChecked}/failure/@message`)).toBe(`not checked: ${NOT_CHECKED_REASON}`);
    expect(xpath(xml, `${notChecked}/failure`)).toBe(`generic-salutation: not checked: ${NOT_CHECKED_REASON}`);
  });

  it('skips the case of a rule not checked that does not fail the campaign, with the reason', () => {
    const suite = '//testsuite[@name="spring"]';
    expect(xpath(xml, `${suite}/@skipped`)).toBe('1');
    expect(xpath(xml, `${suite}/@failures`)).toBe('0');
    const skipped = `${suite}/testcase[@name="unknown-recipient"]/skipped`;
    expect(xpath(xml, `${skipped}/@message`)).toBe(`not checked: ${NO_CUSTOMERS_REASON}`);
    expect(xpath(xml, skipped)).toBe(`unknown-recipient: not checked: ${NO_CUSTOMERS_REASON}`);
  });

  it('passes a rule checked in part, with the reason as output: in the case of its findings, or a case of its own', () => {
    const fatigue = '//testsuite[@name="year-end"]/testcase[@name="contact-fatigue"]';
    expect(xpath(xml, `count(${fatigue})`)).toBe('1');
    expect(xpath(xml, `${fatigue}/system-out`)).toMatch(
      new RegExp(
        `^contact-fatigue: checked only in part \\(1,204 rows judged\\): no contacts file .*\n\ncontact-fatigue: 1 warning\n`,
      ),
    );
    expect(xpath(xml, `${fatigue}/system-out`)).toContain(PARTIAL_REASON);
    const noConsent = '//testsuite[@name="summer-sale"]/testcase[@name="no-consent"]';
    expect(xpath(xml, `count(${noConsent}/failure)`)).toBe('0');
    expect(xpath(xml, `${noConsent}/system-out`)).toMatch(
      /^no-consent: checked only in part \(180 rows judged\): .*70 rows have no customer_id/,
    );
    // A failing case keeps its failure and adds the output.
    const failing = junit(
      report(
        [
          campaign({
            status: 'fail',
            errors: 1,
            failingRules: ['no-consent'],
            coverage: [covered('no-consent', { status: 'partial', rows: 3, reason: 'some rows' })],
          }),
        ],
        [finding({})],
        'fail',
      ),
      FORMAT_CONTEXT,
    );
    expect(xpath(failing, '//testcase[@name="no-consent"]/failure/@message')).toBe('1 finding');
    expect(xpath(failing, '//testcase[@name="no-consent"]/system-out')).toBe(
      'no-consent: checked only in part (3 rows judged): some rows',
    );
    expect(xmllint(['--noout', '--schema', SCHEMA, file(failing)]).status).toBe(0);
  });

  it('gives no case to a rule not applicable to the campaign', () => {
    expect(xpath(xml, 'count(//testcase[@name="review-before-delivery"])')).toBe('0');
  });

  it('writes the notices as the output of the suite of no campaign, which a run of notices alone has too', () => {
    const output = xpath(xml, '//testsuite[@name="Not tied to a campaign"]/system-out');
    expect(output.split('\n')).toEqual([
      expect.stringMatching(
        /^data\/customers\.csv: columns look like ones the rules read but were not read: "vorname" \(first_name\?\), "Accepts <b>Email<\/b> \| \[31mMarketing"/,
      ),
      NO_HISTORY_NOTICE.message,
    ]);
    const alone = junit(report([campaign({})], [], 'pass', [NO_HISTORY_NOTICE]), FORMAT_CONTEXT);
    expect(xpath(alone, '//testsuite[@name="Not tied to a campaign"]/@tests')).toBe('0');
    expect(xpath(alone, 'count(//testsuite[@name="Not tied to a campaign"]/testcase)')).toBe('0');
    expect(xpath(alone, '//testsuite[@name="Not tied to a campaign"]/system-out')).toBe(NO_HISTORY_NOTICE.message);
    expect(xmllint(['--noout', '--schema', SCHEMA, file(alone)]).status).toBe(0);
  });

  it('gives a campaign with a rule not checked no clean case', () => {
    const gapOnly = junit(passingWithNotChecked, FORMAT_CONTEXT);
    expect(xpath(gapOnly, 'count(//testcase)')).toBe('1');
    expect(xpath(gapOnly, '//testcase/@name')).toBe('unknown-recipient');
    expect(xpath(gapOnly, '//testsuite/@skipped')).toBe('1');
  });

  it('gives a campaign without findings one passing case', () => {
    expect(xml).toContain('  <testsuite name="autumn" tests="1" failures="0" errors="0" skipped="0">\n');
    expect(xml).toContain('    <testcase name="campaign-preflight" classname="autumn"/>\n');
  });

  it('fails on an error in a history file', () => {
    const suite = '//testsuite[@name="Not tied to a campaign"]';
    expect(xpath(xml, `${suite}/testcase/@name`)).toBe('invalid-value');
    expect(xpath(xml, `${suite}/testcase/failure`)).toContain('data/orders.csv:7  "2026-13-01" is not a date');
  });

  it('escapes markup and drops the characters XML 1.0 cannot carry', () => {
    expect(xml).toContain('Dear "Ana" &lt;ana@example.com&gt; &amp; co: 100% off, | tab\there');
    expect(xpath(xml, '//testcase[@name="broken-personalization"]/failure')).toContain(
      'Dear "Ana" <ana@example.com> & co: 100% off, | tab\there',
    );
    expect(xml).not.toMatch(/[\u0001\uFFFE]/);
    expect(xpath(xml, '//testsuite[@name="summer-sale"]//failure')).toMatch(/4th message in 7 days$/);
    // Attribute values survive quotes, markup, tabs and line breaks.
    const odd = 'odd "name" & <co>\n\tnext\r\nline \u0000.yaml';
    const oddXml = junit(report([campaign({ file: odd })], [], 'pass'), FORMAT_CONTEXT);
    expect(xpath(oddXml, '//property[@name="file"]/@value')).toBe(odd.replace('\u0000', ''));
    expect(xmllint(['--noout', '--schema', SCHEMA, file(oddXml)]).status).toBe(0);
  });

  it('keeps "--" out of its comment', () => {
    const dashed = junit(
      { ...report([], [], 'pass'), tool: { name: 'campaign-preflight', version: '1.0.0--rc-' } },
      FORMAT_CONTEXT,
    );
    const comment = dashed.split('\n')[1];
    expect(comment.slice(4, -3)).not.toContain('--');
    expect(xmllint(['--noout', file(dashed)]).status).toBe(0);
  });

  it('writes an empty run as a valid report', () => {
    const empty = junit(report([], [], 'pass'), FORMAT_CONTEXT);
    expect(empty).toContain('<testsuites name="campaign-preflight" tests="0" failures="0" errors="0">');
    expect(xmllint(['--noout', '--schema', SCHEMA, file(empty)]).status).toBe(0);
  });

  it('is deterministic', () => {
    expect(junit(sample, FORMAT_CONTEXT)).toBe(xml);
    const again = junit(report([campaign({ status: 'fail', errors: 1 })], [finding({})], 'fail'), FORMAT_CONTEXT);
    expect(junit(report([campaign({ status: 'fail', errors: 1 })], [finding({})], 'fail'), FORMAT_CONTEXT)).toBe(again);
  });
});
