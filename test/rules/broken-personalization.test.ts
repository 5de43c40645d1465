import { ruleTester } from '../support/rule-tester.js';

const customers = `customer_id,first_name,last_name,email
C-1,Ann,Smith,ann@example.com
C-2,Bob,Jones,bob@example.com
`;
const greetingTemplate = { message: { greeting: 'Hi {{ first_name }},' } };
const fullNameTemplate = { message: { greeting: 'Dear {{ first_name }} {{ last_name }}' } };
const leadingNameTemplate = { message: { subject: '{{ first_name }}, 30% off' } };
const commaNameTemplate = { message: { greeting: 'Dear {{ first_name }}, {{ last_name }}' } };
const dashTemplate = { message: { subject: 'Sale -{{ code }}' } };
// Issue 17: the empty merges marketers make most, each rendered for a blank first name or code.
const everydayTemplates = {
  message: { subject: '{{ first_name }} - 30% off', greeting: 'Just for you, {{ first_name }}', body: 'Sale - {{ code }}' },
};

ruleTester('broken-personalization', {
  valid: [
    {
      name: 'clean cells in every part',
      customers,
      audience: 'customer_id,subject,greeting,body\nC-1,Your 20% coupon,"Hi Ann,",Thanks for shopping. See you soon!\n',
    },
    {
      name: 'a template rendered with its values',
      customers,
      campaign: greetingTemplate,
      audience: 'customer_id,first_name\nC-1,Ann\n',
    },
    {
      name: 'both names present',
      customers,
      campaign: fullNameTemplate,
      audience: 'customer_id,first_name,last_name\nC-1,Ann,Smith\n',
    },
    { name: 'no message at all', customers, audience: 'customer_id\nC-1\n' },
    {
      name: 'a non-empty cell wins over a template that would render an empty merge',
      customers,
      campaign: greetingTemplate,
      audience: 'customer_id,first_name,greeting\nC-1,,"Hi Ann,"\n',
    },
    {
      name: 'the words are case-sensitive and whole tokens',
      customers,
      audience:
        'customer_id,body\n' +
        'C-1,Nullify the old card: NULL and Null are fine\n' +
        'C-1,"Annulled, nullable, undefinedness, NaNs and Nan are words of their own"\n' +
        'C-1,Bananas and [object object] too\n',
    },
    {
      name: 'single delimiters are not merge tags',
      customers,
      audience:
        'customer_id,body\n' +
        'C-1,"Save 20% on {everything} [today] * only | online, from $5 {or less} < 50% off"\n' +
        'C-1,An unclosed {{ first_name is not a complete tag\n',
    },
    {
      name: 'line breaks are not blanks, and indentation after a line break is not an empty merge',
      customers,
      audience: 'customer_id,body\nC-1,"Hello Ann,\n\n  - cribs\n  - desks\n\t\tand more\nBye"\n',
    },
    {
      name: 'a single blank at the start or end, or around a line break',
      customers,
      audience: 'customer_id,subject,body\nC-1, Hello there ,"Thanks \n for coming"\n',
    },
    {
      name: 'punctuation right after a word, or after a line break',
      customers,
      audience: 'customer_id,body\nC-1,"Dr. Who? Yes! 10:30; done.\n, then more"\n',
    },
    {
      name: 'docs/report.md edges that are not empty merges: a comma or dash inside the text, a comma ending it, a dash without a blank before it',
      customers,
      audience:
        'customer_id,subject\n' +
        'C-1,"Hi Ann, 30% off"\n' +
        'C-1,Sale – today\n' +
        'C-1,Sale - today\n' +
        'C-1,Sale — today only\n' +
        'C-1,"Hi Ann,"\n' +
        'C-1,30% off for well-\n' +
        'C-1,Ann—\n' +
        'C-1,"Hi Ann,\n"\n' +
        'C-1,"Your list:\n- cribs\n- desks"\n' +
        'C-1,"Dear Ann, \nwelcome"\n' +
        'C-1,20% off - 3 days\n',
    },
    {
      name: 'docs/report.md templates with their values: no leading comma, no trailing comma or dash',
      customers,
      campaign: { message: { ...leadingNameTemplate.message, ...commaNameTemplate.message, body: 'Code -{{ code }}' } },
      audience: 'customer_id,first_name,last_name,code\nC-1,Ann,Smith,X1\n',
    },
    {
      name: 'issue 17: the everyday templates with their values, and texts that end in ordinary punctuation',
      customers,
      campaign: everydayTemplates,
      audience:
        'customer_id,first_name,code,subject\n' +
        'C-1,Ann,X1,\n' +
        'C-1,Ann,X1,Hi!\n' +
        'C-1,Ann,X1,30% off.\n' +
        'C-1,Ann,X1,Sale - today only!\n',
    },
    {
      name: 'control rows receive nothing',
      customers,
      campaign: { control_group: { column: 'group', control_values: ['control'] } },
      audience: 'customer_id,group,greeting\nC-1,control,Hi {{ first_name }}\n',
    },
  ],
  invalid: [
    {
      name: 'what to do: fill in the empty name from the history (a fix), or mend the tag or the template',
      customers,
      campaign: greetingTemplate,
      audience: 'customer_id,first_name,subject\nC-1,,\nC-2,Bob,Hi {{ fname }}\nC-9,,\n',
      errors: [
        {
          line: 2,
          suggestion: 'fill in the first name Ann from the customer record',
          fix: { action: 'set', column: 'first_name', value: 'Ann' },
        },
        {
          line: 3,
          suggestion: 'correct the merge tag "{{ fname }}" in the subject column: it would be sent as it is',
          fix: null,
        },
        { line: 4, suggestion: /^fill in the cells the message.greeting template reads, or give it a fallback/, fix: null },
      ],
    },
    {
      name: 'every kind of unrendered merge tag, from a cell',
      customers,
      audience:
        'customer_id,subject\n' +
        'C-1,{{ first_name }}: your coupon\n' +
        'C-1,{% if vip %}VIP sale\n' +
        'C-1,Hello *|FNAME|*\n' +
        'C-1,Hello %%FirstName%%\n' +
        'C-1,Hello [[first_name]]\n' +
        'C-1,Hello ${user.firstName}\n' +
        'C-1,Hello <%= @user.name %>\n' +
        'C-1,Hi {{ contact.firstname }}\n' +
        'C-1,"Hi {{\nfirst_name\n}}"\n' +
        'C-1,Empty {{}} tag\n',
      errors: [
        {
          line: 2,
          customerId: 'C-1',
          column: 'subject',
          message:
            'subject holds an unrendered merge tag "{{ first_name }}"' +
            ' (the subject column is sent as written: only message templates are rendered)',
          evidence: {
            problems: [{ part: 'subject', source: 'subject column', kind: 'unrenderedTag', snippet: '{{ first_name }}' }],
          },
        },
        { line: 3, message: /"\{% if vip %\}"/ },
        { line: 4, message: /"\*\|FNAME\|\*"/ },
        { line: 5, message: /"%%FirstName%%"/ },
        { line: 6, message: /"\[\[first_name\]\]"/ },
        { line: 7, message: /"\$\{user\.firstName\}"/ },
        { line: 8, message: /"<%= @user\.name %>"/ },
        { line: 9, message: /"\{\{ contact\.firstname \}\}"/ },
        { line: 10, message: /unrendered merge tag/ },
        { line: 13, message: /"\{\{\}\}"/ },
      ],
    },
    {
      name: 'a tag the template left in (a Mailchimp tag in a Liquid template)',
      customers,
      campaign: { message: { body: 'Hello *|FNAME|*, welcome back' } },
      audience: 'customer_id\nC-1\n',
      errors: [
        {
          line: 2,
          message:
            'body holds an unrendered merge tag "*|FNAME|*"' +
            " (message templates are rendered as Liquid only: other platforms' merge tags are sent as written)",
          evidence: { problems: [{ part: 'body', source: 'message.body template' }] },
        },
      ],
    },
    {
      name: 'the words undefined, null, NaN and [object Object]',
      customers,
      audience:
        'customer_id,greeting\n' +
        'C-1,"Hi undefined,"\n' +
        'C-1,Dear null\n' +
        'C-1,Save NaN% today\n' +
        'C-1,Hello [object Object]\n' +
        'C-1,Dear Ann null-Smith\n',
      errors: [
        {
          line: 2,
          column: 'greeting',
          message: 'greeting holds "undefined" where a value should be',
          evidence: { problems: [{ kind: 'missingValue', snippet: 'undefined' }] },
        },
        { line: 3, message: /"null"/ },
        { line: 4, message: /"NaN"/ },
        { line: 5, message: /"\[object Object\]"/ },
        { line: 6, message: /"null"/ },
      ],
    },
    {
      name: 'a missing value renders an empty merge before punctuation',
      customers,
      campaign: greetingTemplate,
      audience: 'customer_id,first_name\nC-1,\nC-2,Bob\n',
      errors: [
        {
          line: 2,
          message: 'greeting has an empty merge (a blank before ","): "Hi ,"',
          evidence: {
            problems: [{ part: 'greeting', source: 'message.greeting template', kind: 'emptyMerge', snippet: 'Hi ,' }],
          },
        },
      ],
    },
    {
      name: 'a missing first name renders two blanks in a row',
      customers,
      campaign: fullNameTemplate,
      audience: 'customer_id,first_name,last_name\nC-1,,Smith\n',
      errors: [{ line: 2, message: 'greeting has an empty merge (two blanks in a row): "Dear  Smith"' }],
    },
    {
      name: 'a blank before each punctuation mark, spaces or tabs',
      customers,
      audience:
        'customer_id,body\n' +
        'C-1,See you soon .\n' +
        'C-1,Dear Ann ; welcome\n' +
        'C-1,Your code : X1\n' +
        'C-1,Welcome back !\n' +
        'C-1,Ready ?\n' +
        'C-1,"Hi\t, Ann"\n' +
        'C-1,Hi \tthere\n' +
        'C-1,Hi\t\tthere\n',
      errors: [
        { line: 2, message: /a blank before "\."/ },
        { line: 3, message: /a blank before ";"/ },
        { line: 4, message: /a blank before ":"/ },
        { line: 5, message: /a blank before "!"/ },
        { line: 6, message: /a blank before "\?"/ },
        { line: 7, message: /a blank before ","/ },
        { line: 8, message: /two blanks in a row/ },
        { line: 9, message: /two blanks in a row/ },
      ],
    },
    {
      name: 'two blanks at the very start, at a line end, or inside an indented line',
      customers,
      audience:
        'customer_id,body\n' +
        'C-1,"  from an empty leading merge"\n' +
        'C-1,"Thanks  \nBye"\n' +
        'C-1,"Hello,\n  indented line with  two spaces"\n',
      errors: [
        { line: 2, message: /two blanks in a row\): " {2}from"/ },
        { line: 3, message: /two blanks in a row\): "Thanks {2}"/ },
        { line: 5, message: /"with {2}two"/ }, // the record above spans lines 3–4
      ],
    },
    {
      name: 'one finding per row, listing every part with a problem',
      customers,
      campaign: { message: { subject: 'Sale for {{ first_name }} !', body: 'Dear {{ first_name }} ,' } },
      audience: 'customer_id,first_name,greeting\nC-1,Ann,Hi *|FNAME|*\nC-2,,"Hi Bob,"\n',
      errors: [
        {
          line: 2,
          // two parts at fault: the greeting cell and the subject template; one cell → its column
          column: 'greeting',
          message: 'subject has an empty merge (a blank before "!"): "Ann !" (and a problem in greeting and body)',
          evidence: {
            problems: [
              { part: 'subject', source: 'message.subject template', kind: 'emptyMerge', snippet: 'Ann !' },
              { part: 'greeting', source: 'greeting column', kind: 'unrenderedTag', snippet: '*|FNAME|*' },
              { part: 'body', source: 'message.body template', kind: 'emptyMerge', snippet: 'Ann ,' },
            ],
          },
        },
        { line: 3, message: /^subject has an empty merge .*"for {2}!" \(and a problem in body\)$/ },
      ],
    },
    {
      name: 'docs/report.md: "{{ first_name }}, 30% off" for a blank name starts with a comma',
      customers,
      campaign: leadingNameTemplate,
      audience: 'customer_id,first_name\nC-1,\nC-2,Bob\n',
      errors: [
        {
          line: 2,
          message: 'subject has an empty merge (the text starts with ","): ", 30%"',
          evidence: {
            problems: [
              {
                part: 'subject',
                source: 'message.subject template',
                kind: 'emptyMerge',
                snippet: ', 30%',
                detail: 'the text starts with ","',
              },
            ],
          },
        },
      ],
    },
    {
      name: 'docs/report.md: a text that starts, after blanks or none, with , . ; : ! ? or a dash (a discount written "-20%" too)',
      customers,
      audience:
        'customer_id,body\n' +
        'C-1,", see you"\n' +
        'C-1,.com is our shop\n' +
        'C-1,; welcome\n' +
        'C-1,: your code\n' +
        'C-1,! Welcome\n' +
        'C-1,? Questions\n' +
        'C-1,-20% today\n' +
        'C-1,– our sale\n' +
        'C-1,— our sale\n' +
        'C-1," - 20% today"\n' +
        'C-1,"\t—sale"\n' +
        'C-1," , hi"\n',
      errors: [
        { line: 2, column: 'body', message: 'body has an empty merge (the text starts with ","): ", see"' },
        { line: 3, message: 'body has an empty merge (the text starts with "."): ".com"' },
        { line: 4, message: /the text starts with ";"/ },
        { line: 5, message: /the text starts with ":"/ },
        { line: 6, message: /the text starts with "!"/ },
        { line: 7, message: /the text starts with "\?"/ },
        { line: 8, message: 'body has an empty merge (the text starts with "-"): "-20%"' },
        { line: 9, message: /the text starts with "–"\): "– our"/ },
        { line: 10, message: /the text starts with "—"/ },
        { line: 11, message: 'body has an empty merge (the text starts with "-"): " - 20%"' },
        { line: 12, message: /the text starts with "—"\): "\t—sale"/ },
        // a blank before punctuation comes first, as before
        { line: 13, message: /a blank before ","\): " ,"/ },
      ],
    },
    {
      name: 'docs/report.md: a comma followed by blanks at the end of a text',
      customers,
      campaign: commaNameTemplate,
      audience:
        'customer_id,first_name,last_name,subject\n' +
        'C-1,Ann,,Hello\n' +
        'C-1,Ann,Smith,"Thanks, "\n' +
        'C-1,Ann,Smith,"Thanks,\t"\n',
      errors: [
        {
          line: 2,
          message: 'greeting has an empty merge (a comma and blanks at the end): "Ann, "',
          evidence: {
            problems: [{ part: 'greeting', source: 'message.greeting template', kind: 'emptyMerge', snippet: 'Ann, ' }],
          },
        },
        { line: 3, column: 'subject', message: 'subject has an empty merge (a comma and blanks at the end): "Thanks, "' },
        { line: 4, message: /a comma and blanks at the end\): "Thanks,\t"/ },
      ],
    },
    {
      name: 'docs/report.md: a dash after a blank at the end of a text',
      customers,
      campaign: dashTemplate,
      audience: 'customer_id,code,body\n' + 'C-1,,\n' + 'C-1,X1,Our sale –\n' + 'C-1,X1,Our sale —\n' + 'C-1,X1,"Our sale\t-"\n',
      errors: [
        {
          line: 2,
          message: 'subject has an empty merge (a blank and "-" at the end): "Sale -"',
          evidence: {
            problems: [{ part: 'subject', source: 'message.subject template', kind: 'emptyMerge', snippet: 'Sale -' }],
          },
        },
        { line: 3, column: 'body', message: 'body has an empty merge (a blank and "–" at the end): "sale –"' },
        { line: 4, message: /a blank and "—" at the end\): "sale —"/ },
        { line: 5, message: /a blank and "-" at the end\): "sale\t-"/ },
      ],
    },
    {
      name: 'issue 17: a leading dash, a trailing comma and a trailing dash with its blank, from a blank merge',
      customers,
      campaign: everydayTemplates,
      audience: 'customer_id,first_name,code\nC-1,,\nC-1,Ann,\nC-1,Ann,X1\n',
      errors: [
        {
          line: 2,
          message: 'subject has an empty merge (the text starts with "-"): " - 30%" (and a problem in greeting and body)',
          evidence: {
            problems: [
              { part: 'subject', kind: 'emptyMerge', snippet: ' - 30%', detail: 'the text starts with "-"' },
              { part: 'greeting', kind: 'emptyMerge', snippet: 'you, ', detail: 'a comma and blanks at the end' },
              { part: 'body', kind: 'emptyMerge', snippet: 'Sale - ', detail: 'a blank and "-" at the end' },
            ],
          },
        },
        { line: 3, message: 'body has an empty merge (a blank and "-" at the end): "Sale - "' },
      ],
    },
    {
      name: 'a dash after a blank at the end, blanks after it or none',
      customers,
      audience: 'customer_id,subject\nC-1,Sale – \nC-1,"Sale —\t"\nC-1,Sale -  \n',
      errors: [
        { line: 2, message: 'subject has an empty merge (a blank and "–" at the end): "Sale – "' },
        { line: 3, message: /a blank and "—" at the end\): "Sale —\t"/ },
        { line: 4, message: /a blank and "-" at the end\): "Sale - {2}"/ },
      ],
    },
    {
      name: "other platforms' variables in {{ }} are Liquid syntax: rendered as nothing, caught by the gap they leave",
      customers,
      campaign: { message: { greeting: 'Hi {{ contact.firstname }}, welcome', subject: '{{ person.first_name }}, 30% off' } },
      audience: 'customer_id,first_name\nC-1,Ann\n',
      errors: [
        {
          line: 2,
          message: 'subject has an empty merge (the text starts with ","): ", 30%" (and a problem in greeting)',
          evidence: { problems: [{ part: 'subject' }, { part: 'greeting', snippet: 'Hi ,' }] },
        },
      ],
    },
    {
      name: 'the first problem of a part is reported',
      customers,
      audience: 'customer_id,body\nC-1,"Hi {{ name }} , your code is null"\n',
      errors: [
        {
          line: 2,
          message:
            /^body holds an unrendered merge tag "\{\{ name \}\}" \(the body column is sent as written: only message templates are rendered\)$/,
          evidence: { problems: [{ snippet: '{{ name }}' }] },
        },
      ],
    },
    {
      name: 'a row without a customer in the history is still checked',
      customers,
      audience: 'email,subject\nnew@example.com,Hello {{ first_name }}\n',
      errors: [{ line: 2, customerId: null }],
    },
  ],
});
