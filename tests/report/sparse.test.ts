/**
 * A sparse month gives a valid report, never a crash: few tickets,
 * priorities with none, no security alerts, and months with no tickets at
 * all (the report month itself among them). The charts are drawn, the Word
 * document is written, and every number still comes from metrics.json.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { computeMetrics } from '../../metrics/compute.ts';
import type { MetricsDocument } from '../../metrics/document.ts';
import { pngSize } from '../../report/docx.ts';
import { NO_NOTES } from '../../report/notes.ts';
import { chartsByName, renderReportCharts, reportFiles } from '../../report/report-files.ts';
import type { PsaDatabase } from '../../store/open.ts';
import { handBuiltStore, type HandTicket } from '../metrics/hand-built.ts';
import { checkNumbers } from './numbers.ts';

const stores: PsaDatabase[] = [];
afterEach(async () => {
  while (stores.length > 0) await stores.pop()!.close();
});

async function metrics(tickets: readonly HandTicket[], month?: string): Promise<MetricsDocument> {
  const store = await handBuiltStore(tickets);
  stores.push(store);
  return computeMetrics(store, month === undefined ? {} : { month });
}

const TICKETS: HandTicket[] = [
  { nr: 1, created: '2024-02-12 09:00', resolved: '2024-02-12 11:00', priority: 'Lav' },
  { nr: 2, created: '2024-10-02 10:00', priority: 'Normal', type: 'Forespørsel', category: 'Skole' },
  { nr: 3, created: '2024-10-15 10:00', resolved: '2024-10-16 10:00', priority: 'Normal' },
  // The data runs to the end of October (TIME-4).
  { nr: 4, created: '2024-10-31 12:00', type: 'Internsak' },
];

async function report(doc: MetricsDocument) {
  const pngs = await renderReportCharts(doc, 'nb');
  const { files, content } = await reportFiles(doc, { lang: 'nb', notes: NO_NOTES, version: 'test' }, chartsByName(pngs));
  return { pngs, md: files.find((f) => f.name === 'report.md')!.content as string, docx: files.find((f) => f.name === 'report.docx')!.content as Uint8Array, content };
}

describe('a sparse month', () => {
  it('gives a whole report: every heading, chart and table, with sentences that fit the few tickets', async () => {
    const doc = await metrics(TICKETS);
    expect(doc.reportMonth).toBe('2024-10');
    const { pngs, md, docx } = await report(doc);
    expect(pngs).toHaveLength(7);
    for (const png of pngs) expect(pngSize(png.content as Uint8Array).width).toBeGreaterThan(600);
    expect(Buffer.from(docx).subarray(0, 2).toString()).toBe('PK');
    const text = md.replace(/\u00a0/g, ' ');
    expect(text.match(/^## /gm)).toHaveLength(7);
    expect(text).toContain('Saker innmeldt i oktober er 2 henvendelser: 1 feilmeldinger og 1 tjenesteforespørsler.');
    expect(text).not.toContain('sikkerhetstrussel');
    expect(text).toContain('I oktober hadde vi ingen hendelser med kritisk prioritet.');
    expect(text).toContain('I oktober hadde vi ingen hendelser med høy prioritet.');
    expect(text).toContain('Kritisk: ingen hendelser løst i oktober.');
    expect(text).toContain('| Kritisk | timer | 0 | – | – | – | – | – |');
    expect(text).not.toContain('justert');
    const check = checkNumbers(md, doc, 'nb');
    expect(check.unknown).toEqual([]);
    expect(check.badDates).toEqual([]);
  }, 60_000);

  it('gives a valid report for a month with no tickets at all', async () => {
    const doc = await metrics(TICKETS, '2024-06');
    expect(doc.monthly.at(-1)!.new.total).toBe(0);
    const { md } = await report(doc);
    const text = md.replace(/\u00a0/g, ' ');
    expect(text).toContain('Det ble ikke meldt inn noen feil eller forespørsler i juni.');
    expect(text).toContain('Antall åpne feilmeldinger per 30. juni var 0, med en stabil trend.');
    expect(text).toContain('| **Sum** | 0 | 0 | 0 |');
    expect(checkNumbers(md, doc, 'nb').unknown).toEqual([]);
  }, 60_000);
});
