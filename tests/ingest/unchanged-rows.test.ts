/**
 * The monthly path: next month's export is the whole list again, and a row
 * that is the same text as the stored row its ticket's values came from is
 * not written again (row-store.ts, migration 0009). Skipping it must change
 * nothing anyone can see: `stg_tickets`, `raw_rows` (every loaded line of
 * every load, with its text), `raw_rejects`, the load log's counts and the
 * summary are the same as when every row is written (skipUnchanged: false).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestFile, type IngestSummary } from '../../ingest/load.ts';
import { recognisedByParser } from '../../ingest/row-store.ts';
import type { PsaDatabase } from '../../store/open.ts';
import { tempDir, tempStore } from '../helpers.ts';

const HEADER = 'Saksnummer;Emne;Sakstype;Status;Opprettet;Endret;Løst';

interface Row {
  readonly ticket: number;
  readonly subject: string;
  readonly type: string;
  readonly status: string;
  readonly created: string;
  readonly modified: string;
  readonly resolved: string;
}

const csvField = (value: string) => (/[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const record = (r: Row) => [String(r.ticket), r.subject, r.type, r.status, r.created, r.modified, r.resolved].map(csvField).join(';');

const rowArb: fc.Arbitrary<Row> = fc.record({
  ticket: fc.integer({ min: 1, max: 40 }),
  subject: fc.constantFrom('Skriver', 'Passord', 'Linje én\nlinje to', 'Sitat "her"', 'Semikolon; og mer', ''),
  type: fc.constantFrom('Feil', 'Forespørsel'),
  status: fc.constantFrom('Ny', 'Under arbeid', 'Løst'),
  // Day 32 does not exist: that row is quarantined.
  created: fc.constantFrom('01.10.2024 08:15', '02.10.2024 09:00', '03.10.2024 10:30', '32.10.2024 10:30'),
  modified: fc.constantFrom('04.10.2024 08:00', '05.10.2024 12:00', ''),
  resolved: fc.constantFrom('', '06.10.2024 14:00'),
});

/** What becomes of one row of an export in the next one. */
const changeArb = fc.constantFrom('keep', 'keep', 'keep', 'keep', 'keep', 'keep', 'change', 'drop', 'repeat', 'repeat-changed', 'blank-before');

function nextExport(rows: readonly string[][], changes: readonly string[], changed: readonly Row[], added: readonly Row[]): string[][] {
  const out: string[][] = [];
  rows.forEach((lines, i) => {
    const change = changes[i % changes.length]!;
    const other = [record(changed[i % changed.length]!)];
    if (change === 'drop') return;
    if (change === 'blank-before') out.push(['']);
    if (change === 'change') out.push(other);
    else out.push(lines);
    if (change === 'repeat') out.push(lines);
    if (change === 'repeat-changed') out.push([`${lines[0]!.split(';')[0]};${other[0]!.split(';').slice(1).join(';')}`]);
  });
  for (const r of added) out.push([record(r)]);
  return out;
}

const write = (path: string, rows: readonly string[][]) => writeFileSync(path, `${[HEADER, ...rows.flat()].join('\r\n')}\r\n`);

function tables(store: PsaDatabase) {
  const all = (sql: string) => store.sqlite.prepare(sql).all();
  return {
    tickets: all('SELECT * FROM stg_tickets ORDER BY ticket_number'),
    rawRows: all('SELECT * FROM raw_rows ORDER BY load_id, line'),
    rejects: all('SELECT * FROM raw_rejects ORDER BY load_id, line, column_number'),
    loads: all(
      'SELECT load_id, rows_read, rows_loaded, rows_rejected, tickets_inserted, tickets_updated, tickets_unchanged, blank_lines FROM raw_loads ORDER BY load_id',
    ),
  };
}

const comparable = ({ path: _path, ...summary }: IngestSummary) => summary;

const ticketCount = (store: PsaDatabase) => (store.sqlite.prepare('SELECT count(*) AS n FROM stg_tickets').get() as { n: number }).n;

/** Each load's tickets as raw_rows holds them: "load:ticket", in order. */
const heldTickets = (store: PsaDatabase) =>
  (store.sqlite.prepare('SELECT DISTINCT load_id, ticket_number FROM raw_rows ORDER BY load_id, ticket_number').raw().all() as [number, number][]).map(
    ([l, t]) => `${l}:${t}`,
  );

/** Each load's tickets as raw_load_tickets records them (migration 0013), ranges spelled out. */
const recordedTickets = (store: PsaDatabase) =>
  (store.sqlite.prepare('SELECT load_id, first_ticket, last_ticket FROM raw_load_tickets ORDER BY load_id, first_ticket').raw().all() as [number, number, number][]).flatMap(
    ([l, first, last]) => Array.from({ length: last - first + 1 }, (_, i) => `${l}:${first + i}`),
  );

describe('rows loaded again unchanged', () => {
  it('are skipped without changing stg_tickets, raw_rows, raw_rejects, the counts or the summary (property)', async () => {
    const dir = tempDir();
    let run = 0;
    let skippedSomewhere = 0;
    const recognisedBefore = recognisedByParser.rows;
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 40 }),
        fc.array(changeArb, { minLength: 1, maxLength: 40 }),
        fc.array(rowArb, { minLength: 1, maxLength: 10 }),
        fc.array(rowArb, { maxLength: 5 }),
        fc.array(changeArb, { minLength: 1, maxLength: 40 }),
        // The worker thread computes the hashes for large files, and recognises rows loaded already
        // before typing them (known-rows.ts); the thread itself does neither for small ones.
        fc.constantFrom(false, false, false, true),
        async (first, changes, changed, added, changesAgain, parallel) => {
          run++;
          const months = [first.map((r) => [record(r)])];
          months.push(nextExport(months[0]!, changes, changed, added));
          months.push(nextExport(months[1]!, changesAgain, [...changed].reverse(), []));
          const files = months.map((rows, m) => {
            const path = join(dir, `run-${run}-export-2024-1${m}-01.csv`);
            write(path, rows);
            return path;
          });
          const skipping = await tempStore();
          const writing = await tempStore();
          try {
            for (const file of files) {
              const before = ticketCount(skipping);
              const a = await ingestFile(skipping, file, { parallel });
              const b = await ingestFile(writing, file, { parallel, skipUnchanged: false });
              expect(comparable(a)).toEqual(comparable(b));
              // The loader counts the tickets it adds as it goes (RowStore.begin): what the table gained.
              expect(a.ticketsInserted).toBe(ticketCount(skipping) - before);
            }
            expect(tables(skipping)).toEqual(tables(writing));
            // Migration 0013: each load's recorded ranges are exactly the tickets its loaded rows hold.
            for (const store of [skipping, writing]) expect(recordedTickets(store)).toEqual(heldTickets(store));
            const runs = skipping.sqlite.prepare('SELECT count(*) AS n FROM raw_same_rows').get() as { n: number };
            expect(writing.sqlite.prepare('SELECT count(*) AS n FROM raw_same_rows').get()).toEqual({ n: 0 });
            skippedSomewhere += runs.n;
          } finally {
            await skipping.close();
            await writing.close();
          }
        },
      ),
      { numRuns: 20 },
    );
    // Not a comparison of two identical paths: rows were skipped, some of them recognised by the parse worker.
    expect(skippedSomewhere).toBeGreaterThan(0);
    expect(recognisedByParser.rows).toBeGreaterThan(recognisedBefore);
  }, 240_000);

  it("writes only next month's changed and new rows, and raw_rows still shows every row read", async () => {
    const dir = tempDir();
    const rows = Array.from({ length: 300 }, (_, i) => [`${1000 + i};Sak ${i};Feil;Ny;01.10.2024 08:15;02.10.2024 09:00;`]);
    const october = join(dir, 'export-2024-10-31.csv');
    write(october, rows);
    const november = join(dir, 'export-2024-11-30.csv');
    const next = rows.map((lines, i) => (i % 50 === 7 ? [`${1000 + i};Sak ${i};Feil;Løst;01.10.2024 08:15;03.11.2024 09:00;03.11.2024 09:00`] : lines));
    next.push(['2000;Ny sak;Forespørsel;Ny;20.11.2024 10:00;20.11.2024 10:00;']);
    write(november, next);
    const store = await tempStore();
    try {
      await ingestFile(store, october);
      const summary = await ingestFile(store, november);
      expect(summary).toMatchObject({ rowsRead: 301, rowsLoaded: 301, ticketsInserted: 1, ticketsUpdated: 6, ticketsUnchanged: 294 });
      const n = (sql: string) => (store.sqlite.prepare(sql).get(summary.loadId) as { n: number }).n;
      expect(n('SELECT count(*) AS n FROM raw_rows_stored WHERE load_id = ?')).toBe(7);
      // The unchanged rows between the changed ones, in seven runs.
      expect(n('SELECT count(*) AS n FROM raw_same_rows WHERE load_id = ?')).toBe(7);
      expect(n('SELECT count(*) AS n FROM raw_rows WHERE load_id = ?')).toBe(301);
      const line = store.sqlite.prepare('SELECT ticket_number, raw_text FROM raw_rows WHERE load_id = ? AND line = ?').get(summary.loadId, 102);
      expect(line).toEqual({ ticket_number: 1100, raw_text: '1100;Sak 100;Feil;Ny;01.10.2024 08:15;02.10.2024 09:00;' });
      // The same export again is recognised by its hash; a copy with other bytes of the same rows is all unchanged.
      writeFileSync(join(dir, 'copy.csv'), `${[HEADER, ...next.flat()].join('\n')}\n`);
      const again = await ingestFile(store, join(dir, 'copy.csv'));
      expect(again).toMatchObject({ rowsLoaded: 301, ticketsUnchanged: 301, ticketsUpdated: 0, ticketsInserted: 0 });
      expect(store.sqlite.prepare('SELECT count(*) AS n FROM raw_rows_stored WHERE load_id = ?').get(again.loadId)).toEqual({ n: 0 });
    } finally {
      await store.close();
    }
  });

  it('finds the stored rows of tickets numbered far apart (looked up by list) as of consecutive ones (read as a range)', async () => {
    const dir = tempDir();
    // 250 sparse tickets, then 250 consecutive ones: batches of both kinds.
    const numbers = [...Array.from({ length: 250 }, (_, i) => 10 + i * 1009), ...Array.from({ length: 250 }, (_, i) => 900_000 + i)];
    const rows = numbers.map((t, i) => [`${t};Sak ${i};Feil;Ny;01.10.2024 08:15;02.10.2024 09:00;`]);
    const october = join(dir, 'export-2024-10-31.csv');
    write(october, rows);
    const november = join(dir, 'export-2024-11-30.csv');
    // Every 25th ticket changed; the rest the same text again.
    write(november, rows.map((lines, i) => (i % 25 === 0 ? [lines[0]!.replace(';Ny;', ';Løst;')] : lines)));
    const store = await tempStore();
    try {
      await ingestFile(store, october);
      const summary = await ingestFile(store, november, { parallel: true });
      expect(summary).toMatchObject({ rowsLoaded: 500, ticketsUpdated: 20, ticketsUnchanged: 480 });
      expect(store.sqlite.prepare('SELECT count(*) AS n FROM raw_rows_stored WHERE load_id = ?').get(summary.loadId)).toEqual({ n: 20 });
    } finally {
      await store.close();
    }
  });

  it('writes every row again when the export is read another way (another time zone)', async () => {
    const dir = tempDir();
    const file = join(dir, 'export-2024-10-31.csv');
    write(file, [['1;Sak;Feil;Ny;01.10.2024 08:15;02.10.2024 09:00;'], ['2;Sak;Feil;Ny;01.10.2024 08:15;02.10.2024 09:00;']]);
    const copy = join(dir, 'export-2024-11-01.csv');
    writeFileSync(copy, `${HEADER}\n1;Sak;Feil;Ny;01.10.2024 08:15;02.10.2024 09:00;\n2;Sak;Feil;Ny;01.10.2024 08:15;02.10.2024 09:00;\n`);
    const store = await tempStore();
    try {
      await ingestFile(store, file);
      const other = await ingestFile(store, copy, { zone: 'UTC' });
      expect(store.sqlite.prepare('SELECT count(*) AS n FROM raw_rows_stored WHERE load_id = ?').get(other.loadId)).toEqual({ n: 2 });
      expect(other.ticketsUpdated).toBe(2);
    } finally {
      await store.close();
    }
  });
});
