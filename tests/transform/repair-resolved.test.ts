/**
 * The repair of missing resolved dates on its own, on hand-built tickets:
 * each test names the METRICS.md rule it checks.
 */
import { describe, expect, it } from 'vitest';
import { repairResolvedDate, type ResolvedInput } from '../../transform/repair-resolved.ts';

const CLOSED: ResolvedInput = {
  status: 'Lukket',
  created: '2024-10-11T08:00:00Z',
  modified: '2024-10-16T12:00:00Z',
  resolved: '2024-10-14T07:00:00Z',
  closed: '2024-10-15T09:00:00Z',
  reopened_count: 0,
};
const ticket = (overrides: Partial<ResolvedInput>): ResolvedInput => ({ ...CLOSED, ...overrides });

describe('RESOLVED-1: the effective resolution instant (repairMissingResolvedDates: true)', () => {
  it('RESOLVED-1: a resolved or closed ticket resolves at the export’s resolved date, without a finding', () => {
    expect(repairResolvedDate(CLOSED, 'closed', true)).toEqual({ resolvedAt: '2024-10-14T07:00:00Z', source: 'export', finding: null });
    expect(repairResolvedDate(ticket({ status: 'Løst' }), 'resolved', true)).toEqual({ resolvedAt: '2024-10-14T07:00:00Z', source: 'export', finding: null });
  });

  it('RESOLVED-1: without a resolved date, the closed time, with MISSING_RESOLVED_DATE', () => {
    expect(repairResolvedDate(ticket({ resolved: null }), 'closed', true)).toEqual({
      resolvedAt: '2024-10-15T09:00:00Z',
      source: 'closed',
      finding: {
        rule: 'MISSING_RESOLVED_DATE',
        message: 'status "Lukket" has no resolved date; resolution taken from the closed time 2024-10-15T09:00:00Z',
        details: { status: 'Lukket', closed: '2024-10-15T09:00:00Z', modified: '2024-10-16T12:00:00Z', source: 'closed', resolved: '2024-10-15T09:00:00Z' },
      },
    });
  });

  it('RESOLVED-1: without a closed time either, the last-modified time', () => {
    const repair = repairResolvedDate(ticket({ status: 'Løst', resolved: null, closed: null }), 'resolved', true);
    expect(repair).toMatchObject({ resolvedAt: '2024-10-16T12:00:00Z', source: 'modified' });
    expect(repair.finding?.rule).toBe('MISSING_RESOLVED_DATE');
    expect(repair.finding?.message).toBe('status "Løst" has no resolved date; resolution taken from the modified time 2024-10-16T12:00:00Z');
  });

  it('RESOLVED-1: without a modified time either, the created time', () => {
    const repair = repairResolvedDate(ticket({ resolved: null, closed: null, modified: null }), 'closed', true);
    expect(repair).toMatchObject({ resolvedAt: '2024-10-11T08:00:00Z', source: 'created' });
    expect(repair.finding).toEqual({
      rule: 'MISSING_RESOLVED_DATE',
      message: 'status "Lukket" has no resolved date; resolution taken from the created time (no closed or modified time either) 2024-10-11T08:00:00Z',
      details: { status: 'Lukket', closed: null, modified: null, source: 'created', resolved: '2024-10-11T08:00:00Z' },
    });
  });

  it('RESOLVED-1: the status class decides, not the status name (a coreStatus-resolved "Parkert" is repaired)', () => {
    expect(repairResolvedDate(ticket({ status: 'Parkert', resolved: null }), 'resolved', true)).toMatchObject({ resolvedAt: '2024-10-15T09:00:00Z', source: 'closed' });
  });

  it('RESOLVED-1: an open ticket with a resolved date has no resolution (reopened), with REOPENED_STILL_OPEN', () => {
    expect(repairResolvedDate(ticket({ status: 'Under arbeid', reopened_count: 2 }), 'open', true)).toEqual({
      resolvedAt: null,
      source: null,
      finding: {
        rule: 'REOPENED_STILL_OPEN',
        message: 'status "Under arbeid" is open, so the resolved date 2024-10-14T07:00:00Z is not used (reopened 2 times)',
        details: { status: 'Under arbeid', resolved: '2024-10-14T07:00:00Z', reopenedCount: 2 },
      },
    });
  });

  it('RESOLVED-1: an open ticket without a resolved date has no resolution and no finding, whatever its closed time says', () => {
    expect(repairResolvedDate(ticket({ status: 'Ny', resolved: null }), 'open', true)).toEqual({ resolvedAt: null, source: null, finding: null });
  });

  it('RESOLVED-2 is not the repair’s concern: a resolved date before creation is still the effective instant', () => {
    expect(repairResolvedDate(ticket({ resolved: '2024-10-10T08:00:00Z' }), 'closed', true)).toEqual({ resolvedAt: '2024-10-10T08:00:00Z', source: 'export', finding: null });
  });
});

describe('RESOLVED-1 v2 with repairMissingResolvedDates: false: the naive instant (RESOLVED-3)', () => {
  it('RESOLVED-3: a ticket with a resolved date and a resolved status is unchanged by the switch', () => {
    expect(repairResolvedDate(CLOSED, 'closed', false)).toEqual(repairResolvedDate(CLOSED, 'closed', true));
  });

  it('RESOLVED-3: a closed ticket without a resolved date stays unresolved, with the finding that it was not repaired', () => {
    expect(repairResolvedDate(ticket({ resolved: null }), 'closed', false)).toEqual({
      resolvedAt: null,
      source: null,
      finding: {
        rule: 'MISSING_RESOLVED_DATE',
        message: 'status "Lukket" has no resolved date; not repaired (repairMissingResolvedDates: false), so counted as open',
        details: { status: 'Lukket', closed: '2024-10-15T09:00:00Z', modified: '2024-10-16T12:00:00Z', source: null, resolved: null },
      },
    });
  });

  it('RESOLVED-3: an open ticket with a resolved date counts as resolved at it, with REOPENED_STILL_OPEN', () => {
    expect(repairResolvedDate(ticket({ status: 'Under arbeid', reopened_count: 1 }), 'open', false)).toEqual({
      resolvedAt: '2024-10-14T07:00:00Z',
      source: 'export',
      finding: {
        rule: 'REOPENED_STILL_OPEN',
        message: 'status "Under arbeid" is open, but the resolved date 2024-10-14T07:00:00Z counts (repairMissingResolvedDates: false) (reopened 1 time)',
        details: { status: 'Under arbeid', resolved: '2024-10-14T07:00:00Z', reopenedCount: 1 },
      },
    });
  });

  it('RESOLVED-3: an open ticket without a resolved date has no resolution and no finding', () => {
    expect(repairResolvedDate(ticket({ status: 'Ny', resolved: null }), 'open', false)).toEqual({ resolvedAt: null, source: null, finding: null });
  });

  it('RESOLVED-3: the closed and modified times are never used without the repair', () => {
    for (const statusClass of ['resolved', 'closed', 'open'] as const) {
      expect(repairResolvedDate(ticket({ resolved: null }), statusClass, false).resolvedAt, statusClass).toBeNull();
    }
  });
});
