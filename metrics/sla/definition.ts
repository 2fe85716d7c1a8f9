/**
 * SLA targets, compliance and breaches: the METRICS.md rules this family's figures follow, with their
 * versions (PROV-1 lists them in metrics.json's provenance).
 *
 * Definition: docs/METRICS.md#durations-service-hours-and-sla
 */
export const DOCS = 'docs/METRICS.md#durations-service-hours-and-sla';

export const RULES: Readonly<Record<string, number>> = {
  'SLA-1': 1,
  'SLA-2': 1,
  'SLA-3': 1,
  'SLA-4': 1,
};
