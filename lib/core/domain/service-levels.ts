import { z } from 'zod';
import type { Segment } from './account';

// What the team promises a customer, per segment. Larger customers have more
// people to bring together, so their go-live is longer, while their first
// response is faster because an outage costs them more.
export const ServiceLevelSchema = z.object({
  kickoffBusinessDays: z.number().int().min(1).max(30),
  firstResponseHours: z.number().int().min(1).max(168),
  goLiveDays: z.number().int().min(1).max(365),
});

export const ServiceLevelsSchema = z.object({
  enterprise: ServiceLevelSchema,
  'mid-market': ServiceLevelSchema,
  smb: ServiceLevelSchema,
});

export type ServiceLevel = z.infer<typeof ServiceLevelSchema>;
export type ServiceLevels = z.infer<typeof ServiceLevelsSchema>;

export function serviceLevelFor(levels: ServiceLevels, segment: Segment): ServiceLevel {
  return levels[segment];
}
