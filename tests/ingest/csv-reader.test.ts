import { parse as csvParse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReader, type CsvProblem } from '../../ingest/csv-reader.ts';
import { formatRecord } from '../../fixtures/csv-format.ts';

interface Read {
  fields: string[];
  line: number;
  span: number;
  raw: string;
  problem: CsvProblem | null;
}

/** Feeds `text` in the given chunk sizes (cycled) and collects the records. */
function read(text: string, delimiter = ';', chunkSizes: readonly number[] = [text.length || 1], maxRecordChars?: number): Read[] {
  const out: Read[] = [];
  const reader = new CsvReader({ delimiter, ...(maxRecordChars ? { maxRecordChars } : {}) });
  const on = (fields: string[], line: number, span: number, raw: string, problem: CsvProblem | null) =>
    out.push({ fields: [...fields], line, span, raw, problem });
  let pos = 0;
  for (let i = 0; pos < text.length; i++) {
    const size = Math.max(1, chunkSizes[i % chunkSizes.length]!);
    reader.push(text.slice(pos, pos + size), on);
    pos += size;
  }
  reader.end(on);
  return out;
}

const fieldsOf = (records: Read[]) => records.map((r) => r.fields);

describe('CsvReader', () => {
  it('reads plain records with their line numbers', () => {
    const records = read('a;b;c\n1;2;3\n');
    expect(fieldsOf(records)).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(records.map((r) => r.raw)).toEqual(['a;b;c', '1;2;3']);
  });

  it('handles CRLF and a last line without a line end', () => {
    expect(fieldsOf(read('a;b\r\n1;2\r\n3;4'))).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
  });

  it('keeps a CR that is not part of CRLF as text', () => {
    expect(fieldsOf(read('a\rb;c\n'))).toEqual([['a\rb', 'c']]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    const records = read('1;"Linje én\nLinje to; med ""sitat""";x\n2;b;c\n');
    expect(fieldsOf(records)).toEqual([['1', 'Linje én\nLinje to; med "sitat"', 'x'], ['2', 'b', 'c']]);
    expect(records.map((r) => [r.line, r.span])).toEqual([[1, 2], [3, 1]]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(fieldsOf(read(';;\n"";x;\n'))).toEqual([['', '', ''], ['', 'x', '']]);
  });

  it('skips blank lines and counts them', () => {
    const reader = new CsvReader({ delimiter: ';' });
    const lines: number[] = [];
    reader.push('a;b\n\n\r\n1;2\n', (_f, line) => lines.push(line));
    reader.end(() => undefined);
    expect(lines).toEqual([1, 4]);
    expect(reader.blankLines).toBe(2);
  });

  it('treats a quote inside an unquoted field as text', () => {
    expect(fieldsOf(read('1;5" skjerm;x\n'))).toEqual([['1', '5" skjerm', 'x']]);
  });

  it('reports text after a closing quote as BAD_QUOTE and reads on to the field end', () => {
    const [record] = read('1;"Lukket" med tekst;x\n');
    expect(record!.fields).toEqual(['1', 'Lukket med tekst', 'x']);
    expect(record!.problem).toMatchObject({ code: 'BAD_QUOTE', field: 2 });
  });

  it('gives up only the line of a quote that is never closed', () => {
    const records = read('1;a\n2;"never closed\n3;c\n4;d\n');
    expect(records.map((r) => [r.line, r.problem?.code ?? null, r.raw])).toEqual([
      [1, null, '1;a'],
      [2, 'UNCLOSED_QUOTE', '2;"never closed'],
      [3, null, '3;c'],
      [4, null, '4;d'],
    ]);
    expect(records[1]!.problem!.field).toBe(2);
  });

  it('gives up the line of an open quote once the record grows past the limit', () => {
    const body = Array.from({ length: 50 }, (_, i) => `${i + 3};x`).join('\n');
    const records = read(`1;a\n2;"runaway\n${body}\n`, ';', [7], 64);
    expect(records[1]).toMatchObject({ line: 2, problem: { code: 'UNCLOSED_QUOTE' } });
    expect(records.slice(2).map((r) => r.line)).toEqual(Array.from({ length: 50 }, (_, i) => i + 3));
  });

  it('sets a line longer than the limit aside as one record and goes on, line numbers intact (issue 13 item 5)', () => {
    const records = read(`1;a\n${'x'.repeat(100)}\n3;c\n`, ';', [16], 40);
    expect(records.map((r) => [r.line, r.span, r.problem?.code ?? null])).toEqual([
      [1, 1, null],
      [2, 1, 'LINE_TOO_LONG'],
      [3, 1, null],
    ]);
    expect(records[1]!.raw).toBe(`${'x'.repeat(100)}… (set aside: over 40 characters)`);
  });

  it('sets a quoted field longer than the limit aside as one record, counting the lines inside it (issue 13 item 5)', () => {
    const huge = `${'y'.repeat(60)}\n${'z'.repeat(60)}`;
    for (const size of [7, 16, 1000]) {
      const records = read(`1;a\n2;"${huge}";b\n3;c\n`, ';', [size], 40);
      expect(records.map((r) => [r.line, r.span, r.problem?.code ?? null, r.problem?.field ?? null])).toEqual([
        [1, 1, null, null],
        [2, 2, 'FIELD_TOO_LONG', 2],
        [4, 1, null, null],
      ]);
    }
  });

  it('gives up the line of a quoted field over the limit that never closes, and only that line when the line itself is short', () => {
    const records = read(`1;a\n2;"open\n${'w;'.repeat(40)}\n4;d\n`, ';', [9], 40);
    expect(records[1]).toMatchObject({ line: 2, problem: { code: 'UNCLOSED_QUOTE' } });
    expect(records.at(-1)).toMatchObject({ line: 4, fields: ['4', 'd'] });
  });

  it('reads the same records whatever the chunk boundaries', () => {
    const text = 'a;"b\r\nc";d\r\n1;"2""";3\r\n\r\nx;y;"z"\r\n';
    const whole = read(text);
    for (const size of [1, 2, 3, 5, 8]) expect(read(text, ';', [size])).toEqual(whole);
  });

  it('refuses a delimiter it cannot honour', () => {
    expect(() => new CsvReader({ delimiter: '"' })).toThrow(/delimiter/);
    expect(() => new CsvReader({ delimiter: ';;' })).toThrow(/delimiter/);
  });
});

describe('CsvReader properties', () => {
  const field = fc.string({ unit: fc.constantFrom('a', 'ø', ';', ',', '"', '\n', '\r', ' ', '\t', 'Å', '–', '😀'), maxLength: 12 });
  const records = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });
  const chunks = fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 5 });
  const delimiter = fc.constantFrom(';', ',', '\t');

  it('round-trips arbitrary field text written the way Excel writes it', () => {
    fc.assert(
      fc.property(records, delimiter, fc.constantFrom('\n' as const, '\r\n' as const), chunks, (rows, d, newline, sizes) => {
        // A record of one empty field is a blank line, which is not a record: give it a neighbour.
        const written = rows.map((r) => (r.length === 1 && r[0] === '' ? ['', ''] : r));
        const text = written.map((r) => formatRecord(r, { delimiter: d, newline })).join('');
        const got = read(text, d, sizes);
        expect(got.map((r) => r.problem)).toEqual(written.map(() => null));
        expect(fieldsOf(got)).toEqual(written);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with csv-parse on well-formed input', () => {
    fc.assert(
      fc.property(records, delimiter, (rows, d) => {
        const written = rows.map((r) => (r.length === 1 && r[0] === '' ? ['', ''] : r));
        const text = written.map((r) => formatRecord(r, { delimiter: d, newline: '\n' })).join('');
        const reference = csvParse(text, { delimiter: d, relax_column_count: true, skip_empty_lines: true }) as string[][];
        expect(fieldsOf(read(text, d))).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text, and every line is accounted for', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', ';', '"', '\n', '\r', 'ø'), maxLength: 200 }), chunks, (text, sizes) => {
        const got = read(text, ';', sizes, 32);
        // Records start on increasing lines and never past the end of the text.
        const lineCount = text.split('\n').length;
        for (let i = 1; i < got.length; i++) expect(got[i]!.line).toBeGreaterThanOrEqual(got[i - 1]!.line);
        for (const r of got) expect(r.line).toBeLessThanOrEqual(lineCount);
      }),
      { numRuns: 500 },
    );
  });
});

describe('CsvReader with the header field count', () => {
  it('takes a record over several lines that breaks for a stray quote, and gives up its first line only', () => {
    const text = 'id;subject;status\n1;"stray quote;x\n2;fine;y\n3;"closes" here;z\n4;ok;w\n';
    const out: [number, string | null, string][] = [];
    const reader = new CsvReader({ delimiter: ';' });
    reader.expectFields(3);
    const on = (_f: string[], line: number, _s: number, raw: string, p: CsvProblem | null) => out.push([line, p?.code ?? null, raw]);
    reader.push(text, on);
    reader.end(on);
    expect(out).toEqual([
      [1, null, 'id;subject;status'],
      [2, 'UNCLOSED_QUOTE', '1;"stray quote;x'],
      [3, null, '2;fine;y'],
      [4, 'BAD_QUOTE', '3;"closes" here;z'],
      [5, null, '4;ok;w'],
    ]);
  });

  it(`a stray opening quote closed by a later "24"" does not merge the rows between (issue 13 item 2)`, () => {
    const text = 'id;subject;status\n1;"Skjerm flimrer;x\n2;Mus;y\n3;Ny skjerm 24";z\n4;ok;w\n';
    for (const size of [3, 11, text.length]) {
      const out: [number, string | null, string][] = [];
      const reader = new CsvReader({ delimiter: ';' });
      reader.expectFields(3);
      const on = (_f: string[], line: number, _s: number, raw: string, p: CsvProblem | null) => out.push([line, p?.code ?? null, raw]);
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size), on);
      reader.end(on);
      expect(out).toEqual([
        [1, null, 'id;subject;status'],
        [2, 'UNCLOSED_QUOTE', '1;"Skjerm flimrer;x'],
        [3, null, '2;Mus;y'],
        [4, null, '3;Ny skjerm 24";z'],
        [5, null, '4;ok;w'],
      ]);
    }
  });

  it('re-reads a record over several lines as its lines when the handler refuses it', () => {
    const reader = new CsvReader({ delimiter: ';' });
    reader.expectFields(3);
    const out: [number, string][] = [];
    const on = (f: string[], line: number, span: number) => {
      if (span > 1) return false;
      out.push([line, f.join('|')]);
      return true;
    };
    reader.push('1;"two\n2;lines";x\n', on);
    reader.end(on);
    expect(out).toEqual([[1, '1;"two'], [2, '2|lines"|x']]);
  });

  it('keeps a well-formed record over several lines whole', () => {
    const reader = new CsvReader({ delimiter: ';' });
    reader.expectFields(3);
    const out: string[][] = [];
    reader.push('1;"two\nlines";x\n', (f) => out.push(f));
    reader.end((f) => out.push(f));
    expect(out).toEqual([['1', 'two\nlines', 'x']]);
  });
});
