// Persons from customer records (docs/inputs.md): records that share an identity key, directly or through
// others, are one person, whose profile joins what each of them holds.

import { NONE, type InMemoryPeople, type RecordsAt } from './in-memory-people.js';
import type { CustomerRecord, Person, ProfileRequest } from './profiles.js';

/** Customer fields kept only until persons are formed. */
export interface PendingRecord {
  record: CustomerRecord;
  /** Where the record is: its customers file, as shown, and its line there. */
  file: string;
  line: number;
  firstName: string | undefined;
  lastName: string | undefined;
  birthDate: number | null;
  childrenBirthYears: number[] | null;
  lifeStages: readonly string[];
  interests: readonly string[];
  loyaltyTier: string;
  /** Identity keys (docs/inputs.md), normalized; '' where the record has none. */
  personId: string;
  email: string;
  phone: string;
  namePostal: string;
  /** The postal address as `duplicate-recipient` and address lookups compare it. */
  postalAddress: string;
}

/** Links records that share a key (transitively) and builds one Person per group. */
export function formPersons(pending: PendingRecord[], request: ProfileRequest, people: InMemoryPeople): void {
  const sets = new DisjointSets();
  const linkBy = request.identity.linkBy;
  // One map per kind of key, so keys need no prefix (no string building per record).
  const keyKinds = (
    [
      ['person_id', (entry: PendingRecord) => entry.personId],
      ['email', (entry: PendingRecord) => entry.email],
      ['phone', (entry: PendingRecord) => entry.phone],
      ['name_postal', (entry: PendingRecord) => entry.namePostal],
    ] as const
  ).filter(([kind]) => linkBy.includes(kind));
  for (let i = 0; i < pending.length; i++) sets.add();
  for (const [, keyOf] of keyKinds) {
    const firstWithKey = new Map<string, number>();
    for (let i = 0; i < pending.length; i++) {
      const key = keyOf(pending[i]);
      if (!key) continue;
      const earlier = firstWithKey.get(key);
      if (earlier === undefined) firstWithKey.set(key, i);
      else sets.union(earlier, i);
    }
  }

  const personOfRoot: Array<Person | undefined> = new Array(pending.length);
  const instantCount = request.instants.length;
  for (let i = 0; i < pending.length; i++) {
    const entry = pending[i];
    const root = sets.find(i);
    let person = personOfRoot[root];
    if (!person) {
      person = {
        index: people.persons.length,
        records: NONE,
        firstNames: NONE,
        lastNames: NONE,
        birthDate: null,
        childrenBirthYears: NONE,
        lifeStages: NONE,
        interests: NONE,
        loyaltyTiers: NONE,
        doNotContact: false,
        orderCounts: new Array<number>(instantCount).fill(0),
        lastOrderBefore: new Array<number>(instantCount).fill(-Infinity),
        contacts: NONE,
      };
      personOfRoot[root] = person;
      people.persons.push(person);
    }
    const { record } = entry;
    record.person = person;
    person.records = withUnique(person.records, record);
    person.firstNames = withUnique(person.firstNames, entry.firstName);
    person.lastNames = withUnique(person.lastNames, entry.lastName);
    if (person.birthDate === null) person.birthDate = entry.birthDate;
    for (const year of entry.childrenBirthYears ?? NONE) person.childrenBirthYears = withUnique(person.childrenBirthYears, year);
    for (const stage of entry.lifeStages) person.lifeStages = withUnique(person.lifeStages, stage);
    for (const interest of entry.interests) person.interests = withUnique(person.interests, interest);
    person.loyaltyTiers = withUnique(person.loyaltyTiers, entry.loyaltyTier || undefined);
    person.doNotContact ||= record.doNotContact;

    addRecordAt(people.byAddress.email, entry.email, record);
    addRecordAt(people.byAddress.phone, entry.phone, record);
    addRecordAt(people.byAddress.postal, entry.postalAddress, record);
  }
}

/** Union-find over record indices, with path halving. */
class DisjointSets {
  private readonly parent: number[] = [];
  add(): number {
    this.parent.push(this.parent.length);
    return this.parent.length - 1;
  }
  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }
  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent[Math.max(rootA, rootB)] = Math.min(rootA, rootB);
  }
}

/** Files a record under an address it has (an empty one is none). */
function addRecordAt(index: Map<string, RecordsAt>, address: string, record: CustomerRecord): void {
  if (!address) return;
  const held = index.get(address);
  if (held === undefined) index.set(address, record);
  else if (Array.isArray(held)) held.push(record);
  else index.set(address, [held, record]);
}

/** The list with the value added unless present; a new array of exact size, so small lists stay small. */
function withUnique<T>(list: readonly T[], value: T | undefined): readonly T[] {
  if (value === undefined) return list;
  if (list.length === 0) return [value];
  return list.includes(value) ? list : list.concat(value);
}
