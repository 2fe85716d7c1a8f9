// `npm start`: the whole pipeline (psa run) on the bundled sample export, into out/.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sample = 'fixtures/sample/pureservice-export-2024-10-31.csv';
const result = spawnSync(process.execPath, ['bin/psa.js', 'run', sample, '--out', 'out'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`
Where to look:
  out/2024-10/report.docx       the report's section 2.1.4 Service og support, drafted
                                from the figures: open it in Word or LibreOffice
  out/2024-10/report.md         the same section as Markdown, for a wiki or pipeline
  out/2024-10/index.html        the dashboard: open it in a browser (works offline)
  out/2024-10/*.png, *.svg      each chart for the monthly report (PNG: 16 cm wide in Word)
  out/2024-10/metrics.json      every figure, for a report pipeline (schema: metrics/metrics.schema.json)
  out/index.html                every published report month and version, with links
  out/psa.sqlite                the database, for any SQLite tool; for example the open
                                cases at the end of October 2024 per class (the report
                                says 80 incidents, 255 requests):

  sqlite3 out/psa.sqlite "SELECT ticket_class, sum(open) FROM v_open_month_end WHERE month = '2024-10' GROUP BY ticket_class"`);
