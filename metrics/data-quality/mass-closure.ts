/**
 * QUALITY-1 (MASS_CLOSURE): tickets resolved or closed in one burst, as a
 * bulk clean-up or an integration closes them, not one by one.
 *
 * A ticket's closure instants are its effective resolution instant
 * (RESOLVED-1) and the export's closed instant (`Lukket`), for a counted
 * ticket with an effective resolution. A **burst window** is a half-open
 * interval `[t, t + minutes)` starting at a closure instant `t` that holds
 * closure instants of at least `tickets` different tickets (a ticket with
 * both instants in it counts once). Burst windows that overlap (one starts
 * at an instant inside another) are one **mass closure**: its tickets are
 * those with a closure instant in one of its windows, its first and last
 * instants the earliest and latest of those, and it belongs to the local
 * month of its first instant, also when it runs over midnight or a month
 * end. Instants are whole seconds (TIME-1): with 5 minutes, 15:00:00 and
 * 15:04:59 are in one window, 15:00:00 and 15:05:00 are not.
 */

export interface ClosurePoint {
  readonly ticket: number;
  /** UTC milliseconds. */
  readonly at: number;
}

export interface MassClosureEvent {
  /** UTC milliseconds of its first and last closure instant. */
  readonly first: number;
  readonly last: number;
  /** Its tickets, ascending. */
  readonly tickets: readonly number[];
}

/** QUALITY-1's mass closures among the closure instants, by first instant. */
export function findMassClosures(points: readonly ClosurePoint[], minTickets: number, minutes: number): MassClosureEvent[] {
  const sorted = [...points].sort((a, b) => a.at - b.at || a.ticket - b.ticket);
  const windowMs = minutes * 60_000;
  const events: MassClosureEvent[] = [];
  const inWindow = new Map<number, number>();
  let end = 0; // the first point after the window starting at i
  let eventStart = -1;
  let eventEnd = -1; // index of the last point of the open event
  const close = () => {
    if (eventStart < 0) return;
    const tickets = [...new Set(sorted.slice(eventStart, eventEnd + 1).map((p) => p.ticket))].sort((a, b) => a - b);
    events.push({ first: sorted[eventStart]!.at, last: sorted[eventEnd]!.at, tickets });
    eventStart = -1;
  };
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!.at;
    while (end < sorted.length && sorted[end]!.at < start + windowMs) {
      const t = sorted[end]!.ticket;
      inWindow.set(t, (inWindow.get(t) ?? 0) + 1);
      end++;
    }
    if (inWindow.size >= minTickets) {
      if (eventStart >= 0 && i <= eventEnd) eventEnd = Math.max(eventEnd, end - 1);
      else {
        close();
        eventStart = i;
        eventEnd = end - 1;
      }
    }
    const t = sorted[i]!.ticket;
    const n = inWindow.get(t)! - 1;
    if (n === 0) inWindow.delete(t);
    else inWindow.set(t, n);
  }
  close();
  return events;
}
