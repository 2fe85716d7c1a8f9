/**
 * METRIC_VERSIONS, the METRICS.md rules metrics.json's figures follow with
 * their versions (PROV-1), assembled from the families' `definition.ts`.
 */
import { RULES as AGE } from './age/definition.ts';
import { RULES as DATA_QUALITY } from './data-quality/definition.ts';
import { RULES as OPEN_CASES } from './open-cases/definition.ts';
import { RULES as PROVENANCE } from './provenance/definition.ts';
import { RULES as REOPEN } from './reopen/definition.ts';
import { RULES as RESPONSE } from './response/definition.ts';
import { RULES as RISK } from './risk/definition.ts';
import { RULES as RESOLUTION } from './resolution/definition.ts';
import { RULES as SLA } from './sla/definition.ts';
import { RULES as VOLUMES } from './volumes/definition.ts';
import { RULES as WINDOW } from './window/definition.ts';

const FAMILIES: readonly Readonly<Record<string, number>>[] = [WINDOW, PROVENANCE, VOLUMES, OPEN_CASES, RESOLUTION, SLA, DATA_QUALITY, AGE, REOPEN, RESPONSE, RISK];

function assemble(): Readonly<Record<string, number>> {
  const versions: Record<string, number> = {};
  for (const rules of FAMILIES) {
    for (const [rule, version] of Object.entries(rules)) {
      if (rule in versions) throw new Error(`metric rule ${rule} is defined by two families`);
      versions[rule] = version;
    }
  }
  return Object.freeze(versions);
}

/** The METRICS.md rules the document's figures follow, with their versions (PROV-1). */
export const METRIC_VERSIONS: Readonly<Record<string, number>> = assemble();
