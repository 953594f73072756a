import { describe, expect, it } from 'vitest';
import { generateDemoPortfolio } from '../../lib/demo';
import { DataService } from '../../lib/data/service';
import { accountDraft, freshStore } from '../../test/factories';
import { seedDemoHandler } from './demo';

const now = new Date('2026-03-10T12:00:00Z');
const bundle = generateDemoPortfolio({ seed: 1, accounts: 30, now });
const page = { role: 'extension-page' as const, sender: {} };
const request = { channel: 'seamline' as const, type: 'seed-demo' as const, bundle };

describe('loading the demo portfolio', () => {
  it('fills an empty store', async () => {
    const store = freshStore();
    const reply = await seedDemoHandler(new DataService({ port: store }))(request, page);
    expect(reply).toEqual({ ok: true, loaded: true, accounts: 30 });
    expect((await store.listAccounts({})).total).toBe(30);
  });

  it('never touches a store that has accounts', async () => {
    const store = freshStore();
    const mine = await store.createAccount(accountDraft({ name: 'My real customer', websiteDomain: 'real.example' }));
    expect(await seedDemoHandler(new DataService({ port: store }))(request, page)).toEqual({ ok: true, loaded: false, accounts: 1 });
    const accounts = await store.listAccounts({});
    expect(accounts.items.map((i) => i.id)).toEqual([mine.id]);
    expect(await store.listUnassigned()).toEqual({ commitments: [], flags: [] });
  });
});
