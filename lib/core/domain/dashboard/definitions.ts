import { ALIGNMENT_DEFINITIONS } from '../alignment';
import { CAPACITY_DEFINITIONS } from './capacity';
import type { MetricDefinition } from './common';
import { EARLY_CHURN_DEFINITIONS } from './early-churn';
import { KICKOFF_ATTAINMENT_DEFINITIONS } from './kickoff-attainment';
import { PROMISE_LEDGER_DEFINITIONS } from './promise-ledger';
import { RETENTION_DEFINITIONS } from './retention';
import { REVIEW_AGENDA_DEFINITIONS } from './review-agenda';
import { TIME_TO_VALUE_DEFINITIONS } from './time-to-value';

// Apart from the engine (dashboard.ts), which the page never runs: the page
// shows these beside its figures.

/** Every definition the page shows on hover or focus, keyed by metric id. */
export const DASHBOARD_DEFINITIONS: Record<string, MetricDefinition> = {
  ...ALIGNMENT_DEFINITIONS,
  ...RETENTION_DEFINITIONS,
  ...EARLY_CHURN_DEFINITIONS,
  ...TIME_TO_VALUE_DEFINITIONS,
  ...KICKOFF_ATTAINMENT_DEFINITIONS,
  ...PROMISE_LEDGER_DEFINITIONS,
  ...REVIEW_AGENDA_DEFINITIONS,
  ...CAPACITY_DEFINITIONS,
};
