/**
 * The incremental transform's bookkeeping (issue 19, migration 0012): when
 * `psa transform` may recompute only the changed tickets, and what it keeps
 * to know.
 *
 * What a ticket's facts and findings depend on, and how each is followed:
 * - its own `stg_tickets` row: triggers on `stg_tickets` record every
 *   inserted, updated or deleted ticket in `transform_pending`, in the
 *   writer's transaction (exact for every writer: a load, a pull's pages, an
 *   UPDATE by hand);
 * - the export date of the load its values came from (TIME-4,
 *   FUTURE_TIMESTAMP): a load's date never changes, and a row that moves to
 *   another load is an update, so pending;
 * - the rules (classes, statuses, priorities and their targets, categories,
 *   municipalities, alerts, the margin, the time zone, opening hours and
 *   holidays of the service calendar, oldCaseDays, the repair switch): all
 *   in the rules file, so its SHA-256; another hash rebuilds everything;
 * - the transform's own code: psa's version, `LOGIC_REVISION` and the columns
 *   it reads and writes, digested into `logic`; another digest rebuilds
 *   everything;
 * - the other tickets and the loads (STATUS-3, missing-from-export.ts):
 *   whether a ticket is deleted depends on which tickets every full export
 *   held. The decision is made again from scratch on every run (it reads no
 *   facts), and every ticket whose MISSING_FROM_EXPORT finding would differ
 *   from the one the facts hold is recomputed with the changed ones;
 * - the as-of instant (TIME-4, `transform_runs.data_until`): the latest
 *   timestamp of all tickets, kept exact (transform-database.ts
 *   `latestAfterChanges`);
 * - the summary's counts: the state's counts, less the changed tickets' old
 *   facts and findings, plus their new ones.
 * Nothing else crosses tickets: classify() is a pure function of one ticket,
 * its load's export date and the rules.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { columnNames, FCT_FINDINGS, FCT_TICKETS } from '../store/columns.ts';
import { PSA_VERSION } from '../store/version.ts';
import type { TallyCounts } from './classify-pages.ts';
import { INPUT_COLUMNS } from './classify.ts';
import { FINDING_RULE_NAMES, type FindingRule } from './messages.ts';
import type { Rules, TicketClass } from './rules.ts';

/**
 * Raised by hand when a rule's code changes its results without a new psa
 * version (a development build): databases transformed before rebuild
 * everything on their next transform.
 */
export const LOGIC_REVISION = 1;

/** The transform's logic, as a digest: another one means every fact is made again. */
export const TRANSFORM_LOGIC = createHash('sha256')
  .update(JSON.stringify({ psa: PSA_VERSION, revision: LOGIC_REVISION, input: INPUT_COLUMNS, facts: columnNames(FCT_TICKETS), findings: columnNames(FCT_FINDINGS), rules: FINDING_RULE_NAMES }))
  .digest('hex');

/**
 * An incremental run recomputes the changed tickets in this thread with the
 * indexes in place; past this share of the tickets a full rebuild (two
 * classifying workers, indexes built once at the end) is the faster one.
 */
export const INCREMENTAL_MAX_SHARE = 0.25;

/** Why a run rebuilds everything. */
export type FullReason =
  /** `--full`. */
  | 'asked'
  /** No state: the database was never transformed, or by a psa before migration 0012. */
  | 'first'
  /** The rules file's content differs from the last transform's. */
  | 'rules'
  /** Another psa version (or transform logic) made the facts. */
  | 'logic'
  /** More than INCREMENTAL_MAX_SHARE of the tickets changed. */
  | 'many-changed';

/** The state the current facts were made in (one row of `transform_state`). */
export interface TransformState {
  readonly runId: number;
  readonly rulesSha256: string;
  readonly logic: string;
  readonly lastLoadId: number | null;
  readonly loads: string;
  /** The whole database's counts after that run (without `latest`, which is the run's data_until). */
  readonly tally: Omit<TallyCounts, 'latest'>;
  /** That run's rules file and data_until (from transform_runs). */
  readonly rulesFile: string;
  readonly dataUntil: string | null;
}

export type Decision =
  | { readonly kind: 'full'; readonly reason: FullReason; readonly pending: number }
  /** Recompute the pending tickets (and those STATUS-3 now decides otherwise). */
  | { readonly kind: 'incremental'; readonly state: TransformState; readonly pending: number }
  /** Nothing changed since the last transform: nothing to write. */
  | { readonly kind: 'up-to-date'; readonly state: TransformState };

/** What the decision compares: the loads now, as a digest of each load and its row count. */
export function loadsDigest(sqlite: Database.Database): { lastLoadId: number | null; loads: string } {
  const rows = sqlite.prepare('SELECT load_id, rows_read, rows_loaded FROM raw_loads ORDER BY load_id').raw().all() as [number, number, number][];
  return { lastLoadId: rows.length === 0 ? null : rows[rows.length - 1]![0], loads: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
}

export function readState(sqlite: Database.Database): TransformState | null {
  const row = sqlite
    .prepare(
      `SELECT s.run_id, s.rules_sha256, s.logic, s.last_load_id, s.loads, s.tally, r.rules_file, r.data_until
       FROM transform_state s JOIN transform_runs r ON r.run_id = s.run_id`,
    )
    .get() as
    | { run_id: number; rules_sha256: string; logic: string; last_load_id: number | null; loads: string; tally: string; rules_file: string; data_until: string | null }
    | undefined;
  if (row === undefined) return null;
  return {
    runId: row.run_id,
    rulesSha256: row.rules_sha256,
    logic: row.logic,
    lastLoadId: row.last_load_id,
    loads: row.loads,
    tally: JSON.parse(row.tally) as TransformState['tally'],
    rulesFile: row.rules_file,
    dataUntil: row.data_until,
  };
}

/**
 * The triggers that record changed tickets in `transform_pending` (migration
 * 0012), in the writer's own transaction, whoever writes `stg_tickets`. They
 * are created with the first state a transform leaves, not by the
 * migration: before it, nothing needs recording, and a new database's first
 * load runs no trigger.
 */
export const PENDING_TRIGGERS: readonly string[] = [
  ...(
    [
      ['insert', 'INSERT', 'NEW'],
      ['update', 'UPDATE', 'NEW'],
      ['delete', 'DELETE', 'OLD'],
    ] as const
  ).map(
    ([name, event, row]) => `CREATE TRIGGER IF NOT EXISTS stg_tickets_pending_${name} AFTER ${event} ON stg_tickets
     BEGIN INSERT OR IGNORE INTO transform_pending (ticket_number) VALUES (${row}.ticket_number); END`,
  ),
  // An UPDATE that renumbers a ticket leaves its old number's facts behind: record it too.
  `CREATE TRIGGER IF NOT EXISTS stg_tickets_pending_renumber AFTER UPDATE OF ticket_number ON stg_tickets
   WHEN OLD.ticket_number IS NOT NEW.ticket_number
   BEGIN INSERT OR IGNORE INTO transform_pending (ticket_number) VALUES (OLD.ticket_number); END`,
];

/** Records the state the facts were left in (in the run's transaction), and makes sure the triggers that record changes from now on exist. */
export function writeState(sqlite: Database.Database, runId: number, rules: Rules, loads: { lastLoadId: number | null; loads: string }, tally: TallyCounts): void {
  const { latest: _latest, ...counts } = tally;
  for (const trigger of PENDING_TRIGGERS) sqlite.exec(trigger);
  sqlite.exec('DELETE FROM transform_state');
  sqlite
    .prepare('INSERT INTO transform_state (state_id, run_id, rules_sha256, logic, last_load_id, loads, tally) VALUES (1, ?, ?, ?, ?, ?, ?)')
    .run(runId, rules.source.sha256, TRANSFORM_LOGIC, loads.lastLoadId, loads.loads, JSON.stringify(counts));
}

/**
 * Full or incremental, and why. The share of changed tickets is taken of
 * the state's ticket count, so the decision itself reads no table in full.
 */
export function decide(sqlite: Database.Database, rules: Rules, options: { readonly full?: boolean; readonly maxChangedShare?: number } = {}): Decision {
  const pending = (sqlite.prepare('SELECT count(*) AS n FROM transform_pending').get() as { n: number }).n;
  if (options.full === true) return { kind: 'full', reason: 'asked', pending };
  const state = readState(sqlite);
  if (state === null) return { kind: 'full', reason: 'first', pending };
  if (state.rulesSha256 !== rules.source.sha256) return { kind: 'full', reason: 'rules', pending };
  if (state.logic !== TRANSFORM_LOGIC) return { kind: 'full', reason: 'logic', pending };
  if (pending > (options.maxChangedShare ?? INCREMENTAL_MAX_SHARE) * state.tally.tickets) return { kind: 'full', reason: 'many-changed', pending };
  const rulesFile = rules.source.isDefault ? 'default' : rules.source.path;
  if (pending === 0 && loadsDigest(sqlite).loads === state.loads && rulesFile === state.rulesFile) return { kind: 'up-to-date', state };
  return { kind: 'incremental', state, pending };
}

/** The counts of a tally, every one 0. */
function emptyCounts(): Omit<TallyCounts, 'latest'> {
  return {
    tickets: 0,
    counted: 0,
    byClass: { incident: 0, request: 0, other: 0 },
    resolution: { export: 0, closed: 0, modified: 0, created: 0, open: 0 },
    securityAlerts: 0,
    findings: 0,
    findingsByRule: Object.fromEntries(FINDING_RULE_NAMES.map((r) => [r, 0])) as Record<FindingRule, number>,
  };
}

/**
 * The summary's counts of the facts and findings of the tickets listed in
 * `tickets` (a table of ticket numbers), as the tables hold them now.
 */
export function countsOf(sqlite: Database.Database, tickets: string): Omit<TallyCounts, 'latest'> {
  const counts = emptyCounts();
  const facts = sqlite
    .prepare(
      `SELECT ticket_class, resolved_source, sum(counted) AS counted, sum(security_alert_source IS NOT NULL) AS alerts, count(*) AS n
       FROM fct_tickets WHERE ticket_number IN (SELECT ticket_number FROM ${tickets}) GROUP BY ticket_class, resolved_source`,
    )
    .all() as { ticket_class: TicketClass; resolved_source: keyof TallyCounts['resolution'] | null; counted: number; alerts: number; n: number }[];
  for (const f of facts) {
    counts.tickets += f.n;
    counts.counted += f.counted;
    counts.securityAlerts += f.alerts;
    counts.byClass[f.ticket_class] += f.n;
    counts.resolution[f.resolved_source ?? 'open'] += f.n;
  }
  const findings = sqlite
    .prepare(`SELECT rule, count(*) AS n FROM fct_findings WHERE ticket_number IN (SELECT ticket_number FROM ${tickets}) GROUP BY rule`)
    .all() as { rule: FindingRule; n: number }[];
  for (const f of findings) {
    counts.findings += f.n;
    counts.findingsByRule[f.rule] += f.n;
  }
  return counts;
}

/** `base` − `minus` + `plus`, count by count. */
export function adjustCounts(base: Omit<TallyCounts, 'latest'>, minus: Omit<TallyCounts, 'latest'>, plus: Omit<TallyCounts, 'latest'>): Omit<TallyCounts, 'latest'> {
  const add = (a: number, b: number, c: number) => a - b + c;
  const each = <K extends string>(a: Record<K, number>, b: Record<K, number>, c: Record<K, number>) =>
    Object.fromEntries(Object.keys(a).map((k) => [k, add(a[k as K], b[k as K] ?? 0, c[k as K] ?? 0)])) as Record<K, number>;
  return {
    tickets: add(base.tickets, minus.tickets, plus.tickets),
    counted: add(base.counted, minus.counted, plus.counted),
    byClass: each(base.byClass, minus.byClass, plus.byClass),
    resolution: each(base.resolution, minus.resolution, plus.resolution),
    securityAlerts: add(base.securityAlerts, minus.securityAlerts, plus.securityAlerts),
    findings: add(base.findings, minus.findings, plus.findings),
    findingsByRule: each({ ...emptyCounts().findingsByRule, ...base.findingsByRule }, minus.findingsByRule, plus.findingsByRule),
  };
}
