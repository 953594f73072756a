import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataError } from '../../lib/core/errors';
import { LOCAL_CONNECTION } from '../../lib/core/sync';
import type { SyncConflict } from '../app/DataContext';
import { fakeClient, makeContext, renderWithProviders } from '../../test/render';
import { STATUS_POLL_MS, SyncStatus } from './SyncStatus';

function conflict(id: number, over: Partial<SyncConflict> = {}): SyncConflict {
  return {
    id,
    reason: 'conflict',
    entry: { seq: id, idempotencyKey: `k${id}`, method: 'updateCommitment', args: [], createdAt: '2026-03-09T10:00:00.000Z', attempts: 1 },
    mine: ['com-1', { dueDate: '2026-05-01' }, 2],
    theirs: { id: 'com-1', dueDate: '2026-06-15', version: 3 },
    error: { kind: 'conflict', message: 'version 3 is current' },
    at: '2026-03-09T10:05:00.000Z',
    ...over,
  };
}

const items = () => within(screen.getByRole('alert')).getAllByRole('listitem');

describe('SyncStatus conflicts', () => {
  it('keeps my version of one conflict and takes theirs for another, by conflict id', async () => {
    const client = fakeClient(makeContext(), {
      source: 'backend',
      conflicts: [conflict(4), conflict(9, { entry: { ...conflict(9).entry, method: 'updateFlag' } })],
    });
    renderWithProviders(<SyncStatus />, { client });
    expect(await screen.findByText('2 changes could not be saved')).toBeTruthy();
    const [first, second] = items();
    await userEvent.click(within(first!).getByRole('button', { name: 'Keep mine' }));
    await waitFor(() => expect(client.resolveConflict).toHaveBeenCalledWith(4, 'mine'));
    await userEvent.click(within(second!).getByRole('button', { name: 'Take theirs' }));
    await waitFor(() => expect(client.resolveConflict).toHaveBeenLastCalledWith(9, 'theirs'));
    expect(client.resolveConflict).toHaveBeenCalledTimes(2);
  });

  it('drops a decided conflict from the list once the status is read again', async () => {
    const client = fakeClient(makeContext(), { source: 'backend', conflicts: [conflict(4)] });
    client.resolveConflict.mockImplementationOnce(async () => {
      client.status.mockResolvedValue({ source: 'backend', pendingWrites: 1, conflicts: [], lastError: null, connection: LOCAL_CONNECTION });
      return null;
    });
    renderWithProviders(<SyncStatus />, { client });
    await userEvent.click(await screen.findByRole('button', { name: 'Keep mine' }));
    expect(await screen.findByText('1 change waiting to sync')).toBeTruthy();
    expect(screen.queryByText(/could not be saved/)).toBeNull();
  });

  it('words the choice for a change the backend refused outright', async () => {
    const client = fakeClient(makeContext(), {
      source: 'backend',
      conflicts: [conflict(2, { reason: 'rejected', theirs: null, error: { kind: 'validation', message: 'dueDate is not a date' } })],
    });
    renderWithProviders(<SyncStatus />, { client });
    await userEvent.click(await screen.findByRole('button', { name: 'Discard mine' }));
    // Discarding asks first: nothing is dropped on one click.
    expect(client.resolveConflict).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Keep it' }));
    expect(screen.getByRole('button', { name: 'Send again' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Keep mine' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Discard mine' }));
    await userEvent.click(screen.getByRole('button', { name: 'Discard' }));
    await waitFor(() => expect(client.resolveConflict).toHaveBeenCalledWith(2, 'theirs'));
  });

  it('says why a decision failed and keeps the conflict on screen', async () => {
    const client = fakeClient(makeContext(), { source: 'backend', conflicts: [conflict(4)] });
    client.resolveConflict.mockRejectedValueOnce(new DataError({ kind: 'not-found', message: 'no outbox conflict 4' }));
    renderWithProviders(<SyncStatus />, { client });
    await userEvent.click(await screen.findByRole('button', { name: 'Take theirs' }));
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.some((a) => a.textContent!.includes('no outbox conflict 4'))).toBe(true);
    expect(screen.getByText('1 change could not be saved')).toBeTruthy();
  });

  describe('SyncStatus needs attention', () => {
    const refused = () =>
      conflict(7, {
        reason: 'rejected',
        entry: { ...conflict(7).entry, method: 'createCommitment' },
        mine: [{ accountId: 'acc-1', text: 'Ship <b>SSO</b> \u0000 by May', kind: 'feature', createdBy: 'Ana' }],
        theirs: undefined,
        error: { kind: 'validation', message: 'contains a character that cannot be stored', field: 'text', status: 400 },
      });

    it('shows the reason with its field and the text as data, and re-sends it as corrected', async () => {
      const client = fakeClient(makeContext(), { source: 'backend', conflicts: [refused()] });
      renderWithProviders(<SyncStatus />, { client });
      const region = await screen.findByRole('alert', { name: 'Needs attention' });
      expect(region.textContent).toContain('text: contains a character that cannot be stored');
      const box = within(region).getByRole('textbox', { name: 'text (refused)' }) as HTMLTextAreaElement;
      expect(box.value).toBe('Ship <b>SSO</b> \u0000 by May');
      expect(region.querySelector('b')).toBeNull();
      await userEvent.clear(box);
      await userEvent.type(box, 'Ship SSO by May');
      await userEvent.click(within(region).getByRole('button', { name: 'Send again' }));
      await waitFor(() => expect(client.resolveConflict).toHaveBeenCalledWith(7, 'mine', { text: 'Ship SSO by May' }));
    });

    it('says offline since when the backend stopped answering, even after a read came from the cache', async () => {
      const client = fakeClient(makeContext(), {
        source: 'backend',
        // The last call succeeded (from the cache): no error, but the connection is still down.
        lastError: null,
        connection: { ...LOCAL_CONNECTION, source: 'backend', reachability: 'offline', offlineSince: '2026-03-09T10:00:00.000Z' },
      });
      renderWithProviders(<SyncStatus />, { client });
      const banner = await screen.findByRole('status');
      expect(banner.textContent).toMatch(/^Offline since .+ — the team backend cannot be reached\./);
    });
  });

  it('keeps changes parked for another workspace visible, also on local data', async () => {
    const client = fakeClient(makeContext(), { source: 'local', connection: { ...LOCAL_CONNECTION, parked: 2 } });
    renderWithProviders(<SyncStatus />, { client });
    expect((await screen.findByRole('status')).textContent).toContain('2 unsent changes kept for another backend or workspace');
  });
});

describe('SyncStatus reading the status again', () => {
  afterEach(() => vi.useRealTimers());

  async function callsOver(source: 'local' | 'backend', polls: number) {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const client = fakeClient(makeContext(), { source, connection: { ...LOCAL_CONNECTION, source } });
    renderWithProviders(<SyncStatus />, { client });
    await waitFor(() => expect(client.status).toHaveBeenCalledTimes(1));
    for (let i = 0; i < polls; i++) await vi.advanceTimersByTimeAsync(STATUS_POLL_MS);
    return client.status.mock.calls.length;
  }

  it('polls the team backend’s status, where writes drain without a word', async () => {
    expect(await callsOver('backend', 3)).toBeGreaterThanOrEqual(4);
  });

  it('does not poll on local data, where every change is announced', async () => {
    expect(await callsOver('local', 3)).toBe(1);
  });
});
