/**
 * From one page of the API's answer to export-like records: each ticket's
 * fields read by the paths of the API settings (api-config.ts), links
 * resolved to names through the page's `linked` block, every value as the
 * text an export would hold. The records then go through ingest's own
 * header mapping and typing (parse-export.ts), so an API ticket and an
 * export row of the same ticket become the same typed row.
 */
import { FIELD_NAMES, type FieldName } from '../ingest/fields.ts';
import { parsePath, type ApiConfig, type PathStep } from './api-config.ts';
import { pullMessages } from './messages.ts';

type JsonRecord = Record<string, unknown>;

/** Linked records of one answer: collection (lower case) → id → record. */
export type LinkedIndex = ReadonlyMap<string, ReadonlyMap<string, JsonRecord>>;

export function indexLinked(linked: unknown): LinkedIndex {
  const index = new Map<string, Map<string, JsonRecord>>();
  if (typeof linked !== 'object' || linked === null) return index;
  for (const [collection, records] of Object.entries(linked)) {
    if (!Array.isArray(records)) continue;
    const byId = new Map<string, JsonRecord>();
    for (const record of records) {
      if (typeof record === 'object' && record !== null && 'id' in record) byId.set(String((record as JsonRecord).id), record as JsonRecord);
    }
    index.set(collection.toLowerCase(), byId);
  }
  return index;
}

export type MappedTicket =
  | { readonly ok: true; readonly values: string[] }
  | { readonly ok: false; readonly column: number; readonly message: string };

export class TicketMapper {
  /** The fields read: psa's API field names, in FIELDS order. */
  readonly fields: readonly FieldName[];
  /** The header of the records: the fields, then the ticket's own API id (a column psa keeps in the raw text only). */
  readonly header: readonly string[];
  private readonly paths: readonly (readonly PathStep[])[];

  constructor(private readonly config: ApiConfig) {
    this.fields = FIELD_NAMES.filter((f) => config.fields[f] !== undefined);
    this.header = [...this.fields, config.idProperty];
    this.paths = this.fields.map((f) => parsePath(config.fields[f]!));
  }

  /** The ticket's fields as export text, or the first link that cannot be resolved (1-based column of the header). */
  map(ticket: JsonRecord, linked: LinkedIndex): MappedTicket {
    const values = new Array<string>(this.paths.length + 1);
    for (let i = 0; i < this.paths.length; i++) {
      const value = resolve(ticket, this.paths[i]!, linked);
      if (value instanceof Unresolved) {
        return { ok: false, column: i + 1, message: pullMessages.unresolvedLink(this.fields[i]!, value.collection, value.id) };
      }
      values[i] = asText(value);
    }
    values[this.paths.length] = asText(ticket[this.config.idProperty] ?? null);
    return { ok: true, values };
  }
}

class Unresolved {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {}
}

function read(record: JsonRecord, property: readonly string[]): unknown {
  let value: unknown = record;
  for (const key of property) {
    if (typeof value !== 'object' || value === null) return null;
    value = (value as JsonRecord)[key];
  }
  return value ?? null;
}

function resolve(ticket: JsonRecord, steps: readonly PathStep[], linked: LinkedIndex): unknown {
  let record = ticket;
  for (const step of steps) {
    const value = read(record, step.property);
    if (step.collection === null) return value;
    if (value === null || value === '') return null;
    const id = String(value);
    const target = linked.get(step.collection)?.get(id);
    if (target === undefined) return new Unresolved(step.collection, id);
    record = target;
  }
  return null;
}

/** A value as an export writes it: empty for null, true/false, numbers as written. */
function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
