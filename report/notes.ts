/**
 * The lead's notes file (YAML): their own wording, which wins over what psa
 * would write.
 *
 *   heading:                 # optional: the section's number and title
 *     number: "2.1.4"
 *     title: Service og support
 *   descriptions:            # optional: per ticket number, the text of the SLA list
 *     112377: Nettverk nede fra Idrettens hus og østover til Kvam
 *   paragraphs:              # optional: paragraphs per sub-section, after psa's text
 *     opening: …             # a string, or a list of strings (one paragraph each)
 *     categories: …
 *     municipalities: …
 *     openIncidents: …
 *     openRequests: …
 *     openTotal: …
 *     sla: …
 *     resolutionTime: …
 *
 * Checked as a whole before anything is written: every problem is reported
 * with its line, column and key.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { formatFileProblems, PsaError } from '../core/errors.ts';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';

export const NOTE_SECTIONS = ['opening', 'categories', 'municipalities', 'openIncidents', 'openRequests', 'openTotal', 'sla', 'resolutionTime'] as const;
export type NoteSection = (typeof NOTE_SECTIONS)[number];

export interface ReportNotes {
  readonly heading: { readonly number: string | null; readonly title: string | null };
  readonly descriptions: ReadonlyMap<number, string>;
  readonly paragraphs: Readonly<Partial<Record<NoteSection, readonly string[]>>>;
}

export const NO_NOTES: ReportNotes = { heading: { number: null, title: null }, descriptions: new Map(), paragraphs: {} };

export interface NotesProblem {
  readonly line: number | null;
  readonly column: number | null;
  /** The key, as `paragraphs.sla` or `descriptions.112377`. */
  readonly key: string;
  readonly message: string;
}

export class NotesError extends PsaError {
  override name = 'NotesError';
  override readonly file: string;
  constructor(
    file: string,
    readonly problems: readonly NotesProblem[],
  ) {
    super('config', formatFileProblems(basename(file), 'the notes file', problems), { file, line: problems[0]?.line ?? undefined, column: problems[0]?.column ?? undefined });
    this.file = file;
  }
}

/** Reads and checks the notes file at `path`. */
export function loadNotes(path: string): ReportNotes {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new NotesError(path, [{ line: null, column: null, key: '', message: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }]);
  }
  return parseNotes(text, path);
}

const TOP_KEYS = ['heading', 'descriptions', 'paragraphs'] as const;

/** Checks notes given as YAML text; `file` names it in messages. */
export function parseNotes(text: string, file: string): ReportNotes {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems: NotesProblem[] = [];
  const at = (node: Node | null | undefined, key: string, message: string) => {
    const pos = node?.range ? lines.linePos(node.range[0]) : null;
    problems.push({ line: pos?.line ?? null, column: pos?.col ?? null, key, message });
  };
  for (const e of doc.errors) {
    const pos = lines.linePos(e.pos[0]);
    problems.push({ line: pos.line, column: pos.col, key: '', message: e.message.split('\n')[0]! });
  }
  if (problems.length > 0) throw new NotesError(file, problems);

  const notes = { heading: { number: null as string | null, title: null as string | null }, descriptions: new Map<number, string>(), paragraphs: {} as Partial<Record<NoteSection, string[]>> };
  const root = (doc as Document).contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return notes;
  if (!isMap(root)) {
    at(root, '', 'expected a mapping with the keys heading, descriptions and paragraphs');
    throw new NotesError(file, problems);
  }
  for (const pair of root.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const value = pair.value as Node | null;
    if (!(TOP_KEYS as readonly string[]).includes(key)) {
      at(keyNode, key, `unknown key; expected one of ${TOP_KEYS.join(', ')}`);
      continue;
    }
    if (value === null || (isScalar(value) && value.value === null)) continue;
    if (!isMap(value)) {
      at(value, key, 'expected a mapping');
      continue;
    }
    for (const item of value.items) {
      const k = item.key as Node;
      const name = isScalar(k) ? String(k.value) : '';
      const v = item.value as Node | null;
      const path = `${key}.${name}`;
      const text = (node: Node | null): string | null => {
        if (node !== null && isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value).trim() !== '') return String(node.value).trim();
        at(node ?? k, path, 'expected a text that is not empty');
        return null;
      };
      if (key === 'heading') {
        if (name !== 'number' && name !== 'title') {
          at(k, path, 'unknown key; expected number or title');
          continue;
        }
        const t = text(v);
        if (t === null) continue;
        if (name === 'number' && !/^\d+(\.\d+)*$/.test(t)) {
          at(v, path, `expected a section number such as 2.1.4, got ${JSON.stringify(t)}`);
          continue;
        }
        notes.heading[name] = t;
      } else if (key === 'descriptions') {
        if (!/^[1-9]\d{0,14}$/.test(name)) {
          at(k, path, 'expected a ticket number (a whole number) as the key');
          continue;
        }
        const t = text(v);
        if (t !== null) notes.descriptions.set(Number(name), t.replace(/\s+/g, ' '));
      } else {
        if (!(NOTE_SECTIONS as readonly string[]).includes(name)) {
          at(k, path, `unknown section; expected one of ${NOTE_SECTIONS.join(', ')}`);
          continue;
        }
        if (v !== null && isSeq(v)) {
          const list = v.items.map((p) => text(p as Node)).filter((p): p is string => p !== null);
          if (list.length === v.items.length) notes.paragraphs[name as NoteSection] = list;
        } else {
          const t = text(v);
          if (t !== null) notes.paragraphs[name as NoteSection] = [t];
        }
      }
    }
  }
  if (problems.length > 0) throw new NotesError(file, problems);
  return notes;
}
