/** The SQL of the data-quality figures: findings per rule by created month, and QUALITY-1's closure instants. */
import { type Figure, type Scope, type View, figure, inWindow, view } from '../view-sql.ts';

// Findings (fct_findings) per rule, by the created month of their ticket,
// counted or not (metrics.json's dataQuality.byMonth).
export const FINDINGS_BY_MONTH: Figure = figure(
  'v_findings_by_month',
  (scope: Scope) => `
    SELECT t.created_month AS month, f.rule, count(*) AS findings
    FROM fct_findings f
    JOIN fct_tickets t ON t.ticket_number = f.ticket_number
    WHERE TRUE ${inWindow(scope, 't.created_month BETWEEN @first AND @last')}
    GROUP BY t.created_month, f.rule
  `,
);

/** QUALITY-1's tickets: counted, with an effective resolution (the view and the reader's scan select them alike). */
const CLOSURE_TICKET = 'counted = 1 AND resolved IS NOT NULL';

/**
 * QUALITY-1 (MASS_CLOSURE): the closure instants, one row per counted ticket
 * with an effective resolution and kind: `resolved` (RESOLVED-1's instant)
 * and `closed` (the export's `Lukket`, where it has one). `from` limits them
 * to instants at or after a UTC text instant (the reader's `@from`); the
 * bursts are found from these rows in data-quality/mass-closure.ts (a
 * sliding window over distinct tickets, which SQL has no cheap form for).
 */
export const CLOSURE_INSTANTS = (from: boolean) => `
    SELECT ticket_number, ticket_class, 'resolved' AS kind, resolved AS instant
    FROM fct_tickets
    WHERE ${CLOSURE_TICKET}${from ? ' AND resolved >= @from' : ''}
    UNION ALL
    SELECT ticket_number, ticket_class, 'closed' AS kind, closed AS instant
    FROM fct_tickets
    WHERE ${CLOSURE_TICKET} AND closed IS NOT NULL${from ? ' AND closed >= @from' : ''}
  `;

/**
 * The reader's one scan for QUALITY-1: the same tickets as
 * {@link CLOSURE_INSTANTS}, those with an instant at or after `@from`, as
 * four JSON arrays side by side: ticket numbers, 1 for an incident, and the
 * effective resolution and the closed instant in seconds after `@base`
 * (null when before `@from`). A full scan: nearly every resolved ticket of
 * the window is read, and going through an index by month would look each
 * row up again. Handing the rows to JS one by one was most of the cost:
 * four arrays in one row take a quarter less time for a million tickets.
 */
export const CLOSURE_TICKETS = `
    SELECT json_group_array(ticket_number), json_group_array(ticket_class = 'incident'),
      json_group_array(CASE WHEN resolved >= @from THEN unixepoch(resolved) - @base END),
      json_group_array(CASE WHEN closed >= @from THEN unixepoch(closed) - @base END)
    FROM fct_tickets NOT INDEXED
    WHERE ${CLOSURE_TICKET} AND (resolved >= @from OR closed >= @from)
  `;

export const VIEWS: readonly View[] = [FINDINGS_BY_MONTH, view('v_closure_instants', CLOSURE_INSTANTS(false))];
