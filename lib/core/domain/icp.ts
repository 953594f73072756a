import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, LongTextSchema, PersonSchema, TextSchema, VersionedSchema } from './primitives';

export const IcpFieldSchema = z.enum(['industry', 'employeeCount', 'arr', 'seats', 'region', 'segment', 'integrations']);

const ruleBase = {
  id: IdSchema,
  field: IcpFieldSchema,
  label: TextSchema.trim().max(200).optional(),
  weight: z.number().min(0).max(100),
  // A hard rule failing puts the account outside the ICP whatever its score.
  hard: z.boolean(),
};

// For the list-valued field (integrations) "in" means every value the account
// has is in the list: a customer needing one unsupported integration is a gap.
export const IcpRuleSchema = z.discriminatedUnion('op', [
  z.object({ ...ruleBase, op: z.literal('in'), values: z.array(TextSchema.trim().min(1)).min(1) }),
  z
    .object({ ...ruleBase, op: z.literal('range'), min: z.number().optional(), max: z.number().optional() })
    .refine((r) => r.min !== undefined || r.max !== undefined, { message: 'a range needs a min or a max' })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: 'min must not exceed max' }),
  z.object({ ...ruleBase, op: z.literal('equals'), value: z.union([TextSchema, z.number(), z.boolean()]) }),
]);

export const IcpProfileSchema = z
  .object({
    id: IdSchema,
    name: TextSchema.trim().min(1).max(200),
    rules: z.array(IcpRuleSchema),
    // Score (0–100) at or above fitThreshold is fit; at or above fringeThreshold is fringe.
    fitThreshold: z.number().min(0).max(100),
    fringeThreshold: z.number().min(0).max(100),
  })
  .refine((p) => p.fringeThreshold <= p.fitThreshold, {
    message: 'the fringe threshold must not exceed the fit threshold',
    path: ['fringeThreshold'],
  });

export const IcpApprovalStatusSchema = z.enum(['requested', 'approved', 'rejected']);

export const IcpApprovalSchema = VersionedSchema.extend({
  accountId: IdSchema,
  status: IcpApprovalStatusSchema,
  requestedBy: PersonSchema,
  requestedAt: IsoDateTimeSchema,
  reason: TextSchema.trim().min(1).max(5000),
  tradeOffs: TextSchema.trim().min(1).max(5000),
  decidedBy: PersonSchema.optional(),
  decidedAt: IsoDateTimeSchema.optional(),
  decisionNote: LongTextSchema.optional(),
});

export type IcpField = z.infer<typeof IcpFieldSchema>;
export type IcpRule = z.infer<typeof IcpRuleSchema>;
export type IcpProfile = z.infer<typeof IcpProfileSchema>;
export type IcpApprovalStatus = z.infer<typeof IcpApprovalStatusSchema>;
export type IcpApproval = z.infer<typeof IcpApprovalSchema>;
