// The campaign's message templates (Liquid), parsed once per campaign and rendered per row.
// A template's output depends only on the row values it names, so renders are memoised by those
// values: a greeting that uses only `first_name` is rendered once per distinct first name.

import { Liquid, type Template } from 'liquidjs';
import { InputError } from '../errors.js';
import type { Campaign } from '../types.js';

export type MessagePart = 'subject' | 'greeting' | 'body';
export const MESSAGE_PARTS: readonly MessagePart[] = ['subject', 'greeting', 'body'];

/** The most time one render may take, in milliseconds. */
const RENDER_LIMIT_MS = 1_000;

/**
 * The time all renders of a check may take together, in milliseconds, besides RENDER_ALLOWANCE_MS
 * a render: a template within the bound of one render can still take 0.3 s a row, and 10,000
 * distinct rows (or 100 campaigns of 100) would then run for 50 minutes.
 */
export const RENDER_BUDGET_MS = 60_000;

/**
 * What each render adds to the budget, in milliseconds: some 80 times what an ordinary template
 * takes, so that millions of distinct rows never run out of it, while a slow template does.
 */
export const RENDER_ALLOWANCE_MS = 1;

/** The render time left to the campaigns of one check, which share it. */
export class RenderBudget {
  private renders = 0;
  private spentMs = 0;

  constructor(private readonly budgetMs = RENDER_BUDGET_MS) {}

  get leftMs(): number {
    return this.budgetMs + this.renders * RENDER_ALLOWANCE_MS - this.spentMs;
  }

  /** Counts a render about to start; `spend` adds its time once it ends. */
  startRender(): void {
    this.renders++;
  }

  spend(ms: number): void {
    this.spentMs += ms;
  }

  /** The error for the template that ran out of the budget, at `where`. */
  exceeded(part: MessagePart, where: ReturnType<Campaign['locate']>): InputError {
    const renders = `${this.renders} ${this.renders === 1 ? 'render' : 'renders'}`;
    return new InputError(
      `message.${part} exceeds the render budget: the templates of this check took ${seconds(this.spentMs)} s in ${renders} ` +
        `(at most ${seconds(this.budgetMs)} s plus ${RENDER_ALLOWANCE_MS} ms a render)`,
      where,
    );
  }
}

// Templates come from campaign files, which may come from anyone: a render is bounded in time and
// memory (a loop over a billion items fails instead of hanging the run), the renders of a check
// together are bounded in time, and the tags that read other files (include, render, layout) do
// not exist, so no template can paste a file into a report.
const liquid = new Liquid({
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  parseLimit: 1_000_000,
  renderLimit: RENDER_LIMIT_MS,
  memoryLimit: 10_000_000,
});
for (const fileTag of ['include', 'render', 'layout']) delete liquid.tags[fileTag];

/** Bounds the memo of each template: distinct value combinations beyond this start a fresh memo. */
const MEMO_LIMIT = 50_000;

export interface CompiledMessage {
  /**
   * The part rendered against a row: `columns` maps a variable name to the row's cell index.
   * Undefined when the campaign has no such template.
   */
  render(part: MessagePart, cells: readonly string[], columns: ReadonlyMap<string, number>): string | undefined;
}

interface CompiledTemplate {
  templates: Template[];
  /** The root names of the variables the template reads from the row. */
  variables: string[];
  memo: Map<string, string>;
}

/** `budget`: shared by every campaign of a check; a budget of its own by default. */
export function compileMessage(campaign: Campaign, budget = new RenderBudget()): CompiledMessage {
  const compiled: Partial<Record<MessagePart, CompiledTemplate>> = {};
  for (const part of MESSAGE_PARTS) {
    const source = campaign.message[part];
    if (source === undefined) continue;
    try {
      const templates = liquid.parse(source);
      compiled[part] = { templates, variables: liquid.globalVariablesSync(templates), memo: new Map() };
    } catch (error) {
      const where = campaign.locate(['message', part]);
      throw new InputError(`message.${part} is not a valid Liquid template: ${firstLine(error)}`, where);
    }
  }
  return {
    render(part, cells, columns) {
      const template = compiled[part];
      if (!template) return undefined;
      const scope: Record<string, string> = {};
      let key = '';
      for (const name of template.variables) {
        const index = columns.get(name);
        const value = index === undefined ? undefined : (cells[index] ?? '');
        if (value !== undefined) scope[name] = value;
        key += value === undefined ? '\u0000' : `\u0001${value}`;
      }
      let text = template.memo.get(key);
      if (text === undefined) {
        if (budget.leftMs <= 0) throw budget.exceeded(part, campaign.locate(['message', part]));
        budget.startRender();
        // liquidjs stops a render at its limit: the budget's remainder when that is less.
        const started = performance.now();
        try {
          text = liquid.renderSync(template.templates, scope, {
            renderLimit: Math.min(RENDER_LIMIT_MS, budget.leftMs),
          }) as string;
        } catch (error) {
          budget.spend(performance.now() - started);
          if (budget.leftMs <= 0) throw budget.exceeded(part, campaign.locate(['message', part]));
          throw new InputError(`message.${part} cannot be rendered: ${firstLine(error)}`, campaign.locate(['message', part]));
        }
        budget.spend(performance.now() - started);
        if (template.memo.size >= MEMO_LIMIT) template.memo.clear();
        template.memo.set(key, text);
      }
      return text;
    },
  };
}

/** 60_000 -> "60", 31.4 -> "0.031". */
function seconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
