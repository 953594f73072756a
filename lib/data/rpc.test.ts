import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors';
import { DATA_METHOD_NAMES, type DataRequest } from '../core/messages/data-methods';
import type { ChangedBroadcast } from '../core/messages/to-pages';
import { accountDraft, commitmentDraft, freshStore } from '../../test/factories';
import { routedSend, senders } from '../../test/routing';
import { DataService } from './service';
import { createDataClient, dispatchData } from './rpc';
import { sendDataCall } from './sent-call';

function wired(sender = senders.popup) {
  const changes: ChangedBroadcast[] = [];
  const service = new DataService({ port: freshStore(), broadcast: (m) => changes.push(m) });
  const send = routedSend(service, sender);
  const sent: DataRequest[] = [];
  const client = createDataClient(async (msg) => {
    sent.push(msg);
    return send(msg);
  });
  return { service, client, changes, sent, send };
}

describe('data RPC', () => {
  it('offers every data method and the status call on the client', () => {
    const { client } = wired();
    for (const m of DATA_METHOD_NAMES) expect(typeof client[m]).toBe('function');
    expect(DATA_METHOD_NAMES).toContain('status');
    expect(DATA_METHOD_NAMES).not.toContain('source');
  });

  it('carries calls and results through the background and reports the answering source', async () => {
    const { client, sent } = wired();
    const a = await client.createAccount(accountDraft());
    expect(sent.at(-1)).toMatchObject({ channel: 'seamline', type: 'data', method: 'createAccount' });
    const c = await client.createCommitment(commitmentDraft(a.id));
    const ctx = await client.getAccountContext(a.id);
    expect(ctx?.account).toEqual(a);
    expect(ctx?.commitments).toEqual([c]);
    expect(client.source).toBe('local');
    expect(await client.status()).toMatchObject({ source: 'local', pendingWrites: 0, conflicts: [], lastError: null });
  });

  it('answers the injected panel frame as well as top-level pages', async () => {
    const { client } = wired(senders.panelFrame(9));
    await expect(client.listUnassigned()).resolves.toEqual({ commitments: [], flags: [] });
  });

  it('rethrows adapter errors as DataError with their details', async () => {
    const { client } = wired();
    const a = await client.createAccount(accountDraft());
    await client.updateAccount(a.id, { arr: 5 }, 1);
    const e = await client.updateAccount(a.id, { arr: 6 }, 1).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).kind).toBe('conflict');
    expect((e as DataError).info.current).toMatchObject({ id: a.id, arr: 5, version: 2 });
  });

  it('carries a conflict decision to the outbox and refuses a malformed one before sending', async () => {
    const calls: [number, string][] = [];
    const service = new DataService({
      port: freshStore(),
      outbox: { pendingCount: async () => 0, conflicts: async () => [], resolveConflict: async (id, choice) => void calls.push([id, choice]) },
    });
    const sent: DataRequest[] = [];
    const send = routedSend(service);
    const client = createDataClient(async (msg) => {
      sent.push(msg);
      return send(msg);
    });
    await expect(client.resolveConflict(7, 'mine')).resolves.toBeNull();
    expect(calls).toEqual([[7, 'mine']]);
    expect(sent.at(-1)).toMatchObject({ method: 'resolveConflict', args: [7, 'mine'] });
    const before = sent.length;
    await expect(client.resolveConflict(7, 'both' as 'mine')).rejects.toMatchObject({ kind: 'validation', info: { field: 'args[1]' } });
    await expect(client.resolveConflict('7' as unknown as number, 'theirs')).rejects.toMatchObject({
      kind: 'validation',
      info: { field: 'args[0]' },
    });
    expect(sent.length).toBe(before);
    const raw = await dispatchData(service, { channel: 'seamline', type: 'data', method: 'resolveConflict', args: [0, 'theirs'] });
    expect(raw).toMatchObject({ ok: false, error: { kind: 'validation', field: 'args[0]' } });
    expect(calls).toHaveLength(1);
  });

  it('reports a conflict decision without an outbox as a validation error', async () => {
    const { client } = wired();
    await expect(client.resolveConflict(1, 'theirs')).rejects.toMatchObject({ kind: 'validation' });
  });

  it('refuses malformed requests in the background, naming the argument', async () => {
    const { service, send } = wired();
    const res = await dispatchData(service, { channel: 'seamline', type: 'data', method: 'updateAccount', args: ['x', { arr: -1 }, 1] });
    expect(res).toMatchObject({ ok: false, error: { kind: 'validation', field: 'args[1].arr' } });
    // A length zod's own checks cannot compare, as a message can carry it: refused by its field like any other.
    const uncheckable = { length: { valueOf: 1, toString: 1 } };
    expect(
      await dispatchData(service, { channel: 'seamline', type: 'data', method: 'updateAccount', args: ['x', { name: uncheckable }, 1] }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'validation', field: 'args[1].name' },
    });
    expect(await send({ channel: 'seamline', type: 'data', method: 'dropDatabase', args: [] })).toMatchObject({
      refused: true,
      reason: 'invalid',
      field: 'request.method',
    });
  });

  it('turns a refusal by the background into a DataError naming the field', async () => {
    const client = createDataClient(async () => ({ refused: true, reason: 'invalid', field: 'request.args', message: 'Invalid data request' }));
    await expect(client.listUnassigned()).rejects.toMatchObject({ kind: 'validation', info: { field: 'request.args' } });
  });

  it('validates arguments before sending', async () => {
    let sends = 0;
    const client = createDataClient(async () => {
      sends++;
      return { ok: true, value: null, source: 'local' };
    });
    await expect(client.getAccountContext('not an id!')).rejects.toMatchObject({ kind: 'validation', info: { field: 'args[0]' } });
    expect(sends).toBe(0);
  });

  it('refuses replies that do not match the method result', async () => {
    const client = createDataClient(async () => ({ ok: true, value: { status: 'linked', accountId: 'a b' }, source: 'local' }));
    const ref = { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '1' } as const;
    await expect(client.resolveRecord(ref)).rejects.toMatchObject({ kind: 'schema' });
    const garbled = createDataClient(async () => '<html>');
    await expect(garbled.listUnassigned()).rejects.toMatchObject({ kind: 'schema' });
  });

  it('holds the dashboard’s methods, loaded on their first call, to the same argument and result checks', async () => {
    let sends = 0;
    const client = createDataClient(async () => {
      sends++;
      return { ok: true, value: { figures: 'not a dashboard' }, source: 'local' };
    });
    await expect(client.getDashboard({ segment: 'no such segment' } as never)).rejects.toMatchObject({ kind: 'validation' });
    expect(sends).toBe(0);
    const filter = { from: '2026-01-01', to: '2026-03-31' };
    await expect(client.getDashboardAgenda(filter)).rejects.toMatchObject({ kind: 'schema' });
    expect(sends).toBe(1);
    const { service, client: wiredClient } = wired();
    await service.createAccount(accountDraft());
    expect(await wiredClient.getDashboard(filter)).toMatchObject({ filter });
  });

  it('takes the reply of a call the page sent before its client existed, once, checked like its own', async () => {
    const { service, send, sent } = wired();
    await service.createAccount(accountDraft());
    const filter = { from: '2026-01-01', to: '2026-03-31' };
    const early: DataRequest[] = [];
    const first = sendDataCall(
      async (msg) => {
        early.push(msg);
        return send(msg);
      },
      'getDashboard',
      [filter],
    );
    const client = createDataClient(
      async (msg) => {
        sent.push(msg);
        return send(msg);
      },
      [first],
    );
    expect(early).toHaveLength(1);
    // Another filter is asked for; the one already sent is not asked again, and only the first time.
    expect(await client.getDashboard({ ...filter, segment: 'smb' })).toMatchObject({ filter: { ...filter, segment: 'smb' } });
    expect(sent).toHaveLength(1);
    expect(await client.getDashboard(filter)).toMatchObject({ filter });
    expect(sent).toHaveLength(1);
    expect(await client.getDashboard(filter)).toMatchObject({ filter });
    expect(sent).toHaveLength(2);
    expect(early).toHaveLength(1);
    // A reply that is not the method's result, or no reply, fails as the client's own call would.
    const garbled = createDataClient(
      async () => ({ ok: true, value: {}, source: 'local' }),
      [sendDataCall(async () => ({ ok: true, value: { figures: 'not a dashboard' }, source: 'local' }), 'getDashboard', [filter])],
    );
    await expect(garbled.getDashboard(filter)).rejects.toMatchObject({ kind: 'schema' });
    const lost = createDataClient(
      async () => ({ ok: true, value: {}, source: 'local' }),
      [sendDataCall(async () => Promise.reject(new Error('Receiving end does not exist.')), 'getDashboard', [filter])],
    );
    await expect(lost.getDashboard(filter)).rejects.toMatchObject({ kind: 'network' });
  });

  it('reports an unreachable background as a DataError', async () => {
    const client = createDataClient(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    const e = await client.listUnassigned().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).kind).toBe('network');
  });

  it('answers extension pages only: a content script gets nothing, another extension nothing', async () => {
    const service = new DataService({ port: freshStore() });
    const msg = { channel: 'seamline', type: 'data', method: 'listUnassigned', args: [] };
    expect(await routedSend(service, senders.panelFrame(3))(msg)).toMatchObject({ ok: true });
    expect(await routedSend(service, senders.contentScript(3))(msg)).toBeUndefined();
    expect(await routedSend(service, { ...senders.popup, id: 'another-extension' })(msg)).toBeUndefined();
  });
});
