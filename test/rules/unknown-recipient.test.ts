import { ruleTester } from '../support/rule-tester.js';

const customers = `customer_id,first_name,email,phone,postal_address
C-1,Ann,ann@example.com,+1 (555) 010-1234,1 Main St
C-2,Bo,Bo@Example.com,,
`;

ruleTester('unknown-recipient', {
  valid: [
    { name: 'a known customer_id', customers, audience: 'customer_id\nC-1\nC-2\n' },
    { name: 'a known customer_id with an unknown email cell', customers, audience: 'customer_id,email\nC-1,other@example.com\n' },
    { name: 'no customer_id, email matches a record (normalized)', customers, audience: 'email\n  BO@example.COM \n' },
    {
      name: 'no customer_id, phone matches on the last 10 digits',
      customers,
      campaign: { channel: 'sms' },
      audience: 'phone\n555-010-1234\n',
    },
    {
      name: 'no customer_id, postal address matches',
      customers,
      campaign: { channel: 'direct_mail' },
      audience: 'postal_address\n1  MAIN st\n',
    },
    {
      name: 'control rows are not seen',
      customers,
      campaign: { control_group: { column: 'group', control_values: ['control'] } },
      audience: 'customer_id,group\nC-1,treatment\nC-404,control\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: check the id, link the address, or say who the row is for',
      customers,
      audience: 'customer_id,email\nC-404,\n,new@example.com\n,\n',
      errors: [
        { line: 2, suggestion: /^check customer id C-404 against the customers file/, fix: null },
        { line: 3, suggestion: /^give the row the customer_id of new@example.com/, fix: null },
        { line: 4, suggestion: 'fill in the customer_id or email of the customer this row is for, or remove the row', fix: null },
      ],
    },
    {
      name: 'a customer_id not in the history (even if its email is known)',
      customers,
      audience: 'customer_id,email\nC-1,\nC-404,ann@example.com\n',
      errors: [
        {
          line: 3,
          customerId: 'C-404',
          column: 'customer_id',
          message: 'customer C-404 is not in the customer history',
          evidence: { customerId: 'C-404' },
        },
      ],
    },
    {
      name: 'no customer_id and an email that matches no record',
      customers,
      audience: 'customer_id,email\n,ann@example.com\n,stranger@example.com\n',
      errors: [
        {
          line: 3,
          customerId: null,
          column: 'email',
          message: 'no customer in the history has the email stranger@example.com',
        },
      ],
    },
    {
      name: 'no customer_id and a phone that matches no record',
      customers,
      campaign: { channel: 'sms' },
      audience: 'phone\n+1 555 999 0000\n',
      errors: [{ line: 2, column: 'phone', message: 'no customer in the history has the phone +1 555 999 0000' }],
    },
    {
      name: 'no customer_id and a postal address that matches no record',
      customers,
      campaign: { channel: 'direct_mail' },
      audience: 'postal_address\n2 Main St\n',
      errors: [{ line: 2, column: 'postal_address', message: /has the postal address 2 Main St/ }],
    },
    {
      name: 'the address of another channel does not identify the row',
      customers,
      campaign: { channel: 'sms' },
      audience: 'customer_id,phone,email\n,,ann@example.com\n',
      errors: [
        {
          line: 2,
          customerId: null,
          message: 'the row has no customer_id and no phone, so no customer in the history can be found for it',
        },
      ],
    },
    {
      name: 'a push row without customer_id',
      customers,
      campaign: { channel: 'push' },
      audience: 'customer_id,first_name\nC-1,Ann\n,Bo\n',
      errors: [{ line: 3, message: 'the row has no customer_id, so no customer in the history can be found for it' }],
    },
    {
      name: 'an empty history knows nobody',
      audience: 'customer_id\nC-1\nC-2\n',
      errors: [{ line: 2 }, { line: 3 }],
    },
  ],
});
