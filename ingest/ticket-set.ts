/**
 * The ticket numbers seen so far in one file, for spotting a ticket that
 * appears twice. Ticket numbers are small dense integers in practice, so a
 * bitmap keeps memory flat (1.25 MB per 10 million numbers) whatever the
 * number of rows; numbers beyond its range fall back to a Set.
 */
const BITMAP_LIMIT = 1 << 28; // 32 MiB of bitmap at most

export class TicketSet {
  private bits = new Uint8Array(1 << 14);
  private readonly large = new Set<number>();

  /** True when `n` is there. */
  has(n: number): boolean {
    if (!Number.isSafeInteger(n) || n < 0 || n >= BITMAP_LIMIT) return this.large.has(n);
    const byte = n >>> 3;
    return byte < this.bits.length && ((this.bits[byte] as number) & (1 << (n & 7))) !== 0;
  }

  /** Adds `n`; true when it was already there. */
  addAndCheck(n: number): boolean {
    if (!Number.isSafeInteger(n) || n < 0 || n >= BITMAP_LIMIT) {
      if (this.large.has(n)) return true;
      this.large.add(n);
      return false;
    }
    const byte = n >>> 3;
    if (byte >= this.bits.length) {
      let size = this.bits.length;
      while (size <= byte) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (n & 7);
    const seen = ((this.bits[byte] as number) & mask) !== 0;
    this.bits[byte] = (this.bits[byte] as number) | mask;
    return seen;
  }
}
