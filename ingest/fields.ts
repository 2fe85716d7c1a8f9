/**
 * The ticket fields psa understands, with the names Pureservice uses for them
 * in its Norwegian user interface and in its API, and the typed column each
 * one is stored in.
 */

/** How a field's text is turned into a typed value. */
export const FieldKind = {
  /** Whole number identifying the ticket (Saksnummer / requestNumber). */
  ticketNumber: 'ticketNumber',
  text: 'text',
  integer: 'integer',
  boolean: 'boolean',
  timestamp: 'timestamp',
} as const;
export type FieldKind = keyof typeof FieldKind;

export interface FieldSpec {
  /** Canonical name: Pureservice's API field name. */
  readonly name: string;
  /** Column in `raw_rows` and `stg_tickets`. */
  readonly column: string;
  readonly kind: FieldKind;
  /** A file without this column cannot be loaded. */
  readonly required: boolean;
  /** Header names as they appear in exports (API name and Norwegian UI name first). */
  readonly aliases: readonly string[];
}

/**
 * Every known field, in the order of the columns of `stg_tickets`.
 * Aliases are matched after {@link normaliseHeader}, so case, spacing and
 * punctuation in the export do not matter.
 */
export const FIELDS = [
  { name: 'requestNumber', column: 'ticket_number', kind: 'ticketNumber', required: true, aliases: ['requestNumber', 'Saksnummer', 'Saksnr', 'Sak nr', 'Ticket number'] },
  { name: 'subject', column: 'subject', kind: 'text', required: false, aliases: ['subject', 'Emne', 'Tittel'] },
  { name: 'ticketType', column: 'ticket_type', kind: 'text', required: true, aliases: ['ticketType', 'Sakstype', 'Type'] },
  { name: 'status', column: 'status', kind: 'text', required: true, aliases: ['status', 'Status'] },
  { name: 'coreStatus', column: 'core_status', kind: 'integer', required: false, aliases: ['coreStatus', 'Kjernestatus'] },
  { name: 'priority', column: 'priority', kind: 'text', required: false, aliases: ['priority', 'Prioritet'] },
  { name: 'category1', column: 'category1', kind: 'text', required: false, aliases: ['category1', 'Kategori 1', 'Kategori'] },
  { name: 'category2', column: 'category2', kind: 'text', required: false, aliases: ['category2', 'Kategori 2', 'Underkategori'] },
  { name: 'category3', column: 'category3', kind: 'text', required: false, aliases: ['category3', 'Kategori 3'] },
  { name: 'source', column: 'source', kind: 'text', required: false, aliases: ['source', 'Kilde'] },
  { name: 'user', column: 'requester', kind: 'text', required: false, aliases: ['user', 'Sluttbruker', 'Bruker', 'Innmelder'] },
  { name: 'emailAddress', column: 'requester_email', kind: 'text', required: false, aliases: ['emailAddress', 'E-post', 'E-postadresse', 'Epost', 'email'] },
  { name: 'company', column: 'company', kind: 'text', required: false, aliases: ['company', 'Firma', 'Kunde'] },
  { name: 'department', column: 'department', kind: 'text', required: false, aliases: ['department', 'Avdeling'] },
  { name: 'assignedDepartment', column: 'assigned_department', kind: 'text', required: false, aliases: ['assignedDepartment', 'Sone'] },
  { name: 'assignedTeam', column: 'assigned_team', kind: 'text', required: false, aliases: ['assignedTeam', 'Team'] },
  { name: 'assignedAgent', column: 'assigned_agent', kind: 'text', required: false, aliases: ['assignedAgent', 'Saksbehandler', 'Ansvarlig'] },
  { name: 'created', column: 'created', kind: 'timestamp', required: true, aliases: ['created', 'Opprettet', 'Opprettet dato', 'Registrert'] },
  { name: 'modified', column: 'modified', kind: 'timestamp', required: false, aliases: ['modified', 'Endret', 'Sist endret'] },
  { name: 'responded', column: 'responded', kind: 'timestamp', required: false, aliases: ['responded', 'Første respons', 'Første svar'] },
  { name: 'resolved', column: 'resolved', kind: 'timestamp', required: false, aliases: ['resolved', 'Løst', 'Løst dato'] },
  { name: 'closed', column: 'closed', kind: 'timestamp', required: false, aliases: ['closed', 'Lukket', 'Lukket dato'] },
  { name: 'reopenedCount', column: 'reopened_count', kind: 'integer', required: false, aliases: ['reopenedCount', 'Gjenåpnet', 'Antall gjenåpninger'] },
  { name: 'isMarkedForDeletion', column: 'marked_for_deletion', kind: 'boolean', required: false, aliases: ['isMarkedForDeletion', 'Merket for sletting', 'Slettet'] },
] as const satisfies readonly FieldSpec[];

export type FieldName = (typeof FIELDS)[number]['name'];
export type FieldColumn = (typeof FIELDS)[number]['column'];

export const FIELD_NAMES: readonly FieldName[] = FIELDS.map((f) => f.name);

export function isFieldName(name: string): name is FieldName {
  return (FIELD_NAMES as readonly string[]).includes(name);
}

/**
 * The form header names are compared in: Unicode NFC, lower case, letters and
 * digits only (æøå kept), so "Første respons", "første_respons" and
 * "FØRSTE-RESPONS" all match.
 */
export function normaliseHeader(header: string): string {
  return header.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const ALIAS_INDEX: ReadonlyMap<string, FieldName> = (() => {
  const index = new Map<string, FieldName>();
  for (const field of FIELDS) {
    for (const alias of field.aliases) {
      const key = normaliseHeader(alias);
      const existing = index.get(key);
      if (existing && existing !== field.name) {
        throw new Error(`header alias "${alias}" is claimed by both ${existing} and ${field.name}`);
      }
      index.set(key, field.name);
    }
  }
  return index;
})();

/** The field a header names, or undefined for a header psa does not know. */
export function fieldForHeader(header: string): FieldName | undefined {
  return ALIAS_INDEX.get(normaliseHeader(header));
}
