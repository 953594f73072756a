import { describe, expect, it } from 'vitest';
import { DataError } from '../core/errors';
import { accountDraft, commitmentDraft, freshStore } from '../../test/factories';
import { DataService } from './service';
import { DATA_METHOD_NAMES, createDataClient, createDataMessageListener, handleDataRequest, isTrustedDataSender, type DataRequest } from './rpc';
import type { ChangedBroadcast } from '../core/messages/protocol';

const ORIGIN = 'chrome-extension://abcdefghijklmnop';

// Runtime messages are serialised; JSON is the strictest of the browsers' encodings.
const overTheWire = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

function wired() {
  const changes: ChangedBroadcast[] = [];
  const service = new DataService({ port: freshStore(), broadcast: (m) => changes.push(m) });
  const listener = createDataMessageListener({ service, extensionOrigin: ORIGIN, extensionId: 'abcdefghijklmnop' });
  const sent: DataRequest[] = [];
  const client = createDataClient(async (msg) => {
    sent.push(msg);
    return overTheWire(await listener(overTheWire(msg), { id: 'abcdefghijklmnop', url: `${ORIGIN}/popup.html` }));
  });
  return { service, client, changes, sent };
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
    expect(await client.status()).toEqual({ source: 'local', pendingWrites: 0, conflicts: [], lastError: null });
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
    const { service, client, sent } = wired();
    const calls: [number, string][] = [];
    service.setOutbox({
      pendingCount: async () => 0,
      conflicts: async () => [],
      resolveConflict: async (id, choice) => void calls.push([id, choice]),
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
    const raw = await handleDataRequest(service, { channel: 'seamline', type: 'data', method: 'resolveConflict', args: [0, 'theirs'] });
    expect(raw).toMatchObject({ ok: false, error: { kind: 'validation', field: 'args[0]' } });
    expect(calls).toHaveLength(1);
  });

  it('reports a conflict decision without an outbox as a validation error', async () => {
    const { client } = wired();
    await expect(client.resolveConflict(1, 'theirs')).rejects.toMatchObject({ kind: 'validation' });
  });

  it('refuses malformed requests in the background, naming the argument', async () => {
    const { service } = wired();
    const res = await handleDataRequest(service, { channel: 'seamline', type: 'data', method: 'updateAccount', args: ['x', { arr: -1 }, 1] });
    expect(res).toMatchObject({ ok: false, error: { kind: 'validation', field: 'args[1].arr' } });
    const unknown = await handleDataRequest(service, { channel: 'seamline', type: 'data', method: 'dropDatabase', args: [] });
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'validation', field: 'request.method' } });
    expect(await handleDataRequest(service, { channel: 'seamline', type: 'tab-record' })).toBeUndefined();
    expect(await handleDataRequest(service, 'hello')).toBeUndefined();
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

  it('reports an unreachable background as a DataError', async () => {
    const client = createDataClient(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    const e = await client.listUnassigned().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).kind).toBe('network');
  });

  it('answers extension pages only', async () => {
    const { service } = wired();
    const listener = createDataMessageListener({ service, extensionOrigin: ORIGIN });
    const msg = { channel: 'seamline', type: 'data', method: 'listUnassigned', args: [] };
    expect(await listener(msg, { url: `${ORIGIN}/sidepanel.html` })).toMatchObject({ ok: true });
    // A content script reports the CRM page it runs in.
    expect(await listener(msg, { url: 'https://acme.lightning.force.com/lightning/r/Account/1/view', tab: { id: 3 } })).toMatchObject({
      ok: false,
      error: { kind: 'auth' },
    });
    expect(listener({ channel: 'seamline', type: 'record-report' }, { url: 'https://x.example' })).toBeUndefined();
  });

  it('does not take a longer extension id with the same prefix for ours', () => {
    expect(isTrustedDataSender({ url: `${ORIGIN}/popup.html` }, ORIGIN)).toBe(true);
    expect(isTrustedDataSender({ url: `${ORIGIN}/popup.html` }, `${ORIGIN}/`)).toBe(true);
    expect(isTrustedDataSender({ url: `${ORIGIN}xyz/popup.html` }, ORIGIN)).toBe(false);
    expect(isTrustedDataSender({}, ORIGIN)).toBe(false);
    expect(isTrustedDataSender({ url: `${ORIGIN}/popup.html`, id: 'other' }, ORIGIN, 'abcdefghijklmnop')).toBe(false);
  });
});
