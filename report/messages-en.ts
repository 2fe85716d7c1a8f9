/** The report's sentences in English (`--lang en`). */
import type { Direction, ReportMessages } from './messages.ts';

const trendWord: Readonly<Record<Direction, string>> = { falling: 'falling', rising: 'rising', stable: 'stable' };
const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);

export const EN: ReportMessages = {
  defaultHeading: { number: '2.1.4', title: 'Service and support' },
  sections: {
    categories: 'New incidents and requests by category',
    municipalities: 'New incidents and requests by municipality',
    openIncidents: 'Open incidents',
    openRequests: 'Open service requests',
    openTotal: 'Incidents and service requests',
    sla: 'Service level agreement – SLA',
    resolutionTime: 'Mean resolution time for incidents',
  },

  repair: (range, down, months, windowMonths, all) =>
    `The monthly open counts are adjusted ${down ? 'down' : 'up'} by about ${range} cases in the new calculation, because tickets without a registered resolved date were found. ` +
    (all ? `This was done for all ${windowMonths} months.` : `This applies to ${months} of the ${windowMonths} months.`),
  largestChange: (municipality, size, down) => `The largest change in open cases last month is in ${municipality}, where open cases ${down ? 'fell' : 'rose'} by ${size}.`,
  alertRise: (before, now, significantOf) =>
    `Alerts of possible security breaches rose sharply last month, from ${before} to ${now}` +
    (significantOf === null ? '.' : `, and make up a considerable part of the tickets coming in to the service desk (${significantOf}).`),

  newTotal: (month, total, incidents, requests) => `${total} tickets came in during ${month}: ${incidents} incidents and ${requests} service requests.`,
  alerts: (alerts, sources) => `${alerts} of them are alerts of a possible security threat from ${sources}.`,
  alertSource: (source, n) => `${source} (${n})`,
  alertCategory: (categories, higher, month) => `They are counted under ${categories}${higher ? `, which was higher than normal in ${month}` : ''}.`,
  alertCategoryName: (category, n) => (n === null ? `the category ${category}` : `the category ${category} (${n})`),
  higherThanNormal: (categories, month) =>
    categories.length === 1 ? `The category ${categories[0]} was higher than normal in ${month}.` : `The categories ${categories.slice(0, -1).join(', ')} and ${categories.at(-1)} were higher than normal in ${month}.`,
  noNewTickets: (month) => `No incidents or requests came in during ${month}.`,

  municipalityIntro: 'The table shows the incidents and requests per municipality.',
  municipalityChanges: (changes) => `Change in open cases since last month: ${changes}.`,
  municipalityChange: (municipality, change) => `${municipality} ${change}`,
  noOpenChange: 'Open cases are unchanged since last month in every municipality.',

  resolvedVersusNew: (cls, relation, month, resolved, created) => {
    const what = cls === 'incident' ? 'incidents' : 'requests';
    if (relation === 'more') return `In ${month} we resolved more ${what} than came in (${resolved} resolved, ${created} new).`;
    if (relation === 'fewer') return `In ${month} more ${what} came in than we resolved (${created} new, ${resolved} resolved).`;
    return `In ${month} we resolved as many ${what} as came in (${resolved}).`;
  },
  openIncidents: (date, n, direction) => `Open incidents on ${date} were ${n}, with a ${trendWord[direction]} trend.`,
  openRequests: (date, n, direction, same) => `Open service requests are ${n} on ${date}. The trend for requests is ${same ? 'also ' : ''}${trendWord[direction]}.`,
  openTotal: (month, n) => `In all, that gives ${n} open cases at the end of ${month}.`,
  backlogAge: (date, n, nText, days, change) => {
    const what = n === 0 ? `no open cases were older than ${days} days` : `${nText} open ${plural(n, 'case was', 'cases were')} older than ${days} days`;
    const compared =
      change === null ? '' : change.kind === 'same' ? ', as many as at the end of the month before' : `, ${change.size} ${change.kind === 'fewer' ? 'fewer' : 'more'} than at the end of the month before`;
    return `On ${date}, ${what}${compared}.`;
  },
  reopenRate: (month, now, previousMonth, before, rose) =>
    `The share of resolved tickets that had been reopened ${rose ? 'rose' : 'fell'} from ${before} in ${previousMonth} to ${now} in ${month}.`,
  totalTrend: (direction, since) => {
    if (since === null) return `The trend is ${trendWord[direction]}.`;
    if (since.kind === 'since') return `The trend has been falling since ${since.month}.`;
    if (since.kind === 'lastMonth') return `The trend is ${trendWord[direction]}, and the count fell last month.`;
    if (since.kind === 'wholeWindow') return 'The trend is falling: the count has not risen in any month of the period.';
    return `The trend is ${trendWord[direction]}, but the count rose last month.`;
  },

  priorityCount: (month, n, nText, priority) =>
    n === 0 ? `In ${month} we had no incidents of priority ${priority}.` : `In ${month} we had ${nText} ${plural(n, 'incident', 'incidents')} of priority ${priority}:`,
  listItem: (date, municipality, description, outcome) => `${date} – ${municipality} – ${description} (${outcome})`,
  descriptionLeftOut: 'description left out',
  descriptionsLeftOut:
    'The descriptions are left out because the subject field may hold personal data. Include them with psa report --include-subjects, or write your own in a notes file (--notes).',
  outcomeResolved: (hours, service, met, target) => {
    const time = `resolved in ${hours} ${service ? 'service hours' : 'hours'}`;
    if (met === null || target === null) return time;
    return `${time}, ${met ? 'within' : 'over'} the target of ${target} hours`;
  },
  outcomeOpen: (date) => `open on ${date}`,
  compliance: (priority, met, resolved, target, pct) => `${priority}: ${met} of ${resolved} resolved within the target of ${target} hours (${pct}).`,
  complianceNone: (priority, month) => `${priority}: no incidents resolved in ${month}.`,
  openPastTarget: (date, parts) => `On ${date}, ${parts} were open and past their target.`,
  openPastTargetPart: (n, nText, priority) => `${nText} ${plural(n, 'incident', 'incidents')} of priority ${priority}`,
  noOpenPastTarget: (date) => `No open incident was past its target on ${date}.`,

  resolutionIntro: (hourPriorities, dayPriorities) =>
    `Times are calendar time, in hours for ${hourPriorities} and in days for ${dayPriorities}, and can be set against the SLA of each priority.`,
  breachRisk: (when, n, nText, parts) =>
    `On ${when}, ${nText} ${plural(n, 'incident', 'incidents')} of critical or high priority ${plural(n, 'was', 'were')} still open: ${parts}.`,
  breachRiskPart: (state, n, nText) =>
    state === 'breached'
      ? `${nText} past ${plural(n, 'its', 'their')} resolution target`
      : state === 'dueWithinHour'
        ? `${nText} due within an hour`
        : `${nText} with more time left`,
  breachRiskItem: (ticket, priority, municipality, dueDate, dueTime, hours, breached, unit) => {
    const u = unit === 'service' ? 'service hours' : 'hours';
    return `Ticket ${ticket} (${priority}, ${municipality}): due ${dueDate} at ${dueTime}, ${breached ? `past due by ${hours} ${u}` : `${hours} ${u} left`}`;
  },
  dateAndTime: (date, time) => `${date} at ${time}`,
  massClosure: (date, nText, from, to) =>
    `On ${date}, ${nText} tickets were resolved or closed within a few minutes (${from}–${to}). Mass closures like this give a misleading picture of resolution times.`,
  massClosureEffect: (priority, withMass, without, n, nText, unit) => {
    const u = unit === 'hours' ? 'hours' : 'days';
    if (without === null) return `Every resolved incident of priority ${priority} was closed in a mass closure.`;
    return `Without the ${n === 1 ? 'mass-closed ticket' : `${nText} mass-closed tickets`}, the mean for priority ${priority} is ${without} ${u}, against ${withMass} ${u} with ${n === 1 ? 'it' : 'them'}.`;
  },
  oldCases: (priority, withOld, withoutOld, nOld, unit) => {
    const u = unit;
    return withoutOld === null
      ? `Old cases that get resolved give a high mean resolution time: every resolved incident of priority ${priority} was an old case (${nOld}), with a mean of ${withOld} ${u}.`
      : `Old cases that get resolved give a high mean resolution time: for priority ${priority} the mean is ${withOld} ${u} with the ${nOld} old cases and ${withoutOld} ${u} without them.`;
  },

  table: {
    category: 'Category',
    municipality: 'Municipality',
    incidents: 'Incidents',
    requests: 'Requests',
    total: 'Total',
    sum: 'Sum',
    openAtEnd: (date) => `Open on ${date}`,
    openChange: 'Change in open',
    priority: 'Priority',
    target: 'Target (hours)',
    met: 'Within target',
    breached: 'Over target',
    compliance: 'Compliance',
    openBreached: 'Open past target',
    unit: 'Unit',
    resolved: 'Resolved',
    mean: 'Mean',
    median: 'Median',
    nOld: 'Old cases',
    meanWithoutOld: 'Mean without old',
    medianWithoutOld: 'Median without old',
    hours: 'hours',
    days: 'days',
    none: '–',
  },
  chartAlt: {
    'new-by-category': (from, to) => `Bar chart: new incidents and requests per month from ${from} to ${to}, stacked by category.`,
    'new-by-municipality': (from, to) => `Bar chart: new incidents and requests per month from ${from} to ${to}, stacked by municipality.`,
    'open-incidents': (from, to) => `Line chart: open incidents at each month end from ${from} to ${to}, with the count above each point and a dashed trend line.`,
    'open-requests': (from, to) => `Line chart: open service requests at each month end from ${from} to ${to}, with the count above each point and a dashed trend line.`,
    'open-total': (from, to) => `Line chart: all open cases at each month end from ${from} to ${to}, with the count above each point and a dashed trend line.`,
    'sla-compliance': (from, to) => `Line chart: share of incidents resolved within the SLA target per month from ${from} to ${to}, one panel per priority; months without resolved incidents are empty.`,
    'resolution-time': (from, to) => `Line chart: mean and median resolution time per priority and month from ${from} to ${to}, with and without old cases.`,
  },
  partOf: (part, whole) => `${part} of ${whole}`,
  hoursUnit: (n) => `${n} hours`,
  daysUnit: (n) => `${n} days`,
  documentTitle: (heading, month) => `${heading} – ${month}`,
};
