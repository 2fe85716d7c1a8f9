/**
 * A 53-bit hash of a record's raw text (cyrb53: two 32-bit multiply-xorshift
 * lanes over the UTF-16 code units, combined into an integer a double holds
 * exactly). The loader compares it with the hash of the row a ticket's
 * stored values came from, to skip a row that is the same text again
 * (row-store.ts). Not cryptographic: two different texts of one ticket
 * collide with a chance of about 2^-53.
 */
export function rowHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
