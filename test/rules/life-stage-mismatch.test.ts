import { ruleTester } from '../support/rule-tester.js';

const customers = `customer_id,first_name,email,children_birth_years,life_stage,birth_date
C-TEENS,Pat,pat@example.com,2009;2005,,1975-06-01
C-SMALL,Kim,kim@example.com,2021,,1990-12-01
C-NONE,Lee,lee@example.com,,,
C-STATED,Ros,ros@example.com,,expecting,1996-11-15
C-BOTH,Ari,ari@example.com,2009,young_child,
`;
const kids = { offer: { discount_pct: 20, life_stages: ['baby', 'young_child', 'tween'] } };

ruleTester('life-stage-mismatch', {
  valid: [
    { name: 'a young child', customers, campaign: kids, audience: 'customer_id\nC-SMALL\n' },
    { name: 'no life-stage data is unknown', customers, campaign: kids, audience: 'customer_id\nC-NONE\n' },
    { name: 'one matching stage is enough', customers, campaign: kids, audience: 'customer_id\nC-BOTH\n' },
    { name: 'no life_stages in the offer', customers, audience: 'customer_id\nC-TEENS\n' },
    {
      name: 'age inside the range, bounds inclusive',
      customers,
      // Ros turns 30 on the send date; Kim is 35 until Dec 1.
      campaign: { offer: { age_range: [30, 35] } },
      audience: 'customer_id\nC-STATED\nC-SMALL\n',
    },
    {
      name: 'no birth date is unknown',
      customers,
      campaign: { offer: { age_range: [18, 35] } },
      audience: 'customer_id\nC-NONE\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: leave out, or send an offer that fits',
      customers,
      campaign: kids,
      audience: 'customer_id\nC-TEENS\n',
      errors: [
        {
          line: 2,
          suggestion: 'leave Pat out of this offer, or send Pat one for life stage teen and adult_child',
          fix: null,
        },
      ],
    },
    {
      name: 'children 17 and 21 get a kids offer',
      customers,
      campaign: kids,
      audience: 'customer_id\nC-TEENS\n',
      errors: [
        {
          line: 2,
          customerId: 'C-TEENS',
          message: 'Pat is in life stage teen and adult_child, but the offer is for baby, young_child and tween',
          evidence: { lifeStages: ['teen', 'adult_child'] },
        },
      ],
    },
    {
      name: 'a stated life stage outside the offer',
      customers,
      campaign: kids,
      audience: 'customer_id\nC-STATED\n',
      errors: [{ line: 2, message: /in life stage expecting/ }],
    },
    {
      name: 'age outside the range',
      customers,
      campaign: { offer: { age_range: [18, 35] } },
      audience: 'customer_id\nC-TEENS\nC-STATED\n',
      errors: [{ line: 2, message: "Pat is 51, outside the offer's age range 18–35", evidence: { age: 51 } }],
    },
    {
      name: 'one day before the birthday the age is still the lower one',
      customers,
      campaign: { send_at: '2026-11-30T09:00:00Z', offer: { age_range: [36, 40] } },
      audience: 'customer_id\nC-SMALL\n',
      errors: [{ line: 2, message: /Kim is 35/ }],
    },

    {
      name: 'twelve grown children: the evidence lists the first 10 birth years and counts them all',
      customers:
        'customer_id,first_name,email,children_birth_years\nC-MANY,Max,max@example.com,1990;1991;1992;1993;1994;1995;1996;1997;1998;1999;2000;2001\n',
      campaign: kids,
      audience: 'customer_id\nC-MANY\n',
      errors: [
        {
          line: 2,
          message: 'Max is in life stage adult_child, but the offer is for baby, young_child and tween',
          evidence: {
            lifeStages: ['adult_child'],
            lifeStagesTotal: 1,
            childrenBirthYears: [1990, 1991, 1992, 1993, 1994, 1995, 1996, 1997, 1998, 1999],
            childrenBirthYearsTotal: 12,
          },
        },
      ],
    },
  ],
});
