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
    suggestions: {
      fillFirstName: (d: { name: string }) => `fill in the first name ${d.name} from the customer record`,
      useName: (d: { name: string; source: string }) => `greet the customer as ${d.name} in the ${d.source}`,
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
        const source = fromCell ? 'greeting column' : 'message.greeting template';
        // With one known first name, filling in the first_name cell is a fix when the greeting then uses it.
        const firstName = person.firstNames.length === 1 && !fromCell ? person.firstNames[0] : undefined;
        const filled = firstName === undefined ? undefined : row.withCell('first_name', firstName)?.greeting;
        const resolution =
          firstName !== undefined && filled !== undefined && containsFoldedWord(foldWords(filled), foldWords(firstName).trim())
            ? ({
                suggestion: { id: 'fillFirstName', data: { name: firstName } },
                fix: { action: 'set', column: 'first_name', value: firstName },
              } as const)
            : ({ suggestion: { id: 'useName', data: { name: person.firstNames[0], source } } } as const);
        context.report({
          at: row,
          messageId: 'generic',
          data: { greeting: greeting.trim(), name: [person.firstNames[0], person.lastNames[0]].filter(Boolean).join(' ') },
          ...resolution,
          evidence: {
            greeting,
            source,
            ...cappedList('knownFirstNames', person.firstNames),
            ...cappedList('knownLastNames', person.lastNames),
          },
          ...(fromCell ? { column: 'greeting' } : {}),
        });
      },
    };
  },
});
