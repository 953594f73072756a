import type { HealthComponent } from './health-snapshot';
import type { RiskCategory } from './risk-flag';

// The words people read for the core's enums, kept in the core so the panel,
// the dashboard and the texts the core writes (the review agenda, the brief)
// say the same thing.

export const HEALTH_COMPONENT_LABELS: Record<HealthComponent, string> = {
  adoption: 'Adoption',
  activeUsers: 'Active-user trend',
  logins: 'Logins per user',
  support: 'Support load',
  sentiment: 'Sentiment (NPS/CSAT)',
  sponsor: 'Sponsor engagement',
  timeToValue: 'Time to first value',
};

export const RISK_CATEGORY_LABELS: Record<RiskCategory, string> = {
  overpromise: 'Over-promise',
  'integration-gap': 'Integration gap',
  'free-services': 'Free services',
  timeline: 'Timeline',
  'commercial-mismatch': 'Commercial mismatch',
  'icp-drift': 'ICP drift',
  stakeholder: 'Stakeholder',
  capacity: 'Capacity',
  competitor: 'Competitor',
  other: 'Other',
};
