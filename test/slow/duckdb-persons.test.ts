// Persons linked by DuckDB are the default reader's persons, on more generated histories than the
// fast suite's three (test/people/duckdb-persons.test.ts).
import { it } from 'vitest';
import { temporaryFolders } from '../support/cli.js';
import { expectGeneratedPersonsAlike } from '../support/duckdb-people.js';

const newFolder = temporaryFolders('cp-duckdb-persons-slow-');

it.each([14, 15, 16, 17, 18, 19])('are the default reader’s persons (history %i)', (seed) =>
  expectGeneratedPersonsAlike(newFolder(), seed),
);
