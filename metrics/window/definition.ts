/**
 * Time and the window: the METRICS.md rules this family's figures follow, with their
 * versions (PROV-1 lists them in metrics.json's provenance).
 *
 * Definition: docs/METRICS.md#time
 */
export const DOCS = 'docs/METRICS.md#time';

export const RULES: Readonly<Record<string, number>> = {
  'TIME-1': 1,
  'TIME-2': 1,
  'TIME-3': 1,
  'TIME-4': 2,
};
