import { z } from 'zod';
import { createRule } from '../create-rule.js';
import { containsFoldedWord, foldWords } from '../../src/people/normalize.js';
import { cappedList } from '../format.js';
import { textNeed } from '../requirements.js';

export default createRule({
  id: 'generic-salutation',
  meta: {
    severity: 'error',
    description: "A greeting that does not use the person's name although the name is known.",
    messages: {
      generic: (d: { greeting: string; name: string }) => `greeting "${d.greeting}" does not use the known name ${d.name}`,
    },
  },
  options: z.object({}).strict(),
  requires: ({ campaign }) => ({
    data: [
      ...textNeed(campaign, 'greeting'),
      { file: 'customers', columns: ['first_name'], for: 'the known first names' },
      { file: 'customers', columns: ['last_name'], otherwise: 'partial', for: 'the known last names' },
    ],
    perPerson: true,
  }),
  create(context) {
    return {
      row(row) {
        const person = row.person;
        if (!person || person.firstNames.length === 0) return;
        const greeting = row.greeting;
        if (greeting === undefined) return;
        const text = foldWords(greeting);
        const usesName = (name: string): boolean => containsFoldedWord(text, foldWords(name).trim());
        if (person.firstNames.some(usesName) || person.lastNames.some(usesName)) return;
        const fromCell = row.cell('greeting').trim() !== '';
        context.report({
          at: row,
          messageId: 'generic',
          data: { greeting: greeting.trim(), name: [person.firstNames[0], person.lastNames[0]].filter(Boolean).join(' ') },
          evidence: {
            greeting,
            source: fromCell ? 'greeting column' : 'message.greeting template',
            ...cappedList('knownFirstNames', person.firstNames),
            ...cappedList('knownLastNames', person.lastNames),
          },
          ...(fromCell ? { column: 'greeting' } : {}),
        });
      },
    };
  },
});
