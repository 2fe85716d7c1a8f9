/**
 * `psa run` on tiny exports (issue 13, case 6): one ticket, no ticket in the
 * window, one class only. Every output is written; a chart with nothing to
 * show is drawn empty with a note, never a Vega "Infinite extent" failure.
 * Empty figures follow docs/METRICS.md's "empty" column (NEW-1, OPEN-1,
 * SLA-2, DUR-2, TREND-1).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MetricsDocument } from '../../metrics/document.ts';
import { latestReportFolder, runPsa, tempDir } from '../helpers.ts';
import { decodePng } from './png.ts';

const HEADER = 'Saksnummer;Emne;Sakstype;Status;Prioritet;Firma;Opprettet;Endret;Løst;Lukket';
const CHARTS = ['new-by-category', 'new-by-municipality', 'open-month-end', 'open-incidents', 'open-requests', 'open-total', 'open-adjustment', 'open-by-municipality', 'security-alerts', 'sla-compliance', 'resolution-time', 'open-age', 'reopen-rate'];
const NO_DATA = 'Ingen saker å vise i perioden';

async function runOn(name: string, rows: readonly string[]) {
  const dir = tempDir();
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
  const out = join(dir, 'report');
  const result = await runPsa(['run', file, '--out', out]);
  const read = (f: string) => readFileSync(join(latestReportFolder(out), f), 'utf8');
  return { result, out, read, doc: JSON.parse(read('metrics.json')) as MetricsDocument };
}

function expectEveryOutput(out: string): void {
  expect(readdirSync(out).filter((f) => !f.startsWith('psa.sqlite')).sort()).toEqual([basename(latestReportFolder(out)), 'index.html']);
  const folder = latestReportFolder(out);
  const files = readdirSync(folder);
  expect(files.sort()).toEqual(['index.html', 'metrics.json', 'psa-outputs.json', 'report.docx', 'report.md', ...CHARTS.flatMap((c) => [`${c}.png`, `${c}.svg`, `${c}.vl.json`])].sort());
  for (const c of CHARTS) {
    const png = decodePng(readFileSync(join(folder, `${c}.png`)));
    expect(png.width, c).toBeGreaterThan(500);
  }
}

describe('psa run on sparse exports', () => {
  it('one ticket: every output, the empty months zero, the ticket where it belongs', async () => {
    // Created and resolved 1 October 2024; modified 4 November, so the report month is October (TIME-4).
    const { result, out, doc, read } = await runOn('one-ticket', ['1;Skriver;Feil;Løst;Kritisk;Molde kommune;01.10.2024 10:00;04.11.2024 10:00;01.10.2024 11:00;']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toMatch(/Infinite extent|Error|at .*\.js:\d+/);
    expectEveryOutput(out);
    expect(doc.reportMonth).toBe('2024-10');
    const october = doc.monthly.at(-1)!;
    expect(october.new).toEqual({
      incident: 1,
      request: 0,
      total: 1,
      securityAlerts: 0,
      byCategory: { Ukategorisert: 1 },
      byMunicipality: { Molde: 1 },
      byClassAndCategory: { incident: { Ukategorisert: 1 }, request: {} },
      byClassAndMunicipality: { incident: { Molde: 1 }, request: {} },
      securityAlertsBySource: {},
      securityAlertsByCategory: {},
    });
    expect(october.sla.byPriority.Kritisk).toMatchObject({ met: 1, breached: 0, compliance: 1 });
    for (const m of doc.monthly.slice(0, -1)) {
      expect(m.new.total, m.month).toBe(0);
      expect(m.new.byCategory, m.month).toEqual({}); // NEW-1: empty maps
      expect(m.open.total, m.month).toBe(0); // OPEN-1
      expect(m.sla.byPriority.Kritisk!.compliance, m.month).toBeNull(); // SLA-2: null, not 0
      expect(m.resolution.incident.byPriority, m.month).toEqual({}); // DUR-2: left out
    }
    expect(doc.trends.openTotal).toEqual({ slopePerMonth: 0, fallingSince: doc.window[0] }); // TREND-1 of a flat series
    expect(read('index.html')).toContain('<td>Kritisk</td>');
    // Nothing was open at any month end: that chart is drawn empty with its note.
    expect(read('open-by-municipality.svg')).toContain(`>${NO_DATA}</text>`);
    expect(read('new-by-category.svg')).not.toContain(NO_DATA);
  });

  it('no ticket in the window: every chart drawn empty, every figure zero or null', async () => {
    // Both tickets were created and resolved in 2022; one was modified on 2 October 2024, which makes September 2024 the report month.
    const { result, out, doc, read } = await runOn('none-in-window', [
      '1;Skriver;Feil;Løst;Normal;Molde kommune;03.10.2022 10:00;04.10.2022 10:00;04.10.2022 10:00;',
      '2;Tilgang;Forespørsel;Lukket;Høy;Aukra kommune;03.10.2022 10:00;02.10.2024 10:00;04.10.2022 10:00;04.10.2022 10:00',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expectEveryOutput(out);
    expect(doc.window).toHaveLength(13);
    expect(doc.monthly.every((m) => m.new.total === 0 && m.open.total === 0 && m.resolved.total === 0)).toBe(true);
    expect(doc.criticalAndHigh).toEqual([]);
    expect(doc.slaBreaches).toEqual([]);
    for (const c of ['new-by-category', 'new-by-municipality', 'open-by-municipality', 'sla-compliance', 'resolution-time', 'open-age', 'reopen-rate']) {
      expect(read(`${c}.svg`), c).toContain(`>${NO_DATA}</text>`);
      const spec = JSON.parse(read(`${c}.vl.json`));
      expect(JSON.stringify(spec), c).toContain(NO_DATA);
    }
    // The series that are counts at every month (zeros) are drawn as they are.
    expect(read('open-month-end.svg')).not.toContain(NO_DATA);
    expect(read('index.html')).toContain('<figure class="chart" id="chart-resolution-time">');
  });

  it('requests only, in a few months: incidents zero everywhere, the requests drawn', async () => {
    const { result, out, doc, read } = await runOn('requests-only', [
      '1;Tilgang;Forespørsel;Løst;Normal;Molde kommune;15.01.2024 10:00;16.01.2024 10:00;16.01.2024 10:00;',
      '2;Tilgang;Forespørsel;Under arbeid;Normal;Aukra kommune;03.06.2024 10:00;05.06.2024 10:00;;',
      '3;Tilgang;Forespørsel;Løst;Normal;Aukra kommune;03.10.2024 10:00;04.11.2024 10:00;10.10.2024 10:00;',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expectEveryOutput(out);
    expect(doc.monthly.every((m) => m.new.incident === 0 && m.open.incident === 0)).toBe(true);
    expect(doc.monthly.map((m) => m.open.request)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(doc.monthly.at(-1)!.resolution.request.byPriority.Normal).toMatchObject({ n: 1 });
    expect(doc.monthly.every((m) => m.sla.byPriority.Kritisk!.compliance === null)).toBe(true);
    expect(read('sla-compliance.svg')).toContain(`>${NO_DATA}</text>`);
    expect(read('resolution-time.svg')).not.toContain(NO_DATA);
  });
});
