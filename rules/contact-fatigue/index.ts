import { z } from 'zod';
import { defineRule } from '../../src/engine/rule.js';
import type { Contact, Person } from '../../src/people/profiles.js';
import { DAY_MS, formatInstant, listWords, plural, recipientName } from '../format.js';


/** One row of the run that is a send to a person: its campaign (by run index) and line. */
interface Send {
  person: Person;
  campaign: number;
  line: number;
  customerId: string | null;
}

interface ContactFatigueState {
  /** Person index -> the rows of the run that send to it: one send, or several (an array only then). */
  sends: Map<number, Send | Send[]>;
}

/** Adds a person's send(s) to the state, keeping a lone send unwrapped (most persons get one). */
function addSends(state: ContactFatigueState, index: number, added: Send | Send[]): void {
  const held = state.sends.get(index);
  if (held === undefined) state.sends.set(index, added);
  else state.sends.set(index, [...(Array.isArray(held) ? held : [held]), ...(Array.isArray(added) ? added : [added])]);
}

function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** "10 email and 4 phone": the counted history contacts by channel. */
function describeChannels(contacts: readonly Contact[]): string {
  const byChannel = new Map<string, number>();
  for (const { channel } of contacts) byChannel.set(channel || 'other', (byChannel.get(channel || 'other') ?? 0) + 1);
  return listWords([...byChannel].map(([channel, count]) => `${count} ${channel}`));
}

export default defineRule({
  id: 'contact-fatigue',
  meta: {
    severity: 'warning',
    description: 'A person contacted more than `max` times in the `window_days` up to this send.',
    messages: {
      tooMany: (d: { name: string; count: number; days: number; max: number; history: string; run: string }) =>
        `${d.name} would be contacted ${d.count} times in the ${d.days} days up to this send (max ${d.max}): ${d.history}${d.run}`,
    },
  },
  options: z
    .object({
      max: z.int().positive().default(3),
      window_days: z.int().positive().default(7),
    })
    .strict(),
  needs: (options) => ({ contactDays: options.window_days }),
  state: {
    init: (): ContactFatigueState => ({ sends: new Map() }),
    merge(a, b) {
      for (const [index, sends] of b.sends) addSends(a, index, sends);
      return a;
    },
  },
  create(context) {
    return {
      row(row, state) {
        const person = row.person;
        if (!person) return; // no person, no history and nothing to link sends by (SPEC §2)
        const send: Send = { person, campaign: row.campaign.index, line: row.line, customerId: row.customerId };
        const held = state.sends.get(person.index);
        if (held === undefined) state.sends.set(person.index, send);
        else if (Array.isArray(held)) held.push(send);
        else state.sends.set(person.index, [held, send]);
      },
      end(state) {
        const { campaigns } = context.run;
        const sendAtOf = (send: Send): number => campaigns[send.campaign].campaign.sendAt;
        const lone: Send[] = [];
        for (const held of state.sends.values()) {
          let sends: Send[];
          if (Array.isArray(held)) {
            sends = held.sort((a, b) => sendAtOf(a) - sendAtOf(b) || a.campaign - b.campaign || a.line - b.line);
          } else {
            lone[0] = held; // reused: a lone send allocates nothing here
            sends = lone;
          }
          const person = sends[0].person;
          for (const send of sends) {
            const own = campaigns[send.campaign];
            const options = context.options(own);
            const sendAt = own.campaign.sendAt;
            const from = sendAt - options.window_days * DAY_MS;
            // Count first, allocating nothing: almost every send is within the limit.
            let count = 0;
            for (const contact of person.contacts) if (contact.sentAt >= from && contact.sentAt < sendAt) count++;
            for (const other of sends) {
              const at = sendAtOf(other);
              if (at >= from && at <= sendAt && context.run.inWindow(campaigns[other.campaign], own)) count++;
            }
            if (count <= options.max) continue;
            const inHistoryWindow = (c: Contact): boolean => c.sentAt >= from && c.sentAt < sendAt;
            const inRunWindow = (other: Send): boolean => {
              const at = sendAtOf(other);
              return at >= from && at <= sendAt && context.run.inWindow(campaigns[other.campaign], own);
            };
            const earlier = person.contacts.filter(inHistoryWindow).sort((a, b) => a.sentAt - b.sentAt);
            const inRun = sends.filter(inRunWindow);
            const at = { campaign: own, line: send.line, customerId: send.customerId };
            const history =
              earlier.length === 0
                ? ''
                : `${plural(earlier.length, 'earlier contact', 'earlier contacts')} (${describeChannels(earlier)}) and `;
            const runSends = inRun.map((other) => {
              const campaign = campaigns[other.campaign].campaign;
              return `${campaign.id} line ${other.line} at ${formatInstant(campaign.sendAt)}`;
            });
            context.report({
              at,
              messageId: 'tooMany',
              data: {
                name: recipientName(person, at),
                count,
                days: options.window_days,
                max: options.max,
                history,
                run: `${plural(inRun.length, 'send', 'sends')} in this run (${runSends.join(', ')})`,
              },
              evidence: {
                count,
                max: options.max,
                windowDays: options.window_days,
                history: earlier.map((c) => ({ channel: c.channel, sentAt: isoInstant(c.sentAt), campaignId: c.campaignId || null })),
                run: inRun.map((other) => ({
                  campaignId: campaigns[other.campaign].campaign.id,
                  line: other.line,
                  sendAt: isoInstant(campaigns[other.campaign].campaign.sendAt),
                })),
              },
            });
          }
        }
      },
    };
  },
});
