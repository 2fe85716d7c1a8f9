/**
 * Every schema migration, in order. A migration, once released, is never
 * edited: a change to the schema is a new file here.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-ingest.ts';
import * as m0002 from './0002-transform.ts';
import * as m0003 from './0003-metrics.ts';
import * as m0004 from './0004-export-date.ts';
import * as m0005 from './0005-publications.ts';
import * as m0006 from './0006-pull.ts';
import * as m0007 from './0007-fact-created-status.ts';
import * as m0008 from './0008-backlog.ts';
import * as m0009 from './0009-unchanged-rows.ts';
import * as m0010 from './0010-age-days.ts';
import * as m0011 from './0011-mass-closure.ts';
import * as m0012 from './0012-incremental-transform.ts';
import * as m0013 from './0013-load-tickets.ts';

const MIGRATIONS: Record<string, Migration> = {
  '0001-ingest': m0001,
  '0002-transform': m0002,
  '0003-metrics': m0003,
  '0004-export-date': m0004,
  '0005-publications': m0005,
  '0006-pull': m0006,
  '0007-fact-created-status': m0007,
  '0008-backlog': m0008,
  '0009-unchanged-rows': m0009,
  '0010-age-days': m0010,
  '0011-mass-closure': m0011,
  '0012-incremental-transform': m0012,
  '0013-load-tickets': m0013,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
