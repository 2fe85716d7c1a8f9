/**
 * Open critical and high incidents about to breach: the METRICS.md rule this
 * family's figures follow, with its version (PROV-1 lists it in
 * metrics.json's provenance).
 *
 * Definition: docs/METRICS.md#backlog-health
 */
export const DOCS = 'docs/METRICS.md#backlog-health';

export const RULES: Readonly<Record<string, number>> = {
  'RISK-1': 1,
};
