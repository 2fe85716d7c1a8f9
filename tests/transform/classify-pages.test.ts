/** Classifying the loaded tickets page by page, whole or shared between workers. */
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ingestFiles } from '../../ingest/ingest-files.ts';
import { classifyPages, type TicketPage } from '../../transform/classify-pages.ts';
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
});
