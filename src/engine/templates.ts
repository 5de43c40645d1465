// The campaign's message templates (Liquid), parsed once per campaign and rendered per row.

import { Liquid, type Template } from 'liquidjs';
import { InputError } from '../errors.js';
import type { Campaign } from '../types.js';

export type MessagePart = 'subject' | 'greeting' | 'body';
export const MESSAGE_PARTS: readonly MessagePart[] = ['subject', 'greeting', 'body'];

const liquid = new Liquid({ strictFilters: true, strictVariables: false, ownPropertyOnly: true });

export interface CompiledMessage {
  /** The part rendered against a row's values; undefined when the campaign has no such template. */
  render(part: MessagePart, scope: Record<string, string>): string | undefined;
}

export function compileMessage(campaign: Campaign): CompiledMessage {
  const parsed: Partial<Record<MessagePart, Template[]>> = {};
  for (const part of MESSAGE_PARTS) {
    const source = campaign.message[part];
    if (source === undefined) continue;
    try {
      parsed[part] = liquid.parse(source);
    } catch (error) {
      const where = campaign.locate(['message', part]);
      throw new InputError(`message.${part} is not a valid Liquid template: ${firstLine(error)}`, where);
    }
  }
  return {
    render(part, scope) {
      const template = parsed[part];
      return template ? (liquid.renderSync(template, scope) as string) : undefined;
    },
  };
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}
