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
