// `npm start`: runs the pipeline on the bundled example exports, as far as it
// is built so far (ingest), into out/.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const exports = ['utf8-bom-semicolon.csv', 'windows-1252-crlf.csv', 'api-names-comma-iso.csv', 'multiline-subjects.csv'].map(
  (name) => `fixtures/ingest/${name}`,
);
const result = spawnSync(process.execPath, ['bin/psa.js', 'ingest', ...exports, '--db', 'out/psa.sqlite'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
console.log(`
Loaded the example exports into out/psa.sqlite (open it in any SQLite tool:
  sqlite3 out/psa.sqlite "SELECT ticket_number, status, created FROM stg_tickets").
Transform, metrics and the dashboard are coming with the next stages; then
npm start will run the whole pipeline on the bundled sample export.`);
