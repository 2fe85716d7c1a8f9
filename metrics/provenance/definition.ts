/**
 * Which tickets count, when a ticket was resolved, publications and restatements: the inputs of every figure and the document around them: the METRICS.md rules this family's figures follow, with their
 * versions (PROV-1 lists them in metrics.json's provenance).
 *
 * Definition: docs/METRICS.md#which-tickets-count
 */
export const DOCS = 'docs/METRICS.md#which-tickets-count';

export const RULES: Readonly<Record<string, number>> = {
  'CLASS-1': 1,
  'STATUS-1': 1,
  'STATUS-2': 1,
  'RESOLVED-1': 2,
  'RESOLVED-2': 1,
  'RESOLVED-3': 1,
  'STATUS-3': 1,
  'RESTATE-1': 1,
};
