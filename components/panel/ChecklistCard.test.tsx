import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { HandoffTemplate } from '../../lib/core/domain/handoff';
import { fakeClient, makeAccount, makeContext, renderWithProviders } from '../../test/render';
import { ChecklistCard } from './ChecklistCard';

const AT = '2026-03-05T10:00:00.000Z';

const template: HandoffTemplate = {
  id: 't',
  name: 'Test',
  sections: [
    {
      id: 's1',
      title: 'Done section',
      items: [{ id: 'a', label: 'Item A', required: true }],
    },
    {
      id: 's2',
      title: 'Open section',
      items: [
        { id: 'b', label: 'Item B optional', required: false },
        { id: 'c', label: 'Item C required', required: true, help: 'Why C matters' },
        { id: 'old', label: 'Archived item', required: true, archived: true },
      ],
    },
  ],
};
const settings = { ...DEFAULT_SETTINGS, handoffTemplate: template };
const withAnswers = (answers: Record<string, { done: boolean; note?: string; version: number }>) =>
  makeContext({
    handoff: {
      accountId: 'acc-1',
      answers: Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, { ...v, at: AT, by: 'Dana Reyes' }])),
    },
  });

describe('ChecklistCard', () => {
  it('shows completeness in a labelled ring and puts missing required items first', async () => {
    renderWithProviders(<ChecklistCard context={withAnswers({ a: { done: true, version: 1 } })} />, { settings });
    expect(screen.getByRole('img', { name: 'Checklist 33% complete' })).toBeTruthy();
    expect(screen.getByText('1 of 3 done')).toBeTruthy();
    expect(screen.getByText('1 required item missing')).toBeTruthy();
    // What is missing is shown first; "All" shows the rest in the same order.
    expect(screen.getByRole('button', { name: 'Missing (1)' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getAllByRole('checkbox').map((b) => (b as HTMLInputElement).labels![0]!.textContent)).toEqual(['Item C required']);
    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    const groups = screen.getAllByRole('group').filter((g) => g.tagName === 'FIELDSET');
    expect(groups.map((g) => g.querySelector('legend')!.textContent)).toEqual(['Open section (0/2)', 'Done section (1/1)']);
    expect(
      within(groups[0]!)
        .getAllByRole('checkbox')
        .map((b) => (b as HTMLInputElement).labels![0]!.textContent),
    ).toEqual(['Item C required', 'Item B optional']);
    expect(screen.queryByText('Archived item')).toBeNull();
  });

  it('ticks a new item with expectedVersion null', async () => {
    const client = fakeClient();
    renderWithProviders(<ChecklistCard context={withAnswers({})} />, { settings, client });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Item C required' }));
    await waitFor(() =>
      expect(client.setHandoffAnswer).toHaveBeenCalledWith({
        accountId: 'acc-1',
        itemId: 'c',
        done: true,
        note: undefined,
        by: 'Me',
        expectedVersion: null,
      }),
    );
  });

  it('unticks an answered item with the version it was loaded at, keeping its note', async () => {
    const client = fakeClient();
    renderWithProviders(<ChecklistCard context={withAnswers({ a: { done: true, note: 'Board deadline', version: 5 } })} />, { settings, client });
    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    const box = screen.getByRole('checkbox', { name: 'Item A' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    await userEvent.click(box);
    await waitFor(() =>
      expect(client.setHandoffAnswer).toHaveBeenCalledWith({
        accountId: 'acc-1',
        itemId: 'a',
        done: false,
        note: 'Board deadline',
        by: 'Me',
        expectedVersion: 5,
      }),
    );
  });

  it('saves a note in place without changing whether the item is done', async () => {
    const client = fakeClient();
    renderWithProviders(<ChecklistCard context={withAnswers({ b: { done: true, version: 2 } })} />, { settings, client });
    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add note: Item B optional' }));
    await userEvent.type(screen.getByLabelText('Note for “Item B optional”'), 'Parked pricing objection');
    await userEvent.click(screen.getByRole('button', { name: 'Save note' }));
    await waitFor(() =>
      expect(client.setHandoffAnswer).toHaveBeenCalledWith({
        accountId: 'acc-1',
        itemId: 'b',
        done: true,
        note: 'Parked pricing objection',
        by: 'Me',
        expectedVersion: 2,
      }),
    );
  });

  it('ties help text to its checkbox', () => {
    renderWithProviders(<ChecklistCard context={withAnswers({})} />, { settings });
    const box = screen.getByRole('checkbox', { name: 'Item C required' });
    expect(document.getElementById(box.getAttribute('aria-describedby')!)!.textContent).toBe('Why C matters');
  });

  it('shows the kickoff SLA as met, overdue or pending', () => {
    const { unmount } = renderWithProviders(
      <ChecklistCard context={makeContext({ account: makeAccount({ closedWonDate: '2026-03-02', kickoffDate: '2026-03-05' }) })} />,
    );
    expect(screen.getByText(/^Met — held/)).toBeTruthy();
    unmount();
    const second = renderWithProviders(<ChecklistCard context={makeContext({ account: makeAccount({ closedWonDate: '2026-03-02' }) })} />);
    expect(screen.getByText('Overdue by 1 business day')).toBeTruthy();
    second.unmount();
    renderWithProviders(<ChecklistCard context={makeContext({ account: makeAccount({ closedWonDate: '2026-03-09' }) })} />);
    expect(screen.getByText(/^Pending — 4 business days left/)).toBeTruthy();
  });
});
