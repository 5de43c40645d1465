// The campaign's message templates (Liquid), parsed once per campaign and rendered per row.
// A template's output depends only on the row values it names, so renders are memoised by those
// values: a greeting that uses only `first_name` is rendered once per distinct first name.

import { Liquid, type Template } from 'liquidjs';
import { InputError } from '../errors.js';
import type { Campaign } from '../types.js';

export type MessagePart = 'subject' | 'greeting' | 'body';
export const MESSAGE_PARTS: readonly MessagePart[] = ['subject', 'greeting', 'body'];

// Templates come from campaign files, which may come from anyone: a render is bounded in time and
// memory (a loop over a billion items fails instead of hanging the run), and the tags that read
// other files (include, render, layout) do not exist, so no template can paste a file into a report.
const liquid = new Liquid({
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  parseLimit: 1_000_000,
  renderLimit: 1_000,
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

export function compileMessage(campaign: Campaign): CompiledMessage {
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
        try {
          text = liquid.renderSync(template.templates, scope) as string;
        } catch (error) {
          throw new InputError(`message.${part} cannot be rendered: ${firstLine(error)}`, campaign.locate(['message', part]));
        }
        if (template.memo.size >= MEMO_LIMIT) template.memo.clear();
        template.memo.set(key, text);
      }
      return text;
    },
  };
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
