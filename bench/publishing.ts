/**
 * What publishing costs (issue 15), measured in-process on a transformed
 * database:
 *
 * - on the bundled sample, what publishing adds to `psa run`: the
 *   comparison with the earlier publication (restatements), recording the
 *   publication (document, per-ticket snapshot, restatements), and writing
 *   the month's folder with its manifest and the index page, beyond a plain
 *   write of the same files. The sample is first published with the repair
 *   of missing resolved dates off, so the comparison has real work (every
 *   month restated). Target: under 0.3 s.
 * - at scale, the snapshot (copying every ticket's facts into pub_tickets)
 *   and the comparison of the facts with it, unchanged and with 1 % of the
 *   tickets moved to another municipality, in a transaction rolled back
 *   afterwards. Target: under 3 s together for 1M tickets.
 *
 * `tsx bench/publishing.ts [--rows N]` runs both on their own (generating
 * and loading an N-row export, default 100,000); `npm run bench` runs them
 * on its own databases.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dashboardFiles } from '../dashboards/dashboard.ts';
import { writeScaleExport } from '../fixtures/scale-export.ts';
import { computeReport, figuresHash } from '../metrics/compute.ts';
import { MonthClock } from '../core/months.ts';
import { writeOutputs } from '../core/write-outputs.ts';
import { writeMonthFolder } from '../publications/folders.ts';
import { publicationsIndexHtml } from '../publications/index-page.ts';
import { listPublications, publish } from '../publications/publish.ts';
import { restate } from '../publications/restate.ts';
import { changedTickets, writeSnapshot } from '../publications/snapshot.ts';
import { openDatabase } from '../store/open.ts';
import { PSA_VERSION } from '../store/version.ts';
import { DEFAULT_RULES_PATH, loadRules } from '../transform/rules.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const psa = (args: string[]) => {
  const r = spawnSync(process.execPath, [join(root, 'bin/psa.js'), ...args], { encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 3) throw new Error(`bench: psa ${args[0]} failed: ${r.stderr}`);
};
const seconds = (since: number) => (performance.now() - since) / 1000;

export interface SamplePublishing {
  readonly restate: number;
  readonly record: number;
  readonly folder: number;
  readonly plainWrite: number;
  /** restate + record + (folder − plain write). */
  readonly added: number;
  readonly restated: number;
}

/** Publishing on the bundled sample, after a first publication with the repair off. */
export async function samplePublishing(): Promise<SamplePublishing> {
  const dir = mkdtempSync(join(tmpdir(), 'psa-bench-publish-'));
  try {
    const norepair = join(dir, 'norepair.yaml');
    writeFileSync(norepair, readFileSync(DEFAULT_RULES_PATH, 'utf8').replace('repairMissingResolvedDates: true', 'repairMissingResolvedDates: false'));
    const sample = join(root, 'fixtures', 'sample', 'pureservice-export-2024-10-31.csv');
    psa(['run', sample, '--out', join(dir, 'out'), '--rules', norepair]);
    psa(['transform', '--db', join(dir, 'out', 'psa.sqlite')]);
    const store = await openDatabase(join(dir, 'out', 'psa.sqlite'));
    try {
      const report = computeReport(store);
      const clock = new MonthClock(loadRules().calendar);
      let t = performance.now();
      const hash = figuresHash(report.doc);
      const { restatements } = restate(store, report.doc, hash, (m) => clock.endText(m));
      const restateSeconds = seconds(t);
      t = performance.now();
      const publication = publish(store, report);
      const record = seconds(t);
      const files = await dashboardFiles(publication.document, { lang: 'nb', timeZone: report.timeZone, version: PSA_VERSION });
      t = performance.now();
      writeMonthFolder(join(dir, 'out'), publication.reportMonth, publication.version, files);
      writeOutputs(join(dir, 'out'), [{ name: 'index.html', content: publicationsIndexHtml(join(dir, 'out'), listPublications(store), 'nb') }]);
      const folder = seconds(t);
      t = performance.now();
      writeOutputs(join(dir, 'plain'), files);
      const plainWrite = seconds(t);
      return { restate: restateSeconds, record, folder, plainWrite, added: restateSeconds + record + Math.max(0, folder - plainWrite), restated: restatements.figures.length };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ScalePublishing {
  readonly tickets: number;
  readonly snapshot: number;
  readonly compareUnchanged: number;
  readonly compareChanged: number;
  readonly changed: number;
}

/** The snapshot and the comparison on a transformed database, rolled back afterwards. */
export async function scalePublishing(db: string): Promise<ScalePublishing> {
  const store = await openDatabase(db);
  const { sqlite } = store;
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const id = Number(
        sqlite
          .prepare(
            `INSERT INTO pub_publications (report_month, version, as_of, window_start, window_end, exports, rules_sha256, figures_sha256, document, tickets, published_at, psa_version)
             VALUES ('1900-01', 1, '1900-02-01T00:00:00Z', '1899-01', '1900-01', '[]', '', '', '{}', 0, '', '')`,
          )
          .run().lastInsertRowid,
      );
      let t = performance.now();
      const tickets = writeSnapshot(store, id);
      const snapshot = seconds(t);
      t = performance.now();
      if (changedTickets(store, id).length !== 0) throw new Error('bench: the snapshot differs from the facts it was taken from');
      const compareUnchanged = seconds(t);
      sqlite.exec("UPDATE fct_tickets SET municipality = municipality || ' (moved)' WHERE ticket_number % 100 = 0");
      t = performance.now();
      const changed = changedTickets(store, id).length;
      const compareChanged = seconds(t);
      return { tickets, snapshot, compareUnchanged, compareChanged, changed };
    } finally {
      sqlite.exec('ROLLBACK');
    }
  } finally {
    await store.close();
  }
}

export function publishingLines(sample: SamplePublishing, scale: ScalePublishing): string[] {
  const s = (x: number) => `${x.toFixed(3)} s`;
  const perMillion = (scale.snapshot + scale.compareChanged) * (1e6 / scale.tickets);
  return [
    `  publishing on the sample: ${s(sample.added)} added (restatements ${s(sample.restate)}, ${sample.restated} figures; record ${s(sample.record)}; month folder, manifest and index ${s(sample.folder)} vs a plain write ${s(sample.plainWrite)})`,
    `  publishing at ${scale.tickets.toLocaleString('en-US')} tickets: snapshot ${s(scale.snapshot)}, comparison ${s(scale.compareUnchanged)} unchanged, ${s(scale.compareChanged)} with ${scale.changed.toLocaleString('en-US')} tickets changed`,
    `  target publishing adds < 0.3 s to psa run on the sample: ${s(sample.added)} — ${sample.added < 0.3 ? 'met' : 'NOT MET'}`,
    `  target snapshot + comparison of 1M tickets < 3 s: ${perMillion.toFixed(2)} s per 1M (from ${scale.tickets.toLocaleString('en-US')}) — ${perMillion < 3 ? 'met' : 'NOT MET'}`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' } } });
  const rows = Number(values.rows);
  const dir = mkdtempSync(join(tmpdir(), 'psa-bench-publish-scale-'));
  try {
    const csv = join(dir, 'scale.csv');
    await writeScaleExport(csv, { rows });
    const db = join(dir, 'psa.sqlite');
    psa(['ingest', csv, '--db', db, '--json']);
    psa(['transform', '--db', db, '--json']);
    const lines = publishingLines(await samplePublishing(), await scalePublishing(db));
    console.log(lines.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
