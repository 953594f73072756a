import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, LongTextSchema, PersonSchema, ShortTextSchema, UrlSchema, VersionedSchema } from './primitives';

export const RiskCategorySchema = z.enum([
  'overpromise',
  'integration-gap',
  'free-services',
  'timeline',
  'commercial-mismatch',
  'icp-drift',
  'stakeholder',
  'capacity',
  'competitor',
  'other',
]);
export const SeveritySchema = z.enum(['low', 'medium', 'high', 'critical']);

export const RiskFlagSchema = VersionedSchema.extend({
  id: IdSchema,
  accountId: IdSchema.nullable(),
  category: RiskCategorySchema,
  severity: SeveritySchema,
  quote: LongTextSchema.optional(),
  url: UrlSchema.optional(),
  pageTitle: ShortTextSchema.optional(),
  note: LongTextSchema.optional(),
  createdBy: PersonSchema,
  resolved: z.boolean(),
  resolvedBy: PersonSchema.optional(),
  resolvedAt: IsoDateTimeSchema.optional(),
  resolutionNote: LongTextSchema.optional(),
});

export type RiskCategory = z.infer<typeof RiskCategorySchema>;
export type Severity = z.infer<typeof SeveritySchema>;
export type RiskFlag = z.infer<typeof RiskFlagSchema>;
