import { ruleTester } from '../support/rule-tester.js';

const customers = `customer_id,first_name,last_name,email
C-1,María,López,maria@example.com
C-2,Customer,,c2@example.com
C-3,,Okafor,c3@example.com
C-4,J,Doe,c4@example.com
C-6,J.,White,c6@example.com
C-5,Ben,Adams,ben@example.com
C-5B,,,BEN@example.com
`;

// One person (P-N) under twelve first names, one record each.
const NAMES = ['Ann', 'Bea', 'Cal', 'Dee', 'Eve', 'Fay', 'Gil', 'Hal', 'Ida', 'Jan', 'Kim', 'Lou'];
const twelveNames =
  'customer_id,person_id,first_name,last_name,email\n' +
  NAMES.map((name, i) => `N-${i + 1},P-N,${name},Lee,n${i + 1}@example.com\n`).join('');

ruleTester('generic-salutation', {
  valid: [
    { name: 'greets by first name', customers, audience: 'customer_id,greeting\nC-1,"Dear María,"\n' },
    { name: 'accents and case ignored', customers, audience: 'customer_id,greeting\nC-1,"hi MARIA!"\n' },
    { name: 'greets by last name', customers, audience: 'customer_id,greeting\nC-1,"Dear Ms. Lopez,"\n' },
    { name: 'no known first name (placeholder)', customers, audience: 'customer_id,greeting\nC-2,Dear Customer\n' },
    { name: 'last name only known', customers, audience: 'customer_id,greeting\nC-3,Dear Customer\n' },
    { name: 'single letter is not a name', customers, audience: 'customer_id,greeting\nC-4,Hello there\n' },
    { name: 'an initial is not a name', customers, audience: 'customer_id,greeting\nC-6,Hello there\n' },
    { name: 'no greeting at all', customers, audience: 'customer_id,email\nC-1,maria@example.com\n' },
    { name: 'unknown customer', customers, audience: 'customer_id,greeting\nC-404,Dear Customer\n' },
    {
      name: 'template renders the name',
      customers,
      campaign: { message: { greeting: "Dear {{ first_name | default: 'Customer' }}," } },
      audience: 'customer_id,first_name\nC-1,Maria\n',
    },
    {
      name: 'a name known from a linked record counts',
      customers,
      audience: 'customer_id,greeting\nC-5B,Hi Ben\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: fill in the one known first name (a fix), or use the name in the greeting cell',
      customers,
      campaign: { message: { greeting: 'Hi {{ first_name | default: "there" }},' } },
      audience: 'customer_id,first_name,greeting\nC-1,,\nC-1,,Hello friend\n',
      errors: [
        {
          line: 2,
          suggestion: 'fill in the first name María from the customer record',
          fix: { action: 'set', column: 'first_name', value: 'María' },
        },
        { line: 3, suggestion: 'greet the customer as María in the greeting column', fix: null },
      ],
    },
    {
      name: 'generic greeting cells',
      customers,
      audience: "customer_id,greeting\nC-1,Dear Postal Customer\nC-1,Dear Domino's Pizza Customer\nC-1,Hi Mariana\n",
      errors: [
        {
          line: 2,
          customerId: 'C-1',
          column: 'greeting',
          message: 'greeting "Dear Postal Customer" does not use the known name María López',
        },
        { line: 3, column: 'greeting' },
        { line: 4 },
      ],
    },
    {
      name: 'template falls back to a default although the history knows the name',
      customers,
      campaign: { message: { greeting: "Dear {{ first_name | default: 'Customer' }}," } },
      audience: 'customer_id,first_name\nC-1,\n',
      errors: [
        { line: 2, message: /"Dear Customer," does not use the known name/, evidence: { source: 'message.greeting template' } },
      ],
    },
    {
      name: 'a linked record without a name still has the person name',
      customers,
      audience: 'customer_id,greeting\nC-5B,Dear friend\n',
      errors: [{ line: 2, customerId: 'C-5B', message: /known name Ben Adams/ }],
    },
    {
      name: 'a row without customer_id is matched by its email',
      customers,
      audience: 'email,greeting\nmaria@example.com,Dear Customer\n',
      errors: [{ line: 2, customerId: null }],
    },

    {
      name: 'a person known by twelve first names: the evidence lists the first 10 and counts them all',
      customers: twelveNames,
      campaign: { message: { greeting: 'Hello there' } },
      audience: 'customer_id\nN-1\n',
      errors: [
        {
          line: 2,
          message: 'greeting "Hello there" does not use the known name Ann Lee',
          evidence: {
            knownFirstNames: NAMES.slice(0, 10),
            knownFirstNamesTotal: 12,
            knownLastNames: ['Lee'],
            knownLastNamesTotal: 1,
          },
        },
      ],
    },
  ],
});
