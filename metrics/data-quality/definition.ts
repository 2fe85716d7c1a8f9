/**
 * Data quality: findings and mass closures: the METRICS.md rules this
 * family's figures follow, with their versions (PROV-1 lists them in
 * metrics.json's provenance).
 *
 * Findings are no numbered rule: each is the transform's (README, "Findings").
 * QUALITY-1 (MASS_CLOSURE) is the metrics' own: tickets resolved or closed
 * in one burst, found across tickets (data-quality/mass-closure.ts).
 * Definition: docs/METRICS.md#data-quality
 */
export const DOCS = 'docs/METRICS.md#data-quality';

export const RULES: Readonly<Record<string, number>> = {
  'QUALITY-1': 1,
};
