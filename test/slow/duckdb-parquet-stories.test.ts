// --engine duckdb on every story, its customers padded past the four-times rule: linked in DuckDB
// from CSV, and with its history as Parquet of text and of typed columns (BOOLEAN, DATE, TIMESTAMP
// WITH TIME ZONE, DOUBLE, BIGINT as DuckDB's CSV reader takes them), every file read by DuckDB; the
// report is the default reader's, byte for byte. (test/cli/history-engine.test.ts runs one story of each.)

import { it } from 'vitest';
import { FIXTURE_TARGETS, temporaryFolders } from '../support/cli.js';
import { expectPaddedStoryAlike, expectParquetStoryAlike } from '../support/duckdb-stories.js';

const newFolder = temporaryFolders('cp-duckdb-parquet-');
const STORIES = FIXTURE_TARGETS.filter((target) => !target.includes('platforms'));

it.each(STORIES.flatMap((target) => [[target, 'text'] as const, [target, 'typed'] as const]))(
  'reads the history of %s as Parquet of %s columns in DuckDB, and reports the same, byte for byte',
  (target, columns) => expectParquetStoryAlike(newFolder(), target, columns === 'typed'),
);

it.each(STORIES)('links the customers of %s in DuckDB once they outgrow the audience, and reports the same', (target) =>
  expectPaddedStoryAlike(newFolder(), target),
);
