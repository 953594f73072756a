import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { HandoffTemplate } from '../../lib/core/domain/handoff';
import { fakeClient, HOSTILE_NAME, makeAccount, makeCommitment, makeContext, makeFlag, makeMilestone, renderWithProviders } from '../../test/render';
import { PopupApp, type OpenPanelResult, type PopupTab } from './PopupApp';

const AT = '2026-03-05T10:00:00.000Z';
const SF_REF = { platform: 'salesforce', host: 'acme.lightning.force.com', objectType: 'Account', kind: 'account', recordId: '001' } as const;

const template: HandoffTemplate = {
  id: 't',
  name: 'Test',
  sections: [
    {
      id: 'scope',
      title: 'Scope',
      items: [
        { id: 'opt', label: 'Optional detail', required: false },
        { id: 'req', label: 'Required detail', required: true },
        { id: 'gone', label: 'Archived', required: true, archived: true },
      ],
    },
    { id: 'people', title: 'People', items: [{ id: 'sponsor', label: 'Executive sponsor named', required: true }] },
  ],
};
const settings = { ...DEFAULT_SETTINGS, userName: 'Dana Reyes', handoffTemplate: template };

const linkedTab: PopupTab = { tabId: 12, record: SF_REF, resolution: { status: 'linked', accountId: 'acc-1', matchedBy: 'record' } };
const plainTab: PopupTab = { tabId: 13, record: null, resolution: null };

function renderPopup(
  tab: PopupTab | null,
  client = fakeClient(makeContext()),
  openPanel = vi.fn(async (): Promise<OpenPanelResult> => ({ ok: true })),
) {
  const r = renderWithProviders(<PopupApp loadTabRecord={async () => tab} openPanel={openPanel} />, { client, settings });
  return { ...r, openPanel };
}

describe('popup on a linked record', () => {
  it('shows the account, its completeness and the checklist by section with required items first', async () => {
    const ctx = makeContext({ handoff: { accountId: 'acc-1', answers: { sponsor: { done: true, at: AT, version: 2 } } } });
    renderPopup(linkedTab, fakeClient(ctx));
    expect(await screen.findByRole('heading', { name: 'Northwind Logistics' })).toBeTruthy();
    expect(screen.getByText('33% complete · 1 of 3 done')).toBeTruthy();
    expect(screen.getByText('1 required item missing')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    const scope = screen.getByRole('group', { name: /Scope/ });
    const labels = within(scope)
      .getAllByRole('checkbox')
      .map((c) => c.parentElement?.textContent ?? '');
    expect(labels[0]).toMatch(/^Required detail/);
    expect(labels[1]).toMatch(/^Optional detail/);
    expect(within(scope).queryByText('Archived')).toBeNull();
    expect((screen.getByRole('checkbox', { name: 'Executive sponsor named' }) as HTMLInputElement).checked).toBe(true);
  });

  it("shows the plan's next milestone beside the checklist, marked when it is overdue", async () => {
    const milestones = [
      makeMilestone({ id: 'first-value', dueDate: '2026-04-08' }),
      makeMilestone({ id: 'joint-kickoff', title: 'Joint kickoff', dueDate: '2026-03-09', ownerRole: 'ae', owner: 'Dana Reyes' }),
    ];
    renderPopup(linkedTab, fakeClient(makeContext({ milestones })));
    const line = await screen.findByLabelText('Next milestone');
    expect(line.textContent).toMatch(/Joint kickoff.*AE \(Dana Reyes\)/);
    expect(within(line).getByText('Overdue')).toBeTruthy();
  });

  it('says when the account has no success plan yet', async () => {
    renderPopup(linkedTab, fakeClient(makeContext()));
    expect(await screen.findByText('No success plan yet.')).toBeTruthy();
  });

  it('ticks and unticks in one click, with the version last seen', async () => {
    const ctx = makeContext({ handoff: { accountId: 'acc-1', answers: { sponsor: { done: true, at: AT, version: 2 } } } });
    const client = fakeClient(ctx);
    renderPopup(linkedTab, client);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Required detail' }));
    expect(client.setHandoffAnswer).toHaveBeenCalledWith({
      accountId: 'acc-1',
      itemId: 'req',
      done: true,
      note: undefined,
      by: 'Dana Reyes',
      expectedVersion: null,
    });
    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Executive sponsor named' }));
    expect(client.setHandoffAnswer).toHaveBeenLastCalledWith(expect.objectContaining({ itemId: 'sponsor', done: false, expectedVersion: 2 }));
  });

  it('ticks with a note in two clicks (Add note, then Save & tick)', async () => {
    const client = fakeClient(makeContext());
    renderPopup(linkedTab, client);
    await userEvent.click(await screen.findByRole('button', { name: 'Add note: Required detail' }));
    await userEvent.keyboard('Signed off by IT');
    await userEvent.click(screen.getByRole('button', { name: 'Save & tick' }));
    expect(client.setHandoffAnswer).toHaveBeenCalledWith(expect.objectContaining({ itemId: 'req', done: true, note: 'Signed off by IT' }));
  });

  it('shows a conflict instead of pretending the tick was saved', async () => {
    const client = fakeClient(makeContext());
    client.setHandoffAnswer.mockRejectedValueOnce(Object.assign(new Error('Someone else changed this item'), { kind: 'conflict' }));
    renderPopup(linkedTab, client);
    await userEvent.click(await screen.findByRole('checkbox', { name: 'Required detail' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'Required detail' }) as HTMLInputElement).checked).toBe(false));
  });

  it('renders a hostile account name as text', async () => {
    renderPopup(linkedTab, fakeClient(makeContext({ account: makeAccount({ name: HOSTILE_NAME }) })));
    expect(await screen.findByRole('heading', { name: HOSTILE_NAME })).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });

  it('opens the panel on the tab in the chosen mode', async () => {
    const { openPanel } = renderPopup(linkedTab);
    await userEvent.click(await screen.findByRole('button', { name: 'Open panel' }));
    expect(openPanel).toHaveBeenCalledWith(12, 'injected');
  });

  it('says when the panel could not be opened', async () => {
    renderPopup(
      linkedTab,
      fakeClient(makeContext()),
      vi.fn(async (): Promise<OpenPanelResult> => ({ ok: false, message: 'No panel on this tab' })),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Open panel' }));
    expect((await screen.findByRole('alert')).textContent).toContain('No panel on this tab');
  });

  it('counts captures that need an account and sends the person to the panel to assign them', async () => {
    const client = fakeClient(makeContext());
    client.listUnassigned.mockResolvedValue({
      commitments: [makeCommitment({ id: 'c9', accountId: null })],
      flags: [makeFlag({ id: 'f9', accountId: null })],
    });
    const { openPanel } = renderPopup(linkedTab, client);
    await userEvent.click(await screen.findByRole('button', { name: /2 captures need an account/ }));
    expect(openPanel).toHaveBeenCalledWith(12, 'injected');
  });
});

describe('popup off a record', () => {
  it('searches accounts by name or domain and opens one’s checklist', async () => {
    const client = fakeClient(makeContext());
    const globex = {
      id: 'acc-1',
      name: 'Northwind Logistics',
      websiteDomain: 'northwind.example',
      segment: 'mid-market' as const,
      arr: 1,
      currency: 'USD',
      lifecycleStage: 'onboarding' as const,
    };
    client.listAccounts.mockImplementation(async (q) =>
      q.search === 'north' ? { items: [globex], nextCursor: null, total: 1 } : { items: [], nextCursor: null, total: 0 },
    );
    renderPopup(plainTab, client);
    expect(screen.queryByRole('button', { name: 'Open panel' })).toBeNull();
    await userEvent.type(await screen.findByRole('combobox', { name: 'Search accounts by name or domain' }), 'north');
    await userEvent.click(await screen.findByRole('option', { name: /Northwind Logistics/ }));
    expect(await screen.findByRole('heading', { name: 'Northwind Logistics' })).toBeTruthy();
    expect(client.listAccounts).toHaveBeenCalledWith({ search: 'north', limit: 8 });
    await userEvent.click(screen.getByRole('button', { name: 'Back to account search' }));
    expect(screen.getByRole('combobox')).toBeTruthy();
  });

  it('moves through the results with ↑/↓ and opens the active one with Enter, showing full names', async () => {
    const client = fakeClient(makeContext());
    const summary = (id: string, name: string) => ({
      id,
      name,
      websiteDomain: `${id}.example`,
      segment: 'mid-market' as const,
      arr: 1,
      currency: 'USD',
      lifecycleStage: 'onboarding' as const,
    });
    const long = 'Northwind Logistics International Freight and Warehousing Holdings';
    client.listAccounts.mockResolvedValue({ items: [summary('acc-0', 'Northwind Air'), summary('acc-1', long)], nextCursor: null, total: 2 });
    renderPopup(plainTab, client);
    const box = await screen.findByRole('combobox', { name: 'Search accounts by name or domain' });
    await userEvent.type(box, 'north');
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.getAttribute('aria-selected'))).toEqual(['true', 'false']);
    expect(options[1]!.textContent).toContain(long);
    await userEvent.keyboard('{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    // Both ends wrap round.
    await userEvent.keyboard('{ArrowDown}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[0]!.id);
    await userEvent.keyboard('{ArrowUp}');
    expect(box.getAttribute('aria-activedescendant')).toBe(options[1]!.id);
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(client.getAccountContext).toHaveBeenCalledWith('acc-1'));
  });

  it('starts the search from the name of a record that is not linked', async () => {
    const client = fakeClient(makeContext());
    renderPopup({ tabId: 4, record: { ...SF_REF, name: 'Globex' }, resolution: { status: 'not-linked', reason: 'unknown', candidates: [] } }, client);
    expect(((await screen.findByRole('combobox')) as HTMLInputElement).value).toBe('Globex');
    expect(screen.getByText(/not linked to a Seamline account yet/)).toBeTruthy();
    await waitFor(() => expect(client.listAccounts).toHaveBeenCalledWith({ search: 'Globex', limit: 8 }));
  });

  it('asks where to assign captures when there is no record to open the panel on', async () => {
    const client = fakeClient(makeContext());
    client.listUnassigned.mockResolvedValue({ commitments: [], flags: [makeFlag({ accountId: null })] });
    renderPopup(plainTab, client);
    expect(await screen.findByText('1 capture needs an account')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Assign in panel/ })).toBeNull();
  });
});

describe('suggestions for captured commitments', () => {
  it('offers the suggested kind and due date, applying them only when asked', async () => {
    const captured = makeCommitment({ id: 'c1', text: 'SAP integration live by Q2', kind: 'other', dueDate: undefined, version: 3 });
    const client = fakeClient(makeContext({ commitments: [captured] }));
    renderPopup(linkedTab, client);
    const prompt = await screen.findByText(/Suggested:/);
    expect(prompt.parentElement?.textContent).toMatch(/Suggested: Integration, due .+ — apply\?/);
    expect(client.updateCommitment).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: /Apply suggestion/ }));
    expect(client.updateCommitment).toHaveBeenCalledWith('c1', { kind: 'integration', dueDate: '2026-06-30' }, 3);
  });

  it('can be dismissed without changing anything', async () => {
    const captured = makeCommitment({ id: 'c1', text: 'A dedicated CSM next week', kind: 'other', dueDate: undefined });
    const client = fakeClient(makeContext({ commitments: [captured] }));
    renderPopup(linkedTab, client);
    await userEvent.click(await screen.findByRole('button', { name: 'Dismiss suggestion' }));
    expect(screen.queryByText(/Suggested:/)).toBeNull();
    expect(client.updateCommitment).not.toHaveBeenCalled();
  });
});

describe('PopupApp: dashboard', () => {
  it('opens the alignment dashboard from its button, on any tab', async () => {
    const openDashboard = vi.fn();
    renderWithProviders(<PopupApp loadTabRecord={async () => plainTab} openPanel={vi.fn()} openDashboard={openDashboard} />, { settings });
    await userEvent.click(await screen.findByRole('button', { name: 'Dashboard' }));
    expect(openDashboard).toHaveBeenCalledOnce();
  });
});
