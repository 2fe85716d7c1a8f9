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
  const ids = new Map<number, number>();
  const tickets: number[] = [];
  const slots = points.map((p) => {
    let id = ids.get(p.ticket);
    if (id === undefined) ids.set(p.ticket, (id = tickets.push(p.ticket) - 1));
    return id;
  });
  return bursts(
    points.map((p) => p.at),
    slots,
    tickets.length,
    minTickets,
    minutes * 60_000,
  ).map((e) => ({ first: e.first, last: e.last, tickets: e.slots.map((s) => tickets[s]!).sort((a, b) => a - b) }));
}

/** A point's place in one sortable number: its instant above, its slot below (2^24 slots). */
const SLOT_BITS = 2 ** 24;

/**
 * The bursts among points in any order: `at[k]` (non-negative, in the unit
 * `windowLength` is in) and `slot[k]`, the index of its ticket
 * (`0 ≤ slot < slots`). They are sorted by instant, then slot: packed in one
 * number each where exact (a native numeric sort; a comparator sort of
 * objects took most of the reader's time at a million tickets), else by a
 * sort of their order; then {@link burstsInSorted}.
 */
export function bursts(at: readonly number[], slot: readonly number[], slots: number, minTickets: number, windowLength: number): { first: number; last: number; slots: number[] }[] {
  const n = at.length;
  const sortedAt = new Float64Array(n);
  const sortedSlot = new Int32Array(n);
  if (slots <= SLOT_BITS && at.every((x) => x < 2 ** 29)) {
    // Instant above, slot below: exact below 2^53.
    const packed = Float64Array.from(at, (x, k) => x * SLOT_BITS + slot[k]!).sort();
    for (let k = 0; k < n; k++) {
      sortedAt[k] = Math.floor(packed[k]! / SLOT_BITS);
      sortedSlot[k] = packed[k]! - sortedAt[k]! * SLOT_BITS;
    }
  } else {
    // More slots, or instants too far apart (in seconds: 17 years after the first possible one).
    const order = Array.from({ length: n }, (_, k) => k).sort((x, y) => at[x]! - at[y]! || slot[x]! - slot[y]!);
    order.forEach((k, i) => {
      sortedAt[i] = at[k]!;
      sortedSlot[i] = slot[k]!;
    });
  }
  return burstsInSorted(sortedAt, sortedSlot, slots, minTickets, windowLength);
}

/**
 * The bursts among points sorted by instant (`at`, any unit `windowLength`
 * is in), each point a ticket's slot `0 ≤ slot < slots`: one pass with two
 * pointers, counting each slot's points in the window in a typed array.
 */
export function burstsInSorted(
  at: Float64Array,
  slot: Int32Array,
  slots: number,
  minTickets: number,
  windowLength: number,
): { first: number; last: number; slots: number[] }[] {
  const n = at.length;
  const inWindow = new Int32Array(slots);
  let distinct = 0;
  let end = 0; // the first point after the window starting at i
  let eventStart = -1;
  let eventEnd = -1; // the last point of the open event
  const events: { first: number; last: number; slots: number[] }[] = [];
  const close = () => {
    if (eventStart < 0) return;
    const seen = new Set<number>();
    for (let k = eventStart; k <= eventEnd; k++) seen.add(slot[k]!);
    events.push({ first: at[eventStart]!, last: at[eventEnd]!, slots: [...seen] });
    eventStart = -1;
  };
  for (let i = 0; i < n; i++) {
    const limit = at[i]! + windowLength;
    while (end < n && at[end]! < limit) {
      if (inWindow[slot[end]!]!++ === 0) distinct++;
      end++;
    }
    if (distinct >= minTickets) {
      if (eventStart >= 0 && i <= eventEnd) eventEnd = end - 1;
      else {
        close();
        eventStart = i;
        eventEnd = end - 1;
      }
    }
    if (--inWindow[slot[i]!]! === 0) distinct--;
  }
  close();
  return events;
}
