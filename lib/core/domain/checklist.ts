import { z } from 'zod';
import type { HandoffAnswer, HandoffTemplate } from './handoff';

export const RequiredMissingItemSchema = z.object({ sectionId: z.string(), itemId: z.string(), label: z.string() });

export const SectionCompletenessSchema = z.object({
  id: z.string(),
  title: z.string(),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  percent: z.number().int().min(0).max(100),
  requiredMissing: z.number().int().min(0),
});

export const ChecklistCompletenessSchema = z.object({
  percent: z.number().int().min(0).max(100),
  done: z.number().int().min(0),
  total: z.number().int().min(0),
  requiredMissing: z.array(RequiredMissingItemSchema),
  sections: z.array(SectionCompletenessSchema),
});

export type RequiredMissingItem = z.infer<typeof RequiredMissingItemSchema>;
export type SectionCompleteness = z.infer<typeof SectionCompletenessSchema>;
export type ChecklistCompleteness = z.infer<typeof ChecklistCompletenessSchema>;

// Only `done` matters here; accepting the narrow shape lets the popup pass
// optimistic answers that have not been stamped yet.
export type ChecklistAnswerMap = Readonly<Record<string, Pick<HandoffAnswer, 'done'> | undefined>>;

// Rounded down so 100% is only ever shown when every item is done (199 of 200
// would otherwise round up to a misleading 100). With nothing to do the list
// is complete: 100% with total 0, which the UI shows as "no items".
const percentOf = (done: number, total: number) => (total === 0 ? 100 : Math.floor((done / total) * 100));

/**
 * Completeness of a handoff checklist. Archived items are not counted; answers
 * for ids the template does not (or no longer) contain are left untouched and
 * simply not counted, so restoring an item brings its answer back.
 */
export function checklistCompleteness(template: HandoffTemplate, answers: ChecklistAnswerMap | undefined | null): ChecklistCompleteness {
  const isDone = (id: string) => Object.hasOwn(answers ?? {}, id) && answers?.[id]?.done === true;
  const requiredMissing: RequiredMissingItem[] = [];
  let done = 0;
  let total = 0;
  const sections = template.sections.map((section) => {
    let sDone = 0;
    let sTotal = 0;
    let sMissing = 0;
    for (const item of section.items) {
      if (item.archived) continue;
      sTotal += 1;
      if (isDone(item.id)) sDone += 1;
      else if (item.required) {
        sMissing += 1;
        requiredMissing.push({ sectionId: section.id, itemId: item.id, label: item.label });
      }
    }
    done += sDone;
    total += sTotal;
    return { id: section.id, title: section.title, done: sDone, total: sTotal, percent: percentOf(sDone, sTotal), requiredMissing: sMissing };
  });
  return { percent: percentOf(done, total), done, total, requiredMissing, sections };
}
