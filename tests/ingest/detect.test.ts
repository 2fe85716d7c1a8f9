import { describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, splitHeaderLine, UnsupportedEncodingError } from '../../ingest/detect.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('detectEncoding', () => {
  it('takes a UTF-8 byte-order mark as UTF-8', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x41))).toBe('utf-8-bom');
  });

  it('takes valid UTF-8 with æøå as UTF-8', () => {
    expect(detectEncoding(Buffer.from('Saksnummer;Løst;Første respons\n1;æ;å'))).toBe('utf-8');
  });

  it('takes bytes that are not UTF-8 as Windows-1252', () => {
    expect(detectEncoding(Buffer.from('Løst;Første respons', 'latin1'))).toBe('windows-1252');
  });

  it('does not count a character cut off at the end of the sample against UTF-8', () => {
    const text = Buffer.from('Løst;Første respons;ø');
    expect(detectEncoding(text.subarray(0, text.length - 1))).toBe('utf-8');
  });

  it('refuses UTF-16 with a message that says what to do', () => {
    expect(() => detectEncoding(bytes(0xff, 0xfe, 0x53, 0x00))).toThrow(UnsupportedEncodingError);
    expect(() => detectEncoding(bytes(0xff, 0xfe, 0x53, 0x00))).toThrow(/save it as UTF-8 or Windows-1252/);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['Saksnummer;Emne;Sakstype;Status;Opprettet', ';'],
    ['requestNumber,subject,ticketType,status,created', ','],
    ['Saksnummer\tEmne\tSakstype\tStatus\tOpprettet', '\t'],
  ])('finds the delimiter of %j', (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected);
  });

  it('prefers the delimiter that yields known headers over one that yields more fields', () => {
    // Three commas inside headers, two semicolons between known ones.
    expect(detectDelimiter('Saksnummer;"Emne, kort, lang, mer";Status')).toBe(';');
  });

  it('honours quotes in the header line', () => {
    expect(splitHeaderLine('"Saksnummer";"Første ""respons""";Status', ';')).toEqual(['Saksnummer', 'Første "respons"', 'Status']);
  });
});
