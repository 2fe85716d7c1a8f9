// `npm start`: runs the pipeline on the bundled example exports, as far as it
// is built so far (ingest, transform), into out/.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const exports = ['utf8-bom-semicolon.csv', 'windows-1252-crlf.csv', 'api-names-comma-iso.csv', 'multiline-subjects.csv'].map(
  (name) => `fixtures/ingest/${name}`,
);
const psa = (...args) => {
  const result = spawnSync(process.execPath, ['bin/psa.js', ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
psa('ingest', ...exports, '--db', 'out/psa.sqlite');
psa('transform', '--db', 'out/psa.sqlite');
console.log(`
Loaded and transformed the example exports in out/psa.sqlite (open it in any SQLite tool:
  sqlite3 out/psa.sqlite "SELECT ticket_number, ticket_class, municipality, resolved_source FROM fct_tickets").
Metrics and the dashboard are coming with the next stages; then npm start
will run the whole pipeline on the bundled sample export.`);
