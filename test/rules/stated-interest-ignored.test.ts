import { ruleTester } from '../support/rule-tester.js';

const customers = `customer_id,first_name,email,interests
C-EV,Dana,dana@example.com,electric-vehicles;suvs
C-CASE,Eli,eli@example.com,  Electric-Vehicles  |trucks
C-WORDS,Fay,fay@example.com,Electric Vehicles
C-SUV,Gus,gus@example.com,suvs
C-NONE,Hal,hal@example.com,
C-LINK,Ivy,ivy@example.com,
C-LINK2,,IVY@example.com,electric-vehicles
C-PART,Jo,jo@example.com,vehicles;electric
`;
const evSale = { offer: { discount_pct: 10, excludes_categories: ['electric-vehicles'] } };
const suvOffer = { offer: { discount_pct: 10, categories: ['SUVs', 'trucks'] } };

const TWELVE = Array.from({ length: 12 }, (_, i) => `category-${String.fromCharCode(97 + i)}`);

ruleTester('stated-interest-ignored', {
  valid: [
    { name: 'no exclusions in the offer', customers, campaign: { offer: { discount_pct: 10 } }, audience: 'customer_id\nC-EV\n' },
    { name: 'interests the offer does not exclude', customers, campaign: evSale, audience: 'customer_id\nC-SUV\n' },
    { name: 'no stated interests', customers, campaign: evSale, audience: 'customer_id\nC-NONE\n' },
    { name: 'a customer not in the history', customers, campaign: evSale, audience: 'customer_id\nC-404\n' },
    { name: 'only whole categories match, not parts of them', customers, campaign: evSale, audience: 'customer_id\nC-PART\n' },
    {
      name: 'without require_match, interests outside the categories are fine',
      customers,
      campaign: { offer: { categories: ['trucks'] } },
      audience: 'customer_id\nC-SUV\n',
    },
    {
      name: 'require_match: one interest among the categories is enough (case ignored)',
      customers,
      campaign: suvOffer,
      options: { require_match: true },
      audience: 'customer_id\nC-EV\nC-SUV\nC-CASE\n',
    },
    {
      name: 'require_match: with no categories at all the clause cannot apply',
      customers,
      options: { require_match: true },
      audience: 'customer_id\nC-EV\n',
    },
    {
      name: 'require_match: no stated interests is not a mismatch',
      customers,
      campaign: suvOffer,
      options: { require_match: true },
      audience: 'customer_id\nC-NONE\n',
    },
    {
      name: "require_match: the row's offer_category overrides the campaign's categories",
      customers,
      campaign: { offer: { categories: ['trucks'] } },
      options: { require_match: true },
      audience: 'customer_id,offer_category\nC-SUV,sedans; suvs\n',
    },
    {
      name: 'require_match: an empty offer_category cell falls back to the campaign',
      customers,
      campaign: suvOffer,
      options: { require_match: true },
      audience: 'customer_id,offer_category\nC-SUV,\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: leave out, or offer what the person asked about',
      customers,
      campaign: evSale,
      audience: 'customer_id\nC-EV\n',
      errors: [
        {
          line: 2,
          suggestion: 'leave Dana out of this offer, or send Dana one that includes electric-vehicles',
          fix: null,
        },
      ],
    },
    {
      name: 'the car dealer: asked about electric vehicles, offered everything except them',
      customers,
      campaign: evSale,
      audience: 'customer_id\nC-SUV\nC-EV\n',
      errors: [
        {
          line: 3,
          customerId: 'C-EV',
          message: 'Dana stated an interest in electric-vehicles, but the offer excludes electric-vehicles',
          evidence: {
            interests: ['electric-vehicles', 'suvs'],
            excludedInterests: ['electric-vehicles'],
            excludesCategories: ['electric-vehicles'],
          },
        },
      ],
    },
    {
      name: 'case, surrounding blanks and separators are ignored',
      customers,
      campaign: { offer: { excludes_categories: ['Electric-Vehicles ', 'trucks'] } },
      audience: 'customer_id\nC-CASE\nC-WORDS\n',
      errors: [
        {
          line: 2,
          message: 'Eli stated an interest in electric-vehicles and trucks, but the offer excludes Electric-Vehicles and trucks',
        },
        { line: 3, message: /Fay stated an interest in electric vehicles, but the offer excludes Electric-Vehicles/ },
      ],
    },
    {
      name: 'an interest stated on a linked record counts',
      customers,
      campaign: evSale,
      audience: 'customer_id\nC-LINK\n',
      errors: [{ line: 2, customerId: 'C-LINK', message: /^Ivy stated an interest in electric-vehicles/ }],
    },
    {
      name: 'a row without customer_id is matched by its email',
      customers,
      campaign: evSale,
      audience: 'email\ndana@example.com\n',
      errors: [{ line: 2, customerId: null }],
    },
    {
      name: 'require_match: stated interests none of which is among the categories',
      customers,
      campaign: { offer: { categories: ['trucks', 'vans'] } },
      options: { require_match: true },
      audience: 'customer_id\nC-EV\nC-CASE\n',
      errors: [
        {
          line: 2,
          message: 'Dana stated an interest in electric-vehicles and suvs, but the offer is for trucks and vans only',
          evidence: { offerCategories: ['trucks', 'vans'], source: 'offer.categories' },
        },
      ],
    },
    {
      name: "require_match: the row's offer_category is the offer, and its column is at fault",
      customers,
      campaign: suvOffer,
      options: { require_match: true },
      audience: 'customer_id,offer_category\nC-SUV,sedans|vans\nC-SUV,suvs\n',
      errors: [
        {
          line: 2,
          column: 'offer_category',
          message: 'Gus stated an interest in suvs, but the offer is for sedans and vans only',
          evidence: { offerCategories: ['sedans', 'vans'], source: 'offer_category column' },
        },
      ],
    },
    {
      name: 'one finding per row: the exclusion is reported before the missing match',
      customers,
      campaign: { offer: { categories: ['trucks'], excludes_categories: ['suvs'] } },
      options: { require_match: true },
      audience: 'customer_id\nC-EV\n',
      errors: [{ line: 2, message: /but the offer excludes suvs$/ }],
    },

    {
      name: 'twelve excluded interests: the first 10 are named and the rest counted',
      customers: `customer_id,first_name,email,interests\nC-ALL,Kai,kai@example.com,${TWELVE.join(';')}\n`,
      campaign: { offer: { discount_pct: 10, excludes_categories: TWELVE } },
      audience: 'customer_id\nC-ALL\n',
      errors: [
        {
          line: 2,
          message:
            `Kai stated an interest in ${TWELVE.slice(0, 10).join(', ')} and 2 more, ` +
            `but the offer excludes ${TWELVE.slice(0, 10).join(', ')} and 2 more`,
          evidence: {
            interests: TWELVE.slice(0, 10),
            interestsTotal: 12,
            excludedInterests: TWELVE.slice(0, 10),
            excludedInterestsTotal: 12,
            excludesCategories: TWELVE.slice(0, 10),
            excludesCategoriesTotal: 12,
          },
        },
      ],
    },
  ],
});
