// The rule module contract, after ESLint's `{ meta, create }` and typescript-eslint's `createRule`:
// a rule declares its id, severity, description, messages and options schema; `create` returns the
// hooks the engine calls. A rule never reads files and never formats output.

import { z } from 'zod';
import type { InvalidValue } from '../csv/typed-cells.js';
import type { People } from '../people/profiles.js';
import type { Campaign, Config, Fix, Severity } from '../types.js';
import type { LoyaltyScale } from './loyalty.js';
import type { AudienceRow, CampaignRun, RowRef } from './row.js';

/** Message templates by id, as in Stylelint's `ruleMessages`. */
export type MessageTemplates = Record<string, (data: never) => string>;

/** A suggestion as a rule reports it: the id of one of its suggestion templates and the template's data. */
export type SuggestionOf<G extends MessageTemplates> = { [K in keyof G & string]: { id: K; data: Parameters<G[K]>[0] } }[keyof G &
  string];

export interface Report<M extends MessageTemplates, G extends MessageTemplates = MessageTemplates> {
  <K extends keyof M & string>(finding: {
    /** A row, a campaign for a campaign-level finding, or a line of a history file (the run's). */
    at: RowRef | CampaignRun | HistoryRef;
    messageId: K;
    data: Parameters<M[K]>[0];
    evidence?: Record<string, unknown>;
    /** The audience column at fault, where one cell is. */
    column?: string;
    /** What to do, worded by one of `meta.suggestions` (typed as messages are). */
    suggestion?: SuggestionOf<G>;
    /** The change to the row that resolves the finding, where one is sound: applying it makes the rule pass for the row. */
    fix?: Fix;
  }): void;
}

/** A line of a history file: its findings belong to the run, not to a campaign. */
export interface HistoryRef {
  file: string;
  line: number;
}

export interface RunInfo {
  campaigns: readonly CampaignRun[];
  people: People;
  loyalty: LoyaltyScale;
  /** History cells that could not be read as their column's type. */
  invalidHistoryValues: readonly InvalidValue[];
  /** Whether two campaigns' send instants lie within the run's window_days of each other. */
  inWindow(a: CampaignRun, b: CampaignRun): boolean;
}

export interface RuleContext<O, M extends MessageTemplates, G extends MessageTemplates = MessageTemplates> {
  /** The options in force for a campaign: defaults, config, campaign file. */
  options(campaign: CampaignRun): O;
  report: Report<M, G>;
  run: RunInfo;
}

export interface RuleHooks<S> {
  /** Called for every recipient row of every campaign where the rule is on. */
  row?(row: AudienceRow, state: S): void;
  /** Called once after all rows of the run, with the state the row hook filled. */
  end?(state: S): void;
}

export interface RuleMeta<M extends MessageTemplates, G extends MessageTemplates = MessageTemplates> {
  severity: Severity;
  /** One line, for `campaign-preflight rules`. */
  description: string;
  messages: M;
  /** What-to-do templates by id, as messages are, for findings' `suggestion` (ESLint's `suggest`). */
  suggestions?: G;
  /** Rules about the control group also see control rows, which every other rule skips. */
  seesControlRows?: boolean;
  /** The rule's documentation page, which reports link to; `ruleCreator` derives it from the id. */
  docsUrl?: string;
}

/** What a rule needs the history to keep, given its options for a campaign. */
export interface HistoryNeeds {
  /** Days of contacts before the send that the rule reads. */
  contactDays?: number;
}

/** A file a rule reads, and the canonical columns it reads there. */
export interface DataNeed {
  file: 'audience' | 'customers' | 'orders' | 'contacts';
  /** The columns; none when the file itself is what counts. */
  columns: readonly string[];
  /**
   * How many must be there: `all` (the default); `any`, one is enough; `each`, one is enough to
   * check something, and every one missing leaves part unchecked (`partial`).
   */
  match?: 'all' | 'any' | 'each';
  /** What the rule is when the file or the columns are missing: `not-checked` (the default), `partial` or `not-applicable`. */
  otherwise?: 'not-checked' | 'partial' | 'not-applicable';
  /** What the data is for, said in the reason: "stated interests". */
  for?: string;
}

/** What a rule needs to check a campaign (docs/report.md coverage), or why the campaign does not concern it. */
export type Requirements =
  | { notApplicable: string }
  | {
      data: readonly DataNeed[];
      /** The rule judges only rows whose person is in the history: other rows make it `partial`. */
      perPerson?: boolean;
    };

/** What `requires` is given: the campaign and the run's config. */
export interface RequirementContext {
  campaign: Campaign;
  config: Config;
}

export interface RuleDefinition<O, M extends MessageTemplates, S, G extends MessageTemplates = MessageTemplates> {
  id: string;
  meta: RuleMeta<M, G>;
  needs?: (options: O) => HistoryNeeds;
  /** The files and columns the rule reads for a campaign; a rule without it is `checked` wherever it is on. */
  requires?: (context: RequirementContext, options: O) => Requirements;
  /** A zod schema whose defaults fill the options; none means the rule takes no options. */
  options?: z.ZodType<O>;
  /** For a rule that compares rows: `init` gives the state its hooks keep them in, one per run. */
  state?: { init(): S };
  create(context: RuleContext<O, M, G>): RuleHooks<S>;
}

/** A rule as the engine holds it, with its types erased. */
export interface Rule {
  id: string;
  meta: RuleMeta<MessageTemplates>;
  options: z.ZodType<unknown>;
  state?: { init(): unknown };
  needs?: (options: unknown) => HistoryNeeds;
  requires?: (context: RequirementContext, options: unknown) => Requirements;
  create(context: RuleContext<unknown, MessageTemplates>): RuleHooks<unknown>;
}

const NO_OPTIONS = z.object({}).strict();

/** Declares a rule with typed options, messages and state. Plugins use it too. */
export function defineRule<
  O = Record<string, never>,
  M extends MessageTemplates = MessageTemplates,
  S = undefined,
  G extends MessageTemplates = MessageTemplates,
>(definition: RuleDefinition<O, M, S, G>): Rule {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)?$/.test(definition.id)) {
    throw new Error(`rule id "${definition.id}" must be kebab-case, optionally prefixed "plugin/"`);
  }
  return {
    id: definition.id,
    meta: definition.meta as RuleMeta<MessageTemplates>,
    options: (definition.options ?? NO_OPTIONS) as z.ZodType<unknown>,
    state: definition.state,
    needs: definition.needs as ((options: unknown) => HistoryNeeds) | undefined,
    requires: definition.requires as Rule['requires'],
    create: definition.create as unknown as Rule['create'],
  };
}

/**
 * A `defineRule` that gives every rule it makes the documentation page `urlOf(id)`, as
 * typescript-eslint's `RuleCreator` does: a plugin declares where its pages live once.
 */
export function ruleCreator(urlOf: (ruleId: string) => string) {
  return <
    O = Record<string, never>,
    M extends MessageTemplates = MessageTemplates,
    S = undefined,
    G extends MessageTemplates = MessageTemplates,
  >(
    definition: RuleDefinition<O, M, S, G>,
  ): Rule => defineRule({ ...definition, meta: { ...definition.meta, docsUrl: urlOf(definition.id) } });
}

/** Whether a value is a rule made by `defineRule` (for checking what plugins export). */
export function isRule(value: unknown): value is Rule {
  const candidate = value as Partial<Rule> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.id === 'string' &&
    typeof candidate.create === 'function' &&
    typeof candidate.meta === 'object'
  );
}
