// `npm start`: runs the pipeline on the bundled sample export, as far as it
// is built so far (ingest, transform), into out/.
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
console.log(`
The sample export (${sample}) is loaded and transformed in
out/psa.sqlite. Open it in any SQLite tool, for example the open cases at the
end of October 2024 per class (the report says 80 incidents, 255 requests):

  sqlite3 out/psa.sqlite "SELECT ticket_class, count(*) FROM fct_tickets WHERE counted AND created_month <= '2024-10' AND (resolved_month IS NULL OR resolved_month > '2024-10') GROUP BY ticket_class"

Metrics (JSON, Vega-Lite) and the dashboard come with the next stages.`);
