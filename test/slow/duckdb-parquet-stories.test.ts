// --engine duckdb on every story's history as Parquet, of text and of typed columns (BOOLEAN, DATE,
// TIMESTAMP WITH TIME ZONE, DOUBLE, BIGINT as DuckDB's CSV reader takes them), padded past the
// four-times rule: DuckDB reads every file, and the report is the default reader's, byte for byte.
// (test/cli/history-engine.test.ts runs one story.)

import { it } from 'vitest';
import { FIXTURE_TARGETS, temporaryFolders } from '../support/cli.js';
import { expectParquetStoryAlike } from '../support/duckdb-stories.js';

const newFolder = temporaryFolders('cp-duckdb-parquet-');
const STORIES = FIXTURE_TARGETS.filter((target) => !target.includes('platforms'));

it.each(STORIES.flatMap((target) => [[target, 'text'] as const, [target, 'typed'] as const]))(
  'reads the history of %s as Parquet of %s columns in DuckDB, and reports the same, byte for byte',
  (target, columns) => expectParquetStoryAlike(newFolder(), target, columns === 'typed'),
);
