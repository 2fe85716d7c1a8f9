/**
 * psa pull against the fake Pureservice: paging, the watermark, the
 * network's trouble (429 with Retry-After, 5xx blips, a refused key), a
 * ticket changed while the pull pages through it, tickets marked for
 * deletion, unresolved links, and what --since and --dry-run do.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { mergeApiConfig, type ApiConfig } from '../../pull/api-config.ts';
import { ApiError } from '../../pull/client.ts';
import { pullMessages } from '../../pull/messages.ts';
import { PullError, pullTickets, type PullOptions } from '../../pull/pull.ts';
import { tempDir } from '../helpers.ts';
import { KEY, sampleFields, startFake } from './fake.ts';

/** The first 1,000 tickets of the sample, 100 to a page: ten pages. */
const small = () => sampleFields().slice(0, 1000);
const config = (extra: Record<string, unknown> = {}): ApiConfig =>
  mergeApiConfig({ requestsPerMinute: 0, pageSize: 100, retry: { baseDelayMs: 10, maxDelayMs: 50 }, ...extra });

function query<T = Record<string, unknown>>(db: string, sql: string, ...params: unknown[]): T[] {
  const sqlite = new SQLite(db, { readonly: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}

const pull = (db: string, url: string, options: Partial<PullOptions> = {}) => pullTickets(db, { url, key: KEY, config: config(), random: () => 0.5, ...options });

describe('paging', () => {
  it('pages by modified then id, each page asking for the tickets after the last one seen, until an empty page', async () => {
    const { fake, url } = await startFake({}, small());
    const db = join(tempDir(), 'psa.sqlite');
    const summary = await pull(db, url);
    expect(summary).toMatchObject({ pages: 10, requests: 11, rowsRead: 1000, rowsLoaded: 1000, ticketsInserted: 1000, mode: 'full', fromModified: null });
    const searches = fake.log.map((r) => new URL(`http://x/${r.url}`).searchParams);
    expect(searches.every((s) => s.get('start') === '0' && s.get('limit') === '100' && s.get('sort') === 'modified ASC, id ASC')).toBe(true);
    expect(searches[0]!.get('filter')).toBeNull();
    // Page 2 asks for what comes after the last ticket of page 1.
    const ordered = [...fake.tickets].sort((a, b) => Date.parse(a.modified) - Date.parse(b.modified) || a.id - b.id);
    const last = ordered[99]!;
    const d = new Date(last.modified);
    const literal = `DateTime(${d.getUTCFullYear()},${d.getUTCMonth() + 1},${d.getUTCDate()},${d.getUTCHours()},${d.getUTCMinutes()},${d.getUTCSeconds()},${d.getUTCMilliseconds()})`;
    expect(searches[1]!.get('filter')).toBe(`(modified > ${literal} || (modified == ${literal} && id > ${last.id}))`);
    expect(searches[1]!.get('include')).toBe('status,priority,ticketType,category1,category2,category3,source,user,user.company,user.companyDepartment,user.emailAddress,assignedTeam,assignedAgent,assignedDepartment');
    // Every ticket once, and the watermark is the last one in the order.
    const served = fake.log.flatMap((r) => r.served);
    expect(served).toHaveLength(1000);
    expect(new Set(served).size).toBe(1000);
    const newest = ordered.at(-1)!;
    expect(query(db, 'SELECT modified, ticket_id FROM pull_watermarks')).toEqual([{ modified: newest.modified, ticket_id: newest.id }]);
    expect(query(db, 'SELECT count(*) AS n FROM raw_rows WHERE load_id = 1')).toEqual([{ n: 1000 }]);
    // raw_rows keeps each ticket's values as the API gave them (links resolved), as a record in raw_loads.headers order, its API id last.
    const [load] = query<{ headers: string; column_map: string; delimiter: string }>(db, 'SELECT headers, column_map, delimiter FROM raw_loads');
    const headers = JSON.parse(load!.headers) as string[];
    expect(headers.at(-1)).toBe('id');
    expect(JSON.parse(load!.column_map)).toMatchObject({ status: 'statusId>statuses.name', company: 'userId>users.companyId>companies.name' });
    const raw = query<{ raw_text: string }>(db, 'SELECT raw_text FROM raw_rows WHERE ticket_number = ?', newest.requestNumber)[0]!.raw_text;
    const [record] = parse(raw, { delimiter: ';' }) as string[][];
    if (record === undefined) throw new Error('no record');
    expect(record).toHaveLength(headers.length);
    expect(record[headers.indexOf('requestNumber')]).toBe(String(newest.requestNumber));
    expect(record[headers.indexOf('modified')]).toBe(newest.modified);
    expect(record[headers.indexOf('id')]).toBe(String(newest.id));
    expect(record[headers.indexOf('status')]).toBe(query<{ status: string }>(db, 'SELECT status FROM stg_tickets WHERE ticket_number = ?', newest.requestNumber)[0]!.status);
  });

  it('neither skips nor doubles a ticket changed while the pull pages through', async () => {
    let early = 0;
    let late = 0;
    const { fake, url } = await startFake(
      {
        beforeRequest: (n, server) => {
          if (n !== 4) return;
          // One ticket page 1 served, one not served yet: both move to the end of the order.
          const ordered = [...server.tickets].sort((a, b) => Date.parse(a.modified) - Date.parse(b.modified) || a.id - b.id);
          early = ordered[5]!.requestNumber;
          late = ordered[900]!.requestNumber;
          server.touch(early, (t) => (t.statusId = 1006)); // Lukket
          server.touch(late, (t) => (t.isMarkedForDeletion = true));
        },
      },
      small(),
    );
    const db = join(tempDir(), 'psa.sqlite');
    const summary = await pull(db, url);
    const served = fake.log.flatMap((r) => r.served);
    // Every ticket served, the one changed after it was served twice (its new version at the end), the other once.
    expect(new Set(served).size).toBe(1000);
    expect(served.filter((n) => n === early)).toHaveLength(2);
    expect(served.filter((n) => n === late)).toHaveLength(1);
    expect(served.at(-1)).toBe(late);
    expect(summary).toMatchObject({ rowsRead: 1001, rowsLoaded: 1001, ticketsInserted: 1000, ticketsUpdated: 1, ticketsUnchanged: 0 });
    const byNumber = new Map(fake.tickets.map((t) => [t.requestNumber, t]));
    expect(query(db, 'SELECT status, modified FROM stg_tickets WHERE ticket_number = ?', early)).toEqual([
      { status: 'Lukket', modified: byNumber.get(early)!.modified.replace('.000Z', 'Z') },
    ]);
    expect(query(db, 'SELECT marked_for_deletion FROM stg_tickets WHERE ticket_number = ?', late)).toEqual([{ marked_for_deletion: 1 }]);
    expect(query(db, 'SELECT count(*) AS n FROM stg_tickets')).toEqual([{ n: 1000 }]);
  });
});

describe('incremental pulls', () => {
  it('fetch only the tickets changed since the watermark (less the overlap), and apply the newer ones', async () => {
    const { fake, url } = await startFake({}, small());
    const db = join(tempDir(), 'psa.sqlite');
    await pull(db, url);
    const first = fake.log.length;
    const watermark = query<{ modified: string }>(db, 'SELECT modified FROM pull_watermarks')[0]!.modified;
    const marked = fake.tickets.find((t) => !t.isMarkedForDeletion)!.requestNumber;
    fake.touch(fake.tickets[10]!.requestNumber, (t) => (t.priorityId = fake.tickets[11]!.priorityId));
    fake.touch(fake.tickets[20]!.requestNumber, (t) => (t.subject = 'Ny tittel'));
    fake.touch(marked, (t) => (t.isMarkedForDeletion = true));
    fake.add(fake.tickets[30]!.requestNumber, 99_001);

    const summary = await pull(db, url);
    const from = Date.parse(watermark) - 300_000;
    const inOverlap = fake.tickets.filter((t) => Date.parse(t.modified) >= from).map((t) => t.requestNumber);
    const served = fake.log.slice(first).flatMap((r) => r.served);
    expect(new Set(served)).toEqual(new Set(inOverlap));
    expect(served.length).toBeLessThan(20);
    expect(summary).toMatchObject({ mode: 'incremental', fromModified: new Date(from).toISOString().replace('.000Z', 'Z'), ticketsInserted: 1, ticketsUpdated: 3, ticketsUnchanged: served.length - 4, loadId: 2 });
    const d = new Date(from);
    expect(new URL(`http://x/${fake.log[first]!.url}`).searchParams.get('filter')).toBe(
      `modified >= DateTime(${d.getUTCFullYear()},${d.getUTCMonth() + 1},${d.getUTCDate()},${d.getUTCHours()},${d.getUTCMinutes()},${d.getUTCSeconds()},${d.getUTCMilliseconds()})`,
    );
    expect(query(db, 'SELECT subject FROM stg_tickets WHERE ticket_number = ?', fake.tickets[20]!.requestNumber)).toEqual([{ subject: 'Ny tittel' }]);
    expect(query(db, 'SELECT marked_for_deletion FROM stg_tickets WHERE ticket_number = ?', marked)).toEqual([{ marked_for_deletion: 1 }]);
    expect(query(db, 'SELECT count(*) AS n FROM stg_tickets')).toEqual([{ n: 1001 }]);
    expect(query(db, 'SELECT load_id, source, rows_read, tickets_inserted, tickets_updated FROM raw_loads ORDER BY load_id')).toEqual([
      { load_id: 1, source: 'api', rows_read: 1000, tickets_inserted: 1000, tickets_updated: 0 },
      { load_id: 2, source: 'api', rows_read: served.length, tickets_inserted: 1, tickets_updated: 3 },
    ]);

    // Nothing changed since: a pull that finds only the overlap changes nothing.
    const again = await pull(db, url);
    expect(again).toMatchObject({ ticketsInserted: 0, ticketsUpdated: 0 });
  });

  it('with --since, fetches the tickets modified since that local day', async () => {
    const { fake, url } = await startFake({}, small());
    const db = join(tempDir(), 'psa.sqlite');
    const summary = await pull(db, url, { since: '2024-10-01' });
    const since = Date.parse('2024-09-30T22:00:00Z'); // midnight in Oslo (summer time)
    const expected = fake.tickets.filter((t) => Date.parse(t.modified) >= since).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(1000);
    expect(summary).toMatchObject({ mode: 'since', fromModified: '2024-09-30T22:00:00Z', rowsRead: expected });
  });

  it('a dry run fetches and checks everything and writes nothing', async () => {
    const { url } = await startFake({}, small());
    const dir = tempDir();
    const db = join(dir, 'psa.sqlite');
    const summary = await pull(db, url, { dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, rowsRead: 1000, ticketsInserted: 1000, loadId: null, runId: null });
    expect(existsSync(db)).toBe(false);
    await pull(db, url);
    const before = query(db, 'SELECT (SELECT count(*) FROM raw_loads) AS loads, (SELECT count(*) FROM pull_runs) AS runs, (SELECT modified FROM pull_watermarks) AS w');
    await pull(db, url, { dryRun: true });
    expect(query(db, 'SELECT (SELECT count(*) FROM raw_loads) AS loads, (SELECT count(*) FROM pull_runs) AS runs, (SELECT modified FROM pull_watermarks) AS w')).toEqual(before);
  });
});

describe('the network', () => {
  it('honours Retry-After on 429 and retries 5xx blips with backoff', async () => {
    const script = new Map([
      [2, { status: 429, retryAfter: '1' }],
      [4, { status: 503 }],
      [5, { status: 502 }],
    ]);
    const { fake, url } = await startFake({ script }, small());
    const db = join(tempDir(), 'psa.sqlite');
    const summary = await pull(db, url);
    expect(summary).toMatchObject({ rowsRead: 1000, retries: 3, requests: 14 });
    const after429 = fake.log[2]!.at - fake.log[1]!.at;
    expect(after429).toBeGreaterThanOrEqual(950);
    expect(query(db, 'SELECT status, requests, retries FROM pull_runs')).toEqual([{ status: 'done', requests: 14, retries: 3 }]);
  });

  it('waits as the rate limit says when the server counts requests', async () => {
    const { fake, url } = await startFake({ rateLimit: 4, rateWindowMs: 1000 }, small());
    const summary = await pull(join(tempDir(), 'psa.sqlite'), url);
    expect(summary.rowsRead).toBe(1000);
    expect(fake.log.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(summary.retries).toBe(fake.log.filter((r) => r.status === 429).length);
  });

  it('gives up after a bounded number of attempts, keeps the pages it stored, and the next pull goes on from there', async () => {
    const script = new Map([3, 4, 5, 6].map((n) => [n, { status: 503 }] as const));
    const { fake, url } = await startFake({ script }, small());
    const db = join(tempDir(), 'psa.sqlite');
    const error = await pull(db, url, { config: config({ retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50 } }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PullError);
    expect((error as PullError).message).toBe(pullMessages.gaveUp(4, pullMessages.serverError(503, `${url}/ticket/`)));
    expect((error as PullError).summary).toMatchObject({ pages: 2, rowsRead: 200 });
    expect(query(db, 'SELECT status, pages, tickets_read, error FROM pull_runs')).toEqual([
      { status: 'failed', pages: 2, tickets_read: 200, error: (error as Error).message },
    ]);
    expect(query(db, 'SELECT count(*) AS n FROM stg_tickets')).toEqual([{ n: 200 }]);
    const before = fake.log.length;
    const summary = await pull(db, url);
    expect(summary.mode).toBe('incremental');
    // Only the overlap before the watermark is fetched again.
    expect(fake.log.slice(before).flatMap((r) => r.served).length).toBeLessThan(850);
    expect(query(db, 'SELECT count(*) AS n FROM stg_tickets')).toEqual([{ n: 1000 }]);
  });

  it('stops on a refused key (401) without retrying and without the key in the message', async () => {
    const { fake, url } = await startFake({}, small());
    const error = await pull(join(tempDir(), 'psa.sqlite'), url, { key: 'not-the-key-0000' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PullError);
    expect((error as PullError).cause).toMatchObject({ kind: 'auth', status: 401 });
    expect((error as Error).message).toBe(pullMessages.keyRefused(401, `${url}/ticket/`));
    expect((error as Error).message).not.toContain('not-the-key-0000');
    expect(fake.ticketRequestCount).toBe(0);
  });

  it('refuses plain HTTP except to this machine, and URLs with credentials', async () => {
    for (const [url, message] of [
      ['http://molde.pureservice.com/agent/api', pullMessages.notHttps('http://molde.pureservice.com')],
      ['https://admin:secret@molde.pureservice.com/agent/api', pullMessages.credentialsInUrl()],
      ['molde.pureservice.com', pullMessages.badUrl('molde.pureservice.com')],
    ] as const) {
      const error = await pull(join(tempDir(), 'psa.sqlite'), url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ kind: 'usage', message });
    }
  });

  it('stops rather than loop when the API ignores the paging filter', async () => {
    const { url } = await startFake({}, small());
    const ignoring = config({ filters: { after: 'id > 0 || ({instant} == {instant} && {id} == {id})', since: 'modified >= {instant}' } });
    const error = await pull(join(tempDir(), 'psa.sqlite'), url, { config: ignoring }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PullError);
    expect((error as Error).message).toBe(pullMessages.noProgress());
  });
});

describe('links', () => {
  it('resolve to names (status with coreStatus, priority, categories, company, team); an unresolvable one is quarantined as UNRESOLVED_LINK', async () => {
    const rows = small();
    const { fake, url } = await startFake({}, rows);
    const broken = fake.tickets[42]!;
    broken.category1Id = 424242;
    const db = join(tempDir(), 'psa.sqlite');
    const summary = await pull(db, url);
    expect(summary).toMatchObject({ rowsRead: 1000, rowsLoaded: 999, rowsRejected: 1, rejectsByCode: { UNRESOLVED_LINK: 1 } });
    expect(summary.rejects).toEqual([
      expect.objectContaining({ code: 'UNRESOLVED_LINK', columnName: 'category1', message: pullMessages.unresolvedLink('category1', 'categories', '424242') }),
    ]);
    expect(query(db, "SELECT code, column_name, json_extract(raw_text, '$.requestNumber') AS n FROM raw_rejects")).toEqual([
      { code: 'UNRESOLVED_LINK', column_name: 'category1', n: broken.requestNumber },
    ]);
    const source = rows.find((f) => f.ticketNumber === fake.tickets[7]!.requestNumber)!;
    expect(query(db, 'SELECT status, priority, category1, category2, company, department, requester_email, assigned_team, assigned_department, assigned_agent FROM stg_tickets WHERE ticket_number = ?', source.ticketNumber)).toEqual([
      {
        status: source.status,
        priority: source.priority,
        category1: source.category1,
        category2: source.category2,
        company: source.company,
        department: source.department,
        requester_email: source.email,
        assigned_team: source.team,
        assigned_department: source.assignedDepartment,
        assigned_agent: source.agent,
      },
    ]);
  });
});
