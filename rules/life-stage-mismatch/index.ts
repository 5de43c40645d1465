import { z } from 'zod';
import { createRule } from '../create-rule.js';
import type { Person } from '../../src/people/profiles.js';
import { cappedList, listWords, recipientName } from '../format.js';

/** docs/inputs.md: a child's life stage from its age in years at send time. */
function childStage(age: number): string | undefined {
  if (age < 0) return undefined;
  if (age <= 2) return 'baby';
  if (age <= 9) return 'young_child';
  if (age <= 12) return 'tween';
  if (age <= 17) return 'teen';
  return 'adult_child';
}

/** The person's life stages at send time: from the children's birth years plus stated ones. */
export function lifeStagesAt(person: Person, sendAt: number): string[] {
  const sendYear = new Date(sendAt).getUTCFullYear();
  const stages = new Set(person.lifeStages);
  for (const year of person.childrenBirthYears) {
    const stage = childStage(sendYear - year);
    if (stage) stages.add(stage);
  }
  return [...stages];
}

/** Completed years between a birth date and an instant. */
export function ageAt(birthDate: number, instant: number): number {
  const born = new Date(birthDate);
  const at = new Date(instant);
  const hadBirthday =
    at.getUTCMonth() > born.getUTCMonth() || (at.getUTCMonth() === born.getUTCMonth() && at.getUTCDate() >= born.getUTCDate());
  return at.getUTCFullYear() - born.getUTCFullYear() - (hadBirthday ? 0 : 1);
}

export default createRule({
  id: 'life-stage-mismatch',
  meta: {
    severity: 'warning',
    description: 'An offer aimed at life stages or ages the person is known not to be in.',
    messages: {
      lifeStage: (d: { name: string; stages: string; wanted: string }) =>
        `${d.name} is in life stage ${d.stages}, but the offer is for ${d.wanted}`,
      age: (d: { name: string; age: number; min: number; max: number }) =>
        `${d.name} is ${d.age}, outside the offer's age range ${d.min}–${d.max}`,
    },
    suggestions: {
      leaveOut: (d: { name: string; fit: string }) => `leave ${d.name} out of this offer, or send ${d.name} one for ${d.fit}`,
    },
  },
  options: z.object({}).strict(),
  requires: ({ campaign }) => {
    const { lifeStages, ageRange } = campaign.offer;
    const byStage = lifeStages !== undefined && lifeStages.length > 0;
    if (!byStage && !ageRange) return { notApplicable: 'the offer names no life_stages and no age_range' };
    if (byStage && ageRange) {
      // With both, either kind of data checks part of the rule; with neither it checks nothing.
      return {
        data: [
          {
            file: 'customers',
            columns: ['children_birth_years', 'life_stage', 'birth_date'],
            match: 'any',
            for: 'life stages and ages',
          },
          {
            file: 'customers',
            columns: ['children_birth_years', 'life_stage'],
            match: 'any',
            otherwise: 'partial',
            for: 'life stages',
          },
          { file: 'customers', columns: ['birth_date'], otherwise: 'partial', for: 'ages' },
        ],
        perPerson: true,
      };
    }
    return {
      data: byStage
        ? [{ file: 'customers', columns: ['children_birth_years', 'life_stage'], match: 'any', for: 'life stages' }]
        : [{ file: 'customers', columns: ['birth_date'], for: 'ages' }],
      perPerson: true,
    };
  },
  create(context) {
    return {
      row(row) {
        const person = row.person;
        if (!person) return;
        const { offer, sendAt } = row.campaign.campaign;
        const name = recipientName(person, row);
        if (offer.lifeStages && offer.lifeStages.length > 0) {
          const wanted = offer.lifeStages.map((s) => s.toLowerCase());
          const stages = lifeStagesAt(person, sendAt);
          if (stages.length > 0 && !stages.some((stage) => wanted.includes(stage))) {
            context.report({
              at: row,
              messageId: 'lifeStage',
              data: { name, stages: listWords(stages), wanted: listWords(wanted) },
              suggestion: { id: 'leaveOut', data: { name, fit: `life stage ${listWords(stages)}` } },
              evidence: {
                ...cappedList('lifeStages', stages),
                ...cappedList('offerLifeStages', wanted),
                ...cappedList('childrenBirthYears', person.childrenBirthYears),
              },
            });
            return;
          }
        }
        if (offer.ageRange && person.birthDate !== null) {
          const [min, max] = offer.ageRange;
          const age = ageAt(person.birthDate, sendAt);
          if (age < min || age > max) {
            context.report({
              at: row,
              messageId: 'age',
              data: { name, age, min, max },
              suggestion: { id: 'leaveOut', data: { name, fit: `age ${age}` } },
              evidence: { age, ageRange: [min, max], birthDate: new Date(person.birthDate).toISOString().slice(0, 10) },
            });
          }
        }
      },
    };
  },
});
