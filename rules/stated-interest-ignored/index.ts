import { z } from 'zod';
import type { AudienceRow, CampaignRun } from '../../src/engine/row.js';
import { createRule } from '../create-rule.js';
import { parseList } from '../../src/csv/values.js';
import { cappedList, listWords, recipientName } from '../format.js';

/**
 * How an interest and a category compare: trimmed, case-insensitive, and with runs of blanks,
 * hyphens and underscores read as one separator, so "Electric Vehicles" is `electric-vehicles`.
 */
export function categoryKey(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-');
}

const KEY_MEMO_LIMIT = 10_000;

interface OfferCategories {
  categories: string[];
  /** Where they came from: the row's `offer_category` cell or the campaign's `offer.categories`. */
  fromCell: boolean;
}

/** The row's offer categories: its `offer_category` cell (a list), else the campaign's; none is []. */
function offerCategories(row: AudienceRow): OfferCategories {
  const cell = parseList(row.cell('offer_category'));
  if (cell.length > 0) return { categories: cell, fromCell: true };
  return { categories: (row.campaign.campaign.offer.categories ?? []).map((category) => category.trim()), fromCell: false };
}

export default createRule({
  id: 'stated-interest-ignored',
  meta: {
    severity: 'error',
    description: 'An offer that excludes what the person said they are interested in.',
    messages: {
      excluded: (d: { name: string; interests: readonly string[]; exclusions: readonly string[] }) =>
        `${d.name} stated an interest in ${listWords(d.interests)}, but the offer excludes ${listWords(d.exclusions)}`,
      noMatch: (d: { name: string; interests: readonly string[]; categories: readonly string[] }) =>
        `${d.name} stated an interest in ${listWords(d.interests)}, but the offer is for ${listWords(d.categories)} only`,
    },
    suggestions: {
      leaveOut: (d: { name: string; interests: readonly string[] }) =>
        `leave ${d.name} out of this offer, or send ${d.name} one that includes ${listWords(d.interests)}`,
    },
  },
  options: z.object({ require_match: z.boolean().default(false) }).strict(),
  requires: ({ campaign }, { require_match: requireMatch }) =>
    (campaign.offer.excludesCategories ?? []).length === 0 && !requireMatch
      ? { notApplicable: 'the offer excludes no categories' }
      : { data: [{ file: 'customers', columns: ['interests'], for: 'stated interests' }], perPerson: true },
  create(context) {
    /** Per campaign: its excluded categories by comparison key, as written (trimmed). */
    const exclusionsOf = new Map<CampaignRun, Map<string, string>>();
    const exclusions = (campaign: CampaignRun): Map<string, string> => {
      let byKey = exclusionsOf.get(campaign);
      if (!byKey) {
        const excludes = campaign.campaign.offer.excludesCategories ?? [];
        byKey = new Map(excludes.map((category) => [categoryKey(category), category.trim()]));
        exclusionsOf.set(campaign, byKey);
      }
      return byKey;
    };

    /** Interests repeat across persons: their keys are worked out once, up to this many. */
    const interestKeys = new Map<string, string>();
    const interestKey = (interest: string): string => {
      let key = interestKeys.get(interest);
      if (key === undefined) {
        key = categoryKey(interest);
        if (interestKeys.size >= KEY_MEMO_LIMIT) interestKeys.clear();
        interestKeys.set(interest, key);
      }
      return key;
    };

    return {
      row(row) {
        const person = row.person;
        if (!person || person.interests.length === 0) return;
        const interests = person.interests;

        const excludedByKey = exclusions(row.campaign);
        const isExcluded = (interest: string): boolean => excludedByKey.has(interestKey(interest));
        if (excludedByKey.size > 0 && interests.some(isExcluded)) {
          const hit = interests.filter(isExcluded);
          const excluded = [...new Set(hit.map((interest) => excludedByKey.get(interestKey(interest)) as string))];
          context.report({
            at: row,
            messageId: 'excluded',
            data: { name: recipientName(person, row), interests: hit, exclusions: excluded },
            suggestion: { id: 'leaveOut', data: { name: recipientName(person, row), interests: hit } },
            evidence: {
              ...cappedList('interests', interests),
              ...cappedList('excludedInterests', hit),
              ...cappedList('excludesCategories', [...excludedByKey.values()]),
            },
          });
          return;
        }

        if (!context.options(row.campaign).require_match) return;
        const { categories, fromCell } = offerCategories(row);
        if (categories.length === 0) return;
        const wanted = new Set(categories.map(categoryKey));
        if (interests.some((interest) => wanted.has(interestKey(interest)))) return;
        context.report({
          at: row,
          messageId: 'noMatch',
          data: { name: recipientName(person, row), interests, categories },
          suggestion: { id: 'leaveOut', data: { name: recipientName(person, row), interests } },
          evidence: {
            ...cappedList('interests', interests),
            ...cappedList('offerCategories', categories),
            source: fromCell ? 'offer_category column' : 'offer.categories',
          },
          ...(fromCell ? { column: 'offer_category' } : {}),
        });
      },
    };
  },
});
