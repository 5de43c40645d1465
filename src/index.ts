// campaign-preflight as a library: check campaigns, list the rules, write rules of your own.

import { join } from 'node:path';
import { builtinRules } from '../rules/index.js';
import { PACKAGE_ROOT } from './version.js';
import type { Severity } from './types.js';

export { check, type CheckOptions, type CheckResult, type RuleTiming } from './engine/check.js';
export { writeCleanAudiences, type CleanAudience } from './engine/clean-audience.js';
export { writeFixedAudiences, type AudienceChange, type FixedAudience } from './engine/fixed-audience.js';
export type { CollectedFixes, FixFilter, RowFix } from './engine/fixes.js';
export {
  chooseConfig,
  resolveCampaignConfig,
  type ConfigChoice,
  type ConfigChoiceOptions,
  type ResolveConfigOptions,
  type ResolvedCampaignConfig,
  type ResolvedCsvSource,
  type ResolvedRuleEntry,
} from './engine/resolve-config.js';
export type { FindingList } from './engine/findings.js';
export { formatStreams, formatters, type FormatContext, type FormatStream, type Formatter } from './formats/index.js';
export { defineRule, ruleCreator, type Rule, type RuleContext, type RuleDefinition, type RuleHooks } from './engine/rule.js';
export type { AudienceRow, CampaignRun, OfferValue, RowRef } from './engine/row.js';
export type { People, Person, CustomerRecord, OrderFacts, ProfileBuilder, ProfileRequest } from './people/profiles.js';
export { CsvProfileBuilder } from './people/csv-profiles.js';
export { InputError, UsageError } from './errors.js';
export { VERSION } from './version.js';
/** zod, for plugin rules' options schemas: the same instance the engine validates with. */
export { z } from 'zod';
export type * from './types.js';

export interface RuleInfo {
  id: string;
  severity: Severity;
  description: string;
  /** The rule's documentation page online. */
  docsUrl?: string;
  /** Absolute path of the rule's documentation page in the package. */
  docsFile: string;
}

/** The built-in rules, sorted by id. */
export function listRules(): RuleInfo[] {
  return builtinRules
    .map((rule) => ({
      id: rule.id,
      severity: rule.meta.severity,
      description: rule.meta.description,
      docsUrl: rule.meta.docsUrl,
      docsFile: join(PACKAGE_ROOT, 'rules', rule.id, 'README.md'),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
}
