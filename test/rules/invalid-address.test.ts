import { ruleTester } from '../support/rule-tester.js';

const customers = `customer_id,person_id,first_name,email,phone,postal_address
C-GOOD,,Ann,ann@example.com,+1 (555) 010-1234,1 Main St
C-BAD,,Bo,bo@example,555-CALL-NOW,
C-EMPTY,,Cy,,,
C-LINK-A,P-1,Ivy,,,
C-LINK-B,P-1,Ivy,ivy@example.com,+44 20 7946 0958,2 Side Rd
C-LINK-C,P-2,Jo,jo(at)example.com,12345,
C-LINK-D,P-2,Jo,,,
`;
const sms = { channel: 'sms' };
const phone = { channel: 'phone' };
const mail = { channel: 'direct_mail' };

ruleTester('invalid-address', {
  valid: [
    {
      name: 'valid email cells',
      customers,
      audience: 'customer_id,email\nC-GOOD,ann@example.com\nC-404,a@b.c\n,x.y+tag@sub.example.org\nC-BAD,"  bo@example.com  "\n',
    },
    { name: 'empty cell: the own record holds a valid email', customers, audience: 'customer_id,email\nC-GOOD,\n' },
    { name: 'no address column: the own record holds a valid email', customers, audience: 'customer_id\nC-GOOD\n' },
    {
      name: 'empty cell: a linked record of the person holds a valid email',
      customers,
      audience: 'customer_id,email\nC-LINK-A,\n',
    },
    {
      name: 'phones of 7 to 15 digits with blanks and + - ( ) .',
      customers,
      campaign: sms,
      audience:
        'customer_id,phone\nC-1,123-4567\nC-1,123456789012345\nC-1,+44 20 7946 0958\nC-1,555.010.1234\nC-1,(555) 010-1234\n',
    },
    { name: 'phone channel: the record phone', customers, campaign: phone, audience: 'customer_id\nC-GOOD\nC-LINK-A\n' },
    {
      name: 'direct mail: a non-empty postal address',
      customers,
      campaign: mail,
      audience: 'customer_id,postal_address\nC-EMPTY,PO Box 7\nC-GOOD,\nC-LINK-A,\n',
    },
    {
      name: 'push rows are not checked',
      customers,
      campaign: { channel: 'push' },
      audience: 'customer_id,email\nC-EMPTY,not-an-email\nC-404,\n',
    },
    {
      name: 'the address of another channel is not read',
      customers,
      campaign: sms,
      audience: 'customer_id,email,phone\nC-GOOD,broken,\n',
    },
    {
      name: 'control rows are not seen',
      customers,
      campaign: { control_group: { column: 'group', control_values: ['control'] } },
      audience: 'customer_id,email,group\nC-GOOD,,treatment\nC-EMPTY,,control\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: correct the address, or remove the row',
      customers,
      audience: 'customer_id,email\nC-GOOD,ann@\nC-EMPTY,\n',
      errors: [
        { line: 2, suggestion: 'correct the email address in the email cell, or remove the row', fix: { action: 'remove' } },
        { line: 3, suggestion: 'fill in a valid email address in the email cell, or remove the row', fix: { action: 'remove' } },
      ],
    },
    {
      name: 'an email address a record marks undeliverable (hard bounce, cleaned, held), in the cell or on the record',
      customers: 'customer_id,first_name,email,email_undeliverable\nC-1,Ann,ann@example.com,true\nC-2,Bo,bo@example.com,false\n',
      audience: 'customer_id,email\nC-404,ANN@example.com\nC-1,\nC-2,bo@example.com\n',
      errors: [
        {
          line: 2,
          messageId: 'undeliverable',
          customerId: 'C-404',
          column: 'email',
          message:
            'the email address "ANN@example.com" does not receive mail: customer record C-1 marks it undeliverable (a hard bounce, cleaned or held)',
          evidence: { source: 'audience', undeliverableOn: 'C-1' },
        },
        {
          line: 3,
          messageId: 'undeliverable',
          customerId: 'C-1',
          evidence: { source: 'customer history', email: 'ann@example.com' },
        },
      ],
    },
    {
      name: 'invalid email cells are flagged even when the record holds a valid one',
      customers,
      audience: [
        'customer_id,email',
        'C-GOOD,ann@example',
        'C-GOOD,ann example@x.com',
        'C-GOOD,@example.com',
        'C-GOOD,ann@@example.com',
        'C-GOOD,ann@example.',
        'C-GOOD,ann.example.com',
      ].join('\n'),
      errors: [
        {
          line: 2,
          customerId: 'C-GOOD',
          column: 'email',
          message: '"ann@example" is not a valid email address',
          evidence: { source: 'audience', email: 'ann@example' },
        },
        { line: 3, column: 'email' },
        { line: 4, column: 'email' },
        { line: 5, column: 'email' },
        { line: 6, column: 'email' },
        { line: 7, column: 'email' },
      ],
    },
    {
      name: 'phones with too few or too many digits, or other characters',
      customers,
      campaign: sms,
      audience: [
        'customer_id,phone',
        'C-1,123456',
        'C-1,1234567890123456',
        'C-1,555/010/1234',
        'C-1,555 010 1234 ext 5',
        'C-1,+1 555 CALL NOW',
      ].join('\n'),
      errors: [
        { line: 2, column: 'phone', message: '"123456" is not a valid phone number' },
        { line: 3, column: 'phone' },
        { line: 4, column: 'phone' },
        { line: 5, column: 'phone' },
        { line: 6, column: 'phone' },
      ],
    },
    {
      name: 'empty cell and an invalid address on record',
      customers,
      audience: 'customer_id,email\nC-BAD,\n',
      errors: [
        {
          line: 2,
          customerId: 'C-BAD',
          message: 'no email address in the audience, and the one on customer record C-BAD ("bo@example") is not valid',
          evidence: { source: 'customer history', onRecord: [{ customerId: 'C-BAD', email: 'bo@example' }] },
        },
      ],
    },
    {
      name: 'an invalid phone on record (phone channel)',
      customers,
      campaign: phone,
      audience: 'customer_id\nC-BAD\n',
      errors: [{ line: 2, message: /customer record C-BAD \("555-CALL-NOW"\) is not valid/ }],
    },
    {
      name: 'no record of the person holds a valid address: the first found is named',
      customers,
      audience: 'customer_id,email\nC-LINK-D,\n',
      errors: [{ line: 2, message: /customer record C-LINK-C \("jo\(at\)example.com"\)/ }],
    },
    {
      name: 'no address anywhere',
      customers,
      audience: 'customer_id,email\nC-EMPTY,\nC-404,\n',
      errors: [
        {
          line: 2,
          message: 'no email address: the email cell is empty and the customer history holds none for this recipient',
          evidence: { source: null, personKnown: true },
        },
        { line: 3, customerId: 'C-404', evidence: { personKnown: false } },
      ],
    },
    {
      name: 'direct mail without a postal address',
      customers,
      campaign: mail,
      audience: 'customer_id,postal_address\nC-BAD,   \nC-GOOD,\n',
      errors: [{ line: 2, message: /no postal address: the postal_address cell is empty/ }],
    },
    {
      name: 'sms rows fall back to the record phone',
      customers,
      campaign: sms,
      audience: 'customer_id,phone\nC-GOOD,\nC-LINK-C,\n',
      errors: [{ line: 3, message: /C-LINK-C \("12345"\) is not valid/ }],
    },

    {
      name: 'twelve records with invalid emails: the evidence lists the first 10 and counts them all',
      customers:
        'customer_id,person_id,first_name,email\n' +
        Array.from({ length: 12 }, (_, i) => `B-${i + 1},P-B,Bo,bo${i + 1}(at)example.com\n`).join(''),
      audience: 'customer_id,email\nB-1,\n',
      errors: [
        {
          line: 2,
          message: 'no email address in the audience, and the one on customer record B-1 ("bo1(at)example.com") is not valid',
          evidence: {
            onRecord: Array.from({ length: 10 }, (_, i) => ({ customerId: `B-${i + 1}`, email: `bo${i + 1}(at)example.com` })),
            onRecordTotal: 12,
          },
        },
      ],
    },
  ],
});
