/**
 * Every message `psa pull` shows a user, as small functions (tests compare
 * against these). None of them ever holds the API key.
 */
export const pullMessages = {
  badUrl: (text: string) =>
    `${JSON.stringify(text)} is not a URL; expected the API base, e.g. https://<tenant>.pureservice.com/agent/api`,
  credentialsInUrl: () => 'the URL holds a user name or password: give the API key with --key-file or PSA_PURESERVICE_KEY, never in the URL',
  queryInUrl: (base: string) => `the URL has a query or fragment; give the API base alone, e.g. ${base}`,
  notHttps: (origin: string) =>
    `${origin}: psa sends the API key only over HTTPS (plain HTTP only to this machine, 127.0.0.1 or localhost); use https://`,
  timeout: (where: string, ms: number) => `${where}: no complete answer within ${(ms / 1000).toFixed(0)} s`,
  network: (where: string, cause: string) => `${where}: cannot connect (${cause})`,
  keyRefused: (status: number, where: string) =>
    `${where}: the API refused the key (HTTP ${status}): check that the key in --key-file or PSA_PURESERVICE_KEY is a current Pureservice API key ` +
    `and that it may read tickets (a limited key reads only its own zone)`,
  rateLimited: (where: string) => `${where}: rate limited (HTTP 429)`,
  serverError: (status: number, where: string) => `${where}: server error (HTTP ${status})`,
  httpError: (status: number, where: string, body: string) => `${where}: HTTP ${status}${body ? `: ${body}` : ''}`,
  notJson: (where: string) => `${where}: the answer is not JSON (is the URL the API base, ending in /agent/api?)`,
  cancelled: () => 'the pull stopped',
  gaveUp: (attempts: number, last: string) => `gave up after ${attempts} attempts; the last: ${last}`,
  noTicketList: (key: string) => `the API's answer has no "${key}" list: is the URL the API base (…/agent/api)? See --api-config for other shapes`,
  noCursor: (property: string) =>
    `a ticket in the answer has no readable "${property}" timestamp: psa pages by it and cannot go on (see --api-config modifiedProperty)`,
  noProgress: () =>
    'the API returned a page that does not move past the previous one (its filter or sort is not applied?): stopped rather than loop',
  unresolvedLink: (field: string, collection: string, id: string) =>
    `${field}: the ticket links to ${collection} id ${id}, which is not in the answer's linked records: set aside rather than loaded without it`,
  noKey: () =>
    'no API key: give --key-file <file> (a file holding the key) or set PSA_PURESERVICE_KEY; the key is never taken as an argument',
  emptyKeyFile: (file: string) => `${file}: the key file is empty`,
  unreadableKeyFile: (file: string, code: string) => `${file}: cannot read the key file (${code})`,
  badSince: (value: string) => `--since: ${JSON.stringify(value)} is not a date; expected YYYY-MM-DD`,
  keptPages: (pages: number, tickets: number) =>
    `${pages} page${pages === 1 ? '' : 's'} (${tickets} tickets) were stored before it stopped; the next psa pull goes on from there`,
  staleRun: (runId: number) => `pull ${runId} was interrupted before it finished; this pull goes on from the last page it stored`,
} as const;
