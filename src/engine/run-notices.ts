// The notices of a check (docs/report.md): a run without history, and the columns of a file that look
// like ours but were not read.

import { unreadColumnsNotice } from '../csv/column-hints.js';
import { AUDIENCE_COLUMNS, COLUMNS_OF_KIND } from '../csv/columns.js';
import { columnsOf, type CsvHeader } from '../csv/read.js';
import type { People } from '../people/profiles.js';
import { historyStandIn } from './coverage.js';
import type { Campaign, CsvSource, Notice } from '../types.js';

/** The notices of a check, each once, in the order they were made. */
export class NoticeList {
  readonly list: Notice[] = [];
  private readonly seen = new Set<string>();

  add(notice: Notice | undefined): void {
    if (!notice) return;
    const key = `${notice.kind}\u0000${notice.file}\u0000${notice.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(notice);
  }
}

/** A run without any history, once; and each history file's columns that look like ours but were not read. */
export function noteHistory(campaign: Campaign, people: People, notices: NoticeList): void {
  const { history } = campaign;
  if (!history.customers && !history.orders && !history.contacts && !historyStandIn(campaign)) {
    notices.add({
      kind: 'no-history',
      file: null,
      message:
        'no customer history is named (history: customers, orders, contacts, in the config or the campaign file): ' +
        'the rules that need it were not checked',
    });
  }
  for (const kind of ['customers', 'orders', 'contacts'] as const) {
    const read = people.sources?.[kind] ?? [];
    (history[kind] ?? []).forEach((source, i) => {
      if (!read[i]) return;
      const file = { file: source.displayPath, namedIn: source.namedIn, key: `history.${kind}` };
      notices.add(
        unreadColumnsNotice(file, read[i].header, COLUMNS_OF_KIND[kind], new Set(read[i].columns), mappedHeaders(source)),
      );
    });
    // A profiles table's sources: the files or tables it was made of, their columns mapped when it was.
    const standIn = historyStandIn(campaign);
    if (!standIn) continue;
    for (const source of read) {
      const file = {
        file: source.file ?? standIn.displayPath,
        namedIn: standIn.namedIn,
        key: `history.${kind}`,
        postgresTable: history.postgres !== undefined,
      };
      notices.add(
        unreadColumnsNotice(file, source.header, COLUMNS_OF_KIND[kind], new Set(source.columns), new Set(source.mapped)),
      );
    }
  }
}

/** The audience's columns that look like ours but were not read. */
export function noteAudienceColumns(audience: CsvSource, header: CsvHeader, notices: NoticeList): void {
  const file = { file: audience.displayPath, namedIn: audience.namedIn, key: 'audience' };
  notices.add(
    unreadColumnsNotice(
      file,
      header.names,
      AUDIENCE_COLUMNS,
      new Set(columnsOf(header, AUDIENCE_COLUMNS).columns),
      mappedHeaders(audience),
    ),
  );
}

/** The headers a source's `columns:` (or its preset's) reads as one of ours. */
function mappedHeaders(source: CsvSource): Set<string> {
  return new Set(Object.values(source.columns ?? {}));
}
