/**
 * Data quality: findings: the METRICS.md rules this family's figures follow, with their
 * versions (PROV-1 lists them in metrics.json's provenance).
 *
 * Findings are no numbered rule: each is the transform's (README, "Findings"); the family has no version of its own.
 * Definition: docs/METRICS.md#data-quality
 */
export const DOCS = 'docs/METRICS.md#data-quality';

export const RULES: Readonly<Record<string, number>> = {};
