/**
 * Small hand-built exports for the metric unit tests: each ticket written
 * as Pureservice's UI export would (Oslo wall-clock times), loaded by ingest
 * and transformed with the shipped rules, so a test reads as the tickets it
 * is about.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestFiles } from '../../ingest/ingest-files.ts';
import { openDatabase, type PsaDatabase } from '../../store/open.ts';
import { loadRules } from '../../transform/rules.ts';
import { transformDatabase } from '../../transform/transform-database.ts';
import { tempDir } from '../helpers.ts';

export interface HandTicket {
  readonly nr: number;
  /** Sakstype: Feil (incident), Forespørsel (request), Internsak (other). */
  readonly type?: string;
  /** Ny, Under arbeid, Løst, Lukket. */
  readonly status?: string;
  readonly priority?: string;
  readonly category?: string;
  /** Firma. */
  readonly company?: string;
  readonly email?: string;
  readonly subject?: string;
  /** Oslo wall-clock `YYYY-MM-DD HH:MM`. */
  readonly created: string;
  readonly responded?: string;
  /** Løst. */
  readonly resolved?: string;
  /** Lukket. */
  readonly closed?: string;
  readonly modified?: string;
  readonly deleted?: boolean;
  /** Gjenåpnet: the export has the column only when some ticket gives it. */
  readonly reopened?: number;
}

const HEADERS = [
  'Saksnummer', 'Emne', 'Sakstype', 'Status', 'Prioritet', 'Kategori 1', 'Sluttbruker', 'E-post', 'Firma',
  'Opprettet', 'Endret', 'Første respons', 'Løst', 'Lukket', 'Merket for sletting',
];

/** `YYYY-MM-DD HH:MM` → the export's `dd.mm.yyyy HH:mm`. */
const exportTime = (t: string | undefined) => (t === undefined ? '' : `${t.slice(8, 10)}.${t.slice(5, 7)}.${t.slice(0, 4)} ${t.slice(11)}`);

/** Export columns a test leaves out (an export without them must still load). */
export interface ExportShape {
  readonly omitColumns?: readonly string[];
}

export function exportText(tickets: readonly HandTicket[], shape: ExportShape = {}): string {
  const withReopened = tickets.some((t) => t.reopened !== undefined);
  const lines = tickets.map((t) => {
    const status = t.status ?? (t.resolved ? 'Løst' : 'Ny');
    return [
      t.nr,
      t.subject ?? `Sak ${t.nr}`,
      t.type ?? 'Feil',
      status,
      t.priority ?? 'Normal',
      t.category ?? 'Infrastruktur',
      'Kari Nordmann',
      t.email ?? 'kari.nordmann@molde.kommune.no',
      t.company ?? 'Molde kommune',
      exportTime(t.created),
      exportTime(t.modified ?? t.closed ?? t.resolved ?? t.created),
      exportTime(t.responded),
      exportTime(t.resolved),
      exportTime(t.closed),
      t.deleted ? 'Ja' : 'Nei',
      ...(withReopened ? [t.reopened ?? 0] : []),
    ].join(';');
  });
  const headers = withReopened ? [...HEADERS, 'Gjenåpnet'] : HEADERS;
  const omit = new Set((shape.omitColumns ?? []).map((c) => headers.indexOf(c)));
  const keep = (line: string) => line.split(';').filter((_, i) => !omit.has(i)).join(';');
  return `${[headers.join(';'), ...lines].map(keep).join('\n')}\n`;
}

/** A database holding `tickets`, loaded and transformed; closed by the caller. */
export async function handBuiltStore(tickets: readonly HandTicket[], shape: ExportShape = {}): Promise<PsaDatabase> {
  const dir = tempDir();
  const csv = join(dir, 'export.csv');
  writeFileSync(csv, exportText(tickets, shape));
  const path = join(dir, 'psa.sqlite');
  const run = await ingestFiles(path, [csv]);
  for (const f of run.files) {
    if (!f.ok || f.rowsRejected > 0) throw new Error(`hand-built export did not load cleanly: ${JSON.stringify(f)}`);
  }
  const store = await openDatabase(path);
  await transformDatabase(store, loadRules(), { parallel: false });
  return store;
}
