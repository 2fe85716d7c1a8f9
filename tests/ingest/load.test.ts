import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IngestError, ingestFile, type IngestOptions, type IngestSummary } from '../../ingest/load.ts';
import { messages } from '../../ingest/messages.ts';
import type { PsaDatabase } from '../../store/open.ts';
import { fixture, tempDir, tempStore } from '../helpers.ts';

const ingest = (store: PsaDatabase, name: string, options?: IngestOptions) => ingestFile(store, fixture('ingest', name), options);

function ticket(store: PsaDatabase, n: number) {
  return store.sqlite.prepare('SELECT * FROM stg_tickets WHERE ticket_number = ?').get(n) as Record<string, unknown> | undefined;
}

function rejects(store: PsaDatabase, loadId: number) {
  return store.sqlite
    .prepare('SELECT line, column_number AS "column", column_name AS columnName, code FROM raw_rejects WHERE load_id = ? ORDER BY line')
    .all(loadId);
}

/** The counts the summary gives agree with what is in the database, and add up. */
function expectCountsAddUp(store: PsaDatabase, summary: IngestSummary) {
  expect(summary.rowsRead).toBe(summary.rowsLoaded + summary.rowsRejected);
  expect(summary.rowsLoaded).toBe(summary.ticketsInserted + summary.ticketsUpdated + summary.ticketsUnchanged);
  const count = (sql: string) => (store.sqlite.prepare(sql).get(summary.loadId) as { n: number }).n;
  expect(count('SELECT count(*) AS n FROM raw_rows WHERE load_id = ?')).toBe(summary.rowsLoaded);
  expect(count('SELECT count(*) AS n FROM raw_rejects WHERE load_id = ?')).toBe(summary.rowsRejected);
  const log = store.sqlite.prepare('SELECT * FROM raw_loads WHERE load_id = ?').get(summary.loadId) as Record<string, number>;
  expect(log).toMatchObject({
    rows_read: summary.rowsRead,
    rows_loaded: summary.rowsLoaded,
    rows_rejected: summary.rowsRejected,
    tickets_inserted: summary.ticketsInserted,
    tickets_updated: summary.ticketsUpdated,
    tickets_unchanged: summary.ticketsUnchanged,
  });
}

describe('ingest of well-formed exports', () => {
  it('loads a UTF-8 export with BOM, semicolons and CRLF, typing every column (TIME-1, TIME-2)', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'utf8-bom-semicolon.csv');
    expect(summary).toMatchObject({ encoding: 'utf-8-bom', delimiter: ';', rowsRead: 3, rowsLoaded: 3, rowsRejected: 0, ticketsInserted: 3, alreadyLoaded: false });
    expectCountsAddUp(store, summary);
    expect(ticket(store, 1001)).toMatchObject({
      subject: 'Får ikke logget på Visma',
      ticket_type: 'Feil',
      status: 'Lukket',
      priority: 'Normal',
      category1: 'Infrastruktur',
      requester: 'Åse Ødegård',
      requester_email: 'ase.odegard@molde.kommune.no',
      company: 'Molde kommune',
      assigned_department: 'Kundeservice',
      created: '2024-10-01T06:15:00Z',
      modified: '2024-10-03T08:00:00Z',
      responded: '2024-10-01T06:40:00Z',
      resolved: '2024-10-02T12:30:00Z',
      closed: '2024-10-03T08:00:00Z',
      reopened_count: 0,
      core_status: null,
      marked_for_deletion: null,
      load_id: summary.loadId,
      source_line: 2,
    });
    expect(ticket(store, 1002)).toMatchObject({ resolved: null, closed: null, responded: null });
  });

  it('keeps each row as received in raw_rows', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'utf8-bom-semicolon.csv');
    const raw = store.sqlite.prepare('SELECT line, ticket_number, raw_text FROM raw_rows WHERE load_id = ? ORDER BY line').all(summary.loadId);
    expect(raw[0]).toEqual({
      line: 2,
      ticket_number: 1001,
      raw_text: '1001;Får ikke logget på Visma;Feil;Lukket;Normal;Infrastruktur;Nettverk;E-post;Åse Ødegård;ase.odegard@molde.kommune.no;Molde kommune;Oppvekst;Kundeservice;1. linje;Bjørn Sæther;01.10.2024 08:15;03.10.2024 10:00;01.10.2024 08:40;02.10.2024 14:30;03.10.2024 10:00;0',
    });
    const log = store.sqlite.prepare('SELECT headers, column_map, sha256, size_bytes FROM raw_loads').get() as { headers: string; column_map: string; sha256: string };
    expect(JSON.parse(log.headers)[0]).toBe('Saksnummer');
    expect(JSON.parse(log.column_map)).toMatchObject({ Saksnummer: 'requestNumber', 'Første respons': 'responded' });
    expect(log.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads Windows-1252 so that æøå come out right', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'windows-1252-crlf.csv');
    expect(summary).toMatchObject({ encoding: 'windows-1252', rowsLoaded: 2, rowsRejected: 0 });
    expect(ticket(store, 2001)).toMatchObject({ subject: 'Får ikke skrevet ut på Årø skole', requester: 'Åse Ødegård' });
    expect(ticket(store, 2002)).toMatchObject({ subject: 'Bestilling av nøkkelkort – Sæbø' });
  });

  it('reads API field names, commas and ISO timestamps with offsets', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'api-names-comma-iso.csv');
    expect(summary).toMatchObject({ encoding: 'utf-8', delimiter: ',', rowsLoaded: 2, rowsRejected: 0 });
    expect(ticket(store, 3001)).toMatchObject({
      subject: 'Printer, 2. etasje',
      core_status: 60,
      created: '2024-10-01T06:15:00Z',
      modified: '2024-10-03T08:00:00Z',
      resolved: '2024-10-02T12:30:00Z',
      marked_for_deletion: 0,
      category3: null,
    });
    expect(ticket(store, 3002)).toMatchObject({ created: '2024-10-02T07:00:00Z', marked_for_deletion: 1, assigned_agent: null });
  });

  it('reads a tab-delimited export', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'tab-delimited.csv');
    expect(summary).toMatchObject({ delimiter: '\t', rowsLoaded: 1 });
    expect(ticket(store, 4001)).toMatchObject({ subject: 'Tastatur mangler æ, ø og å' });
  });

  it('reads quoted subjects holding line breaks, delimiters and quotes, with the right line numbers', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'multiline-subjects.csv');
    expect(summary).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0 });
    expect(ticket(store, 5001)).toMatchObject({ subject: 'Linje én\nLinje to; med semikolon\nog "sitat"', source_line: 2 });
    expect(ticket(store, 5002)).toMatchObject({ source_line: 5 });
    expect(ticket(store, 5003)).toMatchObject({ subject: '"Helt i anførselstegn"', source_line: 6 });
  });

  it('resolves both DST edges as TIME-2 says', async () => {
    const store = await tempStore();
    await ingest(store, 'dst-edges.csv');
    expect(ticket(store, 12001)).toMatchObject({ created: '2024-03-31T00:59:00Z', resolved: '2024-03-31T01:00:00Z' });
    expect(ticket(store, 12002)).toMatchObject({ created: '2024-03-31T01:30:00Z' }); // gap: moved forward
    expect(ticket(store, 12003)).toMatchObject({ created: '2024-10-27T00:30:00Z' }); // repeated hour: earlier instant
    expect(ticket(store, 12004)).toMatchObject({ created: '2024-10-27T01:30:00Z' }); // offset taken as written
  });

  it('maps other headers with a columns file and keeps unknown columns in the raw text', async () => {
    const store = await tempStore();
    const { readColumnsFile } = await import('../../ingest/headers.ts');
    const summary = await ingest(store, 'custom-headers.csv', { columns: readColumnsFile(fixture('ingest', 'custom-headers.columns.json')) });
    expect(summary).toMatchObject({ rowsLoaded: 1, ignoredColumns: [] });
    expect(ticket(store, 13001)).toMatchObject({ subject: 'Egne kolonnenavn', ticket_type: 'Feil', created: '2024-10-01T06:15:00Z' });
  });

  it('loads a header-only export as zero rows', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'header-only.csv');
    expect(summary).toMatchObject({ rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 });
    expectCountsAddUp(store, summary);
  });
});

describe('bad rows are quarantined with file, line, column and reason', () => {
  it('ragged rows: wrong field counts', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'ragged-rows.csv');
    expect(summary).toMatchObject({ rowsRead: 4, rowsLoaded: 2, rowsRejected: 2, rejectsByCode: { FIELD_COUNT: 2 } });
    expectCountsAddUp(store, summary);
    expect(rejects(store, summary.loadId)).toEqual([
      { line: 3, column: 6, columnName: 'Endret', code: 'FIELD_COUNT' },
      { line: 4, column: 8, columnName: null, code: 'FIELD_COUNT' },
    ]);
    expect(summary.rejects[0]!.message).toBe(messages.fieldCount(7, 5));
    const raw = store.sqlite.prepare('SELECT raw_text FROM raw_rejects WHERE line = 3').get() as { raw_text: string };
    expect(raw.raw_text).toBe('6002;For få felt;Feil;Lukket;01.10.2024 08:15');
  });

  it('bad dates: every unreadable timestamp named, the first one as the column', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'bad-dates.csv');
    expect(summary).toMatchObject({ rowsRead: 7, rowsLoaded: 2, rowsRejected: 5, rejectsByCode: { BAD_TIMESTAMP: 4, MISSING_VALUE: 1 } });
    expectCountsAddUp(store, summary);
    expect(rejects(store, summary.loadId)).toEqual([
      { line: 3, column: 5, columnName: 'Opprettet', code: 'BAD_TIMESTAMP' },
      { line: 4, column: 5, columnName: 'Opprettet', code: 'BAD_TIMESTAMP' },
      { line: 5, column: 5, columnName: 'Opprettet', code: 'BAD_TIMESTAMP' },
      { line: 6, column: 7, columnName: 'Løst', code: 'BAD_TIMESTAMP' },
      { line: 7, column: 5, columnName: 'Opprettet', code: 'MISSING_VALUE' },
    ]);
    expect(summary.rejects[0]!.message).toBe(messages.badTimestamp('Opprettet', '30.02.2024 08:15'));
    expect(ticket(store, 8007)).toMatchObject({ created: '2024-09-30T22:00:00Z', resolved: '2024-10-01T22:00:00Z' });
  });

  it('empty or non-numeric ticket numbers', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'empty-ticket-number.csv');
    expect(summary.rejectsByCode).toEqual({ MISSING_TICKET_NUMBER: 1, BAD_TICKET_NUMBER: 1 });
    expect(rejects(store, summary.loadId)).toEqual([
      { line: 3, column: 1, columnName: 'Saksnummer', code: 'MISSING_TICKET_NUMBER' },
      { line: 4, column: 1, columnName: 'Saksnummer', code: 'BAD_TICKET_NUMBER' },
    ]);
    expectCountsAddUp(store, summary);
  });

  it('duplicate ids: an identical repeat loads, a different one is quarantined and the first row kept', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'duplicate-ids.csv');
    expect(summary).toMatchObject({ rowsRead: 5, rowsLoaded: 4, rowsRejected: 1, ticketsInserted: 3, ticketsUpdated: 0, ticketsUnchanged: 1 });
    expectCountsAddUp(store, summary);
    expect(rejects(store, summary.loadId)).toEqual([{ line: 5, column: 4, columnName: 'Status', code: 'DUPLICATE_TICKET' }]);
    expect(summary.rejects[0]!.message).toBe(messages.duplicateTicket(7001, 2, 'Status', { first: 'Under arbeid', again: 'Løst' }));
    expect(ticket(store, 7001)).toMatchObject({ status: 'Under arbeid', source_line: 2 });
  });

  it('a stray quote costs its own line only; text after a closing quote is quarantined', async () => {
    const store = await tempStore();
    const summary = await ingest(store, 'unclosed-quote.csv');
    expect(summary).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsRejected: 2, rejectsByCode: { UNCLOSED_QUOTE: 1, BAD_QUOTE: 1 } });
    expect(rejects(store, summary.loadId)).toEqual([
      { line: 3, column: 2, columnName: 'Emne', code: 'UNCLOSED_QUOTE' },
      { line: 5, column: 2, columnName: 'Emne', code: 'BAD_QUOTE' },
    ]);
    expect(ticket(store, 11003)).toBeDefined();
    expect(ticket(store, 11005)).toBeDefined();
  });

  it('never quotes personal data in a duplicate message', async () => {
    const dir = tempDir();
    const path = join(dir, 'personal.csv');
    writeFileSync(path, 'Saksnummer;Emne;Sakstype;Status;Opprettet\n1;Hemmelig emne;Feil;Ny;01.10.2024\n1;Annet emne;Feil;Ny;01.10.2024\n');
    const store = await tempStore();
    const summary = await ingestFile(store, path);
    expect(summary.rejects[0]!.message).toBe(messages.duplicateTicket(1, 2, 'Emne', null));
    expect(summary.rejects[0]!.message).not.toContain('Hemmelig');
  });
});

describe('files that cannot be loaded leave the database as it was', () => {
  it.each([
    ['missing-required-column.csv', /missing required column Sakstype \(ticketType\); the headers found are: "Saksnummer", "Emne", "Status", "Opprettet", "Endret"/],
    ['empty.csv', /no header line/],
  ])('%s', async (name, message) => {
    const store = await tempStore();
    await ingest(store, 'utf8-bom-semicolon.csv');
    const before = store.sqlite.prepare('SELECT (SELECT count(*) FROM raw_loads) AS loads, (SELECT count(*) FROM raw_rows) AS rows, (SELECT count(*) FROM stg_tickets) AS tickets').get();
    await expect(ingest(store, name)).rejects.toThrow(IngestError);
    await expect(ingest(store, name)).rejects.toThrow(message);
    expect(store.sqlite.prepare('SELECT (SELECT count(*) FROM raw_loads) AS loads, (SELECT count(*) FROM raw_rows) AS rows, (SELECT count(*) FROM stg_tickets) AS tickets').get()).toEqual(before);
  });

  it('a missing file', async () => {
    const store = await tempStore();
    await expect(ingestFile(store, join(tempDir(), 'nope.csv'))).rejects.toThrow(/cannot read the file \(ENOENT\)/);
  });
});

describe('loads are safe to repeat and to do in any order', () => {
  it('the same file twice changes nothing and says so, even under another name', async () => {
    const store = await tempStore();
    const first = await ingest(store, 'utf8-bom-semicolon.csv');
    const snapshot = () => store.sqlite.prepare('SELECT * FROM stg_tickets ORDER BY ticket_number').all();
    const before = snapshot();
    const again = await ingest(store, 'utf8-bom-semicolon.csv');
    expect(again).toMatchObject({ alreadyLoaded: true, loadId: first.loadId, rowsRead: 0, rowsLoaded: 0 });
    const copy = join(store.dir, 'renamed.csv');
    copyFileSync(fixture('ingest', 'utf8-bom-semicolon.csv'), copy);
    expect(await ingestFile(store, copy)).toMatchObject({ alreadyLoaded: true, alreadyLoadedAs: 'utf8-bom-semicolon.csv' });
    expect(snapshot()).toEqual(before);
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM raw_loads').get()).toEqual({ n: 1 });
  });

  it('a newer export updates tickets; an older one loaded afterwards overwrites nothing', async () => {
    const newerFirst = await tempStore();
    const newer = await ingest(newerFirst, 'export-2024-11-01.csv');
    expect(newer).toMatchObject({ ticketsInserted: 3 });
    const older = await ingest(newerFirst, 'export-2024-10-01.csv');
    expect(older).toMatchObject({ rowsLoaded: 3, ticketsInserted: 1, ticketsUpdated: 0, ticketsUnchanged: 2 });
    expectCountsAddUp(newerFirst, older);
    expect(ticket(newerFirst, 14001)).toMatchObject({ status: 'Lukket', resolved: '2024-10-09T13:00:00Z' });

    const olderFirst = await tempStore();
    await ingest(olderFirst, 'export-2024-10-01.csv');
    const update = await ingest(olderFirst, 'export-2024-11-01.csv');
    expect(update).toMatchObject({ ticketsInserted: 1, ticketsUpdated: 2, ticketsUnchanged: 0 });

    // Either order ends in the same current tickets.
    const current = (s: PsaDatabase) =>
      s.sqlite.prepare('SELECT ticket_number, status, created, modified, resolved, closed FROM stg_tickets ORDER BY ticket_number').all();
    expect(current(olderFirst)).toEqual(current(newerFirst));
  });

  it('parses in a worker thread with the same result as on the main thread', async () => {
    const inThread = await tempStore();
    const inWorker = await tempStore();
    for (const name of ['utf8-bom-semicolon.csv', 'duplicate-ids.csv', 'bad-dates.csv', 'multiline-subjects.csv']) {
      const a = await ingest(inThread, name, { parallel: false });
      const b = await ingest(inWorker, name, { parallel: true });
      expect({ ...b, path: a.path }).toEqual(a);
    }
    const dump = (s: PsaDatabase) => [
      s.sqlite.prepare('SELECT * FROM stg_tickets ORDER BY ticket_number').all(),
      s.sqlite.prepare('SELECT * FROM raw_rows ORDER BY load_id, line').all(),
      s.sqlite.prepare('SELECT * FROM raw_rejects ORDER BY load_id, line').all(),
    ];
    expect(dump(inWorker)).toEqual(dump(inThread));
  });

  it('reads a file again as Windows-1252 when a non-UTF-8 byte turns up after the first MiB', async () => {
    const dir = tempDir();
    const path = join(dir, 'late-latin1.csv');
    const header = 'Saksnummer;Emne;Sakstype;Status;Opprettet\n';
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i + 1};Vanlig emne nummer ${i + 1};Feil;Ny;01.10.2024 08:15\n`).join('');
    writeFileSync(path, Buffer.concat([Buffer.from(header + rows), Buffer.from('30001;Bl\xe5b\xe6r;Feil;Ny;01.10.2024 08:15\n', 'latin1')]));
    const store = await tempStore();
    const summary = await ingestFile(store, path);
    expect(summary).toMatchObject({ encoding: 'windows-1252', rowsLoaded: 30_001, rowsRejected: 0 });
    expect(ticket(store, 30001)).toMatchObject({ subject: 'Blåbær' });
  });
});
