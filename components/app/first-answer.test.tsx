import { QueryClient } from '@tanstack/react-query';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { FrameCheckReply, TabRecord } from '../../lib/core/messages/to-background';
import { FirstPaintAnswerSchema } from '../../lib/core/messages/first-paint';
import { firstPaintOf } from '../../lib/core/messages/first-paint-of';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { fakeClient, HOSTILE_NAME, makeAccount, makeContext, NOW, renderWithProviders } from '../../test/render';
import { paintFirst } from '../panel/first-paint';
import { ChecklistRow } from '../shared/Checklist';
import { QuickCapture } from '../shared/QuickCapture';
import { PanelApp } from '../panel/PanelApp';
import { createDraftStore, DraftScope, DraftsProvider } from './drafts';
import { seedFromFirstAnswer } from './first-answer';

const tab: TabRecord = {
  tabId: 7,
  href: 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view',
  record: { platform: 'salesforce', host: 'acme.lightning.force.com', objectType: 'Account', kind: 'account', recordId: '001Dn00000NwLgXIAV' },
  resolution: { status: 'linked', accountId: 'acc-1', matchedBy: 'record' },
  reportedAt: 1_770_000_000_000,
};
const never = <T,>() => new Promise<T>(() => {});
const freshQueryClient = () => new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });

describe('the framed panel’s first answer', () => {
  it('paints the account’s heading and health from it, before any other request is answered', () => {
    const context = makeContext({ account: makeAccount({ id: 'acc-1', name: 'Northwind Logistics' }) });
    const client = fakeClient(context);
    client.getAccountContext.mockImplementation(never);
    client.resolveRecord.mockImplementation(never);
    const queryClient = freshQueryClient();
    const answer: FrameCheckReply = {
      crmPage: true,
      tab,
      context: { source: 'local', accountId: 'acc-1', value: context },
      firstPaint: null,
      drafts: {},
    };
    seedFromFirstAnswer(queryClient, answer);
    renderWithProviders(<PanelApp loadTabRecord={never} />, { client, queryClient });
    // Synchronously, on the first render: no skeleton, no waiting.
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Northwind Logistics');
    expect(screen.getByRole('region', { name: 'Health' })).toBeTruthy();
    expect(screen.queryByRole('status', { name: /loading/i })).toBeNull();
  });

  it('paints the heading and health score before the panel has loaded, as the panel then shows them', () => {
    const context = makeContext({ account: makeAccount({ id: 'acc-1', name: 'Northwind Logistics' }) });
    const firstPaint = firstPaintOf(context, DEFAULT_SETTINGS.healthWeights, NOW);
    const answer: FrameCheckReply = { crmPage: true, tab, context: { source: 'local', accountId: 'acc-1', value: context }, firstPaint, drafts: {} };
    // What the frame's first script reads of the answer, before the contract is loaded.
    const early = FirstPaintAnswerSchema.parse(JSON.parse(JSON.stringify(answer)));
    const shell = document.createElement('div');
    paintFirst(shell, early.firstPaint);
    const queryClient = freshQueryClient();
    seedFromFirstAnswer(queryClient, answer);
    renderWithProviders(<PanelApp loadTabRecord={never} />, { client: fakeClient(context), queryClient });

    const heading = screen.getByRole('heading', { level: 1 });
    const firstHeading = shell.querySelector('h1')!;
    expect(firstHeading.textContent).toBe('Northwind Logistics');
    expect(firstHeading.textContent).toBe(heading.textContent);
    // The same look, so the heading does not move or change when the panel takes over.
    expect(firstHeading.className).toBe(heading.className);
    const score = (root: ParentNode) => root.querySelector('p > span:first-child');
    const panelScore = score(screen.getByRole('region', { name: 'Health' }))!;
    expect(score(shell)!.textContent).toBe(panelScore.textContent);
    expect(score(shell)!.className).toBe(panelScore.className);
    expect(Number(panelScore.textContent)).toBeGreaterThan(0);
    expect(shell.querySelector('main')!.getAttribute('aria-busy')).toBe('true');
  });

  it('paints an account’s name from the store as text, and says when there is no score yet', () => {
    const shell = document.createElement('div');
    paintFirst(shell, { accountName: HOSTILE_NAME, health: { status: 'unknown', reason: 'no-data' } });
    expect(shell.querySelector('h1')!.textContent).toBe(HOSTILE_NAME);
    expect(shell.querySelector('img')).toBeNull();
    expect(shell.textContent).toContain('Unknown — no health data yet');
  });

  it('paints nothing early from an answer whose first paint does not parse', () => {
    const bad = {
      crmPage: true,
      firstPaint: { accountName: 'Globex', health: { status: 'known', score: 140, band: 'healthy', asOf: '2026-03-01' } },
    };
    expect(FirstPaintAnswerSchema.safeParse(bad).success).toBe(false);
    expect(FirstPaintAnswerSchema.safeParse({ crmPage: true, firstPaint: null }).success).toBe(false);
  });

  it('follows the tab to the record its page moved to before the panel listened for changes', async () => {
    const first = makeContext({ account: makeAccount({ id: 'acc-1', name: 'Northwind Logistics' }) });
    const moved = makeContext({ account: makeAccount({ id: 'acc-2', name: 'Globex Manufacturing' }) });
    const client = fakeClient(first);
    client.resolveRecord.mockImplementation(async (record) =>
      record.recordId === 'acc-2-record'
        ? { status: 'linked', accountId: 'acc-2', matchedBy: 'record' }
        : { status: 'linked', accountId: 'acc-1', matchedBy: 'record' },
    );
    client.getAccountContext.mockImplementation(async (id) => (id === 'acc-2' ? moved : first));
    // As the panel's own: what was just read counts as fresh for ten seconds.
    const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: 10_000 } } });
    seedFromFirstAnswer(queryClient, {
      crmPage: true,
      tab,
      context: { source: 'local', accountId: 'acc-1', value: first },
      firstPaint: null,
      drafts: {},
    });
    const now: TabRecord = { ...tab, record: { ...tab.record!, recordId: 'acc-2-record' }, resolution: null, reportedAt: tab.reportedAt + 1 };
    renderWithProviders(<PanelApp loadTabRecord={async () => now} />, { client, queryClient });
    // The first answer's account at once, then the one the tab shows now.
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Northwind Logistics');
    await screen.findByRole('heading', { level: 1, name: 'Globex Manufacturing' });
  });

  it('without a context (the team backend is the source) the panel asks for it as before', async () => {
    const client = fakeClient(makeContext({ account: makeAccount({ id: 'acc-1', name: 'Globex' }) }));
    const queryClient = freshQueryClient();
    seedFromFirstAnswer(queryClient, { crmPage: true, tab, context: null, firstPaint: null, drafts: {} });
    renderWithProviders(<PanelApp loadTabRecord={never} />, { client, queryClient });
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Globex');
    expect(client.getAccountContext).toHaveBeenCalledWith('acc-1');
  });
});

describe('drafts that outlive the panel frame', () => {
  const item = { id: 'kickoff-date', label: 'Kickoff date agreed', required: true, archived: false } as never;

  /** One frame's life: a store loaded from what the background kept, sending every change on. */
  function frame(kept: Record<string, string>) {
    const saved = vi.fn<(field: string, value: string | null) => void>((field, value) => {
      if (value === null) delete kept[field];
      else kept[field] = value;
    });
    const store = createDraftStore(saved);
    store.load(kept);
    const view = renderWithProviders(
      <DraftsProvider store={store}>
        <DraftScope name="acc-1">
          <ul>
            <ChecklistRow item={item} answer={undefined} pending={undefined} onSave={() => undefined} />
          </ul>
          <QuickCapture context={makeContext({ account: makeAccount({ id: 'acc-1' }) })} />
        </DraftScope>
      </DraftsProvider>,
    );
    return { ...view, saved };
  }

  it('a note being written and the capture box come back in a new frame, for the same account', async () => {
    const kept: Record<string, string> = {};
    const first = frame(kept);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add note: Kickoff date agreed' }));
    await user.type(screen.getByRole('textbox', { name: 'Note for “Kickoff date agreed”' }), 'CFO on holiday');
    await user.type(screen.getByRole('textbox', { name: 'Capture a promise' }), 'SSO by Q3');
    expect(first.saved).toHaveBeenLastCalledWith('acc-1:capture', 'SSO by Q3');
    first.unmount();

    frame(kept);
    expect((screen.getByRole('textbox', { name: 'Note for “Kickoff date agreed”' }) as HTMLTextAreaElement).value).toBe('CFO on holiday');
    expect((screen.getByRole('textbox', { name: 'Capture a promise' }) as HTMLInputElement).value).toBe('SSO by Q3');
  });

  it('a note cancelled is no longer kept', async () => {
    const kept: Record<string, string> = {};
    const first = frame(kept);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Add note: Kickoff date agreed' }));
    await user.type(screen.getByRole('textbox', { name: 'Note for “Kickoff date agreed”' }), 'draft');
    await act(() => user.click(screen.getByRole('button', { name: 'Cancel' })));
    expect(kept).toEqual({});
    first.unmount();
    frame(kept);
    expect(screen.queryByRole('textbox', { name: 'Note for “Kickoff date agreed”' })).toBeNull();
  });
});
