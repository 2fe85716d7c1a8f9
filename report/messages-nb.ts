/** The report's sentences in Norwegian (bokmål), in the words of the monthly report: feilmeldinger, tjenesteforespørsler, Kundeservice. */
import type { Direction, ReportMessages } from './messages.ts';

const trendWord: Readonly<Record<Direction, string>> = { falling: 'synkende', rising: 'stigende', stable: 'stabil' };
const cases = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const NB: ReportMessages = {
  defaultHeading: { number: '2.1.4', title: 'Service og support' },
  sections: {
    categories: 'Nye feil og forespørsler fordelt på kategori',
    municipalities: 'Nye feil og forespørsler fordelt på kommune',
    openIncidents: 'Oversikt over feilmeldinger',
    openRequests: 'Oversikt over tjenesteforespørsler',
    openTotal: 'Feilmeldinger og tjenesteforespørsler',
    sla: 'Overholdelse av tjenestenivåavtalen – SLA',
    resolutionTime: 'Gjennomsnittlig løsningstid på innmeldte feil',
  },

  repair: (range, down, months, windowMonths, all) =>
    `Antall åpne saker per måned er med ny utregning justert ${down ? 'ned' : 'opp'} med ca. ${range} saker, fordi det ble funnet saker som lå uten registrert løst dato. ` +
    (all ? `Dette er gjort for alle ${windowMonths} månedene.` : `Dette gjelder ${months} av de ${windowMonths} månedene.`),
  largestChange: (municipality, size, down) =>
    `Den største endringen i åpne saker siste måned er i ${municipality}, der antall åpne saker har blitt ${down ? 'redusert' : 'økt'} med ${size}.`,
  alertRise: (before, now, significantOf) =>
    `Varsler om mulig sikkerhetsbrudd har vært sterkt økende siste måned, fra ${before} til ${now}` +
    (significantOf === null ? '.' : `, og utgjør en betydelig del av henvendelsene inn til Kundeservice (${significantOf}).`),

  newTotal: (month, total, incidents, requests) => `Saker innmeldt i ${month} er ${total} henvendelser: ${incidents} feilmeldinger og ${requests} tjenesteforespørsler.`,
  alerts: (alerts, sources) => `${alerts} av dem er varsler om mulig sikkerhetstrussel fra ${sources}.`,
  alertSource: (source, n) => `${source} (${n})`,
  alertCategory: (categories, higher, month) => `Dette vises under ${categories}${higher ? `, som har vært høyere enn normalt i ${month}` : ''}.`,
  alertCategoryName: (category, n) => (n === null ? `kategori ${category}` : `kategori ${category} (${n})`),
  higherThanNormal: (categories, month) =>
    categories.length === 1 ? `Kategorien ${categories[0]} har vært høyere enn normalt i ${month}.` : `Kategoriene ${categories.slice(0, -1).join(', ')} og ${categories.at(-1)} har vært høyere enn normalt i ${month}.`,
  noNewTickets: (month) => `Det ble ikke meldt inn noen feil eller forespørsler i ${month}.`,

  municipalityIntro: 'Fordelingen av feil og forespørsler per kommune er vist i tabellen.',
  municipalityChanges: (changes) => `Endring i antall åpne saker siden forrige måned: ${changes}.`,
  municipalityChange: (municipality, change) => `${municipality} ${change}`,
  noOpenChange: 'Antall åpne saker er uendret siden forrige måned i alle kommuner.',

  resolvedVersusNew: (cls, relation, month, resolved, created) => {
    const what = cls === 'incident' ? 'feil' : 'forespørsler';
    if (relation === 'more') return `I ${month} har vi greid å løse flere ${what} enn det som har kommet inn (${resolved} løst, ${created} nye).`;
    if (relation === 'fewer') return `I ${month} har det kommet inn flere ${what} enn vi har løst (${created} nye, ${resolved} løst).`;
    return `I ${month} har vi løst like mange ${what} som det som har kommet inn (${resolved}).`;
  },
  openIncidents: (date, n, direction) => `Antall åpne feilmeldinger per ${date} var ${n}, med en ${trendWord[direction]} trend.`,
  openRequests: (date, n, direction, same) => `Antall åpne tjenesteforespørsler er ${n} per ${date}. Trenden for forespørsler er ${same ? 'også ' : ''}${trendWord[direction]}.`,
  openTotal: (month, n) => `Totalt gir det oss denne oversikten med ${n} åpne saker ved slutten av ${month}.`,
  backlogAge: (date, n, nText, days, change) => {
    const what = n === 0 ? `ingen åpne saker eldre enn ${days} dager` : `${nText} ${cases(n, 'åpen sak', 'åpne saker')} eldre enn ${days} dager`;
    const compared =
      change === null ? '' : change.kind === 'same' ? ', like mange som ved forrige månedsslutt' : `, ${change.size} ${change.kind === 'fewer' ? 'færre' : 'flere'} enn ved forrige månedsslutt`;
    return `Per ${date} var det ${what}${compared}.`;
  },
  reopenRate: (month, now, previousMonth, before, rose) =>
    `Andelen gjenåpnede saker blant dem som ble løst, ${rose ? 'steg' : 'sank'} fra ${before} i ${previousMonth} til ${now} i ${month}.`,
  totalTrend: (direction, since) => {
    if (since === null) return `Trenden er ${trendWord[direction]}.`;
    if (since.kind === 'since') return `Trenden er synkende siden ${since.month}.`;
    if (since.kind === 'lastMonth') return `Trenden er ${trendWord[direction]}, og antallet gikk ned siste måned.`;
    if (since.kind === 'wholeWindow') return 'Trenden er synkende: antallet har ikke økt i noen måned i perioden.';
    return `Trenden er ${trendWord[direction]}, men antallet økte siste måned.`;
  },

  priorityCount: (month, n, nText, priority) =>
    n === 0 ? `I ${month} hadde vi ingen hendelser med ${priority.toLowerCase()} prioritet.` : `I ${month} hadde vi ${nText} ${cases(n, 'hendelse', 'hendelser')} med ${priority.toLowerCase()} prioritet:`,
  listItem: (date, municipality, description, outcome) => `${date} – ${municipality} – ${description} (${outcome})`,
  descriptionLeftOut: 'beskrivelse utelatt',
  descriptionsLeftOut:
    'Beskrivelsene er utelatt fordi emnefeltet kan inneholde personopplysninger. Ta dem med med psa report --include-subjects, eller skriv egne beskrivelser i en notatfil (--notes).',
  outcomeResolved: (hours, service, met, target) => {
    const time = `løst på ${hours} ${service ? 'timer i åpningstiden' : 'timer'}`;
    if (met === null || target === null) return time;
    return `${time}, ${met ? 'innenfor' : 'over'} målet på ${target} timer`;
  },
  outcomeOpen: (date) => `åpen per ${date}`,
  compliance: (priority, met, resolved, target, pct) => `${priority}: ${met} av ${resolved} løst innenfor målet på ${target} timer (${pct}).`,
  complianceNone: (priority, month) => `${priority}: ingen hendelser løst i ${month}.`,
  openPastTarget: (date, parts) => `Per ${date} var ${parts} åpne og over fristen.`,
  openPastTargetPart: (n, nText, priority) => `${nText} ${cases(n, 'hendelse', 'hendelser')} med ${priority.toLowerCase()} prioritet`,
  noOpenPastTarget: (date) => `Ingen åpne hendelser var over fristen per ${date}.`,

  resolutionIntro: (hourPriorities, dayPriorities) =>
    `Tiden er målt i kalendertid, i timer for ${hourPriorities} og i dager for ${dayPriorities}, og kan relateres til gjeldende SLA for de ulike prioritetene.`,
  breachRisk: (when, n, nText, parts) =>
    `Per ${when} var ${nText} ${cases(n, 'hendelse', 'hendelser')} med kritisk eller høy prioritet fortsatt ${cases(n, 'åpen', 'åpne')}: ${parts}.`,
  breachRiskPart: (state, n, nText) =>
    state === 'breached'
      ? `${nText} hadde passert løsningsfristen`
      : state === 'dueWithinHour'
        ? `${nText} hadde under én time igjen til fristen`
        : `${nText} hadde mer tid igjen`,
  breachRiskItem: (ticket, priority, municipality, dueDate, dueTime, hours, breached, unit) => {
    const u = unit === 'service' ? 'timer i åpningstiden' : 'timer';
    return `Sak ${ticket} (${priority}, ${municipality}): frist ${dueDate} kl. ${dueTime}, ${breached ? `passert med ${hours} ${u}` : `${hours} ${u} igjen`}`;
  },
  dateAndTime: (date, time) => `${date} kl. ${time}`,
  massClosure: (date, nText, from, to) =>
    `Den ${date} ble ${nText} saker løst eller lukket i løpet av få minutter (kl. ${from}–${to}). Slike masselukkinger gir et misvisende bilde av løsningstiden.`,
  massClosureEffect: (priority, withMass, without, n, nText, unit) => {
    const u = unit === 'hours' ? 'timer' : 'dager';
    if (without === null) return `Alle løste hendelser med prioritet ${priority} ble lukket i en masselukking.`;
    return n === 1
      ? `Uten den masselukkede saken er snittet for prioritet ${priority} ${without} ${u}, mot ${withMass} ${u} med den.`
      : `Uten de ${nText} masselukkede sakene er snittet for prioritet ${priority} ${without} ${u}, mot ${withMass} ${u} med dem.`;
  },
  oldCases: (priority, withOld, withoutOld, nOld, unit) => {
    const u = unit === 'hours' ? 'timer' : 'dager';
    return withoutOld === null
      ? `Gamle saker som blir løst utløser høy gjennomsnittlig løsningstid: alle løste hendelser med prioritet ${priority} var gamle saker (${nOld}), med et snitt på ${withOld} ${u}.`
      : `Gamle saker som blir løst utløser høy gjennomsnittlig løsningstid: for prioritet ${priority} er snittet ${withOld} ${u} med de ${nOld} gamle sakene og ${withoutOld} ${u} uten dem.`;
  },

  table: {
    category: 'Kategori',
    municipality: 'Kommune',
    incidents: 'Feilmeldinger',
    requests: 'Forespørsler',
    total: 'Totalt',
    sum: 'Sum',
    openAtEnd: (date) => `Åpne per ${date}`,
    openChange: 'Endring åpne',
    priority: 'Prioritet',
    target: 'Mål (timer)',
    met: 'Innenfor målet',
    breached: 'Over målet',
    compliance: 'Oppnåelse',
    openBreached: 'Åpne over fristen',
    unit: 'Enhet',
    resolved: 'Løste',
    mean: 'Gjennomsnitt',
    median: 'Median',
    nOld: 'Gamle saker',
    meanWithoutOld: 'Gjennomsnitt uten gamle',
    medianWithoutOld: 'Median uten gamle',
    hours: 'timer',
    days: 'dager',
    none: '–',
  },
  chartAlt: {
    'new-by-category': (from, to) => `Stolpediagram: nye feil og forespørsler per måned fra ${from} til ${to}, stablet etter kategori.`,
    'new-by-municipality': (from, to) => `Stolpediagram: nye feil og forespørsler per måned fra ${from} til ${to}, stablet etter kommune.`,
    'open-incidents': (from, to) => `Linjediagram: åpne feilmeldinger ved hver månedsslutt fra ${from} til ${to}, med antallet over hvert punkt og en stiplet trendlinje.`,
    'open-requests': (from, to) => `Linjediagram: åpne tjenesteforespørsler ved hver månedsslutt fra ${from} til ${to}, med antallet over hvert punkt og en stiplet trendlinje.`,
    'open-total': (from, to) => `Linjediagram: alle åpne saker ved hver månedsslutt fra ${from} til ${to}, med antallet over hvert punkt og en stiplet trendlinje.`,
    'sla-compliance': (from, to) => `Linjediagram: andel hendelser løst innenfor SLA-målet per måned fra ${from} til ${to}, ett panel per prioritet; måneder uten løste hendelser er tomme.`,
    'resolution-time': (from, to) => `Linjediagram: gjennomsnittlig og median løsningstid per prioritet og måned fra ${from} til ${to}, med og uten gamle saker.`,
  },
  partOf: (part, whole) => `${part} av ${whole}`,
  hoursUnit: (n) => `${n} timer`,
  daysUnit: (n) => `${n} dager`,
  documentTitle: (heading, month) => `${heading} – ${month}`,
};
