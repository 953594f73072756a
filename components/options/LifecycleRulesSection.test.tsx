import { fireEvent, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderOptionsSection } from '../../test/options-section';
import { LifecycleRulesSection } from './LifecycleRulesSection';

vi.setConfig({ testTimeout: 30_000 });

const NAME = 'Lifecycle stages';

describe('lifecycle stage rules', () => {
  it('shows the playbook defaults and saves a changed exit criterion by milestone id', async () => {
    const { user, region, saves } = renderOptionsSection(<LifecycleRulesSection />);
    const s = region(NAME);
    const activation = within(s.getByRole('group', { name: 'Activation' }));
    const criterion = within(activation.getByRole('listitem', { name: 'Activation exit criterion 1' }));
    expect((criterion.getByLabelText('Milestone') as HTMLSelectElement).value).toBe('first-value');
    // Options name milestones by title; the rule keeps the stable id.
    await user.selectOptions(criterion.getByLabelText('Milestone'), '30-day success review');
    await user.click(s.getByRole('button', { name: 'Save stage rules' }));

    await s.findByText('Stage rules saved.');
    expect(saves.at(-1)!.lifecycleRules.activation.exit).toEqual([{ kind: 'milestone-done', milestoneId: 'success-review-30' }]);
  });

  it('adds and removes criteria, including a renewal window with its days', async () => {
    const { user, region, saves } = renderOptionsSection(<LifecycleRulesSection />);
    const s = region(NAME);
    const expansion = within(s.getByRole('group', { name: 'Expansion' }));
    await user.click(expansion.getByRole('button', { name: 'Add entry criterion to Expansion' }));
    const added = within(expansion.getByRole('listitem', { name: 'Expansion entry criterion 1' }));
    await user.selectOptions(added.getByLabelText('Criterion'), 'renewal-within-days');
    fireEvent.change(added.getByLabelText('Days before renewal'), { target: { value: '60' } });

    const onboarding = within(s.getByRole('group', { name: 'Onboarding' }));
    await user.click(onboarding.getByRole('button', { name: 'Remove Onboarding exit criterion 2' }));

    await user.click(s.getByRole('button', { name: 'Save stage rules' }));
    await s.findByText('Stage rules saved.');
    const rules = saves.at(-1)!.lifecycleRules;
    expect(rules.expansion.entry).toEqual([{ kind: 'renewal-within-days', days: 60 }]);
    expect(rules.onboarding.exit).toEqual([{ kind: 'kickoff-held', milestoneId: 'joint-kickoff' }]);
  });

  it('refuses a renewal window out of range with an error on that field', async () => {
    const { user, region, save } = renderOptionsSection(<LifecycleRulesSection />);
    const s = region(NAME);
    const readiness = within(s.getByRole('listitem', { name: 'Renewal readiness entry criterion 1' }));
    const days = readiness.getByLabelText('Days before renewal');
    fireEvent.change(days, { target: { value: '0' } });
    await user.click(s.getByRole('button', { name: 'Save stage rules' }));
    await vi.waitFor(() => expect(days.getAttribute('aria-invalid')).toBe('true'));
    expect(save).not.toHaveBeenCalled();
  });
});
