import type { RiskCategory, Severity } from '../domain/risk-flag';

// What a flag's category usually costs if nobody acts: promises the product or
// the services team cannot keep (an integration that does not exist, free work,
// a price that does not match the contract) become escalations in onboarding,
// so they start high. A competitor in the deal or a timeline worry is real but
// recoverable. The person can change it in the panel at any time.
const DEFAULT_SEVERITY: Record<RiskCategory, Severity> = {
  overpromise: 'high',
  'integration-gap': 'high',
  'free-services': 'high',
  'commercial-mismatch': 'high',
  timeline: 'medium',
  'icp-drift': 'medium',
  stakeholder: 'medium',
  capacity: 'medium',
  competitor: 'medium',
  other: 'low',
};

export function defaultSeverity(category: RiskCategory): Severity {
  return DEFAULT_SEVERITY[category];
}

/** Menu and toast wording for each category. */
export const RISK_CATEGORY_MENU_LABELS: Record<RiskCategory, string> = {
  overpromise: 'Over-promise',
  'integration-gap': 'Integration gap',
  'free-services': 'Free services promised',
  timeline: 'Timeline risk',
  'commercial-mismatch': 'Commercial mismatch',
  'icp-drift': 'Outside ideal customer profile',
  stakeholder: 'Stakeholder risk',
  capacity: 'Capacity / resourcing',
  competitor: 'Competitor involved',
  other: 'Other',
};
