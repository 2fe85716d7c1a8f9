import { describe, expect, it } from 'vitest';
import { FIELDS, fieldForHeader, normaliseHeader } from '../../ingest/fields.ts';

describe('normaliseHeader', () => {
  it('ignores case, spacing and punctuation but keeps æøå', () => {
    expect(normaliseHeader('Første respons')).toBe('førsterespons');
    expect(normaliseHeader('  FØRSTE-RESPONS ')).toBe('førsterespons');
    expect(normaliseHeader('første_respons')).toBe('førsterespons');
    expect(normaliseHeader('E-post')).toBe('epost');
    expect(normaliseHeader('Kategori 1')).toBe('kategori1');
  });

  it('treats composed and decomposed å alike', () => {
    expect(normaliseHeader('Gjena\u030apnet')).toBe(normaliseHeader('Gjenåpnet'));
  });
});

describe('fieldForHeader', () => {
  const ui: Record<string, string> = {
    Saksnummer: 'requestNumber', Emne: 'subject', Sakstype: 'ticketType', Status: 'status', Prioritet: 'priority',
    'Kategori 1': 'category1', 'Kategori 2': 'category2', 'Kategori 3': 'category3', Kilde: 'source',
    Sluttbruker: 'user', 'E-post': 'emailAddress', Firma: 'company', Avdeling: 'department', Sone: 'assignedDepartment',
    Team: 'assignedTeam', Saksbehandler: 'assignedAgent', Opprettet: 'created', Endret: 'modified',
    'Første respons': 'responded', 'Løst': 'resolved', Lukket: 'closed', 'Gjenåpnet': 'reopenedCount',
  };
  it.each(Object.entries(ui))('knows the Norwegian UI header %s', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  const api = [
    'requestNumber', 'subject', 'ticketType', 'status', 'coreStatus', 'priority', 'category1', 'category2', 'category3',
    'source', 'user', 'emailAddress', 'company', 'department', 'assignedDepartment', 'assignedTeam', 'assignedAgent',
    'created', 'modified', 'responded', 'resolved', 'closed', 'reopenedCount', 'isMarkedForDeletion',
  ];
  it.each(api)('knows the API field name %s in any case', (name) => {
    expect(fieldForHeader(name)).toBe(name);
    expect(fieldForHeader(name.toUpperCase())).toBe(name);
  });

  it('covers every field psa stores', () => {
    expect(new Set(api)).toEqual(new Set(FIELDS.map((f) => f.name)));
  });

  it('does not guess at unknown headers', () => {
    expect(fieldForHeader('Beskrivelse')).toBeUndefined();
    expect(fieldForHeader('')).toBeUndefined();
  });
});
