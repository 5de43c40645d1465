import { describe, expect, it } from 'vitest';
import { ProgressLine, wantsProgress } from '../../src/cli/progress.js';

function terminal() {
  const writes: string[] = [];
  return { stream: { isTTY: true, columns: 60, write: (text: string) => writes.push(text) }, writes };
}

describe('progress on standard error', () => {
  it('is shown only on a terminal, outside CI and without --quiet', () => {
    const tty = { isTTY: true, write: () => true };
    expect(wantsProgress(tty, {}, false)).toBe(true);
    expect(wantsProgress({ write: () => true }, {}, false)).toBe(false);
    expect(wantsProgress(tty, { CI: 'true' }, false)).toBe(false);
    expect(wantsProgress(tty, { CI: 'false' }, false)).toBe(true);
    expect(wantsProgress(tty, {}, true)).toBe(false);
    expect(wantsProgress(tty, { TERM: 'dumb' }, false)).toBe(false);
  });

  it('stays silent for the first second, then rewrites one line with the file, rows and rate', () => {
    let now = 0;
    const { stream, writes } = terminal();
    const progress = new ProgressLine(stream, () => now);
    progress.update({ file: 'data/customers.csv', rows: 10_000 });
    now = 900;
    progress.update({ file: 'data/customers.csv', rows: 90_000 });
    expect(writes).toEqual([]);
    now = 1_000;
    progress.update({ file: 'data/customers.csv', rows: 100_000 });
    expect(writes).toEqual(['\r\u001b[2Kreading data/customers.csv: 100,000 rows (90,000 rows/s)']);
    now = 1_050; // too soon to redraw
    progress.update({ file: 'data/customers.csv', rows: 105_000 });
    expect(writes).toHaveLength(1);
    now = 1_500;
    progress.update({ file: 'audience.csv', rows: 1 });
    now = 2_000;
    progress.update({ file: 'audience.csv', rows: 2_000 });
    expect(writes.at(-1)).toBe('\r\u001b[2Kreading audience.csv: 2,000 rows (3,998 rows/s)');
    progress.done();
    expect(writes.at(-1)).toBe('\r\u001b[2K');
  });

  it('erases nothing when it never drew, and shortens a line wider than the terminal', () => {
    let now = 0;
    const { stream, writes } = terminal();
    const progress = new ProgressLine(stream, () => now);
    progress.done();
    expect(writes).toEqual([]);
    now = 5_000;
    progress.update({ file: `${'very-long-folder-name/'.repeat(5)}audience.csv`, rows: 7 });
    expect(writes[0].length).toBeLessThanOrEqual('\r\u001b[2K'.length + 59);
    expect(writes[0]).toMatch(/^\r\u001b\[2Kreading …[a-z/-]*\/audience\.csv: 7 rows$/);
  });
});
