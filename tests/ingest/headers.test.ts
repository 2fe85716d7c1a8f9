import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../ingest/fields.ts';
import { ColumnsFileError, HeaderError, mapHeaders, readColumnsFile } from '../../ingest/headers.ts';
import { messages } from '../../ingest/messages.ts';
import { fixture, tempDir } from '../helpers.ts';

const column = (mapping: ReturnType<typeof mapHeaders>, field: string) =>
  mapping.columnOfField[FIELDS.findIndex((f) => f.name === field)];

describe('mapHeaders', () => {
  it('maps Norwegian headers to fields and keeps unknown columns aside', () => {
    const mapping = mapHeaders(['Saksnummer', 'Sakstype', 'Status', 'Opprettet', 'Beskrivelse']);
    expect(column(mapping, 'requestNumber')).toBe(0);
    expect(column(mapping, 'created')).toBe(3);
    expect(column(mapping, 'resolved')).toBe(-1);
    expect(mapping.unknown).toEqual([{ index: 4, header: 'Beskrivelse' }]);
    expect(mapping.used).toEqual({ Saksnummer: 'requestNumber', Sakstype: 'ticketType', Status: 'status', Opprettet: 'created' });
  });

  it('names the missing required columns and lists the headers found', () => {
    const headers = ['Saksnummer', 'Emne', 'Status', 'Opprettet', 'Endret'];
    expect(() => mapHeaders(headers)).toThrow(HeaderError);
    expect(() => mapHeaders(headers)).toThrow(messages.missingColumns([{ field: 'ticketType', header: 'Sakstype' }], headers));
  });

  it('refuses two columns for one field', () => {
    const headers = ['Saksnummer', 'Sakstype', 'Status', 'Opprettet', 'created'];
    expect(() => mapHeaders(headers)).toThrow(messages.duplicateColumns('created', ['Opprettet', 'created']));
  });

  it('lets a columns file rename and ignore headers, ahead of the built-in names', () => {
    const mapping = mapHeaders(['Sak nr.', 'Type sak', 'Tilstand', 'Dato inn', 'Status'], {
      'Sak nr.': 'requestNumber',
      'Type sak': 'ticketType',
      Tilstand: 'status',
      'dato INN': 'created',
      Status: null,
    });
    expect(column(mapping, 'status')).toBe(2);
    expect(column(mapping, 'created')).toBe(3);
    expect(mapping.unknown).toEqual([]);
  });
});

describe('readColumnsFile', () => {
  it('reads the shipped example', () => {
    expect(readColumnsFile(fixture('ingest', 'custom-headers.columns.json'))).toMatchObject({ 'Sak nr.': 'requestNumber', 'Intern merknad': null });
  });

  it('names the bad key and lists the valid fields', () => {
    const path = join(tempDir(), 'columns.json');
    writeFileSync(path, JSON.stringify({ columns: { Dato: 'createdAt' } }));
    expect(() => readColumnsFile(path)).toThrow(ColumnsFileError);
    expect(() => readColumnsFile(path)).toThrow(/columns\."Dato": "createdAt" is not a psa field; expected null or one of requestNumber, subject/);
  });

  it('explains the expected shape', () => {
    const path = join(tempDir(), 'columns.json');
    writeFileSync(path, '["Saksnummer"]');
    expect(() => readColumnsFile(path)).toThrow(/expected an object with a "columns" key/);
    writeFileSync(path, '{ not json');
    expect(() => readColumnsFile(path)).toThrow(/cannot read the columns file/);
  });
});
