// The score of one target from the JSON reports of its parts (Stryker's mutation-report.json, schema 2).
//   node score.mjs FLOOR report.json...
// Per file and in total: killed and timed out count as detected; survived and not covered as missed; compile errors and
// ignored mutants do not count (Stryker's own score). A file counted in two reports is an error: a target's parts split
// its files. Exits 1 under FLOOR (a percentage), 2 on bad input.
import { readFileSync } from 'node:fs';

const [floorArg, ...reports] = process.argv.slice(2);
const floor = Number(floorArg);
if (!Number.isFinite(floor) || reports.length === 0) {
  console.error('usage: node score.mjs FLOOR report.json...');
  process.exit(2);
}
const detected = new Set(['Killed', 'Timeout']);
const missed = new Set(['Survived', 'NoCoverage']);
const rows = new Map();
for (const report of reports) {
  const files = JSON.parse(readFileSync(report, 'utf8')).files ?? {};
  for (const [path, file] of Object.entries(files)) {
    const statuses = (file.mutants ?? []).map(m => m.status);
    const row = { killed: 0, survived: 0, timeout: 0, noCoverage: 0 };
    for (const s of statuses) {
      if (s === 'Killed') row.killed++;
      else if (s === 'Timeout') row.timeout++;
      else if (s === 'Survived') row.survived++;
      else if (s === 'NoCoverage') row.noCoverage++;
    }
    if (row.killed + row.timeout + row.survived + row.noCoverage === 0) continue;
    const name = path.replace(/^.*\/api\//, 'api/');
    if (rows.has(name)) {
      console.error(`${name} is counted in two reports`);
      process.exit(2);
    }
    rows.set(name, row);
  }
}
const pct = (d, n) => (n === 0 ? 'n/a' : `${((100 * d) / n).toFixed(2)}%`);
const total = { killed: 0, survived: 0, timeout: 0, noCoverage: 0 };
for (const [name, r] of [...rows].sort(([a], [b]) => a.localeCompare(b))) {
  for (const k of Object.keys(total)) total[k] += r[k];
  const d = r.killed + r.timeout;
  console.log(`${name.padEnd(44)} ${pct(d, d + r.survived + r.noCoverage).padStart(8)}  killed ${r.killed}, timeout ${r.timeout}, survived ${r.survived}, not covered ${r.noCoverage}`);
}
const d = total.killed + total.timeout;
const n = d + total.survived + total.noCoverage;
if (n === 0) {
  console.error('no mutant was tested');
  process.exit(2);
}
const score = (100 * d) / n;
console.log(`mutation score ${score.toFixed(2)}% (${d} of ${n} detected: killed ${total.killed}, timeout ${total.timeout}, survived ${total.survived}, not covered ${total.noCoverage}); floor ${floor}%`);
process.exit(score < floor ? 1 : 0);
