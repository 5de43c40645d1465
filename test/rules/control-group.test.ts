import { describe, expect, it } from 'vitest';
import { controlRowsFor, detectableUplift, minimumTreatmentRows, requiredControlRows } from '../../rules/control-group/index.js';
import { ruleTester } from '../support/rule-tester.js';

/** An audience of `treatment` rows sent and `control` rows held out. */
function audience(treatment: number, control: number): string {
  const lines = ['customer_id,group'];
  for (let i = 1; i <= treatment; i++) lines.push(`T-${i},treatment`);
  for (let i = 1; i <= control; i++) lines.push(`C-${i},Control`);
  return `${lines.join('\n')}\n`;
}

const controlGroup = { column: 'group', control_values: ['control'] };
// A large effect keeps the audiences small: p_c = 0.1, p_t = 0.9.
const bigEffect = { type: 'promotion', control_group: { ...controlGroup, baseline_conversion: 0.1, min_detectable_uplift: 8 } };

ruleTester('control-group', {
  valid: [
    {
      name: 'control rows above the required size (7 sent, 4 control: n_c = 3.59)',
      campaign: bigEffect,
      audience: audience(7, 4),
    },
    { name: 'a larger control group is fine too', campaign: bigEffect, audience: audience(9, 5) },
    {
      name: 'a reactivation with enough control rows',
      campaign: { ...bigEffect, type: 'reactivation' },
      audience: audience(20, 2),
    },
    {
      name: 'a campaign where the rule is off',
      campaign: { rules: { 'control-group': 'off' } },
      audience: audience(5, 0),
    },
    ...(['newsletter', 'announcement', 'review_request', 'transactional'] as const).map((type) => ({
      name: `a ${type} needs no control group`,
      campaign: { type },
      audience: audience(5, 0),
    })),
  ],
  invalid: [
    {
      name: 'what to do: hold out a control group of the size needed',
      campaign: bigEffect,
      audience: audience(7, 0),
      errors: [{ line: null, suggestion: /^hold out \d+ (person|people) as a control group/, fix: null }],
    },
    {
      name: 'a promotion without a control_group section has no control rows (defaults 5% and 20%)',
      audience: audience(10_000, 0),
      errors: [
        {
          line: null,
          customerId: null,
          campaignId: 'test-campaign',
          message:
            'this list needs 6,960 people held out (a control group) to show whether the offer works ' +
            '(a lift of 20% on 5% conversion); it has none',
          evidence: { treatmentRows: 10_000, controlRows: 0, requiredControlRows: 6960, detectableUplift: null },
        },
      ],
    },
    {
      name: 'a reactivation whose control values match no row',
      campaign: { type: 'reactivation', control_group: { column: 'group', control_values: ['holdout'] } },
      audience: audience(10_000, 0),
      errors: [{ line: null, message: /^this list needs 6,960 people held out .*; it has none$/ }],
    },
    {
      name: 'no control rows and too few rows for any control group',
      audience: audience(3, 0),
      errors: [
        {
          line: null,
          message:
            'this list is too small to show whether the offer works (a lift of 20% on 5% conversion): that takes at least ' +
            '3,932 people sent to, and it has 3 people; no one is held out',
          evidence: { requiredControlRows: null, minimumTreatmentRows: 3932 },
        },
      ],
    },
    {
      name: 'an empty promotion has no control rows',
      audience: 'customer_id,group\n',
      errors: [{ line: null, message: /^this list is too small .* and it has 0 people; no one is held out$/ }],
    },
    {
      name: 'the README example: 10,000 sent, 500 control',
      campaign: { control_group: controlGroup },
      audience: audience(10_000, 500),
      errors: [
        {
          line: null,
          customerId: null,
          message:
            'this list needs 4,409 people held out to show whether the offer works (a lift of 20% on 5% conversion); ' +
            'it has 500, enough to show only a lift of 66.3% or more',
          evidence: {
            treatmentRows: 10_000,
            controlRows: 500,
            ratio: 20,
            requiredControlRows: 4409,
            controlRowsForTreatment: 6960,
          },
        },
      ],
    },
    {
      name: 'one control row short (7 sent, 3 control: n_c = 3.11)',
      campaign: bigEffect,
      audience: audience(7, 3),
      errors: [
        {
          line: null,
          message:
            /^this list needs 4 people held out to show whether the offer works \(a lift of 800% on 10% conversion\); it has 3, enough to show only a lift of 809.6% or more$/,
        },
      ],
    },
    {
      name: 'sizes that can detect no uplift at all',
      campaign: { control_group: { ...controlGroup, baseline_conversion: 0.5, min_detectable_uplift: 0.2 } },
      audience: audience(10, 1),
      errors: [
        {
          line: null,
          message:
            'this list needs 211 people held out to show whether the offer works (a lift of 20% on 50% conversion); ' +
            'it has 1, enough to show no lift at all',
          evidence: { detectableUplift: null, controlRowsForTreatment: null },
        },
      ],
    },
    {
      name: 'every row a control row: nothing is sent',
      campaign: { control_group: controlGroup },
      audience: audience(0, 4),
      errors: [
        { line: null, message: 'everyone on the list (4 people) is held out: nothing is sent, so there is nothing to measure' },
      ],
    },
    {
      name: 'one finding per campaign of the run',
      audience: audience(5, 0),
      others: [
        { campaign: { type: 'newsletter' }, audience: audience(5, 0) },
        { campaign: bigEffect, audience: audience(9, 5) },
        // Without a control_group section its group column means nothing: no control rows.
        { campaign: { type: 'reactivation' }, audience: audience(5, 1) },
      ],
      errors: [
        { line: null, campaignId: 'test-campaign' },
        { line: null, campaignId: 'other-2' },
      ],
    },
  ],
});

describe('control-group sizing', () => {
  it('follows the formula of docs/rules.md (hand-computed: 10,000 / 500 gives n_c = 4408.66)', () => {
    expect(requiredControlRows(0.05, 0.2, 20)).toBeCloseTo(4408.66, 2);
    expect(requiredControlRows(0.05, 0.2, 1)).toBeCloseTo(8157.73, 2);
    expect(requiredControlRows(0.1, 8, 9 / 5)).toBeCloseTo(3.538, 3);
    expect(requiredControlRows(0.05, 0.2, 0)).toBe(Infinity);
  });

  it('solves for the smallest detectable uplift', () => {
    const uplift = detectableUplift(0.05, 10_000, 500)!;
    expect(uplift).toBeCloseTo(0.66207, 4);
    expect(requiredControlRows(0.05, uplift, 20)).toBeCloseTo(500, 6);
    expect(detectableUplift(0.05, 10_000, 6960)!).toBeLessThanOrEqual(0.2);
    expect(detectableUplift(0.5, 10, 1)).toBeNull();
    expect(detectableUplift(0.05, 0, 10)).toBeNull();
  });

  it('finds the control size that satisfies the formula with the treatment unchanged', () => {
    expect(controlRowsFor(0.05, 0.2, 10_000)).toBe(6960);
    expect(6960).toBeGreaterThanOrEqual(requiredControlRows(0.05, 0.2, 10_000 / 6960));
    expect(6959).toBeLessThan(requiredControlRows(0.05, 0.2, 10_000 / 6959));
    expect(controlRowsFor(0.1, 8, 7)).toBe(4);
    expect(controlRowsFor(0.1, 8, 1)).toBeNull();
  });

  it('knows when the treatment rows are too few for any control group', () => {
    expect(minimumTreatmentRows(0.05, 0.2)).toBe(3932);
    expect(controlRowsFor(0.05, 0.2, 3931)).toBeNull();
    expect(controlRowsFor(0.05, 0.2, 3932)).not.toBeNull();
  });
});
