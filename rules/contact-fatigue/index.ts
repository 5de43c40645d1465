import { z } from 'zod';
import { ColumnTable, groupRows } from '../../src/engine/columns.js';
import { createRule } from '../create-rule.js';
import type { CampaignRun } from '../../src/engine/row.js';
import type { Contact } from '../../src/people/profiles.js';
import { DAY_MS } from '../../src/time.js';
import { plural } from '../../src/text.js';
import { cappedList, formatInstant, joinFirst, LIST_LIMIT, listWords, recipientName } from '../format.js';

/** One row per send of the run to a person: the person's index, the campaign's run index, the line. */
const SEND_COLUMNS = { person: Int32Array, campaign: Int32Array, line: Int32Array };

interface ContactFatigueState {
  sends: ColumnTable<typeof SEND_COLUMNS>;
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

export default createRule({
  id: 'contact-fatigue',
  meta: {
    severity: 'warning',
    description: 'A person contacted more than `max` times in the `window_days` up to this send.',
    messages: {
      tooMany: (d: { name: string; count: number; days: number; max: number; history: string; run: string }) =>
        `${d.name} would be contacted ${d.count} times in the ${d.days} days up to this send (max ${d.max}): ${d.history}${d.run}`,
    },
    suggestions: {
      restFirst: (d: { name: string; max: number; days: number }) =>
        `leave ${d.name} out of this send, or send it later: at most ${d.max} contacts in ${d.days} days`,
    },
  },
  options: z
    .object({
      max: z.int().positive().default(3),
      window_days: z.int().positive().default(7),
    })
    .strict(),
  needs: (options) => ({ contactDays: options.window_days }),
  requires: () => ({
    data: [{ file: 'contacts', columns: [], otherwise: 'partial', for: 'only the sends of this run are counted' }],
    perPerson: true,
  }),
  state: {
    init: (): ContactFatigueState => ({ sends: new ColumnTable(SEND_COLUMNS) }),
  },
  create(context) {
    return {
      row(row, state) {
        const person = row.person;
        if (!person) return; // no person, no history and nothing to link sends by (docs/inputs.md)
        const send = state.sends.append(row);
        const { person: personOf, campaign, line } = state.sends.columns;
        personOf[send] = person.index;
        campaign[send] = row.campaign.index;
        line[send] = row.line;
      },
      end({ sends }) {
        const { campaigns, inWindow } = context.run;
        const { person: personOf, campaign, line } = sends.columns;
        const sendAtOf = (send: number): number => campaigns[campaign[send]].campaign.sendAt;
        const bySendTime = (a: number, b: number): number =>
          sendAtOf(a) - sendAtOf(b) || campaign[a] - campaign[b] || line[a] - line[b];
        /** Whether `other` is a send of the run within [from, to] as seen from campaign `own`. */
        const inRunWindow = (other: number, own: CampaignRun, from: number, to: number): boolean => {
          const at = sendAtOf(other);
          return at >= from && at <= to && inWindow(campaigns[campaign[other]], own);
        };
        const { order, starts } = groupRows(personOf, sends.length);
        for (let personIndex = 0; personIndex + 1 < starts.length; personIndex++) {
          const groupStart = starts[personIndex];
          const groupEnd = starts[personIndex + 1];
          if (groupStart === groupEnd) continue;
          // The person's sends, in time order.
          if (groupEnd - groupStart > 1) order.subarray(groupStart, groupEnd).sort(bySendTime);
          const person = sends.person(order[groupStart])!;
          for (let s = groupStart; s < groupEnd; s++) {
            const send = order[s];
            const own = campaigns[campaign[send]];
            const options = context.options(own);
            const sendAt = own.campaign.sendAt;
            const from = sendAt - options.window_days * DAY_MS;
            // Count first, allocating nothing: almost every send is within the limit.
            let count = 0;
            for (const contact of person.contacts) if (contact.sentAt >= from && contact.sentAt < sendAt) count++;
            for (let o = groupStart; o < groupEnd; o++) if (inRunWindow(order[o], own, from, sendAt)) count++;
            if (count <= options.max) continue;
            const inHistoryWindow = (c: Contact): boolean => c.sentAt >= from && c.sentAt < sendAt;
            const earlier = person.contacts.filter(inHistoryWindow).sort((a, b) => a.sentAt - b.sentAt);
            const inRun: number[] = [];
            for (let o = groupStart; o < groupEnd; o++) if (inRunWindow(order[o], own, from, sendAt)) inRun.push(order[o]);
            const at = { campaign: own, line: line[send], customerId: sends.customerId(send), address: sends.address(send) };
            const history =
              earlier.length === 0 ? '' : `${plural(earlier.length, 'earlier contact')} (${describeChannels(earlier)}) and `;
            // Only the sends the message names are written out: a person on every row of a large
            // audience has as many sends as rows.
            const runSends = inRun.slice(0, LIST_LIMIT).map((other) => {
              const { campaign: otherCampaign } = campaigns[campaign[other]];
              return `${otherCampaign.id} line ${line[other]} at ${formatInstant(otherCampaign.sendAt)}`;
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
                run: `${plural(inRun.length, 'send')} in this run (${joinFirst(runSends, inRun.length)})`,
              },
              suggestion: {
                id: 'restFirst',
                data: { name: recipientName(person, at), max: options.max, days: options.window_days },
              },
              evidence: {
                count,
                max: options.max,
                windowDays: options.window_days,
                ...cappedList('history', earlier, (c) => ({
                  channel: c.channel,
                  sentAt: isoInstant(c.sentAt),
                  campaignId: c.campaignId || null,
                })),
                ...cappedList('run', inRun, (other) => ({
                  campaignId: campaigns[campaign[other]].campaign.id,
                  line: line[other],
                  sendAt: isoInstant(sendAtOf(other)),
                })),
              },
            });
          }
        }
      },
    };
  },
});
