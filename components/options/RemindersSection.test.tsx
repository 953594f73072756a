import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { renderOptionsSection } from '../../test/options-section';
import { RemindersSection } from './RemindersSection';

vi.setConfig({ testTimeout: 30_000 });

describe('reminder settings', () => {
  it('is off until turned on, then saves quiet hours, the digest and the lead times', async () => {
    const { user, region, saves } = renderOptionsSection(<RemindersSection />);
    const s = region('Reminders');
    const on = s.getByLabelText<HTMLInputElement>('Show reminders');
    expect(on.checked).toBe(false);
    expect(s.getByLabelText<HTMLInputElement>('Digest time').disabled).toBe(true);

    await user.click(on);
    await user.clear(s.getByLabelText('Quiet from'));
    await user.type(s.getByLabelText('Quiet from'), '21:30');
    await user.click(s.getByLabelText(/One notification a day/));
    await user.clear(s.getByLabelText('Digest time'));
    await user.type(s.getByLabelText('Digest time'), '09:00');
    await user.clear(s.getByLabelText(/Remind of a commitment/));
    await user.type(s.getByLabelText(/Remind of a commitment/), '5');
    await user.click(s.getByRole('button', { name: 'Save reminders' }));

    await s.findByText('Reminders saved and on.');
    expect(saves.at(-1)!.reminders).toEqual({
      enabled: true,
      quietHours: { enabled: true, start: '21:30', end: '08:00' },
      digest: { enabled: true, time: '09:00' },
      kickoffWarningBusinessDays: 1,
      commitmentLeadDays: 5,
    });
  });

  it('refuses quiet hours that end when they start, and a lead time that is not a number, field by field', async () => {
    const settings = { ...DEFAULT_SETTINGS, reminders: { ...DEFAULT_SETTINGS.reminders, enabled: true } };
    const { user, region, save } = renderOptionsSection(<RemindersSection />, { settings });
    const s = region('Reminders');
    await user.clear(s.getByLabelText('Quiet until'));
    await user.type(s.getByLabelText('Quiet until'), '20:00');
    await user.clear(s.getByLabelText(/Warn of the kickoff/));
    await user.type(s.getByLabelText(/Warn of the kickoff/), 'soon');
    await user.click(s.getByRole('button', { name: 'Save reminders' }));

    expect(await s.findByText('quiet hours need an end different from their start')).toBeTruthy();
    expect(s.getByLabelText('Quiet until').getAttribute('aria-invalid')).toBe('true');
    expect(s.getByLabelText(/Warn of the kickoff/).getAttribute('aria-invalid')).toBe('true');
    expect(s.getByLabelText('Quiet from').getAttribute('aria-invalid')).toBeNull();
    expect(save).not.toHaveBeenCalled();
  });

  it('shows a save the background refused for a reason outside the section, and keeps the draft', async () => {
    const { user, region, save, saves } = renderOptionsSection(<RemindersSection />);
    save.mockResolvedValueOnce({ ok: false, errors: { '': 'the browser refused to store the settings', userName: 'too long' } });
    const s = region('Reminders');
    await user.click(s.getByLabelText('Show reminders'));
    await user.click(s.getByRole('button', { name: 'Save reminders' }));

    expect(await s.findByText('the browser refused to store the settings; userName: too long')).toBeTruthy();
    expect(s.queryByText('Reminders saved and on.')).toBeNull();
    expect(s.getByLabelText<HTMLInputElement>('Show reminders').checked).toBe(true);
    expect(saves).toEqual([]);
  });
});
