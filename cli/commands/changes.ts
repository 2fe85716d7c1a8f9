/** `psa changes`: the figures of earlier publications a report restated, ticket by ticket. */
import { METRIC_VIEWS } from '../../metrics/views.ts';
import { existsSync } from 'node:fs';
import { isMonth } from '../../core/months.ts';
import { stableJson } from '../../core/stable-json.ts';
import { readChanges, type ChangesReport } from '../../publications/changes.ts';
import { reasonText } from '../../publications/sentences.ts';
import { openDatabase } from '../../store/open.ts';
import { parseCommandArgs, type Command } from '../args.ts';
import { checkDatabasePath, CliError, ExitCode } from '../failures.ts';

const HELP = `Usage: psa changes --db <path> [--month YYYY-MM] [--json]

Prints the restatements of a publication: every figure of an earlier
published month that this report gives differently (month, figure,
published value, new value, difference), and under each the tickets behind
the difference, each with what it adds and why it changed:
  registered_late     created in the month, first seen after the publication
  reopened            resolved then, open now
  resolution_added, resolution_moved, resolution_removed
                      the resolution instant (or the export's resolved date)
  reclassified        type, category, municipality, priority or security alert
  deleted, restored   marked for deletion, or no longer
  created_moved       another creation time
  rules_changed       the rules differ from the publication's: every change is theirs
  other               a response, duration or due time
For a count, the tickets' contributions add up to the difference exactly.

Options:
  --db <path>        database file psa run published into (required)
  --month <YYYY-MM>  the report month whose latest publication to show
                     (default: the latest publication)
  --json             one JSON object on stdout instead of text
  -h, --help         show this help

Exit codes: 0 done; 1 no database, or no publication of that month; 2 bad
arguments.
Database and disk: 4 the database is busy (try again), 5 it is damaged, not
SQLite or from a newer psa, 6 psa cannot write (read-only, no permission,
disk full).

Examples:
  psa changes --db out/psa.sqlite
  psa changes --db out/psa.sqlite --month 2024-10 --json | jq '.restatements[0]'`;

export const changesCommand: Command = {
  name: 'changes',
  summary: 'show which published figures a report restated, and why, ticket by ticket',
  help: HELP,
  async run(argv, io) {
    const { values } = parseCommandArgs('changes', argv, { db: { type: 'string' }, month: { type: 'string' }, json: { type: 'boolean' } }, false);
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.success;
    }
    if (!values.db) throw new CliError('changes: --db <path> is required\nSee: psa changes --help', 'usage');
    if (values.month !== undefined && !isMonth(values.month)) throw new CliError(`changes: --month expects a month as YYYY-MM, got ${JSON.stringify(values.month)}`, 'usage');
    checkDatabasePath('changes', values.db);
    if (!existsSync(values.db)) throw new CliError(`changes: no database at ${values.db}`, 'failure');
    const store = await openDatabase(values.db, { views: METRIC_VIEWS });
    try {
      const changes = readChanges(store, values.month);
      if (changes === null) {
        throw new CliError(
          values.month === undefined ? `changes: nothing has been published from ${values.db} yet: psa run publishes a report` : `changes: no publication of ${values.month} in ${values.db}`,
          'failure',
        );
      }
      io.stdout.write(values.json ? stableJson(changes) : changesText(changes));
      return ExitCode.success;
    } finally {
      await store.close();
    }
  },
};

const signed = (n: number | null) => (n === null ? '' : n > 0 ? `+${n}` : String(n));
const value = (n: number | null) => (n === null ? 'null' : String(n));

export function changesText(c: ChangesReport): string {
  const p = c.publication;
  const lines = [`${p.reportMonth} version ${p.version} (as of ${p.asOf}): ${c.restatements.length} restated figure${c.restatements.length === 1 ? '' : 's'}`];
  if (c.restatements.length === 0) {
    lines.push('  no figure of an earlier publication changed');
    return `${lines.join('\n')}\n`;
  }
  let baseline = '';
  for (const r of c.restatements) {
    const b = `against ${r.publishedIn.reportMonth} version ${r.publishedIn.version}${r.rulesChanged ? ' (the rules changed)' : ''}`;
    if (b !== baseline) lines.push(`  ${(baseline = b)}:`);
    lines.push(`  ${r.month}  ${r.figure}  ${value(r.published)} → ${value(r.value)}${r.difference === null ? '' : ` (${signed(r.difference)})`}`);
    for (const t of r.tickets) {
      lines.push(`      ticket ${t.ticketNumber}${t.contribution === null ? '' : ` ${signed(t.contribution)}`}  ${t.reason} (${reasonText(t.reason, 'en')}): ${t.detail}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
