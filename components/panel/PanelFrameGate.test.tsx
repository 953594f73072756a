import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { SyncConflict } from '../app/DataContext';
import type { TabRecord } from '../../lib/core/messages/to-background';
import { fakeClient, makeContext, renderWithProviders } from '../../test/render';
import { PanelApp, PanelFrameGate } from './PanelApp';

const conflict: SyncConflict = {
  id: 4,
  reason: 'conflict',
  entry: { seq: 4, idempotencyKey: 'k4', method: 'updateCommitment', args: [], createdAt: '2026-03-09T10:00:00.000Z', attempts: 1 },
  mine: ['com-1', { dueDate: '2026-05-01' }, 2],
  theirs: { id: 'com-1', dueDate: '2026-06-15', version: 3 },
  error: { kind: 'conflict', message: 'version 3 is current' },
  at: '2026-03-09T10:05:00.000Z',
};

const tab: TabRecord = {
  tabId: 7,
  href: 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view',
  record: { platform: 'salesforce', host: 'acme.lightning.force.com', objectType: 'Account', kind: 'account', recordId: '001Dn00000NwLgXIAV' },
  resolution: { status: 'linked', accountId: 'acc-1', matchedBy: 'record' },
  reportedAt: 1_770_000_000_000,
};

/** The framed panel with a pending sync conflict (whose buttons a framing site would like clicked). */
function framed(confirm: () => Promise<boolean>, retries = 0, confirmed = false) {
  const client = fakeClient(makeContext(), { source: 'backend', conflicts: [conflict] });
  const loadTabRecord = vi.fn(async () => tab);
  const view = renderWithProviders(
    <PanelFrameGate confirm={confirm} retries={retries} confirmed={confirmed}>
      <PanelApp loadTabRecord={loadTabRecord} onClose={() => undefined} />
    </PanelFrameGate>,
    { client },
  );
  return { ...view, loadTabRecord };
}

describe('the framed panel outside the CRM page that framed it', () => {
  it('shows only "Not a CRM page": no conflict buttons, no close button, nothing asked of the background', async () => {
    const { client, loadTabRecord, container } = framed(async () => false);
    expect(await screen.findByRole('region', { name: 'Not a CRM page' })).toBeTruthy();
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(container.querySelectorAll('a, input, select, textarea, [tabindex]')).toHaveLength(0);
    expect(client.status).not.toHaveBeenCalled();
    expect(loadTabRecord).not.toHaveBeenCalled();
  });

  it('shows the same when the background refuses to answer', async () => {
    framed(() => Promise.reject(new Error('frame-check is not answered for a extension-page')));
    expect(await screen.findByRole('region', { name: 'Not a CRM page' })).toBeTruthy();
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('renders nothing at all while it is being checked', () => {
    const { container } = framed(() => new Promise(() => {}));
    expect(container.textContent).toBe('');
  });

  it('shows the panel once the page is confirmed, also when the page’s first report was still on its way', async () => {
    const confirm = vi.fn<() => Promise<boolean>>().mockResolvedValueOnce(false).mockResolvedValue(true);
    framed(confirm, 3);
    expect(await screen.findByRole('button', { name: 'Keep mine' }, { timeout: 3000 })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Close Seamline panel' })).toBeTruthy();
    expect(screen.queryByText('Not a CRM page')).toBeNull();
  });

  it('shows the panel in its first render when the page was confirmed before the gate was rendered, without asking again', () => {
    const confirm = vi.fn(async () => false);
    framed(confirm, 3, true);
    expect(screen.getByRole('button', { name: 'Close Seamline panel' })).toBeTruthy();
    expect(screen.queryByText('Not a CRM page')).toBeNull();
    expect(confirm).not.toHaveBeenCalled();
  });
});
