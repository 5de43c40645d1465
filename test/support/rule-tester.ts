// A rule tester after ESLint's RuleTester: each case is a small campaign (audience and history as
// CSV text) checked through the real engine with only the rule under test on; valid cases must give
// no finding of it, invalid cases exactly the listed ones, each with a suggestion (and, where a case
// says, the expected suggestion and fix).

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { builtinRules } from '../../rules/index.js';
import { check, type Finding } from '../../src/index.js';
import type { Fix } from '../../src/types.js';
import { applyFixes } from './apply-fixes.js';

export interface RuleCase {
  name: string;
  /** Keys merged over the default campaign file (YAML keys, snake_case). */
  campaign?: Record<string, unknown>;
  /** The audience CSV text. */
  audience: string;
  customers?: string;
  orders?: string;
  contacts?: string;
  /** The rule's options. */
  options?: Record<string, unknown>;
  /** Keys merged into the config file. */
  config?: Record<string, unknown>;
  /** More campaigns checked in the same run, each with its own audience. */
  others?: Array<{ campaign: Record<string, unknown>; audience: string }>;
}

export interface ExpectedFinding {
  line: number | null;
  /** The id of the rule's message the finding must be worded with. */
  messageId?: string;
  customerId?: string | null;
  campaignId?: string | null;
  message?: string | RegExp;
  column?: string;
  evidence?: Record<string, unknown>;
  /** What the finding says to do: the text, or a pattern it matches. */
  suggestion?: string | RegExp;
  /** The fix it carries; null when it must carry none. */
  fix?: Fix | null;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
}

const CUSTOMERS_HEADER = 'customer_id,first_name,last_name,email\n';
const ORDERS_HEADER = 'order_id,customer_id,ordered_at,status,delivered_at\n';

export const DEFAULT_CAMPAIGN = {
  id: 'test-campaign',
  type: 'promotion',
  channel: 'email',
  send_at: '2026-11-15T09:00:00Z',
  audience: 'audience.csv',
  history: { customers: 'data/customers.csv', orders: 'data/orders.csv' },
};

/** Writes a case to a temporary folder and checks it with only `ruleId` on; returns its findings. */
export async function runCase(ruleId: string, testCase: RuleCase, root: string): Promise<Finding[]> {
  const folder = await mkdtemp(join(root, 'case-'));
  const write = async (path: string, text: string): Promise<void> => {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    await writeFile(join(folder, path), text);
  };
  const rules: Record<string, unknown> = Object.fromEntries(builtinRules.map((rule) => [rule.id, 'off']));
  rules[ruleId] = testCase.options ? ['error', testCase.options] : 'error';
  await write('.git/HEAD', ''); // stops config discovery here
  await write('campaign-preflight.config.yaml', stringify({ ...testCase.config, rules }));
  await write('data/customers.csv', testCase.customers ?? CUSTOMERS_HEADER);
  await write('data/orders.csv', testCase.orders ?? ORDERS_HEADER);
  const history: Record<string, string> = { ...DEFAULT_CAMPAIGN.history };
  if (testCase.contacts !== undefined) {
    await write('data/contacts.csv', testCase.contacts);
    history.contacts = 'data/contacts.csv';
  }
  await write('campaign.yaml', stringify({ ...DEFAULT_CAMPAIGN, history, ...testCase.campaign }));
  await write('audience.csv', testCase.audience);
  const targets = [join(folder, 'campaign.yaml')];
  for (const [i, other] of (testCase.others ?? []).entries()) {
    const name = `other-${i}`;
    await write(`${name}/audience.csv`, other.audience);
    const otherHistory = Object.fromEntries(Object.entries(history).map(([k, v]) => [k, `../${v}`]));
    await write(`${name}/campaign.yaml`, stringify({ ...DEFAULT_CAMPAIGN, history: otherHistory, id: name, ...other.campaign }));
    targets.push(join(folder, name, 'campaign.yaml'));
  }
  const { report, dispose } = await check({ targets, cwd: folder });
  const findings = [...report.findings].filter((finding) => finding.ruleId === ruleId);
  dispose();
  return findings;
}

export function ruleTester(ruleId: string, cases: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  const rootPromise = mkdtemp(join(tmpdir(), `preflight-${ruleId}-`));
  afterAll(async () => rm(await rootPromise, { recursive: true, force: true }));

  describe(ruleId, () => {
    describe('valid', () => {
      for (const testCase of cases.valid) {
        it(testCase.name, async () => {
          const findings = await runCase(ruleId, testCase, await rootPromise);
          expect(findings.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const testCase of cases.invalid) {
        it(testCase.name, async () => {
          // An invalid case lists what it expects, as ESLint's RuleTester insists.
          expect(testCase.errors.length, 'an invalid case lists its errors').toBeGreaterThan(0);
          const findings = await runCase(ruleId, testCase, await rootPromise);
          expect(findings.map((f) => f.line)).toEqual(testCase.errors.map((e) => e.line));
          testCase.errors.forEach((expected, i) => {
            const actual = findings[i];
            if (expected.messageId !== undefined) expect(actual.messageId).toBe(expected.messageId);
            if (expected.customerId !== undefined) expect(actual.customerId).toBe(expected.customerId);
            if (expected.campaignId !== undefined) expect(actual.campaignId).toBe(expected.campaignId);
            if (expected.column !== undefined) expect(actual.column).toBe(expected.column);
            if (typeof expected.message === 'string') expect(actual.message).toBe(expected.message);
            if (expected.message instanceof RegExp) expect(actual.message).toMatch(expected.message);
            if (expected.evidence) expect(actual.evidence).toMatchObject(expected.evidence);
            // Every built-in rule says what to do about each finding (docs/report.md).
            expect(actual.suggestion, `line ${actual.line}: a suggestion`).toMatch(/\S/);
            if (typeof expected.suggestion === 'string') expect(actual.suggestion).toBe(expected.suggestion);
            if (expected.suggestion instanceof RegExp) expect(actual.suggestion).toMatch(expected.suggestion);
            if (expected.fix !== undefined) expect(actual.fix ?? null).toEqual(expected.fix);
          });
          // A fix is exact: with every fix applied, no row a fix set is flagged again.
          if (testCase.errors.some((expected) => expected.fix)) {
            const own = findings.filter((finding) => finding.campaignId === DEFAULT_CAMPAIGN.id);
            const { audience, setLines } = applyFixes(testCase.audience, own);
            const again = await runCase(ruleId, { ...testCase, audience }, await rootPromise);
            const flagged = again.filter((f) => f.campaignId === DEFAULT_CAMPAIGN.id && setLines.includes(f.line!));
            expect(flagged.map((f) => `${f.line}: ${f.message}`)).toEqual([]);
          }
        });
      }
    });
  });
}
