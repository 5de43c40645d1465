// Persons from customer records (docs/inputs.md): records that share an identity key, directly or through
// others, are one person. Records are linked as they are read, over their integer indices; once
// all are read, each group becomes a person, numbered in the order of its first record.

/** Union-find over record indices, with path halving. A set's root is its smallest index, whatever the order of unions. */
export class DisjointSets {
  private parent = new Int32Array(1024);
  private size = 0;

  add(): number {
    if (this.size === this.parent.length) {
      const grown = new Int32Array(this.parent.length * 2);
      grown.set(this.parent);
      this.parent = grown;
    }
    this.parent[this.size] = this.size;
    return this.size++;
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

/** Links each record to the first one read with the same key of one kind (person_id, name + postal code). */
export class KeyLinks {
  private readonly firstWithKey = new Map<string, number>();

  constructor(private readonly sets: DisjointSets) {}

  link(key: string, record: number): void {
    if (!key) return;
    const earlier = this.firstWithKey.get(key);
    if (earlier === undefined) this.firstWithKey.set(key, record);
    else this.sets.union(earlier, record);
  }
}

/** The persons: person p's records are `records[starts[p]]` to `records[starts[p + 1] − 1]`, in file order. */
export interface PersonGroups {
  count: number;
  personOf: Int32Array;
  starts: Int32Array;
  records: Int32Array;
}

export function formPersons(sets: DisjointSets, recordCount: number): PersonGroups {
  const personOf = new Int32Array(recordCount);
  let count = 0;
  // A root is the smallest index of its set, so its person is numbered before any other record of it.
  for (let i = 0; i < recordCount; i++) {
    const root = sets.find(i);
    personOf[i] = root === i ? count++ : personOf[root];
  }
  const starts = new Int32Array(count + 1);
  for (let i = 0; i < recordCount; i++) starts[personOf[i] + 1]++;
  for (let p = 0; p < count; p++) starts[p + 1] += starts[p];
  const next = starts.slice(0, count);
  const records = new Int32Array(recordCount);
  for (let i = 0; i < recordCount; i++) records[next[personOf[i]]++] = i;
  return { count, personOf, starts, records };
}
