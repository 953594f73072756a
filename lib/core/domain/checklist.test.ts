import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checklistCompleteness, ChecklistCompletenessSchema, type ChecklistAnswerMap } from './checklist';
import { DEFAULT_HANDOFF_TEMPLATE } from './defaults';
import { HandoffTemplateSchema, type HandoffTemplate } from './handoff';

const template: HandoffTemplate = HandoffTemplateSchema.parse({
  id: 't',
  name: 'T',
  sections: [
    {
      id: 'a',
      title: 'A',
      items: [
        { id: 'a1', label: 'A one', required: true },
        { id: 'a2', label: 'A two', required: false },
        { id: 'a3', label: 'A three (retired)', required: true, archived: true },
      ],
    },
    {
      id: 'b',
      title: 'B',
      items: [
        { id: 'b1', label: 'B one', required: true },
        { id: 'b2', label: 'B two', required: true },
      ],
    },
    { id: 'c', title: 'Nothing yet', items: [] },
  ],
});
const done = (...ids: string[]): ChecklistAnswerMap => Object.fromEntries(ids.map((id) => [id, { done: true }]));

describe('checklistCompleteness', () => {
  it('starts at 0% with every required item missing', () => {
    const r = checklistCompleteness(template, undefined);
    expect(r).toMatchObject({ percent: 0, done: 0, total: 4 });
    expect(r.requiredMissing).toEqual([
      { sectionId: 'a', itemId: 'a1', label: 'A one' },
      { sectionId: 'b', itemId: 'b1', label: 'B one' },
      { sectionId: 'b', itemId: 'b2', label: 'B two' },
    ]);
    expect(ChecklistCompletenessSchema.parse(r)).toEqual(r);
  });

  it('counts done items per section and overall, skipping archived ones', () => {
    const r = checklistCompleteness(template, done('a1', 'a3', 'b2'));
    expect(r).toMatchObject({ percent: 50, done: 2, total: 4 });
    expect(r.sections).toEqual([
      { id: 'a', title: 'A', done: 1, total: 2, percent: 50, requiredMissing: 0 },
      { id: 'b', title: 'B', done: 1, total: 2, percent: 50, requiredMissing: 1 },
      { id: 'c', title: 'Nothing yet', done: 0, total: 0, percent: 100, requiredMissing: 0 },
    ]);
    expect(r.requiredMissing.map((m) => m.itemId)).toEqual(['b1']);
  });

  it('ignores answers for unknown item ids and answers marked not done', () => {
    const answers = { ...done('zz-removed', 'b1'), a1: { done: false } };
    const r = checklistCompleteness(template, answers);
    expect(r.done).toBe(1);
    expect(r.requiredMissing.map((m) => m.itemId)).toEqual(['a1', 'b2']);
  });

  it('does not read inherited properties as answers', () => {
    const t = HandoffTemplateSchema.parse({
      id: 't',
      name: 'T',
      sections: [{ id: 's', title: 'S', items: [{ id: 'constructor', label: 'x', required: true }] }],
    });
    expect(checklistCompleteness(t, {}).done).toBe(0);
  });

  it('shows 100% only when everything is done (rounds down)', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ id: `i${i}`, label: `Item ${i}`, required: false }));
    const big = HandoffTemplateSchema.parse({ id: 'big', name: 'Big', sections: [{ id: 's', title: 'S', items }] });
    expect(checklistCompleteness(big, done(...items.slice(1).map((i) => i.id))).percent).toBe(99);
    expect(checklistCompleteness(big, done(...items.map((i) => i.id))).percent).toBe(100);
  });

  it('treats a template with no countable items as complete with total 0', () => {
    const empty = HandoffTemplateSchema.parse({
      id: 'e',
      name: 'E',
      sections: [{ id: 's', title: 'S', items: [{ id: 'x', label: 'x', required: true, archived: true }] }],
    });
    expect(checklistCompleteness(empty, {})).toMatchObject({ percent: 100, done: 0, total: 0, requiredMissing: [] });
  });

  it('ticking an item never lowers completeness', () => {
    const ids = DEFAULT_HANDOFF_TEMPLATE.sections.flatMap((s) => s.items.map((i) => i.id));
    fc.assert(
      fc.property(fc.subarray([...ids, 'unknown-id']), fc.constantFrom(...ids), (ticked, extra) => {
        const before = checklistCompleteness(DEFAULT_HANDOFF_TEMPLATE, done(...ticked));
        const after = checklistCompleteness(DEFAULT_HANDOFF_TEMPLATE, done(...ticked, extra));
        expect(after.percent).toBeGreaterThanOrEqual(before.percent);
        expect(after.done).toBeGreaterThanOrEqual(before.done);
        expect(after.requiredMissing.length).toBeLessThanOrEqual(before.requiredMissing.length);
        after.sections.forEach((s, i) => expect(s.percent).toBeGreaterThanOrEqual(before.sections[i]!.percent));
      }),
    );
  });
});
