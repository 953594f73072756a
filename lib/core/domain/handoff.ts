import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema, LongTextSchema, PersonSchema, TextSchema, VersionSchema } from './primitives';

// Item ids are stable slugs: answers are keyed by them, so renaming a label or
// reordering never changes what an existing answer means.
export const HandoffItemSchema = z.object({
  id: IdSchema,
  label: TextSchema.trim().min(1).max(300),
  required: z.boolean(),
  help: TextSchema.max(1000).optional(),
  // A removed item is archived, not deleted, so its answers keep their meaning.
  archived: z.boolean().optional(),
});

export const HandoffSectionSchema = z.object({
  id: IdSchema,
  title: TextSchema.trim().min(1).max(200),
  items: z.array(HandoffItemSchema),
});

export const HandoffTemplateSchema = z
  .object({
    id: IdSchema,
    name: TextSchema.trim().min(1).max(200),
    sections: z.array(HandoffSectionSchema).min(1),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.sections.forEach((s, si) =>
      s.items.forEach((item, ii) => {
        if (seen.has(item.id)) {
          ctx.addIssue({ code: 'custom', message: `duplicate item id "${item.id}"`, path: ['sections', si, 'items', ii, 'id'] });
        }
        seen.add(item.id);
      }),
    );
  });

// Each answer is versioned on its own: two people ticking different items never
// conflict, while two edits of the same item are detected.
export const HandoffAnswerSchema = z.object({
  done: z.boolean(),
  note: LongTextSchema.optional(),
  by: PersonSchema.optional(),
  at: IsoDateTimeSchema,
  version: VersionSchema,
});

export const HandoffAnswersSchema = z.object({
  accountId: IdSchema,
  answers: z.record(IdSchema, HandoffAnswerSchema),
});

export type HandoffItem = z.infer<typeof HandoffItemSchema>;
export type HandoffSection = z.infer<typeof HandoffSectionSchema>;
export type HandoffTemplate = z.infer<typeof HandoffTemplateSchema>;
export type HandoffAnswer = z.infer<typeof HandoffAnswerSchema>;
export type HandoffAnswers = z.infer<typeof HandoffAnswersSchema>;
