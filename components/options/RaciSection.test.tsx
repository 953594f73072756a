import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderOptionsSection } from '../../test/options-section';
import { RaciSection } from './RaciSection';

vi.setConfig({ testTimeout: 30_000 });

describe('RACI editor', () => {
  it('labels every cell by activity and role, and moves Accountable to the role that takes it', async () => {
    const { user, region, saves } = renderOptionsSection(<RaciSection />);
    const raci = region('Who owns what (RACI)');
    const csm = raci.getByLabelText<HTMLSelectElement>('Lead qualification: CSM');
    const manager = raci.getByLabelText<HTMLSelectElement>('Lead qualification: Sales manager');
    expect(manager.value).toBe('A');

    await user.selectOptions(csm, 'A');
    expect(csm.value).toBe('A');
    expect(manager.value).toBe('');
    expect(raci.getByRole('status').textContent).toBe('Lead qualification: Accountable moved from Sales manager to CSM.');

    await user.click(raci.getByRole('button', { name: 'Save RACI' }));
    await raci.findByText('RACI saved.');
    const saved = saves.at(-1)!.raci.activities.find((a) => a.id === 'lead-qualification')!;
    expect(saved.assignments).toEqual({ ae: 'R', csm: 'A', 'cs-manager': 'C' });
  });

  it('refuses to save an activity left without an Accountable, naming it beside its row', async () => {
    const { user, region, save } = renderOptionsSection(<RaciSection />);
    const raci = region('Who owns what (RACI)');
    await user.selectOptions(raci.getByLabelText('Renewal: CS manager / RevOps'), '—');
    await user.click(raci.getByRole('button', { name: 'Save RACI' }));

    const error = await raci.findByText('"Renewal" needs one Accountable role');
    const cell = raci.getByLabelText('Renewal: AE');
    expect(cell.getAttribute('aria-invalid')).toBe('true');
    expect(cell.getAttribute('aria-describedby')).toBe(error.id);
    expect(raci.getByLabelText('Onboarding kickoff: AE').getAttribute('aria-invalid')).toBeNull();
    expect(save).not.toHaveBeenCalled();

    // Giving it an Accountable again clears the refusal on the next save.
    await user.selectOptions(raci.getByLabelText('Renewal: Sales manager'), 'A');
    await user.click(raci.getByRole('button', { name: 'Save RACI' }));
    await raci.findByText('RACI saved.');
    expect(screen.queryByText('"Renewal" needs one Accountable role')).toBeNull();
  });

  it('is operated from the keyboard: Tab walks the cells of a row in order', async () => {
    const { user, region } = renderOptionsSection(<RaciSection />);
    const raci = region('Who owns what (RACI)');
    const first = raci.getByLabelText<HTMLSelectElement>('Lead qualification: AE');
    first.focus();
    await user.tab();
    expect(document.activeElement).toBe(raci.getByLabelText('Lead qualification: CSM'));
    await user.tab();
    expect(document.activeElement).toBe(raci.getByLabelText('Lead qualification: Sales manager'));
  });
});
