/**
 * Reading the loaded tickets page by page and classifying them: the part of
 * the transform that runs in the main thread for small databases and in
 * worker threads for large ones. Memory stays flat: a page is classified and
 * handed on before the next is read (keyset paging by ticket number).
 *
 * Several workers share the pages round robin (`Share`): each reads and
 * classifies its own pages and steps over the others' by their last ticket
 * number alone, which costs SQLite a walk over the page's keys and builds no
 * JavaScript values.
 */
import type Database from 'better-sqlite3';
import { formatUtc } from '../core/timestamps.ts';
import { INPUT_COLUMNS, TIMESTAMP_COLUMNS, TicketClassifier, type Finding, type FutureLimit, type TicketFacts, type TicketInput } from './classify.ts';
import { FINDING_RULE_NAMES, type FindingRule } from './messages.ts';
import type { Rules, TicketClass } from './rules.ts';

/**
 * Tickets per page. A page's rows, inputs and facts are alive together while
 * it is classified: at 1024 they fit the workers' young generation
 * (transform-database.ts), so they die there instead of being copied into
 * the old one; 4096 needed a young generation four times as large, some
 * 50 MB more resident per worker, for the same time.
 */
const PAGE_SIZE = 1024;

export interface TicketPage {
  /** The page's position among all pages, from 0. */
  readonly index: number;
  readonly facts: readonly TicketFacts[];
  readonly findings: readonly Finding[];
  /** The latest of the page's timestamps (created, modified, responded, resolved, closed). */
  readonly latest: string | null;
}

/** Positions of the timestamp columns in INPUT_COLUMNS. */
const TIMESTAMP_POSITIONS = TIMESTAMP_COLUMNS.map((c) => INPUT_COLUMNS.indexOf(c));

/** Which of the pages a reader classifies: those whose index modulo `of` is `part`. */
export interface Share {
  readonly part: number;
  readonly of: number;
}

/**
 * The classified pages of every ticket in `stg_tickets` (or the reader's
 * share of them), in ticket-number order. With `only`, the name of a table
 * of ticket numbers (`ticket_number INTEGER PRIMARY KEY`) whose every
 * ticket is in `stg_tickets`, just those tickets (the incremental
 * transform's changed tickets); `share` must then be the whole.
 */
export function* classifyPages(sqlite: Database.Database, rules: Omit<Rules, 'source'>, share: Share = { part: 0, of: 1 }, only?: string): Generator<TicketPage> {
  if (only !== undefined && share.of !== 1) throw new Error('classifyPages: a share of the pages of a list of tickets');
  const classifier = new TicketClassifier(rules);
  const select = pageReader(sqlite, only);
  const limits = futureLimits(sqlite, rules.futureTimestampMarginDays);
  // The last ticket number of the page that starts after `?` (or of the table's last, shorter page).
  const lastOfPage = sqlite.prepare<[number, number], number>(
    `SELECT max(ticket_number) FROM (SELECT ticket_number FROM stg_tickets WHERE ticket_number > ? ORDER BY ticket_number LIMIT ?)`,
  ).pluck(true);
  let after = -Infinity;
  for (let index = 0; ; index++) {
    if (index % share.of !== share.part) {
      const last = lastOfPage.get(after, PAGE_SIZE);
      if (last === null || last === undefined) return;
      after = last;
      continue;
    }
    const rows = select(after, PAGE_SIZE);
    if (rows.length === 0) return;
    const findings: Finding[] = [];
    const facts = rows.map((row) => classifier.classify(ticketInput(row), findings, limits.get(row[LOAD_ID] as number)));
    after = rows[rows.length - 1]![0] as number;
    yield { index, facts, findings, latest: latestTimestamp(rows, limits) };
  }
}

/**
 * Reads the page of `stg_tickets` rows after ticket `after`: INPUT_COLUMNS
 * and then load_id, as arrays (made into objects by the caller:
 * better-sqlite3's own row objects cost more than twice as much to build).
 * With `only`, the tickets listed in that table (see classifyPages).
 *
 * Each row comes as one JSON array (SQLite's json_array) that JSON.parse
 * makes into the array: better-sqlite3 hands over a row's 22 values one by
 * one, which cost a million-ticket transform about 0.5 s more CPU in each
 * worker (7.9-8.4 s → 7.5-7.9 s in all). JSON keeps each value as it is:
 * text (any character), integer, real or null.
 */
export function pageReader(sqlite: Database.Database, only?: string): (after: number, limit: number) => unknown[][] {
  // The ticket's load_id comes last, after INPUT_COLUMNS: it picks the export date its timestamps are checked against.
  const row = (t: string) => `json_array(${INPUT_COLUMNS.map((c) => `${t}${c}`).join(', ')}, ${t}load_id)`;
  const select = sqlite
    .prepare<[number, number], string>(
      only === undefined
        ? `SELECT ${row('')} FROM stg_tickets WHERE ticket_number > ? ORDER BY ticket_number LIMIT ?`
        : // CROSS JOIN: the list drives, each of its tickets looked up (SQLite would otherwise scan stg_tickets whole).
          `SELECT ${row('s.')} FROM ${only} o CROSS JOIN main.stg_tickets s ON s.ticket_number = o.ticket_number
           WHERE o.ticket_number > ? ORDER BY o.ticket_number LIMIT ?`,
    )
    .pluck(true);
  return (after, limit) => select.all(after, limit).map((text) => JSON.parse(text) as unknown[]);
}

/** Position of load_id in a selected row. */
const LOAD_ID = INPUT_COLUMNS.length;

/**
 * TIME-4: for each load, its export date and the instant after which a
 * timestamp of its tickets is FUTURE_TIMESTAMP (the export date plus the
 * margin). A load without an export date has no limit.
 */
export function futureLimits(sqlite: Database.Database, marginDays: number): Map<number, FutureLimit> {
  const loads = sqlite.prepare('SELECT load_id, export_date FROM raw_loads WHERE export_date IS NOT NULL').all() as { load_id: number; export_date: string }[];
  return new Map(loads.map((l) => [l.load_id, { exportDate: l.export_date, after: formatUtc(Date.parse(l.export_date) + marginDays * 86_400_000) }]));
}

/**
 * The latest timestamp in the selected rows (UTC ISO text sorts as time
 * does, TIME-1), leaving out those after their load's limit (TIME-4).
 */
function latestTimestamp(rows: readonly unknown[][], limits: ReadonlyMap<number, FutureLimit>): string | null {
  let latest: string | null = null;
  for (const row of rows) {
    const limit = limits.get(row[LOAD_ID] as number)?.after;
    for (const i of TIMESTAMP_POSITIONS) {
      const value = row[i] as string | null;
      if (value !== null && (limit === undefined || value <= limit) && (latest === null || value > latest)) latest = value;
    }
  }
  return latest;
}

/** What a transform did, counted as the facts go by. */
export class Tally {
  tickets = 0;
  counted = 0;
  readonly byClass: Record<TicketClass, number> = { incident: 0, request: 0, other: 0 };
  /** Effective resolution instants by source (RESOLVED-1); `open` has none. */
  readonly resolution = { export: 0, closed: 0, modified: 0, created: 0, open: 0 };
  securityAlerts = 0;
  findings = 0;
  /** The latest timestamp of any ticket read (TIME-4). */
  latest: string | null = null;
  readonly findingsByRule = Object.fromEntries(FINDING_RULE_NAMES.map((r) => [r, 0])) as Record<FindingRule, number>;

  add(page: TicketPage): void {
    for (const f of page.facts) {
      this.tickets++;
      this.byClass[f.ticket_class]++;
      this.counted += f.counted;
      if (f.security_alert_source !== null) this.securityAlerts++;
      this.resolution[f.resolved_source ?? 'open']++;
    }
    for (const finding of page.findings) this.findingsByRule[finding.rule]++;
    this.findings += page.findings.length;
    this.noteLatest(page.latest);
  }

  private noteLatest(latest: string | null): void {
    if (latest !== null && (this.latest === null || latest > this.latest)) this.latest = latest;
  }

  /** Adds another tally's counts (one made in a worker thread). */
  merge(other: TallyCounts): void {
    this.tickets += other.tickets;
    this.counted += other.counted;
    this.securityAlerts += other.securityAlerts;
    this.findings += other.findings;
    this.noteLatest(other.latest);
    for (const k of Object.keys(this.byClass) as TicketClass[]) this.byClass[k] += other.byClass[k];
    for (const k of Object.keys(this.resolution) as (keyof Tally['resolution'])[]) this.resolution[k] += other.resolution[k];
    for (const k of FINDING_RULE_NAMES) this.findingsByRule[k] += other.findingsByRule[k];
  }
}

/** A tally's counts, as plain data (what crosses from a worker thread). */
export type TallyCounts = Pick<Tally, 'tickets' | 'counted' | 'byClass' | 'resolution' | 'securityAlerts' | 'findings' | 'findingsByRule' | 'latest'>;

/**
 * A row of INPUT_COLUMNS as an object: `{ ticket_number: r[0], subject:
 * r[1], … }`, written out from the column list once when the module loads,
 * so every ticket gets one fixed shape and property reads stay fast.
 */
const ticketInput = ((): ((row: unknown[]) => TicketInput) => {
  for (const c of INPUT_COLUMNS) if (!/^[a-z_][a-z0-9_]*$/.test(c)) throw new Error(`stg_tickets column ${JSON.stringify(c)} is not a plain name`);
  return new Function('r', `'use strict';\n  return { ${INPUT_COLUMNS.map((c, i) => `${c}: r[${i}]`).join(', ')} };`) as (row: unknown[]) => TicketInput;
})();
