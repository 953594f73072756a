import { act, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Broadcast } from '../../lib/core/messages/to-pages';
import type { TabRecord } from '../../lib/core/messages/to-background';
import { PanelApp } from '../panel/PanelApp';
import { fakeClient, makeAccount, makeContext, renderWithProviders } from '../../test/render';
import { connectPanel } from './wiring';
import { LOCAL_CONNECTION } from '../../lib/core/sync';

const linkedTab: TabRecord = {
  tabId: 7,
  href: 'https://app.hubspot.com/x',
  record: { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '1' },
  resolution: { status: 'linked', accountId: 'acc-1', matchedBy: 'record' },
  reportedAt: 1_770_000_000_000,
};

function emitter() {
  const listeners = new Set<(m: Broadcast) => void>();
  return {
    onBroadcast: (l: (m: Broadcast) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (m: Broadcast) => act(() => listeners.forEach((l) => l(m))),
    size: () => listeners.size,
  };
}

describe('connectPanel', () => {
  it('refetches the account on screen when a change to it is broadcast', async () => {
    const client = fakeClient();
    const events = emitter();
    const { queryClient } = renderWithProviders(<PanelApp loadTabRecord={async () => linkedTab} />, { client });
    connectPanel(queryClient, events);
    await screen.findByRole('heading', { name: 'Northwind Logistics' });

    client.getAccountContext.mockResolvedValue(makeContext({ account: makeAccount({ name: 'Changed in the popup' }) }));
    events.emit({ channel: 'seamline', type: 'changed', source: 'local', accountIds: ['acc-other'], entities: ['handoff'] });
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('heading', { name: 'Changed in the popup' })).toBeNull();

    events.emit({ channel: 'seamline', type: 'changed', source: 'local', accountIds: ['acc-1'], entities: ['handoff'] });
    // The 200 ms goal is measured in a real browser by `npm run bench`; here
    // only the mechanism is checked (the broadcast, not a poll, refetches).
    expect(await screen.findByRole('heading', { name: 'Changed in the popup' }, { timeout: 3000 })).toBeTruthy();
  });

  it('reloads the tab record only when it is this tab whose record changed', async () => {
    const loadTabRecord = vi.fn(async () => linkedTab);
    const events = emitter();
    const { queryClient } = renderWithProviders(<PanelApp loadTabRecord={loadTabRecord} />);
    connectPanel(queryClient, events);
    await screen.findByRole('heading', { name: 'Northwind Logistics' });
    expect(loadTabRecord).toHaveBeenCalledTimes(1);

    events.emit({ channel: 'seamline', type: 'tab-record-changed', tabId: 99 });
    events.emit({ channel: 'seamline', type: 'tab-record-changed', tabId: 7 });
    await waitFor(() => expect(loadTabRecord).toHaveBeenCalledTimes(2));
    await new Promise((r) => setTimeout(r, 20));
    expect(loadTabRecord).toHaveBeenCalledTimes(2);
  });

  it('follows the active tab when given one, and unsubscribes everything', async () => {
    const loadTabRecord = vi.fn(async () => linkedTab);
    const events = emitter();
    let tabListener: (() => void) | null = null;
    const { queryClient } = renderWithProviders(<PanelApp loadTabRecord={loadTabRecord} />);
    const off = connectPanel(queryClient, {
      onBroadcast: events.onBroadcast,
      onActiveTabChange: (l) => {
        tabListener = l;
        return () => {
          tabListener = null;
        };
      },
    });
    await screen.findByRole('heading', { name: 'Northwind Logistics' });
    act(() => tabListener!());
    await waitFor(() => expect(loadTabRecord).toHaveBeenCalledTimes(2));
    off();
    expect(tabListener).toBeNull();
    expect(events.size()).toBe(0);
  });

  it('shows the connection state a broadcast carries: offline since, without waiting for a poll', async () => {
    const client = fakeClient(makeContext(), { source: 'backend' });
    const events = emitter();
    const { queryClient } = renderWithProviders(<PanelApp loadTabRecord={async () => linkedTab} />, { client });
    connectPanel(queryClient, events);
    await screen.findByRole('heading', { name: 'Northwind Logistics' });
    expect(screen.queryByText(/^Offline/)).toBeNull();

    const state = { ...LOCAL_CONNECTION, source: 'backend' as const, reachability: 'offline' as const, offlineSince: '2026-03-09T10:00:00.000Z' };
    client.status.mockResolvedValue({ source: 'backend', pendingWrites: 0, conflicts: [], lastError: null, connection: state });
    events.emit({ channel: 'seamline', type: 'connection', state });
    expect(await screen.findByText(/^Offline since .+ — the team backend cannot be reached\./)).toBeTruthy();
  });
});
