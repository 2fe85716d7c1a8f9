/**
 * The dashboard page's words, in Norwegian (bokmål, the default) and
 * English. The charts' own words are in metrics/charts/i18n.ts.
 */
import type { ChartLanguage } from '../metrics/charts/i18n.ts';
import type { FindingRule } from '../transform/index.ts';

export interface PageTexts {
  readonly title: (month: string) => string;
  readonly heading: string;
  readonly intro: (window: string, asOf: string) => string;
  readonly months: readonly string[];
  readonly keyFigures: string;
  readonly sinceLastMonth: (month: string) => string;
  readonly noChange: string;
  readonly newTickets: string;
  readonly newDetail: (incidents: string, requests: string, alerts: string) => string;
  readonly openIncidents: string;
  readonly openRequests: string;
  readonly openTotal: string;
  readonly adjustment: string;
  readonly adjustmentDetail: (naive: string) => string;
  readonly slaCompliance: (priority: string) => string;
  readonly slaDetail: (met: number, total: number, openBreached: number) => string;
  readonly noResolved: (openBreached: number) => string;
  readonly resolutionTime: (priority: string) => string;
  readonly resolutionDetail: (median: string, n: number) => string;
  readonly noResolution: string;
  readonly percentagePoints: string;
  readonly hoursUnit: string;
  readonly daysUnit: string;
  readonly charts: string;
  readonly download: string;
  readonly chartFailed: string;
  readonly resolutionTable: string;
  readonly resolutionTableIntro: string;
  readonly classes: Readonly<Record<'incident' | 'request', string>>;
  readonly columns: {
    readonly cls: string;
    readonly priority: string;
    readonly n: string;
    readonly mean: string;
    readonly median: string;
    readonly p90: string;
    readonly meanService: string;
    readonly nOld: string;
    readonly meanExcludingOld: string;
    readonly date: string;
    readonly ticket: string;
    readonly municipality: string;
    readonly subject: string;
    readonly status: string;
    readonly resolved: string;
    readonly hours: string;
    readonly serviceHours: string;
    readonly met: string;
    readonly created: string;
    readonly due: string;
    readonly state: string;
    readonly rule: string;
    readonly meaning: string;
    readonly allTickets: string;
    readonly month: string;
    readonly repaired: string;
    readonly findings: string;
  };
  readonly criticalAndHigh: string;
  readonly criticalAndHighIntro: (month: string) => string;
  readonly breaches: string;
  readonly breachesIntro: (month: string) => string;
  readonly breachStates: Readonly<Record<'breached' | 'openPastTarget', string>>;
  readonly none: string;
  readonly yes: string;
  readonly no: string;
  readonly open: string;
  readonly dataQuality: string;
  readonly dataQualityIntro: string;
  readonly findingsByRule: string;
  readonly createdIn: (month: string) => string;
  readonly repairedByMonth: string;
  readonly repairedIntro: string;
  readonly rules: Readonly<Record<FindingRule, string>>;
  /** QUALITY-1: the mass-closure notice. */
  readonly massClosures: string;
  readonly massClosure: (month: string, tickets: string, from: string, to: string) => string;
  readonly massClosureEffect: (cls: string, priority: string, mean: string, without: string | null, n: number) => string;
  readonly noMassClosure: string;
  /** AGE-1, REOPEN-1, RESP-1, RISK-1. */
  readonly backlog: string;
  readonly oldestOpen: (month: string) => string;
  readonly oldestOpenIntro: string;
  readonly response: (month: string) => string;
  readonly responseIntro: string;
  readonly notAvailable: (rule: string, why: string) => string;
  readonly breachRisk: (asOf: string) => string;
  readonly breachRiskIntro: string;
  readonly noBreachRisk: string;
  readonly riskStates: Readonly<Record<'breached' | 'dueWithinHour' | 'later', string>>;
  readonly backlogColumns: {
    readonly ageDays: string;
    readonly category: string;
    readonly responseCompliance: string;
    readonly meanService: string;
    readonly medianService: string;
    readonly p90Service: string;
    readonly remaining: string;
  };
  readonly provenance: string;
  readonly provenanceLines: {
    readonly exports: string;
    readonly rows: string;
    readonly rules: string;
    readonly asOf: string;
    readonly schema: string;
    readonly madeBy: (version: string) => string;
  };
}

const NB: PageTexts = {
  title: (month) => `Tjenestedesk: månedsrapport for ${month}`,
  heading: 'Tjenestedesk',
  intro: (window, asOf) => `Tall for de 13 månedene ${window}, fra eksporten som dekker tiden fram til ${asOf}.`,
  months: ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember'],
  keyFigures: 'Nøkkeltall',
  sinceLastMonth: (month) => `fra ${month}`,
  noChange: 'uendret',
  newTickets: 'Nye saker',
  newDetail: (incidents, requests, alerts) => `${incidents} hendelser, ${requests} forespørsler; ${alerts} sikkerhetsvarsler`,
  openIncidents: 'Åpne hendelser ved månedsslutt',
  openRequests: 'Åpne forespørsler ved månedsslutt',
  openTotal: 'Åpne saker i alt ved månedsslutt',
  adjustment: 'Korrigering av åpne saker',
  adjustmentDetail: (naive) => `Bare Løst-dato ville gitt ${naive} åpne saker`,
  slaCompliance: (priority) => `SLA-oppnåelse, ${priority}`,
  slaDetail: (met, total, openBreached) => `${met} av ${total} hendelser løst innen målet; ${openBreached} åpne over fristen`,
  noResolved: (openBreached) => `Ingen hendelser løst; ${openBreached} åpne over fristen`,
  resolutionTime: (priority) => `Løsningstid, ${priority} (hendelser)`,
  resolutionDetail: (median, n) => `gjennomsnitt; median ${median}, ${n} løste`,
  noResolution: 'ingen løste',
  percentagePoints: 'prosentpoeng',
  hoursUnit: 't',
  daysUnit: 'd',
  charts: 'Diagrammer',
  download: 'Last ned',
  chartFailed: 'Diagrammet kunne ikke tegnes',
  resolutionTable: 'Løsningstid per prioritet',
  resolutionTableIntro: 'Saker løst i måneden, i kalendertimer fra opprettet til løst (tjenestetid: timer innenfor åpningstiden). Gamle saker er eldre enn 90 dager når de løses.',
  classes: { incident: 'Hendelser', request: 'Forespørsler' },
  columns: {
    cls: 'Type',
    priority: 'Prioritet',
    n: 'Løst',
    mean: 'Gjennomsnitt (t)',
    median: 'Median (t)',
    p90: '90-persentil (t)',
    meanService: 'Gjennomsnitt tjenestetid (t)',
    nOld: 'Gamle saker',
    meanExcludingOld: 'Gjennomsnitt uten gamle (t)',
    date: 'Dato',
    ticket: 'Sak',
    municipality: 'Kommune',
    subject: 'Emne',
    status: 'Status',
    resolved: 'Løst',
    hours: 'Løsningstid (t)',
    serviceHours: 'Tjenestetid (t)',
    met: 'Innen målet',
    created: 'Opprettet',
    due: 'Frist',
    state: 'Tilstand',
    rule: 'Regel',
    meaning: 'Betydning',
    allTickets: 'Alle saker',
    month: 'Måned',
    repaired: 'Reparert løsningstidspunkt',
    findings: 'Funn i alt',
  },
  criticalAndHigh: 'Kritiske og høye hendelser',
  criticalAndHighIntro: (month) => `Alle hendelser opprettet i ${month} med prioritet som har et løsningsmål.`,
  breaches: 'Brudd på SLA',
  breachesIntro: (month) => `Hendelser løst i ${month} etter fristen, og hendelser som var åpne over fristen ved månedsslutt.`,
  breachStates: { breached: 'Løst etter fristen', openPastTarget: 'Åpen over fristen' },
  none: 'Ingen.',
  yes: 'Ja',
  no: 'Nei',
  open: 'åpen',
  dataQuality: 'Datakvalitet',
  dataQualityIntro: 'Hver reparasjon og tvil i eksporten er registrert som et funn i tabellen fct_findings i databasen.',
  findingsByRule: 'Funn per regel',
  createdIn: (month) => `Opprettet i ${month}`,
  repairedByMonth: 'Reparerte saker per måned',
  repairedIntro: 'Saker uten Løst-dato som likevel er løst eller lukket, etter opprettelsesmåned, og hvor mye det senker tallet på åpne saker ved månedsslutt.',
  rules: {
    MISSING_RESOLVED_DATE: 'Løst eller lukket uten Løst-dato: løsningstidspunktet tatt fra Lukket eller Endret',
    MISSING_FROM_EXPORT: 'Ikke med i siste fullstendige eksport: regnet som slettet',
    REOPENED_STILL_OPEN: 'Åpen status, men med Løst-dato: gjenåpnet, telt som åpen',
    RESOLVED_BEFORE_CREATED: 'Løst før opprettet: telt, men uten løsningstid',
    RESPONDED_BEFORE_CREATED: 'Første respons før opprettet: uten responstid',
    UNMAPPED_TYPE: 'Sakstype som ikke står i reglene: ikke telt',
    UNMAPPED_STATUS: 'Status som ikke står i reglene',
    STATUS_CONFLICT: 'Status og kjernestatus er uenige: kjernestatus brukt',
    MARKED_FOR_DELETION: 'Merket for sletting: holdt utenfor alle tall',
    UNMAPPED_PRIORITY: 'Prioritet som ikke står i reglene: uten SLA-mål',
    MISSING_PRIORITY: 'Uten prioritet: uten SLA-mål',
    UNKNOWN_MUNICIPALITY: 'Ingen kommune fra firma, e-postdomene eller avdeling',
    HISTORICAL_MUNICIPALITY: 'Tidligere kommune, telt for kommunen den ble slått sammen med',
    UNCATEGORISED: 'Ingen kategoriregel passet: reservekategori',
    FUTURE_TIMESTAMP: 'Tidspunkt mer enn marginen etter eksportens dato (skrivefeil?): ikke brukt for «data fram til»',
  },
  massClosures: 'Masselukkinger',
  massClosure: (month, tickets, from, to) => `${month}: ${tickets} saker ble løst eller lukket i løpet av få minutter, ${from}–${to}. Løsningstidene for måneden er også vist uten dem.`,
  massClosureEffect: (cls, priority, mean, without, n) =>
    without === null
      ? `${cls}, ${priority}: ${n === 1 ? 'den ene løste saken er masselukket' : `alle ${n} løste saker er masselukket`} (gjennomsnitt ${mean} t).`
      : `${cls}, ${priority}: gjennomsnitt ${mean} t, uten ${n === 1 ? 'den masselukkede saken' : `de ${n} masselukkede`} ${without} t.`,
  noMassClosure: 'Ingen masselukkinger i perioden (20 eller flere saker løst eller lukket innen 5 minutter).',
  backlog: 'Eldste åpne saker',
  oldestOpen: (month) => `De eldste åpne sakene ved utgangen av ${month}`,
  oldestOpenIntro: 'Alder i hele dager fra opprettet. Emnet vises ikke.',
  response: (month) => `Første respons per prioritet: ${month}`,
  responseIntro: 'Hendelser løst i måneden, tid fra opprettet til første respons, ved siden av SLA-oppnåelsen for responstid.',
  notAvailable: (rule, why) => `${rule} kan ikke regnes ut: ${why}`,
  breachRisk: (asOf) => `Åpne kritiske og høye hendelser per ${asOf}`,
  breachRiskIntro: 'Gjenstående tid til løsningsfristen i prioritetens kalender (tjenestetid), negativ når fristen er passert.',
  noBreachRisk: 'Ingen åpne kritiske eller høye hendelser.',
  riskStates: { breached: 'Over fristen', dueWithinHour: 'Frist innen 1 time', later: 'Senere' },
  backlogColumns: {
    ageDays: 'Alder (dager)',
    category: 'Kategori',
    responseCompliance: 'SLA-oppnåelse respons',
    meanService: 'Gjennomsnitt tjenestetid (t)',
    medianService: 'Median tjenestetid (t)',
    p90Service: '90-persentil tjenestetid (t)',
    remaining: 'Gjenstår (t)',
  },
  provenance: 'Kilde',
  provenanceLines: {
    exports: 'Eksport',
    rows: 'rader',
    rules: 'Regler (SHA-256)',
    asOf: 'Data fram til',
    schema: 'metrics.json skjemaversjon',
    madeBy: (version) => `Laget av psa ${version} fra metrics.json i samme mappe. Samme data gir samme side.`,
  },
};

const EN: PageTexts = {
  title: (month) => `Service desk: monthly report for ${month}`,
  heading: 'Service desk',
  intro: (window, asOf) => `Figures for the 13 months ${window}, from the export covering the time up to ${asOf}.`,
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  keyFigures: 'Key figures',
  sinceLastMonth: (month) => `since ${month}`,
  noChange: 'unchanged',
  newTickets: 'New tickets',
  newDetail: (incidents, requests, alerts) => `${incidents} incidents, ${requests} requests; ${alerts} security alerts`,
  openIncidents: 'Open incidents at month end',
  openRequests: 'Open requests at month end',
  openTotal: 'Open tickets in all at month end',
  adjustment: 'Adjustment of open tickets',
  adjustmentDetail: (naive) => `The resolved date alone would give ${naive} open tickets`,
  slaCompliance: (priority) => `SLA compliance, ${priority}`,
  slaDetail: (met, total, openBreached) => `${met} of ${total} incidents resolved within target; ${openBreached} open past target`,
  noResolved: (openBreached) => `No incidents resolved; ${openBreached} open past target`,
  resolutionTime: (priority) => `Resolution time, ${priority} (incidents)`,
  resolutionDetail: (median, n) => `mean; median ${median}, ${n} resolved`,
  noResolution: 'none resolved',
  percentagePoints: 'percentage points',
  hoursUnit: 'h',
  daysUnit: 'd',
  charts: 'Charts',
  download: 'Download',
  chartFailed: 'The chart could not be drawn',
  resolutionTable: 'Resolution time per priority',
  resolutionTableIntro: 'Tickets resolved in the month, in calendar hours from created to resolved (service time: hours within opening hours). Old cases are older than 90 days when resolved.',
  classes: { incident: 'Incidents', request: 'Requests' },
  columns: {
    cls: 'Class',
    priority: 'Priority',
    n: 'Resolved',
    mean: 'Mean (h)',
    median: 'Median (h)',
    p90: '90th percentile (h)',
    meanService: 'Mean service time (h)',
    nOld: 'Old cases',
    meanExcludingOld: 'Mean without old (h)',
    date: 'Date',
    ticket: 'Ticket',
    municipality: 'Municipality',
    subject: 'Subject',
    status: 'Status',
    resolved: 'Resolved',
    hours: 'Resolution time (h)',
    serviceHours: 'Service time (h)',
    met: 'Within target',
    created: 'Created',
    due: 'Due',
    state: 'State',
    rule: 'Rule',
    meaning: 'Meaning',
    allTickets: 'All tickets',
    month: 'Month',
    repaired: 'Resolution repaired',
    findings: 'Findings in all',
  },
  criticalAndHigh: 'Critical and high incidents',
  criticalAndHighIntro: (month) => `Every incident created in ${month} whose priority has a resolution target.`,
  breaches: 'SLA breaches',
  breachesIntro: (month) => `Incidents resolved in ${month} after their due time, and incidents open past their due time at month end.`,
  breachStates: { breached: 'Resolved late', openPastTarget: 'Open past due' },
  none: 'None.',
  yes: 'Yes',
  no: 'No',
  open: 'open',
  dataQuality: 'Data quality',
  dataQualityIntro: 'Every repair and doubt in the export is recorded as a finding in the table fct_findings of the database.',
  findingsByRule: 'Findings per rule',
  createdIn: (month) => `Created in ${month}`,
  repairedByMonth: 'Repaired tickets per month',
  repairedIntro: 'Tickets resolved or closed without a resolved date, by month created, and how much that lowers the count of open tickets at month end.',
  rules: {
    MISSING_RESOLVED_DATE: 'Resolved or closed without a resolved date: resolution taken from the closed or modified time',
    MISSING_FROM_EXPORT: 'Not in the latest full export: counted as deleted',
    REOPENED_STILL_OPEN: 'Open status but a resolved date: reopened, counted as open',
    RESOLVED_BEFORE_CREATED: 'Resolved before created: counted, but no resolution time',
    RESPONDED_BEFORE_CREATED: 'First response before created: no response time',
    UNMAPPED_TYPE: 'Ticket type not in the rules: not counted',
    UNMAPPED_STATUS: 'Status not in the rules',
    STATUS_CONFLICT: 'Status and core status disagree: core status used',
    MARKED_FOR_DELETION: 'Marked for deletion: left out of every figure',
    UNMAPPED_PRIORITY: 'Priority not in the rules: no SLA target',
    MISSING_PRIORITY: 'No priority: no SLA target',
    UNKNOWN_MUNICIPALITY: 'No municipality from company, e-mail domain or department',
    HISTORICAL_MUNICIPALITY: 'Former municipality, counted for the one it merged into',
    UNCATEGORISED: 'No category rule matched: fallback category',
    FUTURE_TIMESTAMP: "A timestamp more than the margin after the export's date (a typing error?): not used for \"data up to\"",
  },
  massClosures: 'Mass closures',
  massClosure: (month, tickets, from, to) => `${month}: ${tickets} tickets were resolved or closed within a few minutes, ${from}–${to}. The month's resolution times are also shown without them.`,
  massClosureEffect: (cls, priority, mean, without, n) =>
    without === null
      ? `${cls}, ${priority}: ${n === 1 ? 'the one resolved ticket was' : `all ${n} resolved tickets were`} mass-closed (mean ${mean} h).`
      : `${cls}, ${priority}: mean ${mean} h, without the ${n === 1 ? 'mass-closed ticket' : `${n} mass-closed tickets`} ${without} h.`,
  noMassClosure: 'No mass closures in the window (20 or more tickets resolved or closed within 5 minutes).',
  backlog: 'Oldest open tickets',
  oldestOpen: (month) => `The oldest open tickets at the end of ${month}`,
  oldestOpenIntro: 'Age in whole days since created. Subjects are not shown.',
  response: (month) => `First response per priority: ${month}`,
  responseIntro: 'Incidents resolved in the month, time from created to first response, beside the response SLA compliance.',
  notAvailable: (rule, why) => `${rule} cannot be computed: ${why}`,
  breachRisk: (asOf) => `Open critical and high incidents on ${asOf}`,
  breachRiskIntro: "Time left to the resolution target in the priority's calendar (service hours), negative once past due.",
  noBreachRisk: 'No open critical or high incidents.',
  riskStates: { breached: 'Past due', dueWithinHour: 'Due within 1 hour', later: 'Later' },
  backlogColumns: {
    ageDays: 'Age (days)',
    category: 'Category',
    responseCompliance: 'Response SLA compliance',
    meanService: 'Mean service time (h)',
    medianService: 'Median service time (h)',
    p90Service: '90th percentile service time (h)',
    remaining: 'Left (h)',
  },
  provenance: 'Source',
  provenanceLines: {
    exports: 'Export',
    rows: 'rows',
    rules: 'Rules (SHA-256)',
    asOf: 'Data up to',
    schema: 'metrics.json schema version',
    madeBy: (version) => `Made by psa ${version} from metrics.json in the same folder. The same data gives the same page.`,
  },
};

export const PAGE_TEXTS: Readonly<Record<ChartLanguage, PageTexts>> = { nb: NB, en: EN };
