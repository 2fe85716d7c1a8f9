/**
 * Resolution times and service hours: the METRICS.md rules this family's figures follow, with their
 * versions (PROV-1 lists them in metrics.json's provenance).
 *
 * Definition: docs/METRICS.md#durations-service-hours-and-sla
 */
export const DOCS = 'docs/METRICS.md#durations-service-hours-and-sla';

export const RULES: Readonly<Record<string, number>> = {
  'HOURS-1': 1,
  'DUR-1': 1,
  'DUR-2': 2,
};
