/**
 * psa run publishing into per-month folders (issue 15): October, then
 * November, then October again from the new data; the index of
 * publications; the manifest; psa changes; temporary files of a dead run
 * removed; and the seed's own case: October published with the repair of
 * missing resolved dates off, then with the default rules, restates all 13
 * months by the adjustment (OPEN-2), in one sentence.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsDocument } from '../../metrics/document.ts';
import { DEFAULT_RULES_PATH } from '../../transform/rules.ts';
import { fixture, reportFolder, runPsa, tempDir } from '../helpers.ts';
import { exportText } from '../metrics/hand-built.ts';
import { NOVEMBER, OCTOBER } from './publish-helpers.ts';

const files = (dir: string) => new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function expectWhole(dir: string) {
  const manifest = JSON.parse(readFileSync(join(dir, 'psa-outputs.json'), 'utf8')) as { files: { name: string; bytes: number; sha256: string }[] };
  expect(readdirSync(dir).sort()).toEqual([...manifest.files.map((f) => f.name), 'psa-outputs.json'].sort());
  for (const f of manifest.files) {
    const content = readFileSync(join(dir, f.name));
    expect([content.byteLength, sha256(content)], f.name).toEqual([f.bytes, f.sha256]);
  }
  return manifest;
}

describe('psa run publishes each report month into its own folder', () => {
  let out: string;
  let oct: string;
  let nov: string;
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'psa-publications-'));
    out = join(dir, 'report');
    oct = join(dir, 'export-2024-10-31.csv');
    nov = join(dir, 'export-2024-11-30.csv');
    writeFileSync(oct, exportText(OCTOBER));
    writeFileSync(nov, exportText(NOVEMBER));
  });

  it('October, then November: a new folder each, October untouched, the changes said on the page and on the terminal', async () => {
    const first = await runPsa(['run', oct, '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Published 2024-10 as version 1.');
    const october = files(reportFolder(out));
    expect(expectWhole(reportFolder(out))).toMatchObject({ reportMonth: '2024-10', version: 1 });
    expect(readFileSync(join(reportFolder(out), 'index.html'), 'utf8')).toContain('Ingen tidligere rapport er publisert for disse månedene');

    // A dead run's leftovers: a temporary folder and a temporary file of a process that is gone.
    mkdirSync(join(out, '.2024-11.999999.tmp'));
    writeFileSync(join(out, '.index.html.999999.tmp'), 'half');
    const second = await runPsa(['run', nov, '--out', out]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Published 2024-11 as version 1.');
    expect(second.stdout).toContain('The figures for September 2024 have changed since the report for October 2024 (version 1): open tickets 3 → 4 (+1): 1 ticket registered after the last report, 1 ticket reopened, 1 ticket given another resolution time (-1)');
    expect(readdirSync(out).sort()).toEqual(['2024-10', '2024-11', 'index.html', 'psa.sqlite', 'psa.sqlite-shm', 'psa.sqlite-wal'].filter((f) => existsSync(join(out, f))));
    expect(existsSync(join(out, '.2024-11.999999.tmp'))).toBe(false);
    expect(existsSync(join(out, '.index.html.999999.tmp'))).toBe(false);

    // October's folder keeps its bytes.
    expect(files(reportFolder(out))).toEqual(october);
    expectWhole(reportFolder(out, '2024-11'));
    const page = readFileSync(join(reportFolder(out, '2024-11'), 'index.html'), 'utf8');
    expect(page).toContain('<h2>Endringer i tidligere publiserte tall</h2>');
    expect(page).toContain('Tallene for september 2024 er endret siden rapporten for oktober 2024 (versjon 1): åpne saker 3 → 4 (+1): 1 sak registrert etter forrige rapport, 1 sak gjenåpnet, 1 sak fikk et annet løst-tidspunkt (−1)');
    const doc = JSON.parse(readFileSync(join(reportFolder(out, '2024-11'), 'metrics.json'), 'utf8')) as MetricsDocument;
    expect(doc.restatements.figures.length).toBeGreaterThan(5);

    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<a href="2024-11/index.html">2024-11/</a>');
    expect(index).toContain('<a href="2024-10/index.html">2024-10/</a>');
    expect(index.indexOf('november 2024')).toBeLessThan(index.indexOf('oktober 2024'));
  }, 240_000);

  it('psa changes lists the restated figures with their tickets, as text and as JSON', async () => {
    const db = join(out, 'psa.sqlite');
    const text = await runPsa(['changes', '--db', db]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^2024-11 version 1 \(as of 2024-11-30T23:00:00Z\): \d+ restated figures\n {2}against 2024-10 version 1:\n/);
    expect(text.stdout).toContain('  2024-09  open.total  3 → 4 (+1)\n      ticket 102 +1  reopened (reopened): ');
    expect(text.stdout).toContain('      ticket 106 +1  registered_late (registered after the last report): not in the publication; created 2024-09-15T07:00:00Z');
    const json = await runPsa(['changes', '--db', db, '--month', '2024-11', '--json']);
    const changes = JSON.parse(json.stdout);
    const september = changes.restatements.find((r: { month: string; figure: string }) => r.month === '2024-09' && r.figure === 'open.total');
    expect(september.tickets.map((t: { ticketNumber: number; contribution: number; reason: string }) => [t.ticketNumber, t.contribution, t.reason])).toEqual([
      [102, 1, 'reopened'],
      [103, -1, 'resolution_moved'],
      [106, 1, 'registered_late'],
    ]);
    const none = await runPsa(['changes', '--db', db, '--month', '2023-01']);
    expect([none.code, none.stderr]).toEqual([1, `psa: changes: no publication of 2023-01 in ${db}\n`]);
    const bad = await runPsa(['changes', '--db', db, '--month', 'okt']);
    expect(bad.code).toBe(2);
  }, 240_000);

  it('October again from the new data is its version 2; version 1 moves to 2024-10.v1 whole and unchanged; the same run again changes nothing', async () => {
    const v1 = files(reportFolder(out));
    const run = await runPsa(['run', nov, '--out', out, '--month', '2024-10']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Published 2024-10 as version 2 (the figures differ from version 1); version 1 stays in ${join(out, '2024-10.v1')}.`);
    expect(files(join(out, '2024-10.v1'))).toEqual(v1);
    expect(expectWhole(reportFolder(out))).toMatchObject({ reportMonth: '2024-10', version: 2 });
    const index = readFileSync(join(out, 'index.html'), 'utf8');
    expect(index).toContain('<a href="2024-10.v1/index.html">2024-10.v1/</a>');

    const before = new Map(['2024-10', '2024-10.v1', '2024-11'].map((d) => [d, files(join(out, d))]));
    const again = await runPsa(['run', nov, '--out', out, '--month', '2024-10']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('2024-10 version 2 was already published with these figures: nothing new.');
    for (const [d, content] of before) expect(files(join(out, d)), d).toEqual(content);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe(index);
  }, 240_000);
});

describe('the seed’s own case: the repair of missing resolved dates turned on after a publication without it', () => {
  it('restates the open count of all 13 months by exactly the adjustment, and says so in one sentence', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const norepair = join(dir, 'norepair.yaml');
    writeFileSync(norepair, readFileSync(DEFAULT_RULES_PATH, 'utf8').replace('repairMissingResolvedDates: true', 'repairMissingResolvedDates: false'));
    const sample = fixture('sample', 'pureservice-export-2024-10-31.csv');
    const off = await runPsa(['run', sample, '--out', out, '--rules', norepair]);
    expect(off.code, off.stderr).toBe(0);
    // Without the repair, open is what the resolved date alone says (RESOLVED-3): no adjustment.
    expect(off.stdout).toContain('open       357 at month end (95 incidents, 262 requests); the resolved date alone would say 357 (adjustment 0)');
    const on = await runPsa(['run', sample, '--out', out]);
    expect(on.code, on.stderr).toBe(0);
    expect(on.stdout).toContain('Published 2024-10 as version 2');
    const doc = JSON.parse(readFileSync(join(reportFolder(out), 'metrics.json'), 'utf8')) as MetricsDocument;
    const open = doc.restatements.figures.filter((f) => f.figure === 'open.total');
    expect(open.map((f) => f.month)).toEqual(doc.window);
    for (const f of open) {
      const adjustment = doc.monthly.find((m) => m.month === f.month)!.open.adjustment;
      expect(adjustment).toBeGreaterThanOrEqual(20);
      expect(f.difference, f.month).toBe(-adjustment);
      expect(f.rulesChanged).toBe(true);
      // The repaired tickets leave the open count; reopened ones, which the resolved date alone counted resolved, join it.
      expect(f.reasons).toEqual([{ reason: 'rules_changed', tickets: f.reasons[0]!.tickets, contribution: -adjustment }]);
      expect(f.reasons[0]!.tickets).toBeGreaterThanOrEqual(adjustment);
    }
    const page = readFileSync(join(reportFolder(out), 'index.html'), 'utf8');
    const section = page.slice(page.indexOf('<section id="restatements">'), page.indexOf('</section>', page.indexOf('<section id="restatements">')));
    expect(section.match(/<p class="restatement">/g)).toHaveLength(1);
    const adjustments = doc.monthly.map((m) => m.open.adjustment);
    expect(section).toContain(
      `<p class="restatement">Reglene er endret siden rapporten for oktober 2024 (versjon 1), så åpne saker ved månedsslutt er regnet om for alle 13 månedene (med justeringen for manglende løst-dato, fra −${Math.min(...adjustments)} til −${Math.max(...adjustments)} per måned); til sammen ${doc.restatements.figures.length} tall er endret.</p>`,
    );
    expect(existsSync(join(out, '2024-10.v1', 'index.html'))).toBe(true);
  }, 240_000);
});
