import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../ingest/load.ts';
import { tempDir, tempStore } from '../helpers.ts';

const HEADER = 'Saksnummer;Emne;Sakstype;Status;Opprettet;Løst\r\n';

describe('ingest never loses or invents a row', () => {
  it('quarantines instead of throwing on arbitrary bytes after a valid header, and the counts add up', async () => {
    const store = await tempStore();
    const dir = tempDir();
    let n = 0;
    // Bytes biased towards what breaks CSV: delimiters, quotes, line ends, invalid UTF-8.
    const byte = fc.oneof(
      fc.constantFrom(0x3b, 0x22, 0x0a, 0x0d, 0x2c, 0x09, 0x31, 0x2e, 0x3a, 0x20),
      fc.integer({ min: 0, max: 255 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(byte, { maxLength: 400 }), async (body) => {
        const path = join(dir, `fuzz-${n++}.csv`);
        writeFileSync(path, Buffer.concat([Buffer.from(HEADER), Uint8Array.from(body)]));
        const summary = await ingestFile(store, path);
        if (summary.alreadyLoaded) return;
        expect(summary.rowsRead).toBe(summary.rowsLoaded + summary.rowsRejected);
        const rows = store.sqlite.prepare('SELECT count(*) AS n FROM raw_rows WHERE load_id = ?').get(summary.loadId) as { n: number };
        const rejected = store.sqlite.prepare('SELECT count(*) AS n FROM raw_rejects WHERE load_id = ?').get(summary.loadId) as { n: number };
        expect([rows.n, rejected.n]).toEqual([summary.rowsLoaded, summary.rowsRejected]);
      }),
      { numRuns: 150 },
    );
  });

  it('loads every row of well-formed random tickets, whatever their text', async () => {
    const store = await tempStore();
    const dir = tempDir();
    let n = 0;
    const text = fc.string({ unit: fc.constantFrom('a', 'ø', ';', '"', '\n', ' ', 'Å', '–'), maxLength: 20 });
    const quote = (v: string) => (/[;"\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 30 }), text, async (ids, subject) => {
        const path = join(dir, `ok-${n++}.csv`);
        const body = ids.map((id) => `${id};${quote(subject)};Feil;Ny;01.10.2024 08:15;\r\n`).join('');
        writeFileSync(path, HEADER + body);
        const summary = await ingestFile(store, path);
        if (summary.alreadyLoaded) return;
        expect(summary).toMatchObject({ rowsRead: ids.length, rowsLoaded: ids.length, rowsRejected: 0 });
        const stored = store.sqlite.prepare('SELECT subject FROM stg_tickets WHERE ticket_number = ?').get(ids[0]!) as { subject: string | null };
        expect(stored.subject).toBe(subject.trim() === '' ? null : subject.trim());
      }),
      { numRuns: 100 },
    );
  });
});
