import { afterEach, describe, expect, it, vi } from 'vitest';
import { storage } from '#imports';
import { lastDays } from '../../lib/core/domain/dashboard';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import type { DataPort } from '../../lib/core/model';
import type { ConnectionReport } from '../../lib/core/sync';
import { createSettingsStore, createTokenItem } from '../../lib/data/settings-store';
import { createTokenStore } from '../../lib/data/token-store';
import { startTestBackground } from '../../test/background-kit';
import { accountDraft, freshStore } from '../../test/factories';
import type { BackendConnector } from './data-source';

const TOKEN = 'sl_woken_dashboard_token_0123456789';
const BACKEND = 'https://team.example';

afterEach(() => vi.restoreAllMocks());

describe('the dashboard asked of a worker that has just started', () => {
  it('on the team backend, gets the backend’s figures rather than computing over the local store or an export', async () => {
    const tokenItem = createTokenStore({ dbName: `test-credentials-${crypto.randomUUID()}`, legacy: createTokenItem(storage) });
    const local = freshStore();
    await local.createAccount(accountDraft({ name: 'Only Local' }));
    const backendStore = freshStore();
    await backendStore.createAccount(accountDraft({ name: 'On The Backend', closedWonDate: '2025-05-01' }));
    const backend = new Proxy(backendStore, { get: (t, p) => (p === 'source' ? 'backend' : Reflect.get(t, p, t)) }) as unknown as DataPort;
    const connector: BackendConnector = {
      connect: () => ({ port: backend, outbox: null, dispose: () => undefined }),
      test: async (): Promise<ConnectionReport> => ({ reachable: true, tokenAccepted: true, contractVersion: '1.0.0', compatible: true }),
    };
    const first = startTestBackground({ port: local, connector, tokenItem });
    await first.settings.ready;
    await tokenItem.setValue(TOKEN);
    await createSettingsStore(storage).save({ ...DEFAULT_SETTINGS, dataSource: { kind: 'backend', url: BACKEND } });
    await vi.waitFor(() => expect(first.service.source).toBe('backend'));

    const asked = vi.spyOn(backendStore, 'dashboard');
    const exported = vi.spyOn(backendStore, 'exportAll');
    const readLocally = vi.spyOn(local, 'dashboardDataAt');
    // The dashboard's first request is what wakes the new worker: it arrives before the source is known.
    const woken = startTestBackground({ port: local, connector, tokenItem, woken: true });
    await woken.service.getDashboard(lastDays(new Date(), 90));
    expect(asked).toHaveBeenCalledTimes(1);
    expect(exported).not.toHaveBeenCalled();
    expect(readLocally).not.toHaveBeenCalled();
  });
});
