/**
 * Volumes: new tickets and security alerts: the METRICS.md rules this family's figures follow, with their
 * versions (PROV-1 lists them in metrics.json's provenance).
 *
 * Definition: docs/METRICS.md#volumes
 */
export const DOCS = 'docs/METRICS.md#volumes';

export const RULES: Readonly<Record<string, number>> = {
  'NEW-1': 2,
  'NEW-2': 2,
};
