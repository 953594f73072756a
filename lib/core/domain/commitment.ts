import { z } from 'zod';
import {
  IdSchema,
  IsoDateSchema,
  IsoDateTimeSchema,
  LongTextSchema,
  PersonSchema,
  ShortTextSchema,
  TextSchema,
  UrlSchema,
  VersionedSchema,
} from './primitives';

export const CommitmentKindSchema = z.enum(['integration', 'feature', 'timeline', 'pricing', 'professional-services', 'resourcing', 'sla', 'other']);
export const CommitmentStatusSchema = z.enum(['open', 'in-progress', 'delivered', 'pushed-back', 'broken']);
export const RoadmapStatusSchema = z.enum(['live', 'on-roadmap', 'not-on-roadmap', 'unknown']);

export const CommitmentSchema = VersionedSchema.extend({
  id: IdSchema,
  // null while captured from a page that is not a record; the UI asks which account.
  accountId: IdSchema.nullable(),
  text: TextSchema.trim().min(1).max(2000),
  kind: CommitmentKindSchema,
  madeBy: PersonSchema.optional(),
  madeTo: PersonSchema.optional(),
  madeOn: IsoDateSchema.optional(),
  dueDate: IsoDateSchema.optional(),
  status: CommitmentStatusSchema,
  roadmapStatus: RoadmapStatusSchema,
  sourceQuote: LongTextSchema.optional(),
  sourceUrl: UrlSchema.optional(),
  sourceTitle: ShortTextSchema.optional(),
  createdBy: PersonSchema,
  // Why it was pushed back or broken, who said so and when: a settled promise
  // keeps its story, so the next owner does not promise it again.
  statusNote: LongTextSchema.optional(),
  statusChangedBy: PersonSchema.optional(),
  statusChangedAt: IsoDateTimeSchema.optional(),
});

export type CommitmentKind = z.infer<typeof CommitmentKindSchema>;
export type CommitmentStatus = z.infer<typeof CommitmentStatusSchema>;
export type RoadmapStatus = z.infer<typeof RoadmapStatusSchema>;
export type Commitment = z.infer<typeof CommitmentSchema>;
