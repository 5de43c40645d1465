import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/engine/redact.js';
import type { People, PersonalValueKind } from '../../src/people/profiles.js';

const MASK = /^\[(email|phone|address|name) [0-9a-f]{8}\]$/;

function redactor(): Redactor {
  const r = new Redactor();
  r.addName('Ann');
  r.addName('Will');
  r.addName('José');
  r.addName('van der Berg');
  r.addName("O'Brien");
  r.addName('Customer'); // a placeholder (docs/inputs.md), not a name
  r.addName('J.');
  r.addPhone('+1 503-555-0142');
  r.addPhone('6175550101');
  r.addPostalAddress('14 Maple Street, Springfield, IL 62701');
  r.addPostalAddress('  220 Oak   Avenue, Springfield ');
  return r;
}

describe('Redactor masks', () => {
  it('are stable, distinct per value, and the same for one value written two ways', () => {
    const a = new Redactor();
    const b = new Redactor();
    expect(a.mask('email', 'ann@example.com')).toMatch(MASK);
    expect(a.mask('email', 'ann@example.com')).toBe(b.mask('email', 'ann@example.com'));
    expect(a.mask('email', ' Ann@Example.COM ')).toBe(a.mask('email', 'ann@example.com'));
    expect(a.mask('email', 'ann@example.com')).not.toBe(a.mask('email', 'bob@example.com'));
    expect(a.mask('phone', '+1 (503) 555-0142')).toBe(a.mask('phone', '503.555.0142'));
    expect(a.mask('name', 'Fitzgerald')).toBe(a.mask('name', 'FitzGerald'));
    expect(a.mask('name', 'Ann')).not.toBe(a.mask('email', 'Ann'));
    // SHA-256 of kind and normalized value, no salt: what README.md documents.
    const hash = createHash('sha256').update('email\u0000ann@example.com').digest('hex').slice(0, 8);
    expect(a.mask('email', 'Ann@example.com')).toBe(`[email ${hash}]`);
  });
});

describe('Redactor.text', () => {
  const r = redactor();

  it('masks emails anywhere, broken ones too', () => {
    const text = r.text('write to ann.lee@example.com, or Bob@Example.org.');
    expect(text).toBe(`write to ${r.mask('email', 'ann.lee@example.com')}, or ${r.mask('email', 'bob@example.org')}.`);
    expect(r.text('"megan.clarke@" is not a valid email')).not.toContain('megan.clarke@');
    expect(r.text('megan@example')).toMatch(MASK);
    expect(r.text("'ann@example.com' from https://x.example/?to=ann@example.com")).toBe(
      `'${r.mask('email', 'ann@example.com')}' from https://x.example/?to=${r.mask('email', 'ann@example.com')}`,
    );
  });

  it('masks names as whole words, case and accents ignored, never inside a word', () => {
    expect(r.text('Dear Ann,')).toBe(`Dear ${r.mask('name', 'ann')},`);
    expect(r.text('DEAR ANN')).toBe(`DEAR ${r.mask('name', 'ann')}`);
    expect(r.text('Announcement for Annabel and Joanna')).toBe('Announcement for Annabel and Joanna');
    expect(r.text('Hola Jose')).toBe(`Hola ${r.mask('name', 'josé')}`);
    expect(r.text('Hi Mr. O’Brien')).not.toMatch(/brien/i);
    expect(r.text("Hi O'Brien")).toBe(`Hi ${r.mask('name', "o'brien")}`);
    expect(r.text('Ann-Marie')).toBe(`${r.mask('name', 'ann')}-Marie`);
    expect(r.text('Mr Berg')).toBe(`Mr ${r.mask('name', 'berg')}`);
  });

  it('masks a name that is also a word in any case (the documented trade-off), but not placeholders or particles', () => {
    expect(r.text('we will write')).toBe(`we ${r.mask('name', 'will')} write`);
    expect(r.text('Dear Customer,')).toBe('Dear Customer,');
    expect(r.text('J. Smith, a van in the park')).toBe('J. Smith, a van in the park');
  });

  it('masks phones of the inputs however written, and other numbers written as phones', () => {
    const mask = r.mask('phone', '5035550142');
    expect(r.text('call (503) 555-0142 now')).toBe(`call ${mask} now`);
    expect(r.text('call +1 503 555 0142')).toBe(`call ${mask}`);
    expect(r.text('5035550142')).toBe(mask);
    expect(r.text('6175550101')).toBe(r.mask('phone', '617.555.0101'));
    expect(r.text('or +44 20 7946 0958')).toBe(`or ${r.mask('phone', '+44 20 7946 0958')}`);
    expect(r.text('or 612 345 678')).toBe(`or ${r.mask('phone', '612345678')}`);
  });

  it('leaves dates, instants, amounts, ids, counts and line numbers alone', () => {
    for (const text of [
      'sent 2026-11-20',
      'at 2026-11-20T09:00:00.000Z',
      'at 2026-11-20 14:30 UTC',
      'on 20.11.2026 and 11/20/2026',
      'a total of 18400.00 USD, uplift 1.959964',
      'customer 12345678 and C-1234567 and order NL-5001-20261120',
      'line 12, 3 of 1,000,000 rows',
      'ages 25–50, 15 times in 7 days',
    ]) {
      expect(r.text(text)).toBe(text);
    }
  });

  it('masks the postal addresses of the inputs, whole or inside a text, as normalized', () => {
    const maple = r.mask('address', '14 maple street, springfield, il 62701');
    expect(r.text('14 Maple Street, Springfield, IL 62701')).toBe(maple);
    expect(r.text('"14  MAPLE Street,   Springfield, IL 62701" was on line 3')).toBe(`"${maple}" was on line 3`);
    expect(r.text('14 maple street, springfield, il 62701')).toBe(maple);
    expect(r.text('at 220 Oak Avenue, Springfield.')).toBe(`at ${r.mask('address', '220 oak avenue, springfield')}.`);
    // Not a prefix of a longer word or number.
    expect(r.text('14 Maple Street, Springfield, IL 627019')).not.toContain('[address');
    expect(r.text('14 Maple Street')).toBe('14 Maple Street');
  });

  it('never masks a mask again, and is idempotent', () => {
    const once = r.text('Ann <ann@example.com>, (503) 555-0142, 14 Maple Street, Springfield, IL 62701');
    expect(r.text(once)).toBe(once);
    expect(once).not.toMatch(/ann|555|maple/i);
  });
});

describe('Redactor.value and reported', () => {
  const r = redactor();

  it('redacts every string of data and evidence, deeply, keys unchanged', () => {
    const report = {
      at: { line: 3 },
      messageId: 'sameAddress',
      data: { name: 'Ann', count: 3, records: ['C-1', 'ann@example.com'], nested: { greeting: 'Hi Will' } },
      evidence: { onRecord: [{ customerId: 'C-1', email: 'not an email' }], when: '2026-11-20', total: 18400 },
      column: 'email',
    };
    const out = r.reported(report);
    expect(out.at).toBe(report.at);
    expect(out.messageId).toBe('sameAddress');
    expect(out.column).toBe('email');
    expect(out.data).toEqual({
      name: r.mask('name', 'ann'),
      count: 3,
      records: ['C-1', r.mask('email', 'ann@example.com')],
      nested: { greeting: `Hi ${r.mask('name', 'will')}` },
    });
    // A value under an address key is masked whole, whatever it looks like.
    expect(out.evidence).toEqual({
      onRecord: [{ customerId: 'C-1', email: r.mask('email', 'not an email') }],
      when: '2026-11-20',
      total: 18400,
    });
    expect(report.data.name).toBe('Ann'); // the rule's own objects are not changed
  });

  it('copies a structure that refers to itself once, cycles kept', () => {
    const person: { firstNames: string[]; records: Array<Record<string, unknown>> } = { firstNames: ['Ann'], records: [] };
    person.records.push({ email: 'ann@example.com', person });
    const out = r.value({ person });
    expect(out.person.firstNames).toEqual([r.mask('name', 'ann')]);
    expect(out.person.records[0].email).toBe(r.mask('email', 'ann@example.com'));
    expect(out.person.records[0].person).toBe(out.person);
  });

  it('masks a channel address by what it is', () => {
    expect(r.value({ address: '5035550142' })).toEqual({ address: r.mask('phone', '5035550142') });
    expect(r.value({ address: 'ann@example.com' })).toEqual({ address: r.mask('email', 'ann@example.com') });
    expect(r.value({ address: '9 birch lane' })).toEqual({ address: r.mask('address', '9 Birch Lane') });
    expect(r.value({ address: '', phone: null })).toEqual({ address: '', phone: null });
  });

  it('masks a customer id that is personal data, and leaves others', () => {
    expect(r.customerId('C-1001')).toBe('C-1001');
    expect(r.customerId(null)).toBeNull();
    expect(r.customerId('ann@example.com')).toBe(r.mask('email', 'ann@example.com'));
  });

  it('message() leaves names in a rendered message but masks emails and phones', () => {
    expect(r.message('Will and ann@example.com at (503) 555-0142')).toBe(
      `Will and ${r.mask('email', 'ann@example.com')} at ${r.mask('phone', '5035550142')}`,
    );
  });
});

describe('Redactor.addPeople and addAudienceRow', () => {
  it('learns the names, phones and postal addresses of the history and of audience rows', () => {
    const visited: Array<[PersonalValueKind, string]> = [
      ['name', 'Nora'],
      ['name', 'FitzGerald'],
      ['phone', '(617) 555-0199'],
      ['postal_address', '9 Birch Lane, Springfield'],
    ];
    const people = {
      forEachPersonalValue: (visit: (kind: PersonalValueKind, value: string) => void) => visited.forEach(([k, v]) => visit(k, v)),
    } as unknown as People;
    const r = new Redactor();
    r.addPeople(people);
    r.addPeople({} as People); // a builder that cannot tell
    const cells: Record<string, string> = {
      first_name: 'Lena',
      last_name: 'Holm',
      phone: '0611 2233',
      postal_address: 'Rue 5, Lyon',
    };
    r.addAudienceRow({ cell: (name) => cells[name] ?? '' });
    const text = r.text('Nora Fitzgerald, Lena HOLM: 6175550199 / 0611 2233 at 9 Birch Lane, Springfield and Rue 5, Lyon');
    expect(text).not.toMatch(/nora|fitzgerald|lena|holm|555|0611|birch|lyon/i);
  });
});
