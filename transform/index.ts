/**
 * The transform stage's public entry point: what the stages after it
 * (metrics, publications, dashboards, report) use of it, the rules, the
 * names of the finding rules, and the subjects of listed tickets (personal
 * data, kept in staging only). They import nothing else from transform/
 * (tests/core/import-cycles.test.ts holds them to that); the command line
 * and the bench drive the whole stage and may import any of it.
 */
export { DEFAULT_RULES_PATH, loadRules, parseRules, type AgeBucket, type PriorityRule, type Rules, type TicketClass } from './rules.ts';
export { FINDING_RULE_NAMES, type FindingRule } from './messages.ts';
export { ticketSubjects } from './subjects.ts';
export { reopenedOf } from './classify.ts';
