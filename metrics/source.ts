/**
 * What a metrics run is computed from (PROV-1): the latest transform run
 * (its rules, their hash and the latest timestamp it read) and the exports
 * loaded before it. Refuses facts older than the last load, so figures never
 * silently lag the data.
 */
import type { PsaDatabase } from '../store/open.ts';
import { parseRules, type PriorityRule } from '../transform/index.ts';
import type { ServiceCalendar } from '../core/service-calendar.ts';
import type { ExportProvenance } from './document.ts';
import { PsaError } from '../core/errors.ts';

/** The database holds no facts to compute from, or facts older than its latest load. */
export class StaleFactsError extends PsaError {
  override readonly name = 'StaleFactsError';
  constructor(message: string) {
    super('state', message);
  }
}

export interface MetricsSource {
  /** The transform run the facts come from. */
  readonly runId: number;
  readonly exports: readonly ExportProvenance[];
  readonly rulesSha256: string;
  /** The rules' calendar: the time zone months and dates are counted in (TIME-3). */
  readonly calendar: ServiceCalendar;
  /** The configured priorities in their order, with their targets (SLA-1). */
  readonly priorities: readonly PriorityRule[];
  /**
   * The latest timestamp in the loaded tickets, UTC ISO text, leaving out
   * FUTURE_TIMESTAMPs (TIME-4); null when every timestamp is one.
   */
  readonly dataUntil: string | null;
}

interface RunRow {
  run_id: number;
  rules_file: string;
  rules_sha256: string;
  rules_text: string;
  last_load_id: number | null;
  data_until: string | null;
}

/** Did the transform leave every timestamp out of the as-of instant (FUTURE_TIMESTAMP on every ticket)? */
function allFuture(sqlite: PsaDatabase['sqlite']): boolean {
  const future = sqlite.prepare("SELECT count(*) FROM fct_findings WHERE rule = 'FUTURE_TIMESTAMP'").pluck().get() as number;
  return future > 0 && future === (sqlite.prepare('SELECT count(*) FROM fct_tickets').pluck().get() as number);
}

export function readSource({ sqlite }: PsaDatabase): MetricsSource {
  const run = sqlite.prepare('SELECT run_id, rules_file, rules_sha256, rules_text, last_load_id, data_until FROM transform_runs ORDER BY run_id DESC LIMIT 1').get() as
    | RunRow
    | undefined;
  if (run === undefined) throw new StaleFactsError('the database has no transformed tickets: run psa transform first');
  const lastLoad = (sqlite.prepare('SELECT max(load_id) AS id FROM raw_loads').get() as { id: number | null }).id;
  if (lastLoad !== run.last_load_id) {
    throw new StaleFactsError(`load ${lastLoad} came after the last transform (run ${run.run_id}), so the facts are out of date: run psa transform first`);
  }
  if (run.data_until === null && !allFuture(sqlite)) {
    throw new StaleFactsError(`transform run ${run.run_id} was made by an older psa that did not record the latest timestamp: run psa transform again`);
  }
  // The transform checked this text against the schema before it ran; compiling it is enough.
  const rules = parseRules(run.rules_text, run.rules_file, { schemaChecked: true });
  const exports = sqlite
    .prepare('SELECT file_name AS file, sha256, rows_loaded AS rows FROM raw_loads WHERE load_id <= ? ORDER BY load_id')
    .all(run.last_load_id) as ExportProvenance[];
  return {
    runId: run.run_id,
    exports,
    rulesSha256: run.rules_sha256,
    calendar: rules.calendar,
    priorities: rules.priorities.map(([p]) => p),
    dataUntil: run.data_until,
  };
}
