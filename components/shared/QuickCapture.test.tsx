import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { fakeClient, makeCommitment, makeContext, makeFlag, renderWithProviders } from '../../test/render';
import type { TabRecord } from '../../lib/core/messages/to-background';
import { CommitmentsCard } from '../panel/CommitmentsCard';
import { PanelApp } from '../panel/PanelApp';
import { QuickChecklist } from '../popup/QuickChecklist';
import { QuickCapture, withQuote } from './QuickCapture';

const noThreads = makeContext({ commitments: [], flags: [] });
const linked: TabRecord = {
  tabId: 7,
  href: 'https://app.hubspot.com/x',
  record: { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '9911' },
  resolution: { status: 'linked', accountId: 'acc-1', matchedBy: 'record' },
  reportedAt: 1_770_000_000_000,
};
const field = () => screen.getByRole('textbox', { name: 'Capture a promise' });

describe('one-line capture', () => {
  it('suggests the kind and due date as the promise is typed, and Ctrl+Enter saves them', async () => {
    const client = fakeClient(noThreads);
    renderWithProviders(<QuickCapture context={noThreads} />, { client });
    await userEvent.type(field(), 'Slack alerts for renewals by Q2');
    expect((screen.getByLabelText('Kind') as HTMLSelectElement).value).toBe('integration');
    expect((screen.getByLabelText('Due') as HTMLInputElement).value).toBe('2026-06-30');
    expect(screen.getByText(/Suggested from the wording: "Slack" reads as integration; due/)).toBeTruthy();
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() =>
      expect(client.createCommitment).toHaveBeenCalledWith({
        accountId: 'acc-1',
        text: 'Slack alerts for renewals by Q2',
        kind: 'integration',
        dueDate: '2026-06-30',
        roadmapStatus: 'unknown',
        status: 'open',
        // The capturer is not the AE: the promise of the sale is the AE's.
        madeBy: 'Dana Reyes',
        createdBy: 'Me',
      }),
    );
    await waitFor(() => expect((field() as HTMLInputElement).value).toBe(''));
  });

  it('records the AE capturing as the one who promised', async () => {
    const client = fakeClient(noThreads);
    renderWithProviders(<QuickCapture context={noThreads} />, { client, settings: { ...DEFAULT_SETTINGS, userName: 'Lee Chen', userRole: 'ae' } });
    await userEvent.type(field(), 'Free onboarding{Enter}');
    await waitFor(() => expect(client.createCommitment).toHaveBeenCalledWith(expect.objectContaining({ madeBy: 'Lee Chen', createdBy: 'Lee Chen' })));
  });

  it('keeps what the person chose over a later suggestion', async () => {
    const client = fakeClient(noThreads);
    renderWithProviders(<QuickCapture context={noThreads} />, { client });
    await userEvent.type(field(), 'Weekly check-ins');
    await userEvent.selectOptions(screen.getByLabelText('Kind'), 'resourcing');
    await userEvent.type(field(), ' on Slack');
    expect((screen.getByLabelText('Kind') as HTMLSelectElement).value).toBe('resourcing');
    await userEvent.click(screen.getByRole('button', { name: 'Save promise' }));
    await waitFor(() => expect(client.createCommitment).toHaveBeenCalledWith(expect.objectContaining({ kind: 'resourcing', dueDate: undefined })));
  });

  it('points out a system off the supported list at once and can save it as Not on roadmap', async () => {
    const client = fakeClient(noThreads);
    renderWithProviders(<QuickCapture context={noThreads} />, { client });
    await userEvent.type(field(), 'SAP connector by Q2');
    expect(screen.getByText('SAP is not on the supported list: mark Not on roadmap?')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Mark Not on roadmap' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save promise' }));
    await waitFor(() =>
      expect(client.createCommitment).toHaveBeenCalledWith(expect.objectContaining({ kind: 'integration', roadmapStatus: 'not-on-roadmap' })),
    );
  });

  it('says nothing about systems that are supported', async () => {
    renderWithProviders(<QuickCapture context={noThreads} />, { client: fakeClient(noThreads) });
    await userEvent.type(field(), 'NetSuite invoices synced nightly');
    expect(screen.queryByText(/not on the supported list/)).toBeNull();
  });

  it('offers to add a repeat to the promise already on record instead of a second copy', async () => {
    const sap = makeCommitment({ id: 'c-sap', version: 3, text: 'SAP S/4HANA connector by Q2', sourceQuote: 'We can have it by Q2.' });
    const ctx = makeContext({ commitments: [sap], flags: [] });
    const client = fakeClient(ctx);
    renderWithProviders(<QuickCapture context={ctx} />, { client });
    await userEvent.type(field(), 'SAP connector by Q2{Control>}{Enter}{/Control}');
    const offer = screen.getByRole('region', { name: 'Already on record?' });
    expect(client.createCommitment).not.toHaveBeenCalled();
    await userEvent.click(within(offer).getByRole('button', { name: 'Add this quote to “SAP S/4HANA connector by Q2”' }));
    await waitFor(() =>
      expect(client.updateCommitment).toHaveBeenCalledWith('c-sap', { sourceQuote: 'We can have it by Q2.\n\nSAP connector by Q2' }, 3),
    );
    expect(client.createCommitment).not.toHaveBeenCalled();
  });

  it('offers a matching flag too, and still saves as new when asked', async () => {
    const flag = makeFlag({ id: 'f-sap', note: 'Promised the SAP connector by Q2; not on the roadmap.', quote: undefined });
    const ctx = makeContext({ commitments: [], flags: [flag] });
    const client = fakeClient(ctx);
    renderWithProviders(<QuickCapture context={ctx} />, { client });
    await userEvent.type(field(), 'SAP connector by Q2{Enter}');
    expect(screen.getByRole('button', { name: /^Add this quote to “High flag: Promised the SAP connector/ })).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Save as a new commitment' }));
    await waitFor(() => expect(client.createCommitment).toHaveBeenCalledOnce());
  });

  it('keeps a joined quote within the stored limit', () => {
    expect(withQuote(undefined, 'New')).toBe('New');
    expect(withQuote('x'.repeat(4999), 'New')).toHaveLength(5000);
  });
});

describe('capture in the panel and the popup', () => {
  it('panel: the saved promise is highlighted where it lands in the list', async () => {
    let ctx = makeContext({ commitments: [makeCommitment({ id: 'c-old', text: 'Older promise' })], flags: [] });
    const client = fakeClient(ctx);
    client.getAccountContext.mockImplementation(async () => ctx);
    client.createCommitment.mockImplementation(async (draft) => {
      const saved = makeCommitment({ ...draft, id: 'c-new', accountId: 'acc-1' });
      ctx = { ...ctx, commitments: [...ctx.commitments, saved] };
      return saved;
    });
    renderWithProviders(<PanelApp loadTabRecord={async () => linked} />, { client });
    await userEvent.type(
      await screen.findByRole('textbox', { name: 'Capture a promise' }),
      'Dedicated CSM for the first year{Control>}{Enter}{/Control}',
    );
    await waitFor(() => expect(document.getElementById('seamline-commitment-c-new')).not.toBeNull());
    const item = document.getElementById('seamline-commitment-c-new')!;
    await waitFor(() => expect(item.dataset.highlighted).toBe('true'));
    expect(document.activeElement).toBe(item);
    expect(document.getElementById('seamline-commitment-c-old')!.dataset.highlighted).toBeUndefined();
  });

  it('panel: shows the open flags on the same thread with their commitment', () => {
    const sap = makeCommitment({ id: 'c-sap', text: 'SAP S/4HANA connector by Q2' });
    const flag = makeFlag({
      id: 'f-sap',
      severity: 'critical',
      category: 'integration-gap',
      note: 'SAP S/4HANA connector by Q2 is not on the roadmap.',
    });
    renderWithProviders(<CommitmentsCard context={makeContext({ commitments: [sap], flags: [flag, makeFlag({ id: 'f-other' })] })} />);
    const thread = screen.getByRole('list', { name: 'Flags on the same thread' });
    expect(within(thread).getAllByRole('listitem')).toHaveLength(1);
    expect(thread.textContent).toContain('Critical flag');
  });

  it('popup: captures in one line and confirms what was saved', async () => {
    const client = fakeClient(noThreads);
    renderWithProviders(<QuickChecklist accountId="acc-1" />, { client });
    await userEvent.type(await screen.findByRole('textbox', { name: 'Capture a promise' }), 'Free onboarding for 40 reps{Control>}{Enter}{/Control}');
    expect(await screen.findByText('Free onboarding for 40 reps')).toBeTruthy();
    expect(screen.getByText(/^Saved:/)).toBeTruthy();
  });
});
