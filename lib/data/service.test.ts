import { describe, expect, it, vi } from 'vitest';
import type { ChangedBroadcast } from '../core/messages/to-pages';
import { DataError } from '../core/errors';
import { accountDraft, commitmentDraft, flagDraft, freshStore } from '../../test/factories';
import type { OutboxConflict } from '../core/sync';
import type { DataPort } from '../core/model';
import { DataService, type OutboxStatusSource } from './service';

function setup(outbox: OutboxStatusSource | null = null) {
  const changes: ChangedBroadcast[] = [];
  const service = new DataService({ port: freshStore(), broadcast: (m) => changes.push(m), outbox });
  return { service, changes };
}

describe('DataService', () => {
  it('announces each successful write with the accounts and entities it touched', async () => {
    const { service, changes } = setup();
    const a = await service.createAccount(accountDraft());
    const c = await service.createCommitment(commitmentDraft(null));
    await service.updateCommitment(c.id, { accountId: a.id }, 1);
    await service.setHandoffAnswer({ accountId: a.id, itemId: 'why-buy-now', done: true, by: 'Dana', expectedVersion: null });
    await service.createFlag(flagDraft(a.id));
    expect(changes).toEqual([
      { channel: 'seamline', type: 'changed', source: 'local', accountIds: [a.id], entities: ['accounts'] },
      { channel: 'seamline', type: 'changed', source: 'local', accountIds: [], entities: ['commitments'] },
      { channel: 'seamline', type: 'changed', source: 'local', accountIds: [a.id], entities: ['commitments', 'reassigned'] },
      { channel: 'seamline', type: 'changed', source: 'local', accountIds: [a.id], entities: ['handoff'] },
      { channel: 'seamline', type: 'changed', source: 'local', accountIds: [a.id], entities: ['flags'] },
    ]);
  });

  it('marks every account stale when a CRM link moves from one account to another', async () => {
    const { service, changes } = setup();
    const ref = { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '42' } as const;
    const first = await service.createAccount(accountDraft({ crmRefs: [ref] }));
    const second = await service.createAccount(accountDraft({ name: 'Second' }));
    await service.linkRecord(second.id, ref);
    expect(changes.at(-1)).toMatchObject({ accountIds: [second.id], entities: ['accounts', 'reassigned'] });
    expect((await service.getAccountContext(first.id))?.account.crmRefs).toEqual([]);
  });

  it('reads an account’s context from the store once until the next change, and again after it', async () => {
    const port = freshStore();
    const reads = vi.spyOn(port, 'getAccountContext');
    const service = new DataService({ port });
    const a = await service.createAccount(accountDraft());
    const first = await service.getAccountContext(a.id);
    expect(await service.getAccountContext(a.id)).toBe(first);
    expect(reads).toHaveBeenCalledTimes(1);
    await service.createFlag(flagDraft(a.id));
    expect((await service.getAccountContext(a.id))?.flags).toHaveLength(1);
    expect(reads).toHaveBeenCalledTimes(2);
    // A read that failed is asked again.
    reads.mockRejectedValueOnce(new Error('the store is closing'));
    await service.createFlag(flagDraft(a.id));
    await expect(service.getAccountContext(a.id)).rejects.toThrow('the store is closing');
    expect((await service.getAccountContext(a.id))?.flags).toHaveLength(2);
  });

  it('stays quiet on reads and failed writes, and remembers the last error until a call succeeds', async () => {
    const { service, changes } = setup();
    await service.listAccounts({});
    await service.getAccountContext('nothing');
    await expect(service.updateAccount('missing', { arr: 1 }, 1)).rejects.toBeInstanceOf(DataError);
    expect(changes).toEqual([]);
    expect((await service.status()).lastError).toMatchObject({ kind: 'not-found' });
    await service.listUnassigned();
    expect((await service.status()).lastError).toBeNull();
  });

  it('a write succeeds even when no page is listening', async () => {
    const service = new DataService({
      port: freshStore(),
      broadcast: () => {
        throw new Error('Receiving end does not exist.');
      },
    });
    const rejecting = new DataService({ port: freshStore(), broadcast: () => Promise.reject(new Error('gone')) });
    await expect(service.createAccount(accountDraft())).resolves.toMatchObject({ version: 1 });
    await expect(rejecting.createAccount(accountDraft())).resolves.toMatchObject({ version: 1 });
  });

  it('reports pending writes and conflicts from the injected outbox', async () => {
    const conflict = {
      id: 1,
      reason: 'conflict',
      entry: { seq: 1, idempotencyKey: 'k', method: 'updateAccount', args: [], createdAt: '2025-01-01T00:00:00Z', attempts: 1 },
      mine: [],
      theirs: null,
      error: { kind: 'conflict', message: 'moved on' },
      at: '2025-01-01T00:00:00Z',
    } satisfies OutboxConflict;
    expect(await setup().service.status()).toMatchObject({ source: 'local', pendingWrites: 0, conflicts: [], lastError: null });
    const { service } = setup({ pendingCount: async () => 3, conflicts: async () => [conflict] });
    expect(await service.status()).toMatchObject({ pendingWrites: 3, conflicts: [conflict] });
  });

  it('resolves an outbox conflict through the injected outbox and tells pages to refresh', async () => {
    const calls: [number, string][] = [];
    let flushed!: () => void;
    const flush = new Promise<void>((r) => (flushed = r));
    const { service, changes } = setup({
      pendingCount: async () => 0,
      conflicts: async () => [],
      resolveConflict: async (id, choice) => void calls.push([id, choice]),
      flush: () => flush,
    });
    await expect(service.resolveConflict(4, 'theirs')).resolves.toBeNull();
    expect(calls).toEqual([[4, 'theirs']]);
    expect(changes).toEqual([{ channel: 'seamline', type: 'changed', source: 'local', accountIds: [], entities: ['store'] }]);

    // Keeping mine re-sends the change: pages refresh now and again once the replay settles.
    await service.resolveConflict(5, 'mine');
    expect(calls.at(-1)).toEqual([5, 'mine']);
    expect(changes).toHaveLength(2);
    flushed();
    await flush;
    await Promise.resolve();
    expect(changes).toHaveLength(3);
  });

  it('refuses to resolve a conflict when there is no outbox, and passes on the outbox refusing one', async () => {
    const { service, changes } = setup();
    const none = await service.resolveConflict(1, 'mine').catch((x: unknown) => x);
    expect(none).toBeInstanceOf(DataError);
    expect((none as DataError).kind).toBe('validation');
    expect((none as DataError).message).toMatch(/no outbox/);
    // A status-only source (no resolveConflict) cannot settle anything either.
    const statusOnly = setup({ pendingCount: async () => 0, conflicts: async () => [] }).service;
    await expect(statusOnly.resolveConflict(1, 'mine')).rejects.toMatchObject({ kind: 'validation' });
    const refusing = setup({
      pendingCount: async () => 0,
      conflicts: async () => [],
      resolveConflict: async (id) => {
        throw new DataError({ kind: 'not-found', message: `no outbox conflict ${id}` });
      },
    });
    await expect(refusing.service.resolveConflict(9, 'theirs')).rejects.toMatchObject({ kind: 'not-found' });
    expect(changes).toEqual([]);
    expect(refusing.changes).toEqual([]);
  });

  it('switching the port changes the source and marks everything stale', async () => {
    const { service, changes } = setup();
    const backend = { source: 'backend', listUnassigned: async () => ({ commitments: [], flags: [] }) } as unknown as DataPort;
    service.setPort(backend);
    expect(service.source).toBe('backend');
    expect(changes).toEqual([{ channel: 'seamline', type: 'changed', source: 'backend', accountIds: [], entities: ['store'] }]);
    expect((await service.status()).source).toBe('backend');
    await expect(service.listUnassigned()).resolves.toEqual({ commitments: [], flags: [] });
  });

  it('turns a stray exception from an adapter into a DataError', async () => {
    const broken = {
      source: 'backend',
      listUnassigned: async () => {
        throw new TypeError('boom');
      },
    } as unknown as DataPort;
    const service = new DataService({ port: broken });
    const e = await service.listUnassigned().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).kind).toBe('server');
  });
});
