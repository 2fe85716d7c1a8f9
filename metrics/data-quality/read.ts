/** dataQuality: findings per rule over every ticket, and per created month of the window. */
import type { MetricsDocument } from '../document.ts';
import { sortedCounts, type Context } from '../read-context.ts';

/** Findings per rule over every ticket, and per rule for the tickets created in each window month. */
export function findingsByMonth({ store, window, index }: Context): MetricsDocument['dataQuality'] {
  const byRule = new Map<string, number>();
  for (const [rule, n] of store.sqlite.prepare<[], [string, number]>('SELECT rule, count(*) FROM fct_findings GROUP BY rule').raw(true).iterate()) {
    byRule.set(rule, n);
  }
  const months = window.map(() => new Map<string, number>());
  const rows = store.sqlite
    .prepare<[string, string], [string, string, number]>(
      `SELECT t.created_month, f.rule, count(*) FROM fct_findings f JOIN fct_tickets t ON t.ticket_number = f.ticket_number
       WHERE t.created_month BETWEEN ? AND ? GROUP BY t.created_month, f.rule`,
    )
    .raw(true);
  for (const [month, rule, n] of rows.iterate(window[0]!, window[window.length - 1]!)) months[index.get(month)!]!.set(rule, n);
  return { byRule: sortedCounts(byRule), byMonth: window.map((month, i) => ({ month, byRule: sortedCounts(months[i]!) })) };
}

