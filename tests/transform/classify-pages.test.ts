/** Classifying the loaded tickets page by page, whole or shared between workers. */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../ingest/ingest-files.ts';
import { INPUT_COLUMNS, TicketClassifier, type Finding, type TicketInput } from '../../transform/classify.ts';
import { classifyPages, futureLimits, pageReader, type TicketPage } from '../../transform/classify-pages.ts';
import { loadRules } from '../../transform/rules.ts';
import { fixture, tempDir } from '../helpers.ts';

describe('classifyPages', () => {
  it('gives every page exactly once when workers share them round robin', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    await ingestFiles(db, [fixture('sample', 'pureservice-export-2024-10-31.csv')], {});
    const sqlite = new SQLite(db, { readonly: true });
    try {
      const rules = loadRules();
      const whole = [...classifyPages(sqlite, rules)];
      expect(whole.length).toBeGreaterThan(3); // enough pages for every share below to have some
      expect(whole.map((p) => p.index)).toEqual(whole.map((_, i) => i));
      for (const of of [2, 3]) {
        const shared: TicketPage[] = [];
        for (let part = 0; part < of; part++) {
          const pages = [...classifyPages(sqlite, rules, { part, of })];
          expect(pages.every((p) => p.index % of === part)).toBe(true);
          shared.push(...pages);
        }
        shared.sort((a, b) => a.index - b.index);
        expect(shared).toEqual(whole);
      }
    } finally {
      sqlite.close();
    }
  });

  it('reads every value as plain binding does: quotes, backslashes, control characters, emoji, empty text and null, large ticket numbers', async () => {
    const db = join(tempDir(), 'psa.sqlite');
    await ingestFiles(db, [fixture('sample', 'pureservice-export-2024-10-31.csv')], {});
    const writer = new SQLite(db);
    const odd = ['"quoted" \\ back\\slash', 'tab\tnew\nline\r\u0000nul\u001f', 'emoji 😀 and \u2028 separator', '', 'Molde "kommune"', '{"json": [1, null]}'];
    const first = writer.prepare('SELECT ticket_number FROM stg_tickets ORDER BY ticket_number LIMIT 6').pluck().all() as number[];
    const set = writer.prepare('UPDATE stg_tickets SET subject = ?, status = ?, company = ?, requester_email = ?, department = ?, reopened_count = ? WHERE ticket_number = ?');
    first.forEach((t, i) => set.run(odd[i], odd[(i + 1) % odd.length], odd[(i + 2) % odd.length], i % 2 === 0 ? null : odd[(i + 3) % odd.length], odd[(i + 4) % odd.length], i, t));
    writer.prepare('UPDATE stg_tickets SET ticket_number = 999999999999999 WHERE ticket_number = ?').run(first[5]);
    writer.close();

    const sqlite = new SQLite(db, { readonly: true });
    try {
      const rules = loadRules();
      const got = [...classifyPages(sqlite, rules)];
      // The reference: the same rows as better-sqlite3 binds them, classified alike.
      const rows = sqlite.prepare(`SELECT ${INPUT_COLUMNS.join(', ')}, load_id FROM stg_tickets ORDER BY ticket_number`).raw().all() as unknown[][];
      // The reader's rows, value for value and type for type (Object.is: 0 is not -0, '' is not null).
      const read = pageReader(sqlite)(-Infinity, rows.length + 1);
      expect(read).toHaveLength(rows.length);
      for (const [i, r] of read.entries()) for (const [k, v] of r.entries()) if (!Object.is(v, rows[i]![k])) expect({ row: i, column: k, value: v }).toEqual({ row: i, column: k, value: rows[i]![k] });
      const inputs = rows.map((r) => Object.fromEntries(INPUT_COLUMNS.map((c, i) => [c, r[i]])) as unknown as TicketInput);
      expect(inputs.some((t) => t.subject === odd[0] && t.requester_email === null)).toBe(true);
      expect(inputs.some((t) => t.subject === odd[1] && t.requester_email === odd[4])).toBe(true);
      expect(inputs.at(-1)!.ticket_number).toBe(999999999999999);
      const limits = futureLimits(sqlite, rules.futureTimestampMarginDays);
      const classifier = new TicketClassifier(rules);
      const findings: Finding[] = [];
      const facts = rows.map((r, i) => classifier.classify(inputs[i]!, findings, limits.get(r[INPUT_COLUMNS.length] as number)));
      expect(got.flatMap((p) => p.facts)).toEqual(facts);
      expect(got.flatMap((p) => p.findings)).toEqual(findings);
      expect(facts.find((f) => f.ticket_number === first[0])!.status).toBe(odd[1]);
    } finally {
      sqlite.close();
    }
  });
});
