/**
 * The ticket numbers a load holds, gathered row by row as ranges of
 * consecutive numbers (migration 0013, `raw_load_tickets`). An export
 * sorted by ticket number, either way, costs one comparison per row and
 * gives one range per gap; rows in any other order are merged now and then
 * (sorted, and touching ranges joined), so memory stays within the number
 * of ranges the tickets really make.
 */

/** Ranges kept before they are sorted and merged. */
const MERGE_EVERY = 1 << 16;

export class TicketRanges {
  private firsts: number[] = [];
  private lasts: number[] = [];
  private first = Number.NaN;
  private last = Number.NaN;
  private mergeAt = MERGE_EVERY;

  add(ticket: number): void {
    if (ticket === this.last + 1) {
      this.last = ticket;
    } else if (ticket === this.first - 1) {
      this.first = ticket;
    } else if (!(ticket >= this.first && ticket <= this.last)) {
      if (!Number.isNaN(this.first)) this.push(this.first, this.last);
      this.first = ticket;
      this.last = ticket;
    }
  }

  /** The ranges, ascending, disjoint and not touching: [first, last] pairs. */
  ranges(): [number, number][] {
    if (!Number.isNaN(this.first)) {
      this.push(this.first, this.last);
      this.first = Number.NaN;
      this.last = Number.NaN;
    }
    this.merge();
    return this.firsts.map((f, i) => [f, this.lasts[i]!]);
  }

  private push(first: number, last: number): void {
    this.firsts.push(first);
    this.lasts.push(last);
    if (this.firsts.length >= this.mergeAt) {
      this.merge();
      // Many ranges that do not merge are what the tickets make: merge again only when they have doubled.
      this.mergeAt = Math.max(MERGE_EVERY, 2 * this.firsts.length);
    }
  }

  private merge(): void {
    const { firsts, lasts } = this;
    const order = Array.from(firsts.keys()).sort((a, b) => firsts[a]! - firsts[b]!);
    const f: number[] = [];
    const l: number[] = [];
    for (const i of order) {
      const n = f.length - 1;
      if (n >= 0 && firsts[i]! <= l[n]! + 1) {
        if (lasts[i]! > l[n]!) l[n] = lasts[i]!;
      } else {
        f.push(firsts[i]!);
        l.push(lasts[i]!);
      }
    }
    this.firsts = f;
    this.lasts = l;
  }
}
