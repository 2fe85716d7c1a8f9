/**
 * RISK-1: the counted critical and high incidents (the priorities with a
 * resolution target) open at the as-of instant, with the time left to their
 * resolution target; read through the partial index of the tickets with a
 * resolution target (few: one row lookup each).
 */
import { FCT_TICKETS_WITH_RESOLUTION_TARGET } from '../../store/metric-indexes.ts';
import { formatUtc, ZoneClock } from '../../core/timestamps.ts';
import type { BreachRisk, BreachRiskCase } from '../document.ts';
import { round2 } from '../figures.ts';
import type { Context } from '../read-context.ts';

const MS_PER_HOUR = 3_600_000;

/** RISK-1: due within this much of the priority's calendar is `dueWithinHour`. */
export const DUE_SOON_HOURS = 1;

export function breachRisk({ store, source, clock }: Context, asOf: number): BreachRisk {
  const asOfText = formatUtc(asOf);
  const zone = new ZoneClock(source.calendar.spec.timeZone);
  const local = (ms: number) => zone.wallClock(ms);
  const calendars = new Map(source.priorities.map((p) => [p.name, p.calendar]));
  const rows = store.sqlite
    .prepare<[string, string, string], [number, string, string, string, string]>(
      `SELECT ticket_number, priority, municipality, created, resolution_due
       FROM fct_tickets INDEXED BY ${FCT_TICKETS_WITH_RESOLUTION_TARGET}
       WHERE resolution_due IS NOT NULL AND ticket_class = 'incident' AND counted = 1
         AND (resolved_month IS NULL OR resolved_month >= ?) AND (resolved IS NULL OR resolved >= ?) AND created < ?
       ORDER BY resolution_due, ticket_number`,
    )
    .raw(true)
    .all(clock.date(asOf).slice(0, 7), asOfText, asOfText);
  const cases = rows.map(([ticketNumber, priority, municipality, created, due]): BreachRiskCase => {
    const dueAt = Date.parse(due);
    const calendar = calendars.get(priority) ?? 'service';
    const left = (from: number, to: number) => (calendar === '24x7' ? to - from : source.calendar.serviceMillis(from, to));
    const remainingMs = dueAt >= asOf ? left(asOf, dueAt) : -left(dueAt, asOf);
    const state = dueAt < asOf ? 'breached' : remainingMs <= DUE_SOON_HOURS * MS_PER_HOUR ? 'dueWithinHour' : 'later';
    // round2 of a negative zero is -0, which JSON writes as 0.
    return { ticketNumber, priority, municipality, created, due, dueLocal: local(dueAt), remainingHours: round2(remainingMs / MS_PER_HOUR) || 0, state };
  });
  const count = (state: BreachRiskCase['state']) => cases.filter((c) => c.state === state).length;
  return { asOf: asOfText, asOfLocal: local(asOf), breached: count('breached'), dueWithinHour: count('dueWithinHour'), later: count('later'), cases };
}
