import { fireEvent, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderOptionsSection } from '../../test/options-section';
import { PlanTemplatesSection } from './PlanTemplatesSection';

vi.setConfig({ testTimeout: 30_000 });

const NAME = 'Success plan templates';

describe('success plan templates', () => {
  it('adds a milestone with an id from its title, edits its due rule and saves only that segment changed', async () => {
    const { user, region, saves } = renderOptionsSection(<PlanTemplatesSection />);
    const s = region(NAME);
    await user.selectOptions(s.getByLabelText('Segment'), 'smb');
    await user.type(s.getByLabelText('New milestone'), 'Executive sponsor check-in');
    await user.click(s.getByRole('button', { name: 'Add milestone' }));

    const list = within(s.getByRole('list', { name: 'SMB milestones' }));
    const item = within(list.getAllByRole('listitem').at(-1)!);
    expect(item.getByText('executive-sponsor-check-in')).toBeTruthy();
    await user.selectOptions(item.getByLabelText('Owner role'), 'ae');
    await user.selectOptions(item.getByLabelText('Due'), 'closed-won');
    fireEvent.change(item.getByLabelText('Days (negative: before)'), { target: { value: '10' } });
    await user.selectOptions(item.getByLabelText('Counted in'), 'business-days');
    await user.click(s.getByRole('button', { name: 'Save plan templates' }));

    await s.findByText('Plan templates saved.');
    const saved = saves.at(-1)!.planTemplates;
    expect(saved.smb.milestones.at(-1)).toEqual({
      id: 'executive-sponsor-check-in',
      title: 'Executive sponsor check-in',
      ownerRole: 'ae',
      due: { from: 'closed-won', offset: 10, unit: 'business-days' },
    });
    expect(saved.enterprise.milestones.some((m) => m.id === 'executive-sponsor-check-in')).toBe(false);
  });

  it('archives a milestone instead of deleting it, and restores it with the same id', async () => {
    const { user, region, saves } = renderOptionsSection(<PlanTemplatesSection />);
    const s = region(NAME);
    await user.click(s.getByRole('button', { name: 'Remove "First quarterly business review"' }));
    expect(s.queryByDisplayValue('First quarterly business review')).toBeNull();
    await user.click(s.getByRole('button', { name: 'Save plan templates' }));
    await s.findByText('Plan templates saved.');
    expect(saves.at(-1)!.planTemplates.enterprise.milestones.find((m) => m.id === 'first-qbr')?.archived).toBe(true);

    await user.click(s.getByLabelText('Show 1 archived milestone'));
    await user.click(s.getByRole('button', { name: 'Restore "First quarterly business review"' }));
    await user.click(s.getByRole('button', { name: 'Save plan templates' }));
    await vi.waitFor(() => expect(saves).toHaveLength(2));
    const restored = saves.at(-1)!.planTemplates.enterprise.milestones.find((m) => m.id === 'first-qbr')!;
    expect(restored.archived).toBeUndefined();
    expect(restored.title).toBe('First quarterly business review');
  });

  it('refuses an empty title or an out-of-range offset with errors on those fields, and saves nothing', async () => {
    const { user, region, save } = renderOptionsSection(<PlanTemplatesSection />);
    const s = region(NAME);
    await user.selectOptions(s.getByLabelText('Segment'), 'mid-market');
    await user.clear(s.getByDisplayValue('First value achieved'));
    const review = within(s.getByRole('group', { name: '30-day success review' }));
    fireEvent.change(review.getByLabelText('Days (negative: before)'), { target: { value: '900' } });
    // Errors are shown on the segment that has them even when another one is open.
    await user.selectOptions(s.getByLabelText('Segment'), 'enterprise');
    await user.click(s.getByRole('button', { name: 'Save plan templates' }));

    expect(await s.findByText('give the milestone a title')).toBeTruthy();
    expect((s.getByLabelText('Segment') as HTMLSelectElement).value).toBe('mid-market');
    expect(
      within(s.getByRole('group', { name: '30-day success review' }))
        .getByLabelText('Days (negative: before)')
        .getAttribute('aria-invalid'),
    ).toBe('true');
    expect(save).not.toHaveBeenCalled();
  });

  it('will not add a milestone without a title', async () => {
    const { user, region } = renderOptionsSection(<PlanTemplatesSection />);
    const s = region(NAME);
    await user.click(s.getByRole('button', { name: 'Add milestone' }));
    expect(s.getByText('enter the milestone title')).toBeTruthy();
    expect(s.getByLabelText('New milestone').getAttribute('aria-invalid')).toBe('true');
  });
});
