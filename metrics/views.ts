/**
 * The analyst's views, from the families' `views.ts`: created or replaced
 * when psa's commands open the database (store/open.ts `views`, with the
 * mechanism of store/views.ts), never by a migration, so a
 * view always has this psa's definition of its figures. Migrations keep
 * only tables and indexes (migration 0003 created these views in databases
 * made before; they are replaced like any other outdated view).
 *
 * A view whose stored SQL is already this one is left alone: an open takes
 * no write lock for them (a reader beside a running load does not wait),
 * and a read-only database whose views are current opens as before. One
 * whose views are outdated and that cannot be written keeps the views it
 * has.
 */
import type { View } from '../store/views.ts';
import { VIEWS as WINDOW } from './window/views.ts';
import { VIEWS as VOLUMES } from './volumes/views.ts';
import { VIEWS as OPEN_CASES } from './open-cases/views.ts';
import { VIEWS as SLA } from './sla/views.ts';
import { VIEWS as RESOLUTION } from './resolution/views.ts';
import { VIEWS as DATA_QUALITY } from './data-quality/views.ts';
import { VIEWS as AGE } from './age/views.ts';
import { VIEWS as REOPEN } from './reopen/views.ts';
import { VIEWS as RESPONSE } from './response/views.ts';

/** Every analyst view of the metrics, in an order in which each comes after the views it reads. */
export const METRIC_VIEWS: readonly View[] = [...WINDOW, ...VOLUMES, ...OPEN_CASES, ...SLA, ...RESOLUTION, ...DATA_QUALITY, ...AGE, ...REOPEN, ...RESPONSE];
