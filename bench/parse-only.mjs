// Baseline: stream every CSV of a scenario through csv-parse (records as arrays) and count rows.
// This is the floor a full check is compared against. Run by bench/run.mjs in its own process:
//   node --expose-gc bench/parse-only.mjs <file.csv>...

import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { cpuMsSince, sendResult } from './child-result.mjs';

// What a plain read of a docs/inputs.md file needs: BOM accepted, blank lines skipped.
const CSV_OPTIONS = { bom: true, delimiter: ',', skip_empty_lines: true };

await sendResult(async () => {
  const files = process.argv.slice(2);
  globalThis.gc?.(); // start from a clean heap, like the check run
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const rows = {};
  for (const file of files) {
    let records = 0;
    for await (const _record of createReadStream(file).pipe(parse(CSV_OPTIONS))) records++;
    rows[file] = records - 1; // minus the header
  }
  const elapsedMs = performance.now() - started;
  return { elapsedMs, cpuMs: cpuMsSince(cpuStarted), rows, maxRssKiB: process.resourceUsage().maxRSS };
});
