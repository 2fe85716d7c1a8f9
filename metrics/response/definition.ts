/**
 * First-response times: the METRICS.md rule this family's figures follow,
 * with its version (PROV-1 lists it in metrics.json's provenance).
 *
 * Definition: docs/METRICS.md#backlog-health
 */
export const DOCS = 'docs/METRICS.md#backlog-health';

export const RULES: Readonly<Record<string, number>> = {
  'RESP-1': 1,
};
