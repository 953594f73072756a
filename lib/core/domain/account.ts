import { z } from 'zod';
import { CrmRecordRefSchema } from './crm-record';
import { IdSchema, IsoDateSchema, PersonSchema, ShortTextSchema, TextSchema, VersionedSchema } from './primitives';

export const SegmentSchema = z.enum(['enterprise', 'mid-market', 'smb']);
export const LifecycleStageSchema = z.enum(['onboarding', 'activation', 'value-realisation', 'renewal-readiness', 'expansion', 'churned']);

// A stored link keeps only what identifies the record; the page-read name and
// domain are hints for first-time matching, not identity.
export const CrmLinkSchema = CrmRecordRefSchema.pick({
  platform: true,
  host: true,
  objectType: true,
  kind: true,
  recordId: true,
  tenant: true,
});

export const AccountSchema = VersionedSchema.extend({
  id: IdSchema,
  name: TextSchema.trim().min(1).max(200),
  websiteDomain: TextSchema.trim().toLowerCase().max(253).optional(),
  segment: SegmentSchema,
  industry: ShortTextSchema.optional(),
  employeeCount: z.number().int().nonnegative().optional(),
  region: ShortTextSchema.optional(),
  currency: TextSchema.length(3).default('USD'),
  arr: z.number().nonnegative(),
  seats: z.number().int().nonnegative().optional(),
  // Integrations the customer needs; ICP rules test them against what the product supports.
  integrations: z.array(ShortTextSchema).default([]),
  contractStart: IsoDateSchema.optional(),
  renewalDate: IsoDateSchema.optional(),
  closedWonDate: IsoDateSchema.optional(),
  kickoffDate: IsoDateSchema.optional(),
  ownerAe: PersonSchema.optional(),
  csm: PersonSchema.optional(),
  lifecycleStage: LifecycleStageSchema,
  // Sales and marketing cost to win the account, and the expansion ARR the
  // plan expected: the alignment dashboard prices bad fit with them.
  acquisitionCost: z.number().nonnegative().optional(),
  expectedExpansionArr: z.number().nonnegative().optional(),
  expansionArr: z.number().nonnegative().optional(),
  crmRefs: z.array(CrmLinkSchema).default([]),
});

export type Segment = z.infer<typeof SegmentSchema>;
export type LifecycleStage = z.infer<typeof LifecycleStageSchema>;
export type CrmLink = z.infer<typeof CrmLinkSchema>;
export type Account = z.infer<typeof AccountSchema>;
export type AccountInput = z.input<typeof AccountSchema>;
