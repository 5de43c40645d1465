// --engine duckdb on every fixture as it is, and on every story padded past the four-times rule:
// its customers linked in DuckDB from CSV, and its history as Parquet of text and of typed columns
// (BOOLEAN, DATE, TIMESTAMP WITH TIME ZONE, DOUBLE, BIGINT as DuckDB's CSV reader takes them), every
// file read by DuckDB. The report is the default reader's, byte for byte.
// (test/cli/history-engine.test.ts runs a few of each.)

import { it } from 'vitest';
import { FIXTURE_TARGETS, temporaryFolders } from '../support/cli.js';
import { expectFixtureAlike, expectPaddedStoryAlike, expectParquetStoryAlike } from '../support/duckdb-stories.js';

const newFolder = temporaryFolders('cp-duckdb-parquet-');
const STORIES = FIXTURE_TARGETS.filter((target) => !target.includes('platforms'));

it.each(STORIES.flatMap((target) => [[target, 'text'] as const, [target, 'typed'] as const]))(
  'reads the history of %s as Parquet of %s columns in DuckDB, and reports the same, byte for byte',
  (target, columns) => expectParquetStoryAlike(newFolder(), target, columns === 'typed'),
);

it.each(STORIES)('links the customers of %s in DuckDB once they outgrow the audience, and reports the same', (target) =>
  expectPaddedStoryAlike(newFolder(), target),
);

it.each(FIXTURE_TARGETS)('reports on %s under --engine duckdb exactly what the default reader reports', (target) =>
  expectFixtureAlike(target),
);
