/**
 * `psa pull`: tickets from the Pureservice REST API into the same tables as
 * an export.
 *
 * 1. Where to start: a first pull is a full pull (or from `--since`); later
 *    pulls start at the stored watermark less an overlap margin (clock skew,
 *    late commits on the server), so a ticket changed near the end of the
 *    last pull is fetched again rather than missed.
 * 2. Paging is by key, not by offset: sorted by modified, then id, each
 *    page asks for the tickets after the last one of the page before
 *    (`modified > m || (modified == m && id > i)`, always from start 0).
 *    A ticket changed while the pull pages through moves to the end of the
 *    order and is fetched again there; none is skipped because others left
 *    the filter, which offset paging would do. The pull ends at an empty
 *    page.
 * 3. Each page is one transaction: its tickets (links resolved to names by
 *    tickets.ts, then typed by ingest's own code into raw_rows,
 *    stg_tickets and raw_rejects with the same newer-wins rule), the
 *    pull's load-log row with its counts so far, and the watermark. A pull
 *    killed at any point keeps every page it committed and nothing of the
 *    page in flight; the next pull goes on from the watermark.
 */
import type { View } from '../store/views.ts';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { mapHeaders } from '../ingest/headers.ts';
import type { RejectSample } from '../ingest/load.ts';
import { messages, type RejectCode } from '../ingest/messages.ts';
import { RecordRouter } from '../ingest/parse-export.ts';
import { csvRecord } from '../ingest/workbook.ts';
import { RowStore, versionOf, type LoadCounts } from '../ingest/row-store.ts';
import { DEFAULT_ZONE, formatUtc } from '../core/timestamps.ts';
import { openDatabase, type PsaDatabase } from '../store/open.ts';
import { PSA_VERSION } from '../store/version.ts';
import { DEFAULT_API_CONFIG, type ApiConfig } from './api-config.ts';
import { ApiError, checkBaseUrl, PureserviceClient } from './client.ts';
import { pullMessages } from './messages.ts';
import { indexLinked, TicketMapper } from './tickets.ts';
import { isProcessAlive } from '../core/process.ts';
import { PsaError } from '../core/errors.ts';

export interface PullProgress {
  readonly pages: number;
  readonly tickets: number;
  readonly requests: number;
  readonly retries: number;
  /** Set while waiting to retry. */
  readonly waiting: { readonly reason: string; readonly waitMs: number } | null;
}

export interface PullOptions {
  /** Views to create or replace when the database is opened (store/open.ts `views`). */
  readonly views?: readonly View[];
  /** API base, e.g. https://tenant.pureservice.com/agent/api. */
  readonly url: string;
  readonly key: string;
  /** YYYY-MM-DD: only tickets modified since that local day (Europe/Oslo), instead of the watermark. */
  readonly since?: string;
  /** Fetch and check everything, write nothing. */
  readonly dryRun?: boolean;
  readonly config?: ApiConfig;
  /** Zone of API timestamps without an offset (default Europe/Oslo, as ingest). */
  readonly zone?: string;
  readonly onProgress?: (progress: PullProgress) => void;
  /** How many rejected tickets the summary lists. Default 20. */
  readonly rejectSampleSize?: number;
  /** For tests: the source of retry jitter. */
  readonly random?: () => number;
}

/** A pull's counts are a load's (an API has no blank lines), plus what paging took. */
export interface PullSummary extends Omit<LoadCounts, 'blankLines'> {
  readonly baseUrl: string;
  readonly dryRun: boolean;
  /** The pull_runs row (null for a dry run). */
  readonly runId: number | null;
  /** The load the tickets went into; null when nothing was fetched (or a dry run). */
  readonly loadId: number | null;
  /** `full`, `since` (--since) or `incremental` (from the watermark). */
  readonly mode: 'full' | 'since' | 'incremental';
  /** The `modified` instant the pull started from (UTC), null for a full pull. */
  readonly fromModified: string | null;
  readonly pages: number;
  readonly requests: number;
  readonly retries: number;
  readonly bytes: number;
  readonly rejectsByCode: Readonly<Partial<Record<RejectCode, number>>>;
  readonly rejects: readonly RejectSample[];
  readonly notices: readonly string[];
  /** The watermark after the pull: the last ticket applied, in paging order. */
  readonly watermark: { readonly modified: string; readonly ticketId: number } | null;
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** The pull stopped part-way; `summary` says what was stored before (every committed page stays). */
export class PullError extends PsaError {
  override name = 'PullError';
  constructor(
    override readonly cause: ApiError,
    readonly summary: PullSummary,
  ) {
    super(cause.code, cause.message);
  }
}

type JsonRecord = Record<string, unknown>;

interface Cursor {
  readonly modified: string;
  readonly instant: number;
  readonly id: number;
}

/** A timestamp of the API as an instant: with its offset, or (without one) its wall-clock fields read as UTC, as the API's own filter reads them. */
function instantOf(text: unknown): number | null {
  if (typeof text !== 'string' || text.trim() === '') return null;
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim());
  const ms = Date.parse(hasOffset ? text : `${text}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function dateTimeLiteral(template: string, instant: number): string {
  const d = new Date(instant);
  const parts: Record<string, number> = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
  return template.replace(/\{(\w+)\}/g, (all, name: string) => (name in parts ? String(parts[name]) : all));
}

function fill(template: string, config: ApiConfig, instant: number, id?: number): string {
  return template.split('{instant}').join(dateTimeLiteral(config.dateTimeLiteral, instant)).split('{id}').join(id === undefined ? '0' : String(id));
}

const and = (a: string, b: string) => (a === '' ? b : b === '' ? a : `(${a}) && (${b})`);

/** --since YYYY-MM-DD as the instant of that local midnight. */
export function sinceInstant(since: string, zone = DEFAULT_ZONE): number {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(since) ? DateTime.fromISO(since, { zone }) : null;
  if (day === null || !day.isValid) throw new ApiError(pullMessages.badSince(since), 'usage');
  return day.toMillis();
}

export async function pullTickets(databasePath: string, options: PullOptions): Promise<PullSummary> {
  const config = options.config ?? DEFAULT_API_CONFIG;
  const base = checkBaseUrl(options.url);
  const baseUrl = base.href.replace(/\/+$/, '');
  const since = options.since === undefined ? null : sinceInstant(options.since, options.zone ?? DEFAULT_ZONE);
  const dryRun = options.dryRun === true;
  const store = await openDatabase(dryRun && !(await exists(databasePath)) ? ':memory:' : databasePath, { views: options.views ?? [] });
  try {
    return await new Pull(store, base, baseUrl, config, options, since, dryRun).run();
  } finally {
    await store.close();
  }
}

async function exists(path: string): Promise<boolean> {
  const { existsSync } = await import('node:fs');
  return path === ':memory:' || existsSync(path);
}

class Pull {
  private readonly client: PureserviceClient;
  private readonly mapper: TicketMapper;
  private readonly zone: string;
  private readonly startedAt = formatUtc(Date.now());
  private readonly hash = createHash('sha256');
  private runId: number | null = null;
  private loadId: number | null = null;
  private nextLine = 1;
  private pages = 0;
  private rowsRead = 0;
  private rowsLoaded = 0;
  private inserted = 0;
  private updated = 0;
  private unchanged = 0;
  private readonly rejectsByCode: Partial<Record<RejectCode, number>> = {};
  private readonly rejects: RejectSample[] = [];
  private readonly notices: string[] = [];
  private watermark: Cursor | null = null;
  private mode: PullSummary['mode'] = 'full';
  private fromModified: string | null = null;
  private waiting: PullProgress['waiting'] = null;

  constructor(
    private readonly store: PsaDatabase,
    base: URL,
    private readonly baseUrl: string,
    private readonly config: ApiConfig,
    private readonly options: PullOptions,
    private readonly since: number | null,
    private readonly dryRun: boolean,
  ) {
    this.client = new PureserviceClient(base, options.key, config, {
      onRetry: (info) => {
        this.waiting = { reason: info.reason, waitMs: info.waitMs };
        this.progress();
        this.waiting = null;
      },
      ...(options.random ? { random: options.random } : {}),
    });
    this.mapper = new TicketMapper(config);
    this.zone = options.zone ?? DEFAULT_ZONE;
  }

  async run(): Promise<PullSummary> {
    const { sqlite } = this.store;
    const stored = sqlite
      .prepare<[string], { modified: string; ticket_id: number }>('SELECT modified, ticket_id FROM pull_watermarks WHERE base_url = ?')
      .get(this.baseUrl);
    if (stored) {
      const instant = instantOf(stored.modified);
      if (instant !== null) this.watermark = { modified: stored.modified, instant, id: stored.ticket_id };
    }
    if (!this.dryRun) this.beginRun();
    // The load's SHA-256: the pull's identity, then every answer's bytes (a placeholder until the first page).
    this.hash.update(`psa pull ${this.baseUrl} run ${this.runId ?? 'dry-run'} ${this.startedAt} pid ${process.pid}\n`);

    let filter: string;
    if (this.since !== null) {
      this.mode = 'since';
      filter = fill(this.config.filters.since, this.config, this.since);
      this.fromModified = formatUtc(this.since);
    } else if (this.watermark !== null) {
      this.mode = 'incremental';
      const from = this.watermark.instant - this.config.overlapSeconds * 1000;
      filter = fill(this.config.filters.since, this.config, from);
      this.fromModified = formatUtc(from);
    } else {
      filter = '';
    }
    if (this.runId !== null) sqlite.prepare('UPDATE pull_runs SET from_modified = ? WHERE run_id = ?').run(this.fromModified, this.runId);

    let cursor: Cursor | null = null;
    // Checkpoints copy the write-ahead log into the database with two syncs each: during a pull, one every
    // 256 MiB of pages rather than SQLite's 16 MiB (with 16 KiB pages), and the rest when the pull ends.
    sqlite.pragma('wal_autocheckpoint = 16384');
    try {
      // The next page is asked for as soon as this one's last ticket is known, so the server prepares it while
      // this one is stored (the cursor needs nothing from the database).
      let next = this.fetchPage(filter);
      for (;;) {
        const { body, raw } = await next;
        const tickets = (body as JsonRecord | null)?.[this.config.ticketsKey];
        if (!Array.isArray(tickets)) throw new ApiError(pullMessages.noTicketList(this.config.ticketsKey));
        if (tickets.length === 0) break;
        const last = this.cursorOf(tickets[tickets.length - 1] as JsonRecord);
        if (cursor !== null && (last.instant < cursor.instant || (last.instant === cursor.instant && last.id <= cursor.id))) {
          throw new ApiError(pullMessages.noProgress());
        }
        filter = fill(this.config.filters.after, this.config, last.instant, last.id);
        next = this.fetchPage(filter);
        next.catch(() => {}); // awaited on the next turn; a failure then is handled there
        await new Promise((resolve) => setImmediate(resolve)); // let the request go out before the page is stored
        this.hash.update(raw);
        this.applyPage(tickets as JsonRecord[], indexLinked((body as JsonRecord)[this.config.linkedKey]), last);
        cursor = last;
        this.progress();
      }
    } catch (error) {
      this.client.cancel();
      if (!(error instanceof ApiError)) {
        this.finishRun('failed', (error as Error).message);
        throw error;
      }
      this.finishRun('failed', error.message);
      throw new PullError(error, this.summary());
    }
    this.finishRun('done', null);
    if (!this.dryRun) this.sameVersionNotice();
    sqlite.pragma('wal_autocheckpoint = 1000');
    return this.summary();
  }

  private fetchPage(filter: string) {
    const query: Record<string, string> = {
      [this.config.params.start]: '0',
      [this.config.params.limit]: String(this.config.pageSize),
      [this.config.params.sort]: this.config.sort,
    };
    const full = and(this.config.extraFilter, filter);
    if (full !== '') query[this.config.params.filter] = full;
    if (this.config.include.length > 0) query[this.config.params.include] = this.config.include.join(',');
    return this.client.get(this.config.ticketsPath, query);
  }

  private cursorOf(ticket: JsonRecord): Cursor {
    const modified = ticket?.[this.config.modifiedProperty];
    const instant = instantOf(modified);
    const id = Number(ticket?.[this.config.idProperty]);
    if (instant === null || !Number.isFinite(id)) throw new ApiError(pullMessages.noCursor(instant === null ? this.config.modifiedProperty : this.config.idProperty));
    return { modified: modified as string, instant, id };
  }

  /** Records the pull; a run left `running` by a process that is gone is marked interrupted. */
  private beginRun(): void {
    const { sqlite } = this.store;
    const running = sqlite.prepare<[], { run_id: number; pid: number; base_url: string }>("SELECT run_id, pid, base_url FROM pull_runs WHERE status = 'running'").all();
    for (const run of running) {
      if (isProcessAlive(run.pid)) continue;
      sqlite.prepare("UPDATE pull_runs SET status = 'interrupted', finished_at = ? WHERE run_id = ? AND status = 'running'").run(formatUtc(Date.now()), run.run_id);
      if (run.base_url === this.baseUrl) this.notices.push(pullMessages.staleRun(run.run_id));
    }
    this.runId = Number(
      sqlite
        .prepare("INSERT INTO pull_runs (base_url, status, pid, since, started_at, psa_version) VALUES (?, 'running', ?, ?, ?, ?)")
        .run(this.baseUrl, process.pid, this.options.since ?? null, this.startedAt, PSA_VERSION).lastInsertRowid,
    );
    // Tickets replaced by a row with the same version instant but other values (a renamed status, say), for the summary.
    sqlite.exec(`DROP TRIGGER IF EXISTS temp.psa_pull_same_version;
      DROP TABLE IF EXISTS temp.psa_pull_same_version_tickets;
      CREATE TEMP TABLE psa_pull_same_version_tickets (ticket_number INTEGER NOT NULL);
      CREATE TEMP TRIGGER psa_pull_same_version AFTER UPDATE ON main.stg_tickets
      WHEN ${versionOf('OLD')} = ${versionOf('NEW')}
      BEGIN INSERT INTO psa_pull_same_version_tickets (ticket_number) VALUES (NEW.ticket_number); END;`);
  }

  private finishRun(status: 'done' | 'failed', error: string | null): void {
    if (this.runId === null) return;
    const stats = this.client.stats;
    this.store.sqlite
      .prepare('UPDATE pull_runs SET status = ?, error = ?, finished_at = ?, requests = ?, retries = ? WHERE run_id = ?')
      .run(status, error === null ? null : this.client.redact(error), formatUtc(Date.now()), stats.requests, stats.retries, this.runId);
  }

  private sameVersionNotice(): void {
    const { sqlite } = this.store;
    const rows = sqlite.prepare<[], { ticket_number: number }>('SELECT DISTINCT ticket_number FROM temp.psa_pull_same_version_tickets ORDER BY ticket_number').all();
    sqlite.exec('DROP TRIGGER IF EXISTS temp.psa_pull_same_version; DROP TABLE IF EXISTS temp.psa_pull_same_version_tickets;');
    if (rows.length > 0) this.notices.push(messages.replacedOnSameVersion(rows.length, rows.slice(0, 10).map((r) => r.ticket_number)));
  }

  /** One page in one transaction (rolled back in a dry run). */
  private applyPage(tickets: readonly JsonRecord[], linked: ReturnType<typeof indexLinked>, last: Cursor): void {
    const { sqlite } = this.store;
    const header = this.mapper.header;
    sqlite.pragma('foreign_keys = OFF');
    sqlite.exec('BEGIN IMMEDIATE');
    const lineBefore = this.nextLine;
    try {
      const loadId = this.loadId ?? this.createLoad();
      const mapped = tickets.map((ticket) => ({ ticket, line: this.nextLine++, result: this.mapper.map(ticket, linked) }));
      // The ticket number is the first field (FIELDS order); how many of the page's tickets are stored already tells the new ones.
      const numbers = JSON.stringify(mapped.flatMap((m) => (m.result.ok && /^\s*\d{1,15}\s*$/.test(m.result.values[0]!) ? [Number(m.result.values[0])] : [])));
      const existing = sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM stg_tickets WHERE ticket_number IN (SELECT value FROM json_each(?))');
      const before = existing.get(numbers)!.n;

      const rows = new RowStore(this.store, loadId, Math.max(0, (this.options.rejectSampleSize ?? 20) - this.rejects.length), () => {});
      const router = new RecordRouter({ zone: this.zone, columns: {}, batchRows: 500 }, { header: (info) => rows.header(info.mapping, info.delimiter), batch: (batch) => rows.batch(batch) });
      router.record([...header], 0, '');
      const insertReject = sqlite.prepare(
        'INSERT INTO raw_rejects (load_id, line, line_span, column_number, column_name, code, message, raw_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const linkRejects: RejectSample[] = [];
      for (const { ticket, line, result } of mapped) {
        if (result.ok) {
          router.record(result.values, line, csvRecord(result.values));
        } else {
          // The ticket as the API sent it: what was linked is in its ids.
          const columnName = header[result.column - 1] ?? null;
          insertReject.run(loadId, line, 1, result.column, columnName, 'UNRESOLVED_LINK', result.message, JSON.stringify(ticket));
          linkRejects.push({ line, column: result.column, columnName, code: 'UNRESOLVED_LINK', message: result.message });
        }
      }
      router.end();
      rows.flush();
      const after = existing.get(numbers)!.n;
      const counts = rows.counts(after - before, 0);

      const rowsRead = this.rowsRead + counts.rowsRead + linkRejects.length;
      const rowsLoaded = this.rowsLoaded + counts.rowsLoaded;
      const inserted = this.inserted + counts.ticketsInserted;
      const updated = this.updated + counts.ticketsUpdated;
      const unchanged = this.unchanged + counts.ticketsUnchanged;
      const stats = this.client.stats;
      sqlite
        .prepare(
          `UPDATE raw_loads SET rows_read = ?, rows_loaded = ?, rows_rejected = ?, tickets_inserted = ?, tickets_updated = ?, tickets_unchanged = ?,
             sha256 = ?, size_bytes = ?, finished_at = ? WHERE load_id = ?`,
        )
        .run(rowsRead, rowsLoaded, rowsRead - rowsLoaded, inserted, updated, unchanged, this.hash.copy().digest('hex'), stats.bytes, formatUtc(Date.now()), loadId);
      const advances = this.watermark === null || last.instant > this.watermark.instant || (last.instant === this.watermark.instant && last.id > this.watermark.id);
      if (advances) {
        sqlite
          .prepare(
            `INSERT INTO pull_watermarks (base_url, modified, ticket_id, run_id, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (base_url) DO UPDATE SET modified = excluded.modified, ticket_id = excluded.ticket_id, run_id = excluded.run_id, updated_at = excluded.updated_at`,
          )
          .run(this.baseUrl, last.modified, last.id, this.runId ?? 0, formatUtc(Date.now()));
      }
      if (this.runId !== null) {
        sqlite
          .prepare('UPDATE pull_runs SET pages = ?, tickets_read = ?, requests = ?, retries = ?, load_id = ? WHERE run_id = ?')
          .run(this.pages + 1, rowsRead, stats.requests, stats.retries, loadId, this.runId);
      }
      if (this.dryRun) {
        sqlite.exec('ROLLBACK');
      } else {
        sqlite.exec('COMMIT');
        this.loadId = loadId;
        if (advances) this.watermark = last;
      }
      // Counts only once the page is in (or, in a dry run, has been checked).
      this.pages++;
      this.rowsRead = rowsRead;
      this.rowsLoaded = rowsLoaded;
      this.inserted = inserted;
      this.updated = updated;
      this.unchanged = unchanged;
      for (const [code, n] of Object.entries(rows.rejectsByCode)) this.rejectsByCode[code as RejectCode] = (this.rejectsByCode[code as RejectCode] ?? 0) + n;
      if (linkRejects.length > 0) this.rejectsByCode.UNRESOLVED_LINK = (this.rejectsByCode.UNRESOLVED_LINK ?? 0) + linkRejects.length;
      const limit = this.options.rejectSampleSize ?? 20;
      for (const sample of [...rows.rejectSamples, ...linkRejects].sort((a, b) => a.line - b.line)) {
        if (this.rejects.length < limit) this.rejects.push(sample);
      }
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      this.nextLine = lineBefore;
      throw error;
    } finally {
      sqlite.pragma('foreign_keys = ON');
    }
  }

  /** The pull's load-log row, written with its first page and updated with every later one. */
  private createLoad(): number {
    const { sqlite } = this.store;
    const loadId = (sqlite.prepare('SELECT coalesce(max(load_id), 0) + 1 AS id FROM raw_loads').get() as { id: number }).id;
    const mapping = mapHeaders([...this.mapper.header]);
    sqlite
      .prepare(
        `INSERT INTO raw_loads (load_id, file_name, file_path, sha256, size_bytes, encoding, delimiter, headers, column_map, time_zone,
           rows_read, rows_loaded, rows_rejected, tickets_inserted, tickets_updated, tickets_unchanged, blank_lines, started_at, finished_at, psa_version, source,
           export_date, export_date_source)
         VALUES (?, ?, ?, ?, 0, 'json', ';', ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, ?, ?, ?, 'api', ?, 'pull')`,
      )
      .run(
        loadId,
        this.baseUrl,
        `${this.baseUrl}/${this.config.ticketsPath}`,
        createHash('sha256').update(`psa pull ${this.baseUrl} ${this.runId ?? 'dry-run'} ${this.startedAt} ${process.pid}`).digest('hex'),
        JSON.stringify(mapping.headers),
        JSON.stringify(Object.fromEntries(this.mapper.fields.map((f) => [f, this.config.fields[f]]))),
        this.zone,
        this.startedAt,
        this.startedAt,
        PSA_VERSION,
        // TIME-4: the API's answer describes nothing after the pull began (FUTURE_TIMESTAMP beyond it and the margin).
        this.startedAt,
      );
    if (this.runId !== null) sqlite.prepare('UPDATE pull_runs SET load_id = ? WHERE run_id = ?').run(loadId, this.runId);
    return loadId;
  }

  private progress(): void {
    const stats = this.client.stats;
    this.options.onProgress?.({ pages: this.pages, tickets: this.rowsRead, requests: stats.requests, retries: stats.retries, waiting: this.waiting });
  }

  private summary(): PullSummary {
    const stats = this.client.stats;
    return {
      baseUrl: this.baseUrl,
      dryRun: this.dryRun,
      runId: this.runId,
      loadId: this.loadId,
      mode: this.mode,
      fromModified: this.fromModified,
      pages: this.pages,
      requests: stats.requests,
      retries: stats.retries,
      bytes: stats.bytes,
      rowsRead: this.rowsRead,
      rowsLoaded: this.rowsLoaded,
      rowsRejected: this.rowsRead - this.rowsLoaded,
      ticketsInserted: this.inserted,
      ticketsUpdated: this.updated,
      ticketsUnchanged: this.unchanged,
      rejectsByCode: this.rejectsByCode,
      rejects: this.rejects,
      notices: this.notices,
      watermark: this.watermark === null ? null : { modified: this.watermark.modified, ticketId: this.watermark.id },
      startedAt: this.startedAt,
      finishedAt: formatUtc(Date.now()),
    };
  }
}
