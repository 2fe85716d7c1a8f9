/**
 * Open cases and their trend: the METRICS.md rules this family's figures follow, with their
 * versions (PROV-1 lists them in metrics.json's provenance).
 *
 * Definition: docs/METRICS.md#volumes
 */
export const DOCS = 'docs/METRICS.md#volumes';

export const RULES: Readonly<Record<string, number>> = {
  'OPEN-1': 1,
  'OPEN-2': 1,
  'OPEN-3': 1,
  'OPEN-4': 1,
  'TREND-1': 1,
};
