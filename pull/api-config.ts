/**
 * Everything psa assumes about the Pureservice REST API, in one place.
 *
 * Pureservice publishes no reference for this API; what is here is known
 * from public integrations (vestfoldfylke/pureservice-dotnet,
 * DirektoratetForByggkvalitet/sync2pureservice, a public MCP server). So
 * every endpoint, header, filter and field name is a setting, and
 * `--api-config <file>` (JSON) overrides any of them without a new psa.
 *
 * Field paths. Each psa field (the API names ingest knows, e.g. `status`,
 * `company`) is read from the ticket by a path:
 *   - `subject`: a property of the ticket (dots go deeper: `links.user.id`);
 *   - `statusId>statuses.name`: the ticket's `statusId` is the id of a record
 *     in the `statuses` collection of the response's `linked` block, whose
 *     `name` is the value;
 *   - `userId>users.companyId>companies.name`: links chain, here ticket →
 *     user → company.
 * A link whose id is null gives null; an id with no record in `linked` is
 * an unresolved link and the ticket is quarantined (UNRESOLVED_LINK).
 */
import { readFileSync } from 'node:fs';
import { isFieldName, type FieldName } from '../ingest/fields.ts';
import { PsaError } from '../core/errors.ts';

export interface ApiConfig {
  /** Ticket list endpoint, relative to the base URL. */
  readonly ticketsPath: string;
  /** Sent as Accept. */
  readonly mediaType: string;
  /** Header the API key goes in. */
  readonly keyHeader: string;
  /** Tickets per page (the API allows at most 500). */
  readonly pageSize: number;
  /** Query parameter names. */
  readonly params: { readonly start: string; readonly limit: string; readonly filter: string; readonly sort: string; readonly include: string };
  /** Top-level key of the ticket list in a response. */
  readonly ticketsKey: string;
  /** Top-level key of the side-loaded records. */
  readonly linkedKey: string;
  /** Relations to side-load with each page (`include=`). */
  readonly include: readonly string[];
  /** Stable order: by modified, then id. */
  readonly sort: string;
  /** The ticket's own id property (the tie-breaker of the order) and its `modified` property. */
  readonly idProperty: string;
  readonly modifiedProperty: string;
  /**
   * Filters. `{instant}` is replaced by a DateTime literal (see
   * `dateTimeLiteral`), `{id}` by a ticket id.
   * `after`: tickets after the cursor in the sort order (keyset paging: no
   * drift when tickets change or leave the filter while paging).
   */
  readonly filters: { readonly after: string; readonly since: string };
  /** An extra filter every request carries, e.g. `!isMarkedForDeletion` (empty: none). */
  readonly extraFilter: string;
  /** The DateTime literal; fields year, month, day, hour, minute, second, millisecond (UTC). */
  readonly dateTimeLiteral: string;
  /** psa field → path (see above). A field psa knows but the API lacks is simply left out. */
  readonly fields: Readonly<Partial<Record<FieldName, string>>>;
  /** Seconds the next pull starts before the watermark, against clock skew and late commits. */
  readonly overlapSeconds: number;
  /** Client-side pacing: at most this many requests in any 60 s (0: no pacing; 429 answers are honoured anyway). */
  readonly requestsPerMinute: number;
  /** Retries of a request on 429, 5xx, timeouts and connection errors. */
  readonly retry: { readonly maxAttempts: number; readonly baseDelayMs: number; readonly maxDelayMs: number; readonly maxRetryAfterSeconds: number };
  /** Milliseconds a request may take, headers and body. */
  readonly timeoutMs: number;
}

export const DEFAULT_API_CONFIG: ApiConfig = {
  ticketsPath: 'ticket/',
  mediaType: 'application/vnd.api+json',
  keyHeader: 'X-Authorization-Key',
  pageSize: 500,
  params: { start: 'start', limit: 'limit', filter: 'filter', sort: 'sort', include: 'include' },
  ticketsKey: 'tickets',
  linkedKey: 'linked',
  include: [
    'status', 'priority', 'ticketType', 'category1', 'category2', 'category3', 'source',
    'user', 'user.company', 'user.companyDepartment', 'user.emailAddress',
    'assignedTeam', 'assignedAgent', 'assignedDepartment',
  ],
  sort: 'modified ASC, id ASC',
  idProperty: 'id',
  modifiedProperty: 'modified',
  filters: {
    after: '(modified > {instant} || (modified == {instant} && id > {id}))',
    since: 'modified >= {instant}',
  },
  extraFilter: '',
  dateTimeLiteral: 'DateTime({year},{month},{day},{hour},{minute},{second},{millisecond})',
  fields: {
    requestNumber: 'requestNumber',
    subject: 'subject',
    ticketType: 'ticketTypeId>tickettypes.name',
    status: 'statusId>statuses.name',
    coreStatus: 'statusId>statuses.coreStatus',
    priority: 'priorityId>priorities.name',
    category1: 'category1Id>categories.name',
    category2: 'category2Id>categories.name',
    category3: 'category3Id>categories.name',
    source: 'sourceId>sources.name',
    user: 'userId>users.fullName',
    emailAddress: 'userId>users.emailAddressId>emailaddresses.email',
    company: 'userId>users.companyId>companies.name',
    department: 'userId>users.companyDepartmentId>companydepartments.name',
    assignedDepartment: 'assignedDepartmentId>departments.name',
    assignedTeam: 'assignedTeamId>teams.name',
    assignedAgent: 'assignedAgentId>users.fullName',
    created: 'created',
    modified: 'modified',
    // Not among the ticket fields public integrations show: read when the
    // tenant's API has them, null (as an export without the column) when not.
    responded: 'responded',
    reopenedCount: 'reopenedCount',
    resolved: 'resolved',
    closed: 'closed',
    isMarkedForDeletion: 'isMarkedForDeletion',
  },
  overlapSeconds: 300,
  requestsPerMinute: 100,
  retry: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 60_000, maxRetryAfterSeconds: 300 },
  timeoutMs: 60_000,
};

/** A bad API settings file or field path (exit 2). */
export class ApiConfigError extends PsaError {
  override name = 'ApiConfigError';
  constructor(message: string) {
    super('config', message);
  }
}

/** One step of a field path: a property to read, and the linked collection it is the id of (null for the last step). */
export interface PathStep {
  readonly property: readonly string[];
  readonly collection: string | null;
}

/** Parses a field path (see the module comment) into steps. */
export function parsePath(path: string): PathStep[] {
  const parts = path.split('>').map((p) => p.trim());
  if (parts.some((p) => p === '')) throw new ApiConfigError(`field path ${JSON.stringify(path)}: an empty step`);
  const steps: PathStep[] = [];
  // parts[0] is a ticket property; each later part is "collection.property".
  let property = parts[0]!.split('.');
  for (let i = 1; i < parts.length; i++) {
    const [collection, ...rest] = parts[i]!.split('.');
    if (!collection || rest.length === 0) {
      throw new ApiConfigError(`field path ${JSON.stringify(path)}: step ${JSON.stringify(parts[i])} should be collection.property`);
    }
    steps.push({ property, collection: collection.toLowerCase() });
    property = rest;
  }
  steps.push({ property, collection: null });
  return steps;
}

/** The defaults with a user's overrides from `--api-config <file>` (JSON, any subset of the keys). */
export function readApiConfig(path: string): ApiConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ApiConfigError(`${path}: cannot read the API settings: ${(error as Error).message}`);
  }
  return mergeApiConfig(parsed, path);
}

export function mergeApiConfig(overrides: unknown, where = 'API settings'): ApiConfig {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new ApiConfigError(`${where}: expected a JSON object with some of the keys ${Object.keys(DEFAULT_API_CONFIG).join(', ')}`);
  }
  const merged: Record<string, unknown> = { ...DEFAULT_API_CONFIG };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_API_CONFIG)) throw new ApiConfigError(`${where}: unknown key ${JSON.stringify(key)}; the keys are ${Object.keys(DEFAULT_API_CONFIG).join(', ')}`);
    const base = (DEFAULT_API_CONFIG as unknown as Record<string, unknown>)[key];
    if (key === 'fields') {
      merged[key] = mergeFields(value, where);
    } else if (typeof base === 'object' && base !== null && !Array.isArray(base)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiConfigError(`${where}: ${key}: expected an object`);
      for (const [inner, v] of Object.entries(value)) {
        const innerBase = (base as Record<string, unknown>)[inner];
        if (innerBase === undefined) throw new ApiConfigError(`${where}: ${key}.${inner}: unknown key; the keys are ${Object.keys(base).join(', ')}`);
        if (typeof v !== typeof innerBase) throw new ApiConfigError(`${where}: ${key}.${inner}: expected a ${typeof innerBase}, got ${JSON.stringify(v)}`);
      }
      merged[key] = { ...base, ...value };
    } else if (Array.isArray(base)) {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new ApiConfigError(`${where}: ${key}: expected a list of strings`);
      merged[key] = value;
    } else {
      if (typeof value !== typeof base) throw new ApiConfigError(`${where}: ${key}: expected a ${typeof base}, got ${JSON.stringify(value)}`);
      merged[key] = value;
    }
  }
  const config = merged as unknown as ApiConfig;
  checkConfig(config, where);
  return config;
}

/** `fields` overrides: a path replaces the default, null leaves the field out. */
function mergeFields(value: unknown, where: string): Partial<Record<FieldName, string>> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiConfigError(`${where}: fields: expected an object of psa field → path`);
  const fields: Partial<Record<FieldName, string>> = { ...DEFAULT_API_CONFIG.fields };
  for (const [field, path] of Object.entries(value)) {
    if (!isFieldName(field)) throw new ApiConfigError(`${where}: fields.${field}: not a psa field`);
    if (path === null) delete fields[field];
    else if (typeof path === 'string') fields[field] = path;
    else throw new ApiConfigError(`${where}: fields.${field}: expected a path (string) or null`);
  }
  return fields;
}

function checkConfig(config: ApiConfig, where: string): void {
  if (!Number.isInteger(config.pageSize) || config.pageSize < 1 || config.pageSize > 500) {
    throw new ApiConfigError(`${where}: pageSize: expected a whole number from 1 to 500 (the API's limit), got ${config.pageSize}`);
  }
  for (const field of ['requestNumber', 'ticketType', 'status', 'created'] as const) {
    if (config.fields[field] === undefined) throw new ApiConfigError(`${where}: fields.${field}: required (psa cannot load a ticket without it)`);
  }
  for (const [field, path] of Object.entries(config.fields)) {
    try {
      parsePath(path);
    } catch (error) {
      throw new ApiConfigError(`${where}: fields.${field}: ${(error as Error).message}`);
    }
  }
  if (!config.filters.after.includes('{instant}') || !config.filters.after.includes('{id}')) {
    throw new ApiConfigError(`${where}: filters.after: must use {instant} and {id} (tickets after the cursor in modified, id order)`);
  }
  if (!config.filters.since.includes('{instant}')) throw new ApiConfigError(`${where}: filters.since: must use {instant}`);
  if (config.retry.maxAttempts < 1) throw new ApiConfigError(`${where}: retry.maxAttempts: at least 1`);
  if (config.requestsPerMinute < 0 || config.overlapSeconds < 0 || config.timeoutMs <= 0) {
    throw new ApiConfigError(`${where}: requestsPerMinute and overlapSeconds must be 0 or more, timeoutMs above 0`);
  }
}
