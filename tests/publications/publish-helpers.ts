/** Publishing a sequence of hand-built exports into one database, as psa run does, without the files. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFiles } from '../../ingest/ingest-files.ts';
import { computeReport, type MetricsOptions, type Report } from '../../metrics/compute.ts';
import { publish, type Publication } from '../../publications/publish.ts';
import { openDatabase, type PsaDatabase } from '../../store/open.ts';
import { loadRules, type Rules } from '../../transform/rules.ts';
import { transformDatabase } from '../../transform/transform-database.ts';
import { tempDir } from '../helpers.ts';
import { exportText, type HandTicket } from '../metrics/hand-built.ts';

export class Publisher {
  private exports = 0;
  private constructor(
    readonly dir: string,
    readonly store: PsaDatabase,
  ) {}

  static async open(): Promise<Publisher> {
    const dir = tempDir();
    return new Publisher(dir, await openDatabase(join(dir, 'psa.sqlite')));
  }

  /** Loads an export of `tickets` (a new file), transforms with `rules`, computes the report and publishes it. */
  async publish(tickets: readonly HandTicket[], options: MetricsOptions & { rules?: Rules } = {}): Promise<{ report: Report; publication: Publication }> {
    const file = join(this.dir, `export-${++this.exports}.csv`);
    writeFileSync(file, exportText(tickets));
    const run = await ingestFiles(this.store.path, [file]);
    for (const f of run.files) if (!f.ok || f.rowsRejected > 0) throw new Error(`export did not load cleanly: ${JSON.stringify(f)}`);
    await transformDatabase(this.store, options.rules ?? loadRules(), { parallel: false });
    const report = computeReport(this.store, options);
    return { report, publication: publish(this.store, report) };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

/** Issue 15's hand-built sequence: October's export, */
export const OCTOBER: HandTicket[] = [
  { nr: 101, created: '2024-08-10 09:00' },
  { nr: 102, created: '2024-09-05 09:00', resolved: '2024-09-20 10:00' },
  { nr: 103, created: '2024-09-10 09:00', status: 'Lukket', closed: '2024-10-02 12:00' },
  { nr: 104, created: '2024-08-20 09:00' },
  { nr: 105, created: '2024-06-03 09:00', resolved: '2024-07-01 10:00' },
  { nr: 999, type: 'Internsak', created: '2024-10-31 12:00' },
];

/** and November's: a late-registered ticket, a reopened one, a backfilled resolved date, a municipality change and a deletion. */
export const NOVEMBER: HandTicket[] = [
  { nr: 101, created: '2024-08-10 09:00' },
  // Reopened: open again, its old resolved date still in the export.
  { nr: 102, created: '2024-09-05 09:00', status: 'Under arbeid', resolved: '2024-09-20 10:00', modified: '2024-11-05 10:00' },
  // The resolved date filled in afterwards, before the closed time it was repaired from.
  { nr: 103, created: '2024-09-10 09:00', status: 'Lukket', resolved: '2024-09-28 12:00', closed: '2024-10-02 12:00', modified: '2024-11-03 10:00' },
  // Moved to Rauma.
  { nr: 104, created: '2024-08-20 09:00', company: 'Rauma kommune', email: 'ola@rauma.kommune.no', modified: '2024-11-02 10:00' },
  // Marked for deletion.
  { nr: 105, created: '2024-06-03 09:00', resolved: '2024-07-01 10:00', deleted: true, modified: '2024-11-04 10:00' },
  // Registered late: created in September, first seen in November's export.
  { nr: 106, created: '2024-09-15 09:00' },
  { nr: 999, type: 'Internsak', created: '2024-10-31 12:00' },
  { nr: 998, type: 'Internsak', created: '2024-11-30 12:00' },
];

