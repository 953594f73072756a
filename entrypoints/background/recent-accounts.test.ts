import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CHANNEL } from '../../lib/core/messages/channel';
import { handlersWith, senders, TEST_EXTENSION_ID, TEST_ORIGIN } from '../../test/routing';
import { createRouter } from './router';
import { RECENT_ACCOUNTS_MAX, recentAccountsHandlers } from './recent-accounts';

const body = <T extends object>(b: T) => ({ channel: 'seamline', ...b }) as never;

beforeEach(() => fakeBrowser.reset());

describe('recent accounts', () => {
  it('lists the accounts opened last, newest first, once each, per data source', async () => {
    let source: 'local' | 'backend' = 'local';
    const h = recentAccountsHandlers(fakeBrowser as never, () => source);
    for (const [id, name] of [
      ['a', 'Acme'],
      ['b', 'Globex'],
      ['a', 'Acme Corp'],
    ])
      await h['account-opened'](body({ type: 'account-opened', accountId: id, name }), {} as never);
    expect((await h['recent-accounts'](body({ type: 'recent-accounts' }), {} as never)).accounts).toEqual([
      { id: 'a', name: 'Acme Corp' },
      { id: 'b', name: 'Globex' },
    ]);
    source = 'backend';
    expect((await h['recent-accounts'](body({ type: 'recent-accounts' }), {} as never)).accounts).toEqual([]);
    await h['account-opened'](body({ type: 'account-opened', accountId: 'x', name: 'Initech' }), {} as never);
    source = 'local';
    expect((await h['recent-accounts'](body({ type: 'recent-accounts' }), {} as never)).accounts.map((a) => a.id)).toEqual(['a', 'b']);
  });

  it(`answers the panel frame through the router, keeping at most ${RECENT_ACCOUNTS_MAX}, dropping the oldest`, async () => {
    const handlers = handlersWith(recentAccountsHandlers(fakeBrowser as never, () => 'local'));
    const bg = { route: createRouter({ extensionId: TEST_EXTENSION_ID, extensionOrigin: TEST_ORIGIN, handlers }) };
    const frame = senders.panelFrame(7);
    for (let i = 0; i < RECENT_ACCOUNTS_MAX + 3; i++)
      expect(await bg.route({ channel: CHANNEL, type: 'account-opened', accountId: `acc-${i}`, name: `Account ${i}` }, frame)).toEqual({ ok: true });
    const reply = (await bg.route({ channel: CHANNEL, type: 'recent-accounts' }, frame)) as { accounts: { id: string }[] };
    const ids = reply.accounts.map((a) => a.id);
    expect(ids).toHaveLength(RECENT_ACCOUNTS_MAX);
    expect(ids[0]).toBe(`acc-${RECENT_ACCOUNTS_MAX + 2}`);
    expect(ids).not.toContain('acc-0');
  });

  it('starts again from an empty list when the stored one does not parse', async () => {
    await fakeBrowser.storage.local.set({ recentAccounts: 'not a list' });
    const h = recentAccountsHandlers(fakeBrowser as never, () => 'local');
    expect((await h['recent-accounts'](body({ type: 'recent-accounts' }), {} as never)).accounts).toEqual([]);
  });
});
