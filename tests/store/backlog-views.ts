/**
 * AGE-1 and REOPEN-1 as metrics.json gives them, read from their analyst
 * views (v_open_age_by_month, v_reopened_by_month) with the default age
 * buckets, for tests/store/metric-views.test.ts.
 */
import { median } from 'simple-statistics';
import type { ClassFigures, OpenAgeFigures, ReopenFigures, ResponseFigures } from '../../metrics/document.ts';
import { round2, round4 } from '../../metrics/figures.ts';
import { ageBuckets, DEFAULT_AGE_BUCKET_DAYS } from '../../transform/rules.ts';

type Row = Record<string, string | number | null>;

const BUCKETS = ageBuckets(DEFAULT_AGE_BUCKET_DAYS);

function bucketCounts(rows: readonly Row[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(BUCKETS.map((b) => [b.key, 0]));
  for (const r of rows) {
    const age = r['age_days'] as number;
    const bucket = BUCKETS.filter((b) => age >= b.fromDays).at(-1)!;
    out[bucket.key]! += r['open'] as number;
  }
  return out;
}

/** AGE-1 of one month from v_open_age_by_month's rows of that month. */
export function ageFromView(rows: readonly Row[]): OpenAgeFigures {
  const ages = rows.flatMap((r) => Array.from({ length: r['open'] as number }, () => r['age_days'] as number));
  const municipalities = [...new Set(rows.map((r) => r['municipality'] as string))].sort();
  return {
    byAge: bucketCounts(rows),
    byAgeByClass: {
      incident: bucketCounts(rows.filter((r) => r['ticket_class'] === 'incident')),
      request: bucketCounts(rows.filter((r) => r['ticket_class'] === 'request')),
    },
    byAgeByMunicipality: Object.fromEntries(municipalities.map((m) => [m, bucketCounts(rows.filter((r) => r['municipality'] === m))])),
    medianAgeDays: ages.length === 0 ? null : round2(median(ages)),
  };
}

/** REOPEN-1 of one month from v_reopened_by_month's two rows (incident, request) of that month. */
export function reopenFromView(rows: readonly Row[]): Required<ReopenFigures> {
  const of = (cls: string) => rows.find((r) => r['ticket_class'] === cls)!;
  if (of('incident')['reopened'] === null) throw new Error(`v_reopened_by_month has no reopen counts for ${String(of('incident')['month'])}`);
  const n = (cls: string, key: string) => of(cls)[key] as number;
  const reopened: ClassFigures<number> = { incident: n('incident', 'reopened'), request: n('request', 'reopened'), total: n('incident', 'reopened') + n('request', 'reopened') };
  const resolvedTotal = n('incident', 'resolved') + n('request', 'resolved');
  return {
    reopened,
    reopenRate: {
      incident: of('incident')['reopen_rate'] as number | null,
      request: of('request')['reopen_rate'] as number | null,
      total: resolvedTotal === 0 ? null : round4(reopened.total / resolvedTotal),
    },
  };
}

/** RESP-1 of one month from v_response_by_month's rows of that month, with SLA-3's compliance from v_sla_by_month's. */
export function responseFromView(rows: readonly Row[], sla: readonly Row[]): { byPriority: Record<string, ResponseFigures> } {
  const byPriority: Record<string, ResponseFigures> = {};
  for (const r of [...rows].sort((a, b) => ((a['priority'] as string) < (b['priority'] as string) ? -1 : 1))) {
    const priority = r['priority'] as string;
    byPriority[priority] = {
      n: r['n'] as number,
      meanHours: r['mean_hours'] as number,
      medianHours: r['median_hours'] as number,
      p90Hours: r['p90_hours'] as number,
      meanServiceHours: r['mean_service_hours'] as number,
      medianServiceHours: r['median_service_hours'] as number,
      p90ServiceHours: r['p90_service_hours'] as number,
      responseCompliance: (sla.find((s) => s['priority'] === priority)?.['response_compliance'] ?? null) as number | null,
    };
  }
  return { byPriority };
}
