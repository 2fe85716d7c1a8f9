/**
 * The names of the covering indexes the metrics read through (migration
 * 0003 creates them; metrics' queries name them in `INDEXED BY`; the
 * transform drops and rebuilds every index of fct_tickets by the names
 * sqlite_schema lists, so it needs none of them).
 */

/** NEW-1/2, OPEN-1/2/3/4, AGE-1: counts by created month against resolved months (AGE-1's `age_from_day` from migration 0010). */
export const FCT_TICKETS_BY_CREATED_MONTH = 'fct_tickets_by_created_month';
/** DUR-2, SLA-2/3, REOPEN-1, RESP-1: the durations of the tickets resolved in a month (the response hours and `reopened` from migration 0010). */
export const FCT_TICKETS_BY_RESOLVED_MONTH = 'fct_tickets_by_resolved_month';
/** SLA-2 openBreached, SLA-4: the few tickets whose priority has a resolution target (partial index). */
export const FCT_TICKETS_WITH_RESOLUTION_TARGET = 'fct_tickets_with_resolution_target';
