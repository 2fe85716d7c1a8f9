// `npm start`: runs the pipeline on the bundled sample export, as far as it
// is built so far (ingest, transform, metrics), into out/.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sample = 'fixtures/sample/pureservice-export-2024-10-31.csv';
const psa = (...args) => {
  const result = spawnSync(process.execPath, ['bin/psa.js', ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
psa('ingest', sample, '--db', 'out/psa.sqlite');
psa('transform', '--db', 'out/psa.sqlite');
psa('metrics', '--db', 'out/psa.sqlite', '--out', 'out');
console.log(`
The sample export (${sample}) is loaded and transformed in
out/psa.sqlite, and the report's figures are in out/metrics.json with one
Vega-Lite chart per figure in out/*.vl.json (open one in https://vega.github.io/editor
or any Vega-Lite viewer). In any SQLite tool, for example the open cases at
the end of October 2024 per class (the report says 80 incidents, 255 requests):

  sqlite3 out/psa.sqlite "SELECT ticket_class, sum(open) FROM v_open_month_end WHERE month = '2024-10' GROUP BY ticket_class"

The dashboard (HTML, SVG, PNG) comes with the next stage.`);
