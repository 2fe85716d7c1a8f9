/**
 * What the family tests of tests/metrics/ share: metrics for a small
 * hand-built export (hand-built.ts), each document checked against the
 * published schema, and a window month's figures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { expect } from 'vitest';
import { computeMetrics, type MetricsOptions } from '../../metrics/compute.ts';
import type { MetricsDocument, MonthFigures } from '../../metrics/document.ts';
import type { PsaDatabase } from '../../store/open.ts';
import { ROOT } from '../helpers.ts';
import { handBuiltStore, type HandTicket } from './hand-built.ts';

const validate = new Ajv.default({ allErrors: true, strict: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(join(ROOT, 'metrics', 'metrics.schema.json'), 'utf8')),
);

const stores: PsaDatabase[] = [];
/** Closes the stores of the test that ran: each test file registers it with `afterEach`. */
export async function closeStores(): Promise<void> {
  while (stores.length > 0) await stores.pop()!.close();
}

/** Metrics for the tickets; by default the report month is 2024-10 (a ticket modified on 31.10.2024 sets the data's end). */
export async function metrics(tickets: readonly HandTicket[], options: MetricsOptions = {}): Promise<MetricsDocument> {
  const marker: HandTicket = { nr: 999, type: 'Internsak', created: '2024-10-31 12:00' };
  const store = await handBuiltStore([...tickets, marker]);
  stores.push(store);
  const doc = computeMetrics(store, options);
  // Every document, however small its data, follows the published schema.
  expect(validate(JSON.parse(JSON.stringify(doc))), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
  return doc;
}

export const month = (doc: MetricsDocument, m: string): MonthFigures => {
  const found = doc.monthly.find((x) => x.month === m);
  if (!found) throw new Error(`${m} is not in the window`);
  return found;
};

