/** `psa transform`: repair and classify the loaded tickets. */
import { METRIC_VIEWS } from '../../metrics/views.ts';
import { existsSync } from 'node:fs';
import { openDatabase } from '../../store/open.ts';
import { TicketInputError } from '../../transform/classify.ts';
import { FINDING_RULES, FINDING_RULE_NAMES } from '../../transform/messages.ts';
import { loadRules, DEFAULT_RULES_PATH, type Rules } from '../../transform/rules.ts';
import { NothingToTransformError, transformDatabase, type TransformSummary } from '../../transform/transform-database.ts';
import { parseCommandArgs, type Command, type CommandIo } from '../args.ts';
import { checkDatabasePath, CliError, ExitCode } from '../failures.ts';
import { ProgressBar } from '../progress.ts';

const HELP = `Usage: psa transform --db <path> [--rules <file>] [--full] [--json]

Brings the derived tables up to date with the loaded tickets, in one
transaction:
  fct_tickets   one row per ticket: class, status class, effective and naive
                resolution (repaired where the resolved date is missing),
                report category, municipality, security alert, resolution and
                response time in calendar and service hours, SLA targets, met
                or breached
  fct_findings  one row per ticket and rule that fired, explaining every
                repair and doubt (MISSING_RESOLVED_DATE, UNKNOWN_MUNICIPALITY, ...)
The run and the rules' SHA-256 are logged in transform_runs.

Incremental by default: only the tickets whose loaded values changed since
the last transform (new, updated or removed in stg_tickets), and those a
full export now leaves out or holds again (STATUS-3), are classified again.
psa rebuilds everything instead on the first transform of a database, when
the rules file's content or the psa version differs from the last
transform's, when more than a quarter of the tickets changed, or with
--full. When nothing changed, nothing is written. Either way the tables are
identical to a full rebuild's. The summary's first line says which:
"Transformed 18,012 tickets (incremental: 2,061 changed) in 0.4 s ...".

Options:
  --db <path>       database file written by psa ingest (required)
  --rules <file>    rules file, YAML or JSON (default: the shipped ROR-IKT rules,
                    ${DEFAULT_RULES_PATH})
  --full            rebuild every ticket's facts, whatever changed
  --json            print one JSON summary object on stdout
  -h, --help        show this help

Exit codes: 0 done; 1 the database cannot be transformed; 2 bad arguments or
a bad rules file (nothing is changed).
Database and disk: 4 the database is busy (try again), 5 it is damaged, not
SQLite or from a newer psa, 6 psa cannot write (read-only, no permission,
disk full).

Examples:
  psa transform --db out/psa.sqlite
  psa transform --db out/psa.sqlite --rules my-rules.yaml --json
  psa transform --db out/psa.sqlite --full`;

export const transformCommand: Command = {
  name: 'transform',
  summary: 'repair resolution dates and classify every ticket',
  help: HELP,
  async run(argv, io) {
    const { values } = parseCommandArgs('transform', argv, { db: { type: 'string' }, rules: { type: 'string' }, full: { type: 'boolean' }, json: { type: 'boolean' } }, false);
    if (values.help) {
      io.stdout.write(`${HELP}\n`);
      return ExitCode.success;
    }
    if (!values.db) throw new CliError('transform: --db <path> is required\nSee: psa transform --help', 'usage');
    checkDatabasePath('transform', values.db);
    // The rules are checked before the database is touched: a bad file changes nothing.
    const rules = loadRules(values.rules);
    const summary = await transformWithProgress(values.db, rules, io, 'transform', { full: values.full === true });
    io.stdout.write(values.json ? `${JSON.stringify(summary, null, 2)}\n` : textSummary(summary));
    return ExitCode.success;
  },
};

/** Transforms the database with a progress bar on stderr; the database's problems as CliErrors. */
export async function transformWithProgress(db: string, rules: Rules, io: CommandIo, command = 'transform', options: { readonly full?: boolean } = {}): Promise<TransformSummary> {
  if (!existsSync(db)) throw new CliError(`${command}: no database at ${db}; load exports first with psa ingest`, 'not-found');
  const store = await openDatabase(db, { views: METRIC_VIEWS });
  const progress = new ProgressBar(io.stderr, 'transform');
  try {
    return await transformDatabase(store, rules, { full: options.full, onProgress: (done, total) => progress.update(done, total, done) });
  } catch (error) {
    if (error instanceof NothingToTransformError || error instanceof TicketInputError) {
      throw new CliError(`${command}: ${error.message}; nothing was changed`, error.code);
    }
    throw error;
  } finally {
    progress.done();
    await store.close();
  }
}

const count = (n: number) => n.toLocaleString('en');

/** What the run did, as the summary line says it: "incremental: 2,061 changed", "full: the rules changed". */
export function modeNote(s: TransformSummary): string {
  if (s.mode === 'incremental') return s.transformed === 0 ? `incremental: nothing changed${s.written ? '' : ', nothing written'}` : `incremental: ${count(s.transformed)} changed`;
  const why: Record<NonNullable<TransformSummary['fullReason']>, string> = {
    asked: '--full',
    first: 'first transform',
    rules: 'the rules changed',
    logic: 'another psa version transformed last',
    'many-changed': 'more than a quarter of the tickets changed',
  };
  return `full: ${why[s.fullReason ?? 'asked']}`;
}

function textSummary(s: TransformSummary): string {
  const r = s.resolution;
  const repaired = r.closed + r.modified + r.created;
  const lines = [
    `Transformed ${count(s.tickets)} tickets (${modeNote(s)}) in ${s.seconds.toFixed(1)} s with rules ${s.rulesFile} (sha256 ${s.rulesSha256.slice(0, 12)}…).`,
    `  classes: incident ${count(s.byClass.incident)}, request ${count(s.byClass.request)}, other ${count(s.byClass.other)}`,
    `  counted in metrics: ${count(s.counted)} (incident and request, less ${count(s.markedForDeletion)} marked for deletion)`,
    `  resolution: ${count(r.export)} from the resolved date, ${count(repaired)} repaired ` +
      `(closed time ${count(r.closed)}, last modified ${count(r.modified)}, created ${count(r.created)}), ${count(r.open)} open`,
    `  security alerts: ${count(s.securityAlerts)}`,
    `  findings: ${count(s.findings)}`,
  ];
  const width = Math.max(...FINDING_RULE_NAMES.map((n) => n.length));
  for (const rule of FINDING_RULE_NAMES) {
    const n = s.findingsByRule[rule];
    if (n > 0) lines.push(`    ${rule.padEnd(width)} ${count(n).padStart(8)}  ${FINDING_RULES[rule]}`);
  }
  lines.push('See fct_findings in the database for every ticket and why.');
  return `${lines.join('\n')}\n`;
}
