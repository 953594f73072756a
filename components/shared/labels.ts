import type { HealthBand } from '../../lib/core/domain/health';
import type { IcpBand } from '../../lib/core/domain/icp-evaluate';
import type { CommitmentKind, RoadmapStatus, CommitmentStatus } from '../../lib/core/domain/commitment';
import type { Severity } from '../../lib/core/domain/risk-flag';
import type { Segment } from '../../lib/core/domain/account';
import type { IcpApprovalStatus } from '../../lib/core/domain/icp';
import type { KickoffSlaStatus } from '../../lib/core/domain/kickoff';
import type { PromiseOutcome } from '../../lib/core/domain/dashboard/promise-ledger';
import type { UserRole } from '../../lib/core/domain/settings';
import type { Tone } from '../ui/Badge';

export const USER_ROLE_LABELS: Record<UserRole, string> = {
  ae: 'Account executive (AE)',
  csm: 'Customer success manager (CSM)',
  manager: 'Manager',
  revops: 'RevOps',
};

export const SEGMENT_LABELS: Record<Segment, string> = { enterprise: 'Enterprise', 'mid-market': 'Mid-market', smb: 'SMB' };

export { HEALTH_COMPONENT_LABELS, RISK_CATEGORY_LABELS } from '../../lib/core/domain/labels';

export const HEALTH_BAND_LABELS: Record<HealthBand, string> = { healthy: 'Healthy', watch: 'Watch', 'at-risk': 'At risk' };
export const HEALTH_BAND_TONES: Record<HealthBand, Tone> = { healthy: 'good', watch: 'warn', 'at-risk': 'bad' };

export const ICP_BAND_LABELS: Record<IcpBand, string> = { fit: 'Fit', fringe: 'Fringe', outside: 'Outside ICP' };
export const ICP_BAND_TONES: Record<IcpBand, Tone> = { fit: 'good', fringe: 'warn', outside: 'bad' };

export const COMMITMENT_KIND_LABELS: Record<CommitmentKind, string> = {
  integration: 'Integration',
  feature: 'Feature',
  timeline: 'Timeline',
  pricing: 'Pricing',
  'professional-services': 'Professional services',
  resourcing: 'Resourcing',
  sla: 'SLA',
  other: 'Other',
};

export const COMMITMENT_STATUS_LABELS: Record<CommitmentStatus, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  delivered: 'Delivered',
  'pushed-back': 'Pushed back',
  broken: 'Broken',
};

// A promise's outcome in the dashboard's ledger (promiseOutcome): a settled one's status; one still open or in progress
// is overdue once past its due date.
export const PROMISE_OUTCOME_LABELS: Record<PromiseOutcome, string> = {
  delivered: 'Delivered',
  'pushed-back': 'Pushed back',
  broken: 'Broken',
  overdue: 'Overdue',
  open: 'Open',
};

export const APPROVAL_STATUS_LABELS: Record<IcpApprovalStatus, string> = { requested: 'Requested', approved: 'Approved', rejected: 'Rejected' };

export const KICKOFF_STATUS_LABELS: Record<KickoffSlaStatus, string> = {
  met: 'Met',
  overdue: 'Overdue',
  pending: 'Pending',
  'not-applicable': 'No closed-won date',
};

export const ROADMAP_LABELS: Record<RoadmapStatus, string> = {
  live: 'Live',
  'on-roadmap': 'On roadmap',
  'not-on-roadmap': 'Not on roadmap',
  unknown: 'Roadmap unconfirmed',
};

export const SEVERITY_LABELS: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };
export const SEVERITY_TONES: Record<Severity, Tone> = { low: 'neutral', medium: 'warn', high: 'bad', critical: 'bad' };
export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export const toOptions = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
