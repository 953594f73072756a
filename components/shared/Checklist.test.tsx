import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { HandoffTemplate } from '../../lib/core/domain/handoff';
import { fakeClient, makeContext, renderWithProviders } from '../../test/render';
import { ChecklistCard } from '../panel/ChecklistCard';
import { QuickChecklist } from '../popup/QuickChecklist';
import { checklistOrder, keepOrder } from './Checklist';
import { UndoProvider } from './undo';

const template: HandoffTemplate = {
  id: 't',
  name: 'Test',
  sections: [
    { id: 'done', title: 'Done section', items: [{ id: 'a', label: 'Item A', required: true }] },
    {
      id: 'open',
      title: 'Open section',
      items: [
        { id: 'b', label: 'Item B optional', required: false },
        { id: 'c', label: 'Item C required', required: true },
        { id: 'd', label: 'Item D required', required: true },
      ],
    },
  ],
};
const settings = { ...DEFAULT_SETTINGS, handoffTemplate: template };
const AT = '2026-03-05T10:00:00.000Z';
const context = makeContext({ handoff: { accountId: 'acc-1', answers: { a: { done: true, at: AT, by: 'Dana Reyes', version: 1 } } } });
const labels = () => screen.getAllByRole('checkbox').map((b) => (b as HTMLInputElement).labels![0]!.textContent);

describe('one checklist for the panel and the popup', () => {
  it('orders blocked sections and missing required items first, in both', async () => {
    expect(checklistOrder(template, context.handoff.answers)).toEqual([
      { sectionId: 'open', itemIds: ['c', 'd', 'b'] },
      { sectionId: 'done', itemIds: ['a'] },
    ]);
    const panel = renderWithProviders(<ChecklistCard context={context} />, { settings });
    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    const panelOrder = labels();
    panel.unmount();
    renderWithProviders(<QuickChecklist accountId="acc-1" />, { settings, client: fakeClient(context) });
    await userEvent.click(await screen.findByRole('button', { name: 'All' }));
    expect(labels()).toEqual(panelOrder);
    expect(panelOrder).toEqual(['Item C required', 'Item D required', 'Item B optional', 'Item A']);
  });

  for (const [screenName, view] of [
    ['panel', () => <ChecklistCard context={context} />],
    ['popup', () => <QuickChecklist accountId="acc-1" />],
  ] as const) {
    it(`${screenName}: two quick ticks are both shown as pending, and nothing moves`, async () => {
      const client = fakeClient(context);
      // Saves that have not answered yet.
      client.setHandoffAnswer.mockImplementation(() => new Promise(() => undefined));
      renderWithProviders(view(), { settings, client });
      const c = (await screen.findByRole('checkbox', { name: 'Item C required' })) as HTMLInputElement;
      const before = labels();
      await userEvent.click(c);
      await userEvent.click(screen.getByRole('checkbox', { name: 'Item D required' }));
      await waitFor(() => expect(client.setHandoffAnswer).toHaveBeenCalledTimes(2));
      for (const name of ['Item C required', 'Item D required']) {
        const box = screen.getByRole('checkbox', { name }) as HTMLInputElement;
        expect(box.checked).toBe(true);
        expect(box.disabled).toBe(true);
        expect(box.getAttribute('aria-busy')).toBe('true');
      }
      expect(labels()).toEqual(before);
    });
  }

  it('keeps the first order when answers change, adding new items at the end of their section', () => {
    const first = [
      { sectionId: 'open', itemIds: ['c', 'd', 'b'] },
      { sectionId: 'done', itemIds: ['a'] },
    ];
    const afterTicks = checklistOrder(template, { a: { done: true }, c: { done: true }, d: { done: true } });
    expect(afterTicks).toEqual([
      { sectionId: 'done', itemIds: ['a'] },
      { sectionId: 'open', itemIds: ['b', 'c', 'd'] },
    ]);
    expect(keepOrder(first, afterTicks)).toEqual(first);
    expect(
      keepOrder(first, [
        { sectionId: 'open', itemIds: ['e', 'c', 'b'] },
        { sectionId: 'new', itemIds: ['x'] },
      ]),
    ).toEqual([
      { sectionId: 'open', itemIds: ['c', 'b', 'e'] },
      { sectionId: 'new', itemIds: ['x'] },
    ]);
  });
});

describe('the Missing filter and undo', () => {
  for (const [screenName, view] of [
    ['panel', () => <ChecklistCard context={context} />],
    ['popup', () => <QuickChecklist accountId="acc-1" />],
  ] as const) {
    it(`${screenName}: starts on what is missing and keeps a ticked row in place until the filter is chosen again`, async () => {
      const client = fakeClient(context);
      // A save still in flight: the screen shows the tick it is making.
      client.setHandoffAnswer.mockImplementation(() => new Promise(() => undefined));
      renderWithProviders(<UndoProvider>{view()}</UndoProvider>, { settings, client });
      expect((await screen.findByRole('button', { name: 'Missing (2)' })).getAttribute('aria-pressed')).toBe('true');
      expect(labels()).toEqual(['Item C required', 'Item D required']);
      await userEvent.click(screen.getByRole('checkbox', { name: 'Item C required' }));
      await waitFor(() => expect(client.setHandoffAnswer).toHaveBeenCalledTimes(1));
      // The count follows the tick; the row stays where it was.
      expect(await screen.findByRole('button', { name: 'Missing (1)' })).toBeTruthy();
      expect(labels()).toEqual(['Item C required', 'Item D required']);
      await userEvent.click(screen.getByRole('button', { name: 'All' }));
      expect(labels()).toEqual(['Item C required', 'Item D required', 'Item B optional', 'Item A']);
    });
  }

  it('offers to undo a tick, and the undo writes the previous answer back at the saved version', async () => {
    const client = fakeClient(context);
    renderWithProviders(
      <UndoProvider>
        <ChecklistCard context={context} />
      </UndoProvider>,
      { settings, client },
    );
    await userEvent.click(screen.getByRole('checkbox', { name: 'Item C required' }));
    const status = await screen.findByText('Ticked “Item C required”');
    await userEvent.click(within(status.parentElement!).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(client.setHandoffAnswer).toHaveBeenCalledTimes(2));
    expect(client.setHandoffAnswer).toHaveBeenLastCalledWith({
      accountId: 'acc-1',
      itemId: 'c',
      done: false,
      note: undefined,
      by: 'Me',
      expectedVersion: 1,
    });
    expect(await screen.findByText('Undone: Ticked “Item C required”')).toBeTruthy();
  });

  it('shows an undo that lost to a newer change instead of forcing it', async () => {
    const client = fakeClient(context);
    renderWithProviders(
      <UndoProvider>
        <ChecklistCard context={context} />
      </UndoProvider>,
      { settings, client },
    );
    await userEvent.click(screen.getByRole('checkbox', { name: 'Item D required' }));
    await screen.findByText('Ticked “Item D required”');
    client.setHandoffAnswer.mockRejectedValueOnce(new Error('Checklist answer changed since you loaded it.'));
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(await screen.findByText(/changed since you loaded it/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
  });
});
