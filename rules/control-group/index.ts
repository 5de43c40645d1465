import { z } from 'zod';
import { createRule } from '../create-rule.js';

/** z for a two-sided α = 0.05 and for a power of 0.8 (docs/rules.md). */
const Z_ALPHA = 1.959964;
const Z_POWER = 0.841621;
const DEFAULT_BASELINE = 0.05;
const DEFAULT_UPLIFT = 0.2;
const MEASURED_TYPES = new Set(['promotion', 'reactivation']);

/**
 * docs/rules.md: the control rows needed to detect a relative `uplift` on a `baseline` conversion rate
 * with k treatment rows per control row. Infinite when k is 0 (nothing sent to compare with).
 */
export function requiredControlRows(baseline: number, uplift: number, k: number): number {
  if (!(k > 0)) return Infinity;
  const pc = baseline;
  const pt = pc * (1 + uplift);
  const pBar = (pc + k * pt) / (1 + k);
  const root = Z_ALPHA * Math.sqrt(pBar * (1 - pBar) * (1 + 1 / k)) + Z_POWER * Math.sqrt(pc * (1 - pc) + (pt * (1 - pt)) / k);
  return (root * root) / ((pt - pc) * (pt - pc));
}

/**
 * The smallest relative uplift that `control` control rows and `treatment` treatment rows can
 * detect: the formula solved for the uplift by bisection (the required size falls as the uplift
 * grows). Null when no uplift short of a 100% conversion rate is detectable.
 */
export function detectableUplift(baseline: number, treatment: number, control: number): number | null {
  if (treatment <= 0 || control <= 0) return null;
  const k = treatment / control;
  let high = (1 / baseline - 1) * (1 - 1e-12); // p_t just below 1
  if (requiredControlRows(baseline, high, k) > control) return null;
  let low = 0;
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (requiredControlRows(baseline, mid, k) <= control) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * The smallest control size c that, beside the `treatment` rows as they are, satisfies the formula
 * (c >= n_c with k = treatment / c). Null when no control group is large enough because the
 * treatment rows are too few (fewer than `minimumTreatmentRows`).
 */
export function controlRowsFor(baseline: number, uplift: number, treatment: number): number | null {
  if (treatment <= 0) return null;
  const enough = (c: number): boolean => c >= requiredControlRows(baseline, uplift, treatment / c);
  if (enough(1)) return 1;
  // Enough is monotone in c: grow until it holds, then bisect between the last two sizes.
  let low = 1;
  let high = 2;
  while (!enough(high)) {
    if (high > 1e15) return null;
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (enough(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/** Treatment rows needed before any control group, however large, suffices. */
export function minimumTreatmentRows(baseline: number, uplift: number): number {
  const pc = baseline;
  const pt = pc * (1 + uplift);
  const root = Z_ALPHA * Math.sqrt(pc * (1 - pc)) + Z_POWER * Math.sqrt(pt * (1 - pt));
  return Math.ceil((root * root) / ((pt - pc) * (pt - pc)));
}

/** A configured rate as a percentage: 0.05 -> "5%", 0.0125 -> "1.25%". */
function percent(fraction: number): string {
  return `${Math.round(fraction * 1e6) / 1e4}%`;
}

/** Rounds up so that an uplift the sizes cannot detect is never shown: 0.66207 -> "66.3%". */
function percentUp(fraction: number): string {
  const tenths = Math.ceil(Math.round(fraction * 1e7) / 1e4);
  return `${tenths / 10}%`;
}

/** "10,000". */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const people = (n: number): string => `${count(n)} ${n === 1 ? 'person' : 'people'}`;

export default createRule({
  id: 'control-group',
  meta: {
    severity: 'warning',
    description: 'A promotion or reactivation without a control group large enough to measure its uplift.',
    seesControlRows: true,
    messages: {
      none: (d: { needed: string; target: string }) =>
        `this list needs ${d.needed} held out (a control group) to show whether the offer works (${d.target}); it has none`,
      noneTooFew: (d: { treatment: string; minimum: string; target: string }) =>
        `this list is too small to show whether the offer works (${d.target}): that takes at least ${d.minimum} sent to, and it has ${d.treatment}; no one is held out`,
      noTreatment: (d: { control: string }) =>
        `everyone on the list (${d.control}) is held out: nothing is sent, so there is nothing to measure`,
      tooSmall: (d: { needed: string; control: string; target: string; detectable: string }) =>
        `this list needs ${d.needed} held out to show whether the offer works (${d.target}); it has ${d.control}, enough to show ${d.detectable}`,
    },
    suggestions: {
      addControl: (d: { needed: string }) =>
        `hold out ${d.needed} as a control group: mark them in the audience and name the column in the campaign's control_group`,
      sendToMore: (d: { minimum: string }) =>
        `send to at least ${d.minimum} so that a control group can measure the uplift, or set control_group.min_detectable_uplift higher`,
      sendSome: () => 'mark fewer rows as control rows, so that someone receives the campaign',
      growControl: (d: { control: string }) =>
        `move rows from the treatment to the control group until it has ${d.control}, or set control_group.min_detectable_uplift higher`,
    },
  },
  options: z.object({}).strict(),
  requires: ({ campaign }) =>
    MEASURED_TYPES.has(campaign.type)
      ? { data: [] }
      : { notApplicable: `only promotions and reactivations are measured against a control group; this is a ${campaign.type}` },
  create(context) {
    return {
      end() {
        for (const campaignRun of context.run.campaigns) {
          const { campaign, recipients: treatment, controlRows: control } = campaignRun;
          // Where the rule is off for a campaign, the engine drops its finding.
          if (!MEASURED_TYPES.has(campaign.type)) continue;
          const baseline = campaign.controlGroup?.baselineConversion ?? DEFAULT_BASELINE;
          const uplift = campaign.controlGroup?.minDetectableUplift ?? DEFAULT_UPLIFT;
          const target = `a lift of ${percent(uplift)} on ${percent(baseline)} conversion`;
          const evidence = {
            treatmentRows: treatment,
            controlRows: control,
            baselineConversion: baseline,
            minDetectableUplift: uplift,
          };

          if (control === 0) {
            const needed = controlRowsFor(baseline, uplift, treatment);
            if (needed === null) {
              const minimum = minimumTreatmentRows(baseline, uplift);
              context.report({
                at: campaignRun,
                messageId: 'noneTooFew',
                data: { target, treatment: people(treatment), minimum: people(minimum) },
                suggestion: { id: 'sendToMore', data: { minimum: people(minimum) } },
                evidence: { ...evidence, requiredControlRows: null, minimumTreatmentRows: minimum, detectableUplift: null },
              });
            } else {
              context.report({
                at: campaignRun,
                messageId: 'none',
                data: { target, needed: people(needed) },
                suggestion: { id: 'addControl', data: { needed: people(needed) } },
                evidence: { ...evidence, requiredControlRows: needed, detectableUplift: null },
              });
            }
            continue;
          }
          if (treatment === 0) {
            context.report({
              at: campaignRun,
              messageId: 'noTreatment',
              data: { control: people(control) },
              suggestion: { id: 'sendSome', data: undefined },
              evidence: { ...evidence, requiredControlRows: null, detectableUplift: null },
            });
            continue;
          }
          const k = treatment / control;
          const required = requiredControlRows(baseline, uplift, k);
          if (control >= required) continue;
          const needed = Math.ceil(required);
          const detectable = detectableUplift(baseline, treatment, control);
          // Adding control rows lowers k and so raises n_c: the size that satisfies the formula
          // once reached, with the treatment rows unchanged, is the one to aim for.
          const enoughControl = controlRowsFor(baseline, uplift, treatment);
          context.report({
            at: campaignRun,
            messageId: 'tooSmall',
            data: {
              needed: people(needed),
              control: count(control),
              target,
              detectable: detectable === null ? 'no lift at all' : `only a lift of ${percentUp(detectable)} or more`,
            },
            suggestion:
              enoughControl === null
                ? { id: 'sendToMore', data: { minimum: people(minimumTreatmentRows(baseline, uplift)) } }
                : { id: 'growControl', data: { control: people(enoughControl) } },
            evidence: {
              ...evidence,
              ratio: k,
              requiredControlRows: needed,
              detectableUplift: detectable,
              controlRowsForTreatment: enoughControl,
            },
          });
        }
      },
    };
  },
});
