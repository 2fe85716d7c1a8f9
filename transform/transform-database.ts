/**
 * `psa transform` on a database: rebuilds `fct_tickets` and `fct_findings`
 * from `stg_tickets` and the rules, in one transaction, and logs the run
 * with the rules' hash in `transform_runs`. The same tickets and rules give
 * identical tables; a failure leaves the previous tables as they were.
 *
 * Memory stays flat: tickets are read in pages by ticket number (keyset
 * paging; better-sqlite3 cannot write on a connection while a read cursor
 * is open on it), classified and written out before the next page.
 */
import type { PsaDatabase } from '../store/open.ts';
import { MultiRowInsert } from '../store/multi-row-insert.ts';
import { PSA_VERSION } from '../store/version.ts';
import { formatUtc } from '../ingest/timestamps.ts';
import { TicketClassifier, type Finding, type TicketFacts, type TicketInput } from './classify.ts';
import { FINDING_RULE_NAMES, type FindingRule } from './messages.ts';
import type { Rules, TicketClass } from './rules.ts';

const PAGE_SIZE = 4096;

const INPUT_COLUMNS = [
  'ticket_number', 'subject', 'ticket_type', 'status', 'core_status', 'priority', 'category1', 'category2', 'category3',
  'requester', 'requester_email', 'company', 'department', 'created', 'modified', 'responded', 'resolved', 'closed',
  'reopened_count', 'marked_for_deletion',
] as const satisfies readonly (keyof TicketInput)[];

const FACT_COLUMNS = [
  'ticket_number', 'ticket_class', 'status_class', 'counted', 'priority', 'report_category', 'municipality',
  'municipality_source', 'former_municipality', 'security_alert_source', 'created_month', 'resolved', 'resolved_source',
  'resolved_month', 'naive_resolved_month', 'resolution_hours', 'resolution_service_hours', 'is_old_case',
  'response_hours', 'response_service_hours', 'response_met', 'resolution_met', 'resolution_due',
] as const satisfies readonly (keyof TicketFacts)[];

const FINDING_COLUMNS = ['ticket_number', 'rule', 'message', 'details'] as const satisfies readonly (keyof Finding)[];

export interface TransformSummary {
  readonly runId: number;
  readonly tickets: number;
  /** Tickets the metrics count (incident or request, not marked for deletion). */
  readonly counted: number;
  readonly byClass: Readonly<Record<TicketClass, number>>;
  readonly markedForDeletion: number;
  /** Effective resolution instants by source (RESOLVED-1); `open` has none. */
  readonly resolution: { readonly export: number; readonly closed: number; readonly modified: number; readonly created: number; readonly open: number };
  readonly securityAlerts: number;
  readonly findings: number;
  /** Every rule, including those that found nothing. */
  readonly findingsByRule: Readonly<Record<FindingRule, number>>;
  readonly rulesFile: string;
  readonly rulesSha256: string;
  readonly seconds: number;
}

export interface TransformOptions {
  /** Called after each page with the tickets done so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

export class NothingToTransformError extends Error {
  override readonly name = 'NothingToTransformError';
}

/** Rebuilds the derived tables of `store` with `rules`. */
export async function transformDatabase(store: PsaDatabase, rules: Rules, options: TransformOptions = {}): Promise<TransformSummary> {
  const { sqlite } = store;
  const started = Date.now();
  const classifier = new TicketClassifier(rules);
  // Rows as arrays, made into objects here: better-sqlite3's own row objects
  // cost more than twice as much to build.
  const select = sqlite
    .prepare<[number, number], unknown[]>(`SELECT ${INPUT_COLUMNS.join(', ')} FROM stg_tickets WHERE ticket_number > ? ORDER BY ticket_number LIMIT ?`)
    .raw(true);
  const facts = new MultiRowInsert(sqlite, `INSERT INTO fct_tickets (${FACT_COLUMNS.join(', ')}) VALUES`, FACT_COLUMNS.length, '');
  const findingRows = new MultiRowInsert(sqlite, `INSERT INTO fct_findings (${FINDING_COLUMNS.join(', ')}) VALUES`, FINDING_COLUMNS.length, '');

  const byClass: Record<TicketClass, number> = { incident: 0, request: 0, other: 0 };
  const resolution = { export: 0, closed: 0, modified: 0, created: 0, open: 0 };
  const findingsByRule = Object.fromEntries(FINDING_RULE_NAMES.map((r) => [r, 0])) as Record<FindingRule, number>;
  let tickets = 0;
  let counted = 0;
  let markedForDeletion = 0;
  let securityAlerts = 0;
  let findingCount = 0;

  sqlite.exec('BEGIN IMMEDIATE');
  try {
    const total = (sqlite.prepare('SELECT count(*) AS n FROM stg_tickets').get() as { n: number }).n;
    if (total === 0) throw new NothingToTransformError('the database holds no tickets: load an export with psa ingest first');
    // No WHERE clause and no triggers: SQLite empties each table in one step.
    sqlite.exec('DELETE FROM fct_findings; DELETE FROM fct_tickets; DELETE FROM dim_priorities;');
    await writePriorities(store, rules);
    const lastLoad = sqlite.prepare('SELECT max(load_id) AS id FROM raw_loads').get() as { id: number | null };
    const pageFindings: Finding[] = [];
    let after = -Infinity;
    for (;;) {
      const page = select.all(after, PAGE_SIZE);
      if (page.length === 0) break;
      for (const row of page) {
        const f = classifier.classify(ticketInput(row), pageFindings);
        for (const column of FACT_COLUMNS) facts.values.push(f[column]);
        facts.rowAdded();
        tickets++;
        byClass[f.ticket_class]++;
        counted += f.counted;
        if (f.security_alert_source !== null) securityAlerts++;
        resolution[f.resolved_source ?? 'open']++;
      }
      for (const finding of pageFindings) {
        findingRows.values.push(finding.ticket_number, finding.rule, finding.message, finding.details);
        findingRows.rowAdded();
        findingsByRule[finding.rule]++;
        if (finding.rule === 'MARKED_FOR_DELETION') markedForDeletion++;
      }
      findingCount += pageFindings.length;
      pageFindings.length = 0;
      after = page[page.length - 1]![0] as number;
      options.onProgress?.(tickets, total);
    }
    facts.flush();
    findingRows.flush();
    const run = await store.db
      .insertInto('transform_runs')
      .values({
        rules_file: rules.source.isDefault ? 'default' : rules.source.path,
        rules_sha256: rules.source.sha256,
        rules_text: rules.source.text,
        last_load_id: lastLoad.id,
        tickets,
        findings: findingCount,
        started_at: formatUtc(started),
        finished_at: formatUtc(Date.now()),
        psa_version: PSA_VERSION,
      })
      .returning('run_id')
      .executeTakeFirstOrThrow();
    sqlite.exec('COMMIT');
    return {
      runId: run.run_id,
      tickets,
      counted,
      byClass,
      markedForDeletion,
      resolution,
      securityAlerts,
      findings: findingCount,
      findingsByRule,
      rulesFile: rules.source.isDefault ? 'default' : rules.source.path,
      rulesSha256: rules.source.sha256,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw error;
  }
}

async function writePriorities(store: PsaDatabase, rules: Rules): Promise<void> {
  await store.db
    .insertInto('dim_priorities')
    .values(
      rules.priorities.map(([p], i) => ({
        priority: p.name,
        calendar: p.calendar,
        response_target_hours: p.responseHours,
        resolution_target_hours: p.resolutionHours,
        sort_order: i + 1,
      })),
    )
    .execute();
}

// ticketInput reads the columns by position: it must list them in INPUT_COLUMNS' order.
if (Object.keys(ticketInput(INPUT_COLUMNS.map(() => null))).join() !== INPUT_COLUMNS.join()) {
  throw new Error('ticketInput does not follow INPUT_COLUMNS');
}

/** A row of INPUT_COLUMNS as an object (one fixed shape, so property reads stay fast). */
function ticketInput(r: unknown[]): TicketInput {
  return {
    ticket_number: r[0] as number,
    subject: r[1] as string | null,
    ticket_type: r[2] as string,
    status: r[3] as string,
    core_status: r[4] as number | null,
    priority: r[5] as string | null,
    category1: r[6] as string | null,
    category2: r[7] as string | null,
    category3: r[8] as string | null,
    requester: r[9] as string | null,
    requester_email: r[10] as string | null,
    company: r[11] as string | null,
    department: r[12] as string | null,
    created: r[13] as string,
    modified: r[14] as string | null,
    responded: r[15] as string | null,
    resolved: r[16] as string | null,
    closed: r[17] as string | null,
    reopened_count: r[18] as number | null,
    marked_for_deletion: r[19] as number | null,
  };
}
