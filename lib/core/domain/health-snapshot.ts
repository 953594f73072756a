import { z } from 'zod';
import { IdSchema, IsoDateSchema } from './primitives';

export const SponsorEngagementSchema = z.enum(['none', 'low', 'medium', 'high']);

// Every input is optional: real data arrives patchily, and a missing input
// must be reported as missing, never scored as zero.
export const HealthSnapshotSchema = z.object({
  id: IdSchema,
  accountId: IdSchema,
  date: IsoDateSchema,
  adoptionPct: z.number().min(0).max(100).optional(),
  // Percentage change in weekly active users against the previous period.
  activeUserTrendPct: z.number().min(-100).max(1000).optional(),
  loginsPerUserPerWeek: z.number().min(0).max(1000).optional(),
  openTickets: z.number().int().min(0).optional(),
  escalations: z.number().int().min(0).optional(),
  nps: z.number().min(-100).max(100).optional(),
  csatPct: z.number().min(0).max(100).optional(),
  sponsorEngagement: SponsorEngagementSchema.optional(),
  // Days from kickoff to the first agreed value milestone; absent until reached.
  daysToFirstValue: z.number().int().min(0).optional(),
});

export const HEALTH_COMPONENTS = ['adoption', 'activeUsers', 'logins', 'support', 'sentiment', 'sponsor', 'timeToValue'] as const;
export const HealthComponentSchema = z.enum(HEALTH_COMPONENTS);

export const HealthWeightsSchema = z
  .object(
    Object.fromEntries(HEALTH_COMPONENTS.map((c) => [c, z.number().min(0).max(100)])) as Record<(typeof HEALTH_COMPONENTS)[number], z.ZodNumber>,
  )
  .refine((w) => Object.values(w).some((v) => v > 0), { message: 'at least one weight must be positive' });

export type SponsorEngagement = z.infer<typeof SponsorEngagementSchema>;
export type HealthSnapshot = z.infer<typeof HealthSnapshotSchema>;
export type HealthComponent = z.infer<typeof HealthComponentSchema>;
export type HealthWeights = z.infer<typeof HealthWeightsSchema>;
