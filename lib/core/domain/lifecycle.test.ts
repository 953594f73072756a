import { describe, expect, it } from 'vitest';
import type { Account } from './account';
import { checklistCompleteness } from './checklist';
import { DEFAULT_HANDOFF_TEMPLATE, DEFAULT_LIFECYCLE_RULES } from './defaults';
import { LifecycleRulesSchema, stageProgress, StageChangeSchema, StageProgressSchema, type LifecycleRules } from './lifecycle';
import type { Milestone } from './success-plan';

const at = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12);
const NOW = at(2024, 7, 1);

type A = Pick<Account, 'lifecycleStage' | 'kickoffDate' | 'renewalDate'>;
const account = (patch: Partial<A> = {}): A => ({ lifecycleStage: 'onboarding', renewalDate: '2025-05-29', ...patch });
const m = (id: string, status: Milestone['status'] = 'planned', title = id) => ({ id, title, status });
const plan = (...milestones: ReturnType<typeof m>[]) => ({ milestones });

const requiredIds = DEFAULT_HANDOFF_TEMPLATE.sections.flatMap((s) => s.items.filter((i) => i.required).map((i) => i.id));
const allRequiredDone = checklistCompleteness(DEFAULT_HANDOFF_TEMPLATE, Object.fromEntries(requiredIds.map((id) => [id, { done: true }])));
const nothingDone = checklistCompleteness(DEFAULT_HANDOFF_TEMPLATE, {});

describe('stageProgress with the playbook defaults', () => {
  it('keeps onboarding until the kickoff is held and the required checklist is complete', () => {
    const r = stageProgress(account(), plan(m('joint-kickoff')), nothingDone, DEFAULT_LIFECYCLE_RULES, NOW);
    expect(StageProgressSchema.parse(r)).toEqual(r);
    expect(r).toMatchObject({ stage: 'onboarding', nextStage: 'activation', suggestedStage: null, met: [] });
    expect(r.missing.map((x) => [x.label, x.role, x.stage])).toEqual([
      ['Joint kickoff held', 'exit', 'onboarding'],
      ['Required checklist items complete', 'exit', 'onboarding'],
    ]);
    expect(r.missing[1]?.detail).toMatch(new RegExp(`^${requiredIds.length} required items open: Why did the client buy now\\?`));
  });

  it('suggests activation once both are met; the kickoff counts from the account date or the milestone', () => {
    const byDate = stageProgress(account({ kickoffDate: '2024-06-05' }), plan(m('joint-kickoff')), allRequiredDone, DEFAULT_LIFECYCLE_RULES, NOW);
    expect(byDate).toMatchObject({ suggestedStage: 'activation', missing: [] });
    expect(byDate.met.map((x) => x.label)).toEqual(['Joint kickoff held', 'Required checklist items complete']);
    const byMilestone = stageProgress(account(), plan(m('joint-kickoff', 'done')), allRequiredDone, DEFAULT_LIFECYCLE_RULES, NOW);
    expect(byMilestone.suggestedStage).toBe('activation');
  });

  it('names only what is still missing', () => {
    const r = stageProgress(account({ kickoffDate: '2024-06-05' }), plan(), nothingDone, DEFAULT_LIFECYCLE_RULES, NOW);
    expect(r.met.map((x) => x.label)).toEqual(['Joint kickoff held']);
    expect(r.missing.map((x) => x.label)).toEqual(['Required checklist items complete']);
  });

  it('moves activation on when first value is achieved', () => {
    const before = stageProgress(
      account({ lifecycleStage: 'activation' }),
      plan(m('first-value', 'in-progress', 'First value achieved')),
      nothingDone,
      DEFAULT_LIFECYCLE_RULES,
      NOW,
    );
    expect(before).toMatchObject({ nextStage: 'value-realisation', suggestedStage: null });
    expect(before.missing).toEqual([expect.objectContaining({ label: 'First value achieved done', detail: 'Status: In progress.' })]);
    const after = stageProgress(account({ lifecycleStage: 'activation' }), plan(m('first-value', 'done')), nothingDone, DEFAULT_LIFECYCLE_RULES, NOW);
    expect(after.suggestedStage).toBe('value-realisation');
  });

  it('says so when the plan lacks the milestone a rule names', () => {
    const r = stageProgress(account({ lifecycleStage: 'activation' }), null, nothingDone, DEFAULT_LIFECYCLE_RULES, NOW);
    expect(r.missing).toEqual([expect.objectContaining({ met: false, detail: 'The success plan has no such milestone.' })]);
  });

  it('needs the 90-day review done and the renewal within 120 days to suggest renewal readiness', () => {
    const stage = { lifecycleStage: 'value-realisation' as const };
    const reviewed = plan(m('success-review-90', 'done'));
    // 29 May 2025 is 180 days after 30 November 2024.
    const early = stageProgress(account(stage), reviewed, nothingDone, DEFAULT_LIFECYCLE_RULES, at(2024, 11, 30));
    expect(early.suggestedStage).toBeNull();
    expect(early.missing).toEqual([
      expect.objectContaining({ role: 'entry', stage: 'renewal-readiness', label: 'Renewal within 120 days', detail: 'Renewal is 180 days away.' }),
    ]);
    // 120 days before 29 May 2025 is 29 January.
    const due = stageProgress(account(stage), reviewed, nothingDone, DEFAULT_LIFECYCLE_RULES, at(2025, 1, 29));
    expect(due.suggestedStage).toBe('renewal-readiness');
    const notReviewed = stageProgress(account(stage), plan(m('success-review-90')), nothingDone, DEFAULT_LIFECYCLE_RULES, at(2025, 1, 29));
    expect(notReviewed.suggestedStage).toBeNull();
  });

  it('cannot start renewal readiness without a renewal date', () => {
    const r = stageProgress(
      account({ lifecycleStage: 'value-realisation', renewalDate: undefined }),
      plan(m('success-review-90', 'done')),
      nothingDone,
      DEFAULT_LIFECYCLE_RULES,
      NOW,
    );
    expect(r.missing).toEqual([expect.objectContaining({ detail: 'No renewal date on the account.' })]);
  });

  it('suggests nothing at the end of the journey or for a churned account', () => {
    expect(stageProgress(account({ lifecycleStage: 'expansion' }), plan(), nothingDone, DEFAULT_LIFECYCLE_RULES, NOW)).toMatchObject({
      nextStage: null,
      suggestedStage: null,
    });
    expect(stageProgress(account({ lifecycleStage: 'churned' }), plan(), allRequiredDone, DEFAULT_LIFECYCLE_RULES, NOW)).toEqual({
      stage: 'churned',
      met: [],
      missing: [],
      nextStage: null,
      suggestedStage: null,
    });
  });

  it('follows rules the team edited', () => {
    const rules: LifecycleRules = LifecycleRulesSchema.parse({
      ...DEFAULT_LIFECYCLE_RULES,
      onboarding: { entry: [], exit: [{ kind: 'milestone-done', milestoneId: 'data-import' }] },
    });
    const r = stageProgress(account({ kickoffDate: '2024-06-05' }), plan(m('data-import', 'done')), nothingDone, rules, NOW);
    expect(r.suggestedStage).toBe('activation');
  });
});

describe('LifecycleRulesSchema and StageChangeSchema', () => {
  it('rejects an unknown criterion at its field', () => {
    const r = LifecycleRulesSchema.safeParse({ ...DEFAULT_LIFECYCLE_RULES, activation: { entry: [], exit: [{ kind: 'vibes' }] } });
    expect(r.error?.issues[0]?.path).toEqual(['activation', 'exit', 0, 'kind']);
  });

  it('records who moved the account, from where to where and when', () => {
    const change = { id: 'chg_1', accountId: 'acc_acme', from: 'onboarding', to: 'activation', by: 'Dana Lee', at: '2024-06-05T14:00:00.000Z' };
    expect(StageChangeSchema.parse(change)).toEqual(change);
    expect(StageChangeSchema.safeParse({ ...change, by: '' }).error?.issues[0]?.path).toEqual(['by']);
    expect(StageChangeSchema.safeParse({ ...change, to: 'onboarding' }).error?.issues).toEqual([
      expect.objectContaining({ path: ['to'], message: 'the account is already in that stage' }),
    ]);
  });
});
