// Fuzzing the built command line: a story from fixtures/ with one of its files mutated at random
// (seeded, so every failure can be replayed) must end with exit code 0, 1 or 2, without a crash
// ("internal error") or a stack trace, and with every file as it was.
//
// Replay one iteration:  FUZZ_SEED=<seed> FUZZ_ONLY=<iteration> npm run test:slow -- test/slow/fuzz.test.ts
// Run longer:            FUZZ_ITERATIONS=2000 npm run test:slow -- test/slow/fuzz.test.ts

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runBuiltCli, STACK_LINE } from '../support/cli.js';
import { cleanUp, fingerprinted, projectFrom } from '../input/support.js';

afterAll(cleanUp);

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 100);
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);
/** Child processes at a time: the machine has two cores, shared with other work. */
const CONCURRENCY = 2;
/** Formats that write to the terminal or a CI log, where control characters matter most. */
const FORMATS = ['stylish', 'json', 'github', 'markdown', 'csv'];

/** mulberry32: small, fast and good enough to pick mutations. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Random {
  below(n: number): number;
  pick<T>(items: readonly T[]): T;
}

function randomFor(seed: number, iteration: number): Random {
  const next = prng(Math.imul(seed ^ 0x9e3779b9, 2654435761) ^ Math.imul(iteration + 1, 0x85ebca6b));
  const below = (n: number) => Math.floor(next() * n);
  return { below, pick: (items) => items[below(items.length)] };
}

const STORIES = readdirSync(path.join(ROOT, 'fixtures')).filter((name) =>
  statSync(path.join(ROOT, 'fixtures', name)).isDirectory(),
);

/** The files of a story that campaign-preflight reads. */
function inputFiles(story: string): string[] {
  const folder = path.join(ROOT, 'fixtures', story);
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(csv|ya?ml)$/.test(file))
    .sort();
}

/** A change to a file's bytes; `describe` says what it did, for replaying a failure by eye. */
type Mutation = (bytes: Buffer, random: Random) => { bytes: Buffer; describe: string };

const at = (bytes: Buffer, random: Random) => random.below(bytes.length + 1);
const insert = (bytes: Buffer, offset: number, inserted: Buffer) =>
  Buffer.concat([bytes.subarray(0, offset), inserted, bytes.subarray(offset)]);
const insertion =
  (name: string, choices: readonly Buffer[]): Mutation =>
  (bytes, random) => {
    const offset = at(bytes, random);
    const inserted = random.pick(choices);
    return {
      bytes: insert(bytes, offset, inserted),
      describe: `${name} ${JSON.stringify(inserted.toString('latin1'))} at byte ${offset}`,
    };
  };
const lines = (bytes: Buffer) => bytes.toString('latin1').split('\n');
const fromLines = (text: string[]) => Buffer.from(text.join('\n'), 'latin1');

const MUTATIONS: Record<string, Mutation> = {
  flipBit(bytes, random) {
    if (bytes.length === 0) return { bytes, describe: 'flip nothing (empty file)' };
    const offset = random.below(bytes.length);
    const bit = random.below(8);
    const copy = Buffer.from(bytes);
    copy[offset] ^= 1 << bit;
    return { bytes: copy, describe: `flip bit ${bit} of byte ${offset}` };
  },
  insertRandomBytes(bytes, random) {
    const offset = at(bytes, random);
    const inserted = Buffer.from(Array.from({ length: 1 + random.below(4) }, () => random.below(256)));
    return { bytes: insert(bytes, offset, inserted), describe: `insert bytes ${inserted.toString('hex')} at byte ${offset}` };
  },
  deleteBytes(bytes, random) {
    const offset = random.below(bytes.length);
    const count = 1 + random.below(16);
    return {
      bytes: Buffer.concat([bytes.subarray(0, offset), bytes.subarray(offset + count)]),
      describe: `delete ${count} bytes at byte ${offset}`,
    };
  },
  insertQuote: insertion('insert', [Buffer.from('"'), Buffer.from('""'), Buffer.from("'")]),
  insertNul: insertion('insert', [Buffer.from([0])]),
  insertDelimiter: insertion('insert', [Buffer.from(','), Buffer.from(';'), Buffer.from('\t'), Buffer.from('|')]),
  insertLineBreak: insertion('insert', [Buffer.from('\n'), Buffer.from('\r\n'), Buffer.from('\r')]),
  insertText: insertion('insert', [
    Buffer.from('\x1b[31m'),
    Buffer.from('\u202e', 'utf8'),
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from([0xff, 0xfe]),
    Buffer.from([0xe9]),
    Buffer.from('{{ x }}'),
    Buffer.from('{%'),
    Buffer.from('*&a'),
    Buffer.from('\u00e9\u4e2d', 'utf8'),
  ]),
  truncate(bytes, random) {
    const length = random.below(bytes.length + 1);
    return { bytes: bytes.subarray(0, length), describe: `truncate to ${length} bytes` };
  },
  duplicateLine(bytes, random) {
    const text = lines(bytes);
    const line = random.below(text.length);
    text.splice(line, 0, text[line]);
    return { bytes: fromLines(text), describe: `duplicate line ${line + 1}` };
  },
  deleteLine(bytes, random) {
    const text = lines(bytes);
    const line = random.below(text.length);
    text.splice(line, 1);
    return { bytes: fromLines(text), describe: `delete line ${line + 1}` };
  },
  swapHeaderNames(bytes, random) {
    const text = lines(bytes);
    const names = text[0].split(',');
    const a = random.below(names.length);
    const b = random.below(names.length);
    [names[a], names[b]] = [names[b], names[a]];
    text[0] = names.join(',');
    return { bytes: fromLines(text), describe: `swap header names ${a + 1} and ${b + 1}` };
  },
  renameHeader(bytes, random) {
    const text = lines(bytes);
    const names = text[0].split(',');
    const index = random.below(names.length);
    names[index] = random.pick(['', names[index].toUpperCase(), `${names[index]}_x`, names[(index + 1) % names.length]]);
    text[0] = names.join(',');
    return { bytes: fromLines(text), describe: `rename header ${index + 1} to ${JSON.stringify(names[index])}` };
  },
  breakIndentation(bytes, random) {
    const text = lines(bytes);
    const line = random.below(text.length);
    const change = random.pick(['indent', 'outdent', 'tab']);
    text[line] = change === 'indent' ? `  ${text[line]}` : change === 'tab' ? `\t${text[line]}` : text[line].replace(/^\s+/, '');
    return { bytes: fromLines(text), describe: `${change} line ${line + 1}` };
  },
  replaceYamlValue(bytes, random) {
    const text = lines(bytes);
    const candidates = text.flatMap((line, i) => (/^\s*[\w-]+:\s*\S/.test(line) ? [i] : []));
    if (candidates.length === 0) return { bytes, describe: 'no YAML value to replace' };
    const line = random.pick(candidates);
    const value = random.pick([
      '',
      '[',
      '{}',
      '-1',
      '1e999',
      'null',
      '~',
      '*alias',
      '&a [*a]',
      '"\\u0000"',
      'true',
      '2026-02-30',
      "'{{'",
    ]);
    text[line] = text[line].replace(/:\s*.*$/, `: ${value}`);
    return { bytes: fromLines(text), describe: `set the value on line ${line + 1} to ${JSON.stringify(value)}` };
  },
};

const CSV_MUTATIONS = Object.keys(MUTATIONS).filter((name) => name !== 'breakIndentation' && name !== 'replaceYamlValue');
const YAML_MUTATIONS = Object.keys(MUTATIONS).filter((name) => name !== 'swapHeaderNames' && name !== 'renameHeader');

interface Iteration {
  iteration: number;
  story: string;
  file: string;
  format: string;
  mutations: string[];
  bytes: Buffer;
}

/** What iteration `i` does: all of it follows from the seed and `i`. */
function plan(iteration: number): Iteration {
  const random = randomFor(SEED, iteration);
  const story = random.pick(STORIES);
  const file = random.pick(inputFiles(story));
  const format = random.pick(FORMATS);
  let bytes: Buffer = readFileSync(path.join(ROOT, 'fixtures', story, file));
  const names = file.endsWith('.csv') ? CSV_MUTATIONS : YAML_MUTATIONS;
  const mutations: string[] = [];
  for (let count = 1 + random.below(3); count > 0; count--) {
    const name = random.pick(names);
    const mutated = MUTATIONS[name](bytes, random);
    bytes = mutated.bytes;
    mutations.push(`${name}: ${mutated.describe}`);
  }
  return { iteration, story, file, format, mutations, bytes };
}

/** Why an iteration failed, or undefined when it did not. */
async function failureOf({ story, file, format, bytes }: Iteration): Promise<string | undefined> {
  const folder = projectFrom(story);
  writeFileSync(path.join(folder, file), bytes);
  const { status, stderr, before, after } = await fingerprinted(folder, () =>
    runBuiltCli(['check', '.', '--format', format], { cwd: folder, timeoutMs: 20_000 }),
  );
  if (status === null) return 'did not finish within 20 s';
  if (![0, 1, 2].includes(status)) return `exit code ${status}`;
  if (STACK_LINE.test(stderr)) return `a stack trace:\n${stderr}`;
  if (/internal error/.test(stderr)) return `a crash:\n${stderr}`;
  const changed = Object.keys(before).filter((name) => before[name] !== after[name]);
  if (changed.length > 0 || Object.keys(after).length !== Object.keys(before).length)
    return `changed files: ${changed.join(', ')}`;
  return undefined;
}

describe('fuzz', () => {
  it(`${ONLY === undefined ? ITERATIONS : 1} mutated stories, seed ${SEED}`, { timeout: 180_000 }, async () => {
    const iterations = ONLY === undefined ? Array.from({ length: ITERATIONS }, (_, i) => i) : [ONLY];
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < iterations.length) {
        const planned = plan(iterations[next++]);
        const failure = await failureOf(planned);
        if (failure) {
          failures.push(
            [
              `FUZZ_SEED=${SEED} FUZZ_ONLY=${planned.iteration}: ${planned.story}/${planned.file}, --format ${planned.format}`,
              ...planned.mutations.map((mutation) => `  ${mutation}`),
              `  → ${failure}`,
            ].join('\n'),
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
