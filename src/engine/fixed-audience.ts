// Fixed audiences (`--fix DIR`, docs/cli.md): per campaign, `DIR/<id>/audience.csv`, the audience
// with the fixes of its findings applied (cells set, rows removed), and `DIR/<id>/changes.csv`,
// every change and every fix not applied, with the rules and reasons.
//
// The fixed audience is the original file's bytes with the physical lines of changed records
// replaced and of removed records dropped (csv/splice-lines.ts): every other line, the header, the
// byte order mark and the line endings stay as they were. A changed record is written again in the
// file's delimiter and encoding, its cells quoted only where they must be, ending as it ended. The
// audience is read once more, as written (no `values:` vocabulary, no cells derived by a preset),
// to learn each changed record's cells and extent. Inputs are never written.
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AUDIENCE_COLUMNS } from '../csv/columns.js';
import { encoderFor } from '../csv/encoding.js';
import { countLineBreaks } from '../csv/positions.js';
import { csvEncoding, readCsv, type CsvHeader } from '../csv/read.js';
import { spliceLines, type LineEdit } from '../csv/splice-lines.js';
import { csvLine, csvRecord } from '../csv/write.js';
import { InputError } from '../errors.js';
import { refuseReplacingInputs } from '../input-files.js';
import { BufferedWriter, StagedFiles } from '../staged-files.js';
import type { CsvSource } from '../types.js';
import type { CheckResult } from './check.js';
import type { CollectedFixes } from './fixes.js';
import { planRowFixes, type FixSource, type RowPlan } from './fix-plan.js';

/** One line of changes.csv. */
export interface AudienceChange {
  line: number;
  customerId: string | null;
  /** `set` a cell, `remove` the row; `conflict` (rules set different values) and `skipped` were not applied. */
  action: 'set' | 'remove' | 'conflict' | 'skipped';
  column: string;
  oldValue: string;
  newValue: string;
  rules: string[];
  /** For `conflict` and `skipped`, first why it was not applied; then each rule's message. */
  reasons: string[];
}

export interface FixedAudience {
  campaignId: string;
  /** `<folder>/<campaign id>/audience.csv`, with the folder as given. */
  audienceFile: string;
  /** `<folder>/<campaign id>/changes.csv`. */
  changesFile: string;
  cellsChanged: number;
  rowsRemoved: number;
  /** The fixes not applied (conflicts, cells that cannot be written), as changes.csv has them: masked under --redact. */
  notApplied: AudienceChange[];
}

const CHANGE_COLUMNS = ['line', 'customer_id', 'action', 'column', 'old_value', 'new_value', 'rules', 'reasons'];

/**
 * Writes every campaign's fixed audience and changes under `folder` (relative to `cwd`): all files
 * or none. The check must have collected the fixes (`collectFixes`).
 */
export async function writeFixedAudiences(
  result: Pick<CheckResult, 'campaigns' | 'fixes'>,
  folder: string,
  cwd: string,
): Promise<FixedAudience[]> {
  const { fixes } = result;
  if (!fixes) throw new Error('writeFixedAudiences needs a check run with collectFixes');
  const targets = result.campaigns.map((campaign) => ({
    campaign,
    audienceFile: path.join(folder, campaign.id, 'audience.csv'),
    changesFile: path.join(folder, campaign.id, 'changes.csv'),
  }));
  await refuseReplacingInputs(
    targets.flatMap((target) => [target.audienceFile, target.changesFile]),
    result.campaigns,
    cwd,
    { what: 'the fixed audiences', example: 'fixed-audiences/' },
  );

  const staged = new StagedFiles();
  try {
    const written: FixedAudience[] = [];
    for (const { campaign, audienceFile, changesFile } of targets) {
      const plans = planRowFixes(fixes.of(campaign.id));
      const audience = await staged.open(path.resolve(cwd, audienceFile));
      let changes: AudienceChange[];
      try {
        changes = await writeFixedAudience(campaign.audience, plans, audience);
      } finally {
        await audience.close();
      }
      const writer = new BufferedWriter(await staged.open(path.resolve(cwd, changesFile)));
      try {
        await writer.write(csvLine(CHANGE_COLUMNS));
        for (const change of changes) await writer.write(changeLine(change, fixes));
      } finally {
        await writer.close();
      }
      written.push({
        campaignId: campaign.id,
        audienceFile,
        changesFile,
        cellsChanged: changes.filter((change) => change.action === 'set').length,
        rowsRemoved: changes.filter((change) => change.action === 'remove').length,
        notApplied: changes
          .filter((change) => change.action === 'conflict' || change.action === 'skipped')
          .map((change) => shownChange(change, fixes)),
      });
    }
    await staged.commit();
    return written;
  } catch (error) {
    await staged.discard();
    // The file system's errors (a full disk, a folder without write permission) are the user's to fix.
    if (error instanceof InputError || (error as NodeJS.ErrnoException).syscall === undefined) throw error;
    throw new InputError(`cannot write the fixed audiences: ${(error as Error).message}`, { file: folder });
  }
}

/** Writes the audience with the plans applied to `out`; returns its changes, by line. */
async function writeFixedAudience(source: CsvSource, plans: RowPlan[], out: FileHandle): Promise<AudienceChange[]> {
  const encoding = await csvEncoding(source);
  const encode = encoderFor(encoding);
  const planOf = new Map(plans.map((plan) => [plan.line, plan]));
  const edits: LineEdit[] = [];
  const changes: AudienceChange[] = [];
  let header: CsvHeader | undefined;
  // As written: no vocabulary mapped, no derived cells, every line item its own record.
  const asWritten: CsvSource = { ...source, values: undefined, derive: undefined, lineItemsOf: undefined };
  await readCsv(
    asWritten,
    { canonical: AUDIENCE_COLUMNS, required: [] },
    (read) => (header = read),
    (cells, line) => {
      const plan = planOf.get(line);
      if (!plan) return;
      const end = line + 1 + countLineBreaks(cells);
      const row = { line, customerId: plan.customerId };
      if (plan.removedBy.length > 0) {
        edits.push({ start: line, end });
        changes.push({ ...row, action: 'remove', column: '', oldValue: '', newValue: '', ...byRules(plan.removedBy) });
        return;
      }
      const fixed = [...cells];
      const set: AudienceChange[] = [];
      const notSet = (change: Omit<AudienceChange, 'line' | 'customerId' | 'action'>) =>
        changes.push({ ...row, ...change, action: 'skipped' });
      for (const { column, value, by } of plan.sets) {
        const index = header!.indexOf(column);
        // A column the file does not have, or one a preset derives from others, cannot be set.
        if (index < 0 || index >= header!.names.length) {
          notSet({ column, oldValue: '', newValue: value, ...byRules(by, `the audience has no column ${column}`) });
        } else if (fixed[index] === value) {
          continue;
        } else if (!encode?.(value)) {
          notSet({
            column,
            oldValue: cells[index],
            newValue: value,
            ...byRules(by, `the value cannot be written in ${encoding}`),
          });
        } else {
          set.push({ ...row, action: 'set', column, oldValue: cells[index], newValue: value, ...byRules(by) });
          fixed[index] = value;
        }
      }
      if (set.length > 0) {
        const replacement = encode?.(csvRecord(fixed, header!.delimiter));
        if (replacement) {
          edits.push({ start: line, end, replacement });
          changes.push(...set);
        } else {
          for (const change of set)
            notSet({ ...change, reasons: [`the row cannot be written in ${encoding}`, ...change.reasons] });
        }
      }
      for (const { column, proposals } of plan.conflicts) {
        const index = header!.indexOf(column);
        const proposed = proposals.map(({ ruleId, value }) => `${ruleId} sets ${JSON.stringify(value)}`).join(', ');
        changes.push({
          ...row,
          action: 'conflict',
          column,
          oldValue: index >= 0 && index < cells.length ? cells[index] : '',
          newValue: '',
          ...byRules(proposals, `left as it was: ${proposed}`),
        });
      }
    },
  );
  await spliceLines(source.path, encoding, edits, out);
  return changes.sort((a, b) => a.line - b.line);
}

/** The rules of a change and its reasons: why it was not applied, if it was not, then each rule's message. */
function byRules(sources: readonly FixSource[], why?: string): Pick<AudienceChange, 'rules' | 'reasons'> {
  return {
    rules: [...new Set(sources.map((source) => source.ruleId))],
    reasons: [...(why ? [why] : []), ...sources.map(({ ruleId, message }) => `${ruleId}: ${message}`)],
  };
}

/**
 * A change as changes.csv and standard error show it: under --redact, values masked as the report
 * masks them (the rules' messages and customer ids already are). The fixed audience itself holds
 * the real values: it is the file to send.
 */
function shownChange(change: AudienceChange, fixes: CollectedFixes): AudienceChange {
  if (!fixes.redacts) return change;
  return {
    ...change,
    oldValue: fixes.shown(change.oldValue, change.column),
    newValue: fixes.shown(change.newValue, change.column),
    reasons: change.reasons.map((reason) => fixes.shown(reason)),
  };
}

function changeLine(change: AudienceChange, fixes: CollectedFixes): string {
  const { line, customerId, action, column, oldValue, newValue, rules, reasons } = shownChange(change, fixes);
  return csvLine([String(line), customerId ?? '', action, column, oldValue, newValue, rules.join(';'), reasons.join('; ')]);
}
