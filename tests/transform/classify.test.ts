/**
 * The transform of one ticket under the shipped rules: each test names the
 * METRICS.md rule it checks.
 */
import { describe, expect, it } from 'vitest';
import { TicketClassifier, type Finding, type TicketInput } from '../../transform/classify.ts';
import { loadRules } from '../../transform/rules.ts';

const rules = loadRules();
const classifier = new TicketClassifier(rules);

const BASE: TicketInput = {
  ticket_number: 1,
  subject: 'Skriver virker ikke',
  ticket_type: 'Feil',
  status: 'Lukket',
  core_status: null,
  priority: 'Normal',
  category1: 'Klient/maskinvare',
  category2: 'Skriver',
  category3: null,
  requester: 'Kari Nordmann',
  requester_email: 'kari.nordmann@molde.kommune.no',
  company: 'Molde kommune',
  department: 'Molde – Helse og omsorg',
  // Friday 11 October 2024, 10:00 Oslo (CEST).
  created: '2024-10-11T08:00:00Z',
  modified: '2024-10-14T09:00:00Z',
  responded: '2024-10-11T08:30:00Z',
  resolved: '2024-10-14T07:00:00Z', // Monday 09:00 Oslo
  closed: '2024-10-14T09:00:00Z',
  reopened_count: 0,
  marked_for_deletion: 0,
};

function run(overrides: Partial<TicketInput>) {
  const findings: Finding[] = [];
  const facts = classifier.classify({ ...BASE, ...overrides }, findings);
  return { facts, findings, rules: findings.map((f) => f.rule) };
}

describe('CLASS-1: ticket class from the ticket type', () => {
  it('maps incident, request and other types, ignoring case and spaces', () => {
    expect(run({ ticket_type: 'Feil' }).facts.ticket_class).toBe('incident');
    expect(run({ ticket_type: ' hendelse ' }).facts.ticket_class).toBe('incident');
    expect(run({ ticket_type: 'Forespørsel' }).facts.ticket_class).toBe('request');
    expect(run({ ticket_type: 'Service request' }).facts.ticket_class).toBe('request');
    expect(run({ ticket_type: 'Internsak' }).facts).toMatchObject({ ticket_class: 'other', counted: 0 });
    expect(run({ ticket_type: 'Internsak' }).rules).toEqual([]);
  });

  it('makes an unmapped type other, not counted, with a finding', () => {
    const { facts, findings } = run({ ticket_type: 'Endringsønske' });
    expect(facts).toMatchObject({ ticket_class: 'other', counted: 0 });
    expect(findings).toEqual([{ ticket_number: 1, rule: 'UNMAPPED_TYPE', message: 'ticket type "Endringsønske" is not in the rules; class other', details: '{"ticketType":"Endringsønske"}' }]);
  });
});

describe('STATUS-1: status class', () => {
  it('maps the Pureservice statuses, whatever the dash', () => {
    for (const s of ['Ny', 'Under arbeid', 'Venter – sluttbruker', 'Venter - tredjepart']) expect(run({ status: s, resolved: null }).facts.status_class, s).toBe('open');
    expect(run({ status: 'Løst' }).facts.status_class).toBe('resolved');
    expect(run({ status: 'Lukket' }).facts.status_class).toBe('closed');
  });

  it('treats an unmapped status as open, with a finding', () => {
    const { facts, findings } = run({ status: 'Parkert', resolved: null });
    expect(facts.status_class).toBe('open');
    expect(findings.map((f) => [f.rule, f.message])).toEqual([['UNMAPPED_STATUS', 'status "Parkert" is not in the rules; treated as open']]);
  });

  it('lets coreStatus >= 50 decide where the export has it', () => {
    expect(run({ status: 'Parkert', core_status: 60 }).facts.status_class).toBe('resolved');
    expect(run({ status: 'Parkert', core_status: 10, resolved: null }).facts.status_class).toBe('open');
    const conflict = run({ status: 'Under arbeid', core_status: 50 });
    expect(conflict.facts).toMatchObject({ status_class: 'resolved', resolved_source: 'export' });
    expect(conflict.rules).toEqual(['STATUS_CONFLICT']);
    expect(run({ status: 'Lukket', core_status: 90 }).rules).toEqual([]);
  });
});

describe('STATUS-2: marked for deletion', () => {
  it('is not counted and is listed as a finding', () => {
    const { facts, rules: fired } = run({ marked_for_deletion: 1 });
    expect(facts.counted).toBe(0);
    expect(facts.ticket_class).toBe('incident');
    expect(fired).toEqual(['MARKED_FOR_DELETION']);
  });
});

describe('RESOLVED-1: the effective resolution instant', () => {
  it('is the resolved date when the status is resolved or closed', () => {
    expect(run({}).facts).toMatchObject({ resolved: '2024-10-14T07:00:00Z', resolved_source: 'export', resolved_month: '2024-10' });
    expect(run({}).rules).toEqual([]);
  });

  it('is repaired from the closed time when the resolved date is missing', () => {
    const { facts, findings } = run({ resolved: null });
    expect(facts).toMatchObject({ resolved: '2024-10-14T09:00:00Z', resolved_source: 'closed', naive_resolved_month: null });
    expect(findings).toEqual([
      {
        ticket_number: 1,
        rule: 'MISSING_RESOLVED_DATE',
        message: 'status "Lukket" has no resolved date; resolution taken from the closed time 2024-10-14T09:00:00Z',
        details: JSON.stringify({ status: 'Lukket', closed: '2024-10-14T09:00:00Z', modified: '2024-10-14T09:00:00Z', source: 'closed', resolved: '2024-10-14T09:00:00Z' }),
      },
    ]);
  });

  it('falls back to the last-modified time, then to the created time', () => {
    expect(run({ status: 'Løst', resolved: null, closed: null }).facts).toMatchObject({ resolved: '2024-10-14T09:00:00Z', resolved_source: 'modified' });
    expect(run({ status: 'Løst', resolved: null, closed: null, modified: null }).facts).toMatchObject({ resolved: '2024-10-11T08:00:00Z', resolved_source: 'created', resolution_hours: 0 });
  });

  it('gives an open ticket no resolution even with a resolved date (reopened)', () => {
    const { facts, findings } = run({ status: 'Under arbeid', closed: null, reopened_count: 1 });
    expect(facts).toMatchObject({ resolved: null, resolved_source: null, resolved_month: null, naive_resolved_month: '2024-10', resolution_hours: null });
    expect(findings.map((f) => [f.rule, f.message])).toEqual([
      ['REOPENED_STILL_OPEN', 'status "Under arbeid" is open, so the resolved date 2024-10-14T07:00:00Z is not used (reopened 1 time)'],
    ]);
  });
});

describe('RESOLVED-1 with repairMissingResolvedDates: false (the old extract, issue 15)', () => {
  const noRepair = new TicketClassifier({ ...rules, repairMissingResolvedDates: false });
  const plain = (overrides: Partial<TicketInput>) => {
    const findings: Finding[] = [];
    return { facts: noRepair.classify({ ...BASE, ...overrides }, findings), findings };
  };

  it('leaves a closed ticket without a resolved date open, with the finding that says it was not repaired', () => {
    const { facts, findings } = plain({ resolved: null });
    expect(facts).toMatchObject({ resolved: null, resolved_source: null, resolved_month: null, naive_resolved_month: null, resolution_hours: null });
    expect(findings.map((f) => [f.rule, f.message])).toEqual([
      ['MISSING_RESOLVED_DATE', 'status "Lukket" has no resolved date; not repaired (repairMissingResolvedDates: false), so counted as open'],
    ]);
  });

  it('counts a reopened ticket resolved at its old resolved date: the resolved date alone (RESOLVED-3)', () => {
    const { facts, findings } = plain({ status: 'Under arbeid', closed: null, reopened_count: 1 });
    expect(facts).toMatchObject({ resolved: '2024-10-14T07:00:00Z', resolved_source: 'export', resolved_month: '2024-10', naive_resolved_month: '2024-10' });
    expect(findings.map((f) => f.rule)).toEqual(['REOPENED_STILL_OPEN']);
  });

  it('changes nothing for a ticket with a resolved date and a resolved status', () => {
    expect(plain({}).facts).toEqual(run({}).facts);
  });
});

describe('RESOLVED-2: resolved before created', () => {
  it('keeps the instant for counting but gives no duration', () => {
    const { facts, rules: fired } = run({ resolved: '2024-10-10T08:00:00Z' });
    expect(facts).toMatchObject({ resolved: '2024-10-10T08:00:00Z', resolved_month: '2024-10', resolution_hours: null, resolution_service_hours: null, resolution_met: null, is_old_case: null });
    expect(fired).toEqual(['RESOLVED_BEFORE_CREATED']);
  });
});

describe('RESOLVED-3: the naive resolution instant', () => {
  it('is the export resolved date alone, whatever the status', () => {
    expect(run({ status: 'Ny', resolved: '2024-11-02T10:00:00Z' }).facts.naive_resolved_month).toBe('2024-11');
    expect(run({ resolved: null }).facts.naive_resolved_month).toBeNull();
  });
});

describe('TIME-3: local months', () => {
  it('counts months in Oslo time', () => {
    // 00:30 on 1 November Oslo time is still 31 October in UTC.
    expect(run({ created: '2024-10-31T23:30:00Z', resolved: null, status: 'Ny' }).facts.created_month).toBe('2024-11');
    expect(run({ created: '2024-10-31T22:30:00Z', resolved: null, status: 'Ny' }).facts.created_month).toBe('2024-10');
  });
});

describe('DUR-1: resolution and response time in calendar and service hours', () => {
  it('measures created → resolved and created → first response', () => {
    // Friday 10:00 → Monday 09:00 Oslo: 71 calendar hours; 5.5 (Friday) + 1 (Monday) service hours.
    expect(run({}).facts).toMatchObject({ resolution_hours: 71, resolution_service_hours: 6.5, response_hours: 0.5, response_service_hours: 0.5, is_old_case: 0 });
  });

  it('marks tickets older than oldCaseDays when resolved (DUR-2)', () => {
    expect(run({ created: '2024-07-01T08:00:00Z' }).facts.is_old_case).toBe(1);
    expect(run({ created: '2024-07-16T08:00:00Z' }).facts.is_old_case).toBe(0); // 90 days minus 1 hour
  });

  it('gives no response time for a response before creation', () => {
    const { facts, rules: fired } = run({ responded: '2024-10-11T07:00:00Z' });
    expect(facts).toMatchObject({ response_hours: null, response_met: null });
    expect(fired).toEqual(['RESPONDED_BEFORE_CREATED']);
  });
});

describe('SLA-1: targets per priority, in service hours', () => {
  it('checks Kritisk against 15 min response and 2 h resolution', () => {
    const met = run({ priority: 'Kritisk', resolved: '2024-10-11T09:30:00Z', responded: '2024-10-11T08:10:00Z' });
    expect(met.facts).toMatchObject({ priority: 'Kritisk', resolution_service_hours: 1.5, resolution_met: 1, response_met: 1, resolution_due: '2024-10-11T10:00:00Z' });
    const late = run({ priority: 'Kritisk' });
    expect(late.facts).toMatchObject({ resolution_met: 0, response_met: 0 });
  });

  it('is met at exactly the target, and counts only service hours', () => {
    // Høy, 4 h: Friday 13:30 → Monday 10:00 is 2 + 2 service hours.
    expect(run({ priority: 'Høy', created: '2024-10-11T11:30:00Z', resolved: '2024-10-14T08:00:00Z' }).facts).toMatchObject({ resolution_service_hours: 4, resolution_met: 1 });
    expect(run({ priority: 'Høy', created: '2024-10-11T11:30:00Z', resolved: '2024-10-14T08:01:00Z' }).facts.resolution_met).toBe(0);
  });

  it('gives no compliance (null) for a priority without a target', () => {
    expect(run({ priority: 'Normal' }).facts).toMatchObject({ resolution_met: null, response_met: null, resolution_due: null });
  });

  it('maps aliases, and flags unknown and missing priorities', () => {
    expect(run({ priority: '1 - Kritisk' }).facts.priority).toBe('Kritisk');
    const unknown = run({ priority: 'Haster' });
    expect(unknown.facts).toMatchObject({ priority: 'Haster', resolution_met: null });
    expect(unknown.rules).toEqual(['UNMAPPED_PRIORITY']);
    expect(run({ priority: null }).rules).toEqual(['MISSING_PRIORITY']);
  });

  it('counts calendar hours for a 24x7 priority', () => {
    const rules24 = { ...rules, priorities: rules.priorities.map(([p, set]) => [{ ...p, calendar: '24x7' as const }, set] as const) };
    const facts = new TicketClassifier(rules24).classify({ ...BASE, priority: 'Kritisk', resolved: '2024-10-11T09:30:00Z' }, []);
    expect(facts).toMatchObject({ resolution_hours: 1.5, resolution_met: 1, resolution_due: '2024-10-11T10:00:00Z' });
  });
});

describe('report category', () => {
  it('takes the first matching rule, else the fallback with a finding', () => {
    expect(run({ category1: 'M365' }).facts.report_category).toBe('Standardapplikasjoner');
    expect(run({ category1: 'Tilgang og brukeradministrasjon' }).facts.report_category).toBe('Tilgang og brukeradministrasjon');
    const none = run({ category1: null, category2: null });
    expect(none.facts.report_category).toBe('Ukategorisert');
    expect(none.findings.map((f) => f.message)).toEqual(['no category rule matched categories empty / empty / empty; shown as Ukategorisert']);
  });
});

describe('NEW-2: security alerts', () => {
  it('recognises Atea SOC and HelseCERT by requester, address or subject, shown under Infrastruktur', () => {
    expect(run({ requester: 'Atea SOC', category1: null }).facts).toMatchObject({ security_alert_source: 'Atea SOC', report_category: 'Infrastruktur' });
    expect(run({ requester: 'Ukjent', requester_email: 'helsecert@nhn.no' }).facts.security_alert_source).toBe('HelseCERT');
    expect(run({ requester: null, requester_email: null, subject: '[Atea SOC] Mulig sikkerhetshendelse' }).facts.security_alert_source).toBe('Atea SOC');
    expect(run({}).facts.security_alert_source).toBeNull();
    expect(run({ requester: 'Atea SOC', category1: null }).rules).toEqual([]);
  });
});

describe('municipality', () => {
  it('comes from Firma first, then the e-mail domain, then Avdeling', () => {
    expect(run({ company: 'Rauma kommune', requester_email: 'x@vestnes.kommune.no' }).facts).toMatchObject({ municipality: 'Rauma', municipality_source: 'company' });
    expect(run({ company: null, requester_email: 'x@skole.vestnes.kommune.no' }).facts).toMatchObject({ municipality: 'Vestnes', municipality_source: 'email' });
    expect(run({ company: '', requester_email: 'x@gmail.com', department: 'Aukra – Oppvekst' }).facts).toMatchObject({ municipality: 'Aukra', municipality_source: 'department' });
  });

  it('counts former municipalities for today\'s (Midsund → Molde; Fræna, Eide → Hustadvika)', () => {
    const midsund = run({ company: 'Midsund kommune' });
    expect(midsund.facts).toMatchObject({ municipality: 'Molde', former_municipality: 'Midsund' });
    expect(midsund.findings.map((f) => f.message)).toEqual(['company names Midsund, counted for Molde']);
    expect(run({ company: null, requester_email: 'ola@fraena.kommune.no' }).facts).toMatchObject({ municipality: 'Hustadvika', former_municipality: 'Fræna', municipality_source: 'email' });
    expect(run({ company: 'Eide kommune' }).facts.municipality).toBe('Hustadvika');
  });

  it('is Ukjent when nothing places the ticket, with a finding that quotes no address', () => {
    const { facts, findings } = run({ company: null, requester_email: 'ola.nordmann@gmail.com', department: null });
    expect(facts).toMatchObject({ municipality: 'Ukjent', municipality_source: null });
    expect(findings.map((f) => [f.rule, f.message, f.details])).toEqual([
      ['UNKNOWN_MUNICIPALITY', 'no municipality from company empty, e-mail domain "gmail.com" or department empty', '{"company":null,"emailDomain":"gmail.com","department":null}'],
    ]);
    expect(JSON.stringify(findings)).not.toContain('ola.nordmann');
  });
});
