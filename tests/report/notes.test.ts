/** The notes file: what it holds, and messages that name the line, column and key of every problem. */
import { describe, expect, it } from 'vitest';
import { NotesError, parseNotes } from '../../report/notes.ts';

const problems = (text: string): string => {
  try {
    parseNotes(text, '/x/notes.yaml');
  } catch (error) {
    if (error instanceof NotesError) return error.message;
    throw error;
  }
  return 'no problem';
};

describe('the notes file', () => {
  it('reads the heading, descriptions by ticket number and paragraphs per sub-section', () => {
    const notes = parseNotes('heading:\n  number: "3.1"\n  title: Kundeservice\ndescriptions:\n  112377: "Nettverk  nede"\nparagraphs:\n  opening: Eldre saker.\n  sla:\n    - Ett.\n    - To.\n', 'notes.yaml');
    expect(notes.heading).toEqual({ number: '3.1', title: 'Kundeservice' });
    expect([...notes.descriptions]).toEqual([[112377, 'Nettverk nede']]);
    expect(notes.paragraphs).toEqual({ opening: ['Eldre saker.'], sla: ['Ett.', 'To.'] });
  });

  it('takes an empty file as no notes', () => {
    expect(parseNotes('', 'notes.yaml').descriptions.size).toBe(0);
    expect(parseNotes('# only a comment\n', 'notes.yaml').paragraphs).toEqual({});
  });

  it('names the line, column and key of every problem, all at once', () => {
    const message = problems('headng: x\nheading:\n  number: two\ndescriptions:\n  abc: text\n  123: ""\nparagraphs:\n  slaa: text\n  sla: [1, ""]\n');
    expect(message).toBe(
      [
        'notes.yaml: 6 problems in the notes file',
        '  notes.yaml:1:1: headng: unknown key; expected one of heading, descriptions, paragraphs',
        '  notes.yaml:3:11: heading.number: expected a section number such as 2.1.4, got "two"',
        '  notes.yaml:5:3: descriptions.abc: expected a ticket number (a whole number) as the key',
        '  notes.yaml:6:8: descriptions.123: expected a text that is not empty',
        '  notes.yaml:8:3: paragraphs.slaa: unknown section; expected one of opening, categories, municipalities, openIncidents, openRequests, openTotal, sla, resolutionTime',
        '  notes.yaml:9:12: paragraphs.sla: expected a text that is not empty',
      ].join('\n'),
    );
  });

  it('reports YAML errors with their position, and a file that is no mapping', () => {
    expect(problems('paragraphs:\n  sla: "unclosed\n')).toMatch(/^notes\.yaml: a problem in the notes file\n {2}notes\.yaml:3:1: Missing closing "quote/);
    expect(problems('- a list\n')).toBe('notes.yaml: a problem in the notes file\n  notes.yaml:1:1: expected a mapping with the keys heading, descriptions and paragraphs');
    expect(problems('descriptions:\n  1: a\n  1: b\n')).toMatch(/notes\.yaml:3:3: .*unique/i);
  });
});
