/**
 * The parse worker recognises rows loaded already before typing them
 * (ingest/known-rows.ts): next month's export costs what changed. What it
 * recognises must be exactly what the writer would have found unchanged, so
 * every table and count equals a load that writes every row
 * (skipUnchanged: false), whatever the order of the export; and it must
 * really be the parser that recognised them (recognisedByParser).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile, type IngestSummary } from '../../ingest/load.ts';
import { KnownRows } from '../../ingest/known-rows.ts';
import { recognisedByParser } from '../../ingest/row-store.ts';
import { rowHash } from '../../ingest/row-hash.ts';
import { mapHeaders } from '../../ingest/headers.ts';
import type { PsaDatabase } from '../../store/open.ts';
import { tempDir, tempStore } from '../helpers.ts';

const HEADER = 'Saksnummer;Emne;Sakstype;Status;Opprettet;Endret;Løst';
const row = (t: number, status = 'Ny') => `${t};Sak ${t};Feil;${status};01.10.2024 08:15;02.10.2024 09:00;`;
const write = (path: string, lines: readonly string[]) => writeFileSync(path, `${[HEADER, ...lines].join('\r\n')}\r\n`);

function tables(store: PsaDatabase) {
  const all = (sql: string) => store.sqlite.prepare(sql).all();
  return {
    tickets: all('SELECT * FROM stg_tickets ORDER BY ticket_number'),
    rawRows: all('SELECT * FROM raw_rows ORDER BY load_id, line'),
    sameRuns: all('SELECT * FROM raw_same_rows ORDER BY load_id, first_line'),
    rejects: all('SELECT * FROM raw_rejects ORDER BY load_id, line, column_number'),
    ranges: all('SELECT * FROM raw_load_tickets ORDER BY load_id, first_ticket'),
    pending: all('SELECT * FROM transform_pending ORDER BY ticket_number'),
    loads: all('SELECT load_id, rows_read, rows_loaded, rows_rejected, tickets_inserted, tickets_updated, tickets_unchanged, blank_lines FROM raw_loads ORDER BY load_id'),
  };
}

const comparable = ({ path: _path, ...summary }: IngestSummary) => summary;

/** Deterministic shuffle (a linear congruential generator), so a failure repeats. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Loads `first`, then `next`, into three databases: as psa does with a
 * large file (the parse worker recognising rows), with the parser in this
 * thread (the writer checking every row, as before), and writing every row.
 * The first two must agree on everything, `raw_same_rows` included; all three
 * on everything else. Returns the rows the parser recognised in the second load.
 */
async function loadBoth(first: readonly string[], next: readonly string[]): Promise<{ recognised: number; summary: IngestSummary }> {
  const dir = tempDir();
  const october = join(dir, 'export-2024-10-31.csv');
  const november = join(dir, 'export-2024-11-30.csv');
  write(october, first);
  write(november, next);
  const ways = [{ parallel: true }, { parallel: false }, { parallel: true, skipUnchanged: false }] as const;
  const stores = await Promise.all(ways.map(() => tempStore()));
  for (const [i, store] of stores.entries()) {
    await ingestFile(store, october, ways[i]);
    // A transform's state makes the triggers fill transform_pending, which must not differ either.
    store.sqlite.exec("INSERT INTO transform_state (state_id, run_id, rules_sha256, logic, last_load_id, loads, tally) VALUES (1, 1, 'x', 'x', 1, '[]', '{}')");
  }
  const before = recognisedByParser.rows;
  const ticketsBefore = (stores[0]!.sqlite.prepare('SELECT count(*) AS n FROM stg_tickets').get() as { n: number }).n;
  const summary = await ingestFile(stores[0]!, november, ways[0]);
  expect(summary.ticketsInserted).toBe((stores[0]!.sqlite.prepare('SELECT count(*) AS n FROM stg_tickets').get() as { n: number }).n - ticketsBefore);
  const recognised = recognisedByParser.rows - before;
  const inThread = await ingestFile(stores[1]!, november, ways[1]);
  const writing = await ingestFile(stores[2]!, november, ways[2]);
  expect(recognisedByParser.rows - before).toBe(recognised);
  expect(comparable(summary)).toEqual(comparable(inThread));
  expect(comparable(summary)).toEqual(comparable(writing));
  const [a, b, c] = stores.map(tables);
  expect(a).toEqual(b);
  expect({ ...a, sameRuns: [] }).toEqual({ ...c, sameRuns: [] });
  expect(c!.sameRuns).toEqual([]);
  return { recognised, summary };
}

describe('rows the parse worker recognises as loaded already', () => {
  const tickets = Array.from({ length: 5000 }, (_, i) => 1000 + i);
  // Every 97th ticket changed, every 501st dropped, a few new ones, a repeat and a bad row.
  const nextMonth = (order: readonly number[]) => [
    ...order.flatMap((t) => (t % 501 === 0 ? [] : [row(t, t % 97 === 0 ? 'Løst' : 'Ny')])),
    row(1500),
    '7000;Ny sak;Feil;Ny;32.11.2024 08:00;;',
    row(9000),
  ];
  const unchanged = tickets.filter((t) => t % 501 !== 0 && t % 97 !== 0).length;

  it('recognises every unchanged row of an export sorted by ticket number, and loads what a full write loads', async () => {
    const { recognised, summary } = await loadBoth(tickets.map((t) => row(t)), nextMonth(tickets));
    // Ticket 1500 appears twice: its second row is typed and compared by the writer, as before.
    expect(recognised).toBe(unchanged);
    expect(summary).toMatchObject({ rowsRead: 4990 + 3, rowsRejected: 1, ticketsInserted: 1, ticketsUnchanged: unchanged + 1 });
  });

  it('recognises them in an export sorted the other way', async () => {
    const { recognised } = await loadBoth(tickets.map((t) => row(t)), nextMonth([...tickets].reverse()));
    expect(recognised).toBe(unchanged);
  });

  it('gives up on an export in no ticket order, which the writer then checks: the same tables either way', async () => {
    const { recognised, summary } = await loadBoth(tickets.map((t) => row(t)), nextMonth(shuffled(tickets, 7)));
    // A window for nearly every row would read far more than it asks about.
    expect(recognised).toBeLessThan(unchanged / 10);
    expect(summary.ticketsUnchanged).toBe(unchanged + 1);
  });

  it('recognises nothing from a load read another way (another time zone)', async () => {
    const dir = tempDir();
    const october = join(dir, 'export-2024-10-31.csv');
    const november = join(dir, 'export-2024-11-30.csv');
    write(october, tickets.map((t) => row(t)));
    // The same rows in other bytes (line ends), so it is not the same file again.
    writeFileSync(november, `${[HEADER, ...tickets.map((t) => row(t))].join('\n')}\n`);
    const store = await tempStore();
    await ingestFile(store, october, { parallel: true, zone: 'UTC' });
    const before = recognisedByParser.rows;
    const summary = await ingestFile(store, november, { parallel: true });
    expect(recognisedByParser.rows - before).toBe(0);
    // Read in Oslo time, the rows are two hours older than as read in UTC: none replaces its ticket's values, and each is written.
    expect(summary).toMatchObject({ rowsLoaded: tickets.length, ticketsUnchanged: tickets.length });
    expect(store.sqlite.prepare('SELECT count(*) AS n FROM raw_rows_stored WHERE load_id = ?').get(summary.loadId)).toEqual({ n: tickets.length });
  });
});

/** KnownRows over a database holding `tickets` (one load, read in Oslo time), asked as a load read in `zone`, started with the header. */
async function knownRowsOf(tickets: readonly number[], zone = 'Europe/Oslo'): Promise<KnownRows> {
  const file = join(tempDir(), 'export-2024-10-31.csv');
  write(file, tickets.map((t) => row(t)));
  const store = await tempStore();
  const load = await ingestFile(store, file);
  const known = new KnownRows({ databasePath: store.path, loadId: 2, reading: { encoding: load.encoding!, zone } });
  known.start(mapHeaders(HEADER.split(';'), {}), ';');
  return known;
}

describe('KnownRows', () => {
  it('answers from windows of ticket numbers, only for the stored text hash, and gives up when reading far more than asked', async () => {
    const numbers = Array.from({ length: 6000 }, (_, i) => 10 + i * 3);
    const known = await knownRowsOf(numbers);
    try {
      // Across window edges, upwards then downwards.
      for (const t of [10, 3079, 3082, 6151, 17_995, 9001, 10]) {
        const line = (t - 10) / 3 + 2;
        expect(known.same(t, rowHash(row(t)))).toBe(true);
        expect([known.load, known.line]).toEqual([1, line]);
        expect(known.same(t, rowHash(row(t, 'Løst')))).toBe(false);
      }
      expect(known.same(11, rowHash(row(11)))).toBe(false); // no such ticket
      // Far apart, one each: soon more rows read than asked about.
      let answered = 0;
      for (let k = 0; k < 200; k++) {
        const t = numbers[(k * 2_971) % numbers.length]!;
        if (known.same(t, rowHash(row(t)))) answered++;
      }
      expect(answered).toBeGreaterThan(0);
      expect(answered).toBeLessThan(200);
      expect(known.same(10, rowHash(row(10)))).toBe(false);
    } finally {
      known.close();
    }
  });

  it('gives up, rather than failing the load, when it cannot read the database', async () => {
    const known = await knownRowsOf([1, 2]);
    known.close();
    expect(known.same(1, rowHash(row(1)))).toBe(false);
    expect(known.checking).toBe(false);
  });

  it('knows no rows of loads read another way', async () => {
    const known = await knownRowsOf([1, 2], 'UTC');
    try {
      expect(known.same(1, rowHash(row(1)))).toBe(false);
      expect(known.checking).toBe(false);
    } finally {
      known.close();
    }
  });
});
