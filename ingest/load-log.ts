/**
 * Queries on the load log and ticket table that the loader needs, typed
 * against the schema. (The per-row writes are prepared statements in
 * row-store.ts: a million rows cannot afford a query builder each.)
 */
import type { Kysely } from 'kysely';
import type { Database, NewRawLoad } from '../store/schema.ts';

export interface LoadRef {
  readonly load_id: number;
  readonly file_name: string;
  readonly sha256: string;
}

/** Earlier loads of files with exactly this many bytes: the only ones the file can repeat. */
export function loadsOfSize(db: Kysely<Database>, sizeBytes: number): Promise<LoadRef[]> {
  return db.selectFrom('raw_loads').select(['load_id', 'file_name', 'sha256']).where('size_bytes', '=', sizeBytes).orderBy('load_id').execute();
}

/** The load of a file with this SHA-256, if any. */
export function loadWithHash(db: Kysely<Database>, sha256: string): Promise<LoadRef | undefined> {
  return db.selectFrom('raw_loads').select(['load_id', 'file_name', 'sha256']).where('sha256', '=', sha256).executeTakeFirst();
}

/** The id the next load gets; call inside the load's write transaction. */
export async function nextLoadId(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('raw_loads')
    .select((eb) => eb.fn.coalesce(eb.fn.max('load_id'), eb.lit(0)).as('last'))
    .executeTakeFirstOrThrow();
  return Number(row.last) + 1;
}

export async function countTickets(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('stg_tickets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Writes the log row of a finished load. */
export async function insertLoad(db: Kysely<Database>, load: NewRawLoad): Promise<void> {
  await db.insertInto('raw_loads').values(load).execute();
}
