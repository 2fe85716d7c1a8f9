/** dataQuality: findings per rule over every ticket, and per created month of the window (v_findings_by_month's SQL). */
import type { MetricsDocument } from '../document.ts';
import { sortedCounts, windowParams, type Context } from '../read-context.ts';
import type { WindowParams } from '../view-sql.ts';
import { FINDINGS_BY_MONTH } from './views.ts';

/** Findings per rule over every ticket, and per rule for the tickets created in each window month. */
export function findingsByMonth(context: Context): MetricsDocument['dataQuality'] {
  const { store, window, index } = context;
  const byRule = new Map<string, number>();
  for (const [rule, n] of store.sqlite.prepare<[], [string, number]>('SELECT rule, count(*) FROM fct_findings GROUP BY rule').raw(true).iterate()) {
    byRule.set(rule, n);
  }
  const months = window.map(() => new Map<string, number>());
  const rows = store.sqlite.prepare<[WindowParams], [string, string, number]>(FINDINGS_BY_MONTH.select('window')).raw(true);
  for (const [month, rule, n] of rows.iterate(windowParams(context))) months[index.get(month)!]!.set(rule, n);
  return { byRule: sortedCounts(byRule), byMonth: window.map((month, i) => ({ month, byRule: sortedCounts(months[i]!) })) };
}
