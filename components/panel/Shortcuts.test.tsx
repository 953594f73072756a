import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { TabRecord } from '../../lib/core/messages/to-background';
import { fakeClient, makeContext, renderWithProviders } from '../../test/render';
import { PanelApp } from './PanelApp';

const linked: TabRecord = {
  tabId: 7,
  href: 'https://app.hubspot.com/x',
  record: { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '9911' },
  resolution: { status: 'linked', accountId: 'acc-1', matchedBy: 'record' },
  reportedAt: 1_770_000_000_000,
};

async function renderPanel() {
  const client = fakeClient(makeContext());
  renderWithProviders(<PanelApp loadTabRecord={async () => linked} />, { client });
  await screen.findByRole('region', { name: 'Handoff checklist' });
  return client;
}

const focused = () => document.activeElement as HTMLElement;

describe('panel keyboard shortcuts', () => {
  it('reaches a checklist item with j, ticks it with x and undoes the tick with u', async () => {
    const client = await renderPanel();
    await userEvent.keyboard('j');
    expect(focused().closest('[aria-label="Next actions, most urgent first"]')).not.toBeNull();
    let presses = 1;
    while (!(focused() instanceof HTMLInputElement) && presses < 20) {
      await userEvent.keyboard('j');
      presses++;
    }
    const box = focused() as HTMLInputElement;
    expect(box.type).toBe('checkbox');
    expect(box.checked).toBe(false);
    await userEvent.keyboard('x');
    await waitFor(() => expect(client.setHandoffAnswer).toHaveBeenCalledWith(expect.objectContaining({ done: true, expectedVersion: null })));
    await screen.findByRole('button', { name: 'Undo' });
    await userEvent.keyboard('u');
    await waitFor(() => expect(client.setHandoffAnswer).toHaveBeenLastCalledWith(expect.objectContaining({ done: false, expectedVersion: 1 })));
    // k goes back the way j came.
    await userEvent.keyboard('k');
    expect(focused()).not.toBe(box);
    await userEvent.keyboard('j');
    expect(focused()).toBe(box);
  });

  it('moves between checklist rows with ↑/↓, the list being one Tab stop', async () => {
    await renderPanel();
    const card = screen.getByRole('region', { name: 'Handoff checklist' });
    const boxes = within(card).getAllByRole('checkbox');
    expect(boxes.filter((b) => b.tabIndex === 0)).toEqual([boxes[0]]);
    boxes[0]!.focus();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(focused()).toBe(boxes[2]);
    await userEvent.keyboard('{ArrowUp}');
    expect(focused()).toBe(boxes[1]);
    expect(boxes.filter((b) => b.tabIndex === 0)).toEqual([boxes[1]]);
  });

  it('leaves keys alone while a field has the focus', async () => {
    const client = await renderPanel();
    const card = screen.getByRole('region', { name: 'Handoff checklist' });
    await userEvent.click(within(card).getAllByRole('button', { name: /^Add note:/ })[0]!);
    const note = within(card).getByRole('textbox');
    await userEvent.keyboard('jxu?');
    expect(focused()).toBe(note);
    expect((note as HTMLTextAreaElement).value).toBe('jxu?');
    expect(client.setHandoffAnswer).not.toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('lists the shortcuts on ?, and Escape puts the focus back', async () => {
    await renderPanel();
    const box = within(screen.getByRole('region', { name: 'Handoff checklist' })).getAllByRole('checkbox')[0]!;
    box.focus();
    await userEvent.keyboard('?');
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    for (const text of ['Tick or untick the checklist item in focus', 'Undo the last tick or status change', 'Search']) {
      expect(within(dialog).getByText(text)).toBeTruthy();
    }
    expect(focused()).toBe(within(dialog).getByRole('button', { name: 'Close' }));
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(focused()).toBe(box);
  });
});
