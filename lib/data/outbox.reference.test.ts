// @vitest-environment node
import { accountDraft } from '../../test/factories';
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBackend, type ReferenceBackend } from '../../test/servers/reference';
import { HttpBackend } from './http';
import { Outbox } from './outbox';

// The outbox replaying into the reference server (server/, PGlite) over HTTP.

let ref: ReferenceBackend;
let http: HttpBackend;
let n = 0;
const freshDb = () => `outbox-ref-${Date.now()}-${n++}`;

beforeAll(async () => {
  ref = await startReferenceBackend();
  http = new HttpBackend({ baseUrl: ref.url, token: ref.token, timeoutMs: 5000, retries: 0 });
}, 60_000);
afterAll(async () => {
  await ref?.close();
});

describe('Outbox against the reference server', () => {
  // 1,000 writes replay against the recording server (outbox.http.test.ts); here
  // fewer keep the suite quick, since each write is a PGlite transaction.
  it('writes queued while the server is down land once each, in order', { timeout: 120_000 }, async () => {
    const account = await http.createAccount(accountDraft({ name: 'Bulk Co', segment: 'smb', arr: 20000 }));
    await ref.down();
    const outbox = new Outbox({ target: http, dbName: freshDb(), autoRetry: false });
    const N = 300;
    for (let i = 0; i < N; i++) {
      await outbox.enqueue('createCommitment', [
        {
          accountId: account.id,
          text: `promise ${String(i).padStart(4, '0')}`,
          kind: 'other',
          status: 'open',
          roadmapStatus: 'unknown',
          createdBy: 'Ana',
        },
      ]);
    }
    expect((await outbox.flush()).stoppedBy?.kind).toBe('network');
    await ref.up();
    const started = performance.now();
    const result = await outbox.flush();
    console.info(`reference server: replayed ${N} queued writes in ${(performance.now() - started).toFixed(0)} ms`);
    expect(result).toEqual({ sent: N, conflicted: 0, stoppedBy: null });

    const ctx = await http.getAccountContext(account.id);
    const texts = ctx!.commitments.map((c) => c.text);
    expect(texts).toHaveLength(N);
    expect(new Set(texts).size).toBe(N);
    // Creation times on the server follow the order the writes were made (equal milliseconds allowed).
    const inWriteOrder = [...ctx!.commitments].sort((a, b) => a.text.localeCompare(b.text));
    const outOfOrder = inWriteOrder.filter((c, i) => i > 0 && c.createdAt < inWriteOrder[i - 1]!.createdAt);
    expect(outOfOrder).toEqual([]);
    outbox.dispose();
  });

  it('an offline checklist tick that a teammate beat surfaces both answers; keep mine re-sends on top of theirs', async () => {
    const account = await http.createAccount(accountDraft({ name: 'Checklist Co', segment: 'smb', arr: 20000 }));
    const outbox = new Outbox({ target: http, dbName: freshDb(), autoRetry: false });
    await ref.down();
    await outbox.enqueue('setHandoffAnswer', [
      { accountId: account.id, itemId: 'exec-sponsor', done: true, note: 'CFO signed off', by: 'Ana', expectedVersion: null },
    ]);
    await ref.up();
    await http.setHandoffAnswer({ accountId: account.id, itemId: 'exec-sponsor', done: false, note: 'not yet', by: 'Bo', expectedVersion: null });

    expect((await outbox.flush()).conflicted).toBe(1);
    const [conflict] = await outbox.conflicts();
    expect(conflict?.mine).toEqual([expect.objectContaining({ done: true, note: 'CFO signed off' })]);
    expect(conflict?.theirs).toMatchObject({ answers: { 'exec-sponsor': { done: false, note: 'not yet', version: 1 } } });

    await outbox.resolveConflict(conflict!.id, 'mine');
    await outbox.flush();
    const ctx = await http.getAccountContext(account.id);
    expect(ctx?.handoff.answers['exec-sponsor']).toMatchObject({ done: true, note: 'CFO signed off', by: 'Ana', version: 2 });
    expect(await outbox.conflicts()).toEqual([]);
    outbox.dispose();
  });

  it('take theirs discards the queued change and leaves the server as the teammate left it', async () => {
    const account = await http.createAccount(accountDraft({ name: 'Approval Co', segment: 'smb', arr: 20000 }));
    const outbox = new Outbox({ target: http, dbName: freshDb(), autoRetry: false });
    const request = { accountId: account.id, requestedBy: 'Ana', reason: 'design partner', tradeOffs: 'roadmap pull-in' };
    await ref.down();
    await outbox.enqueue('requestApproval', [request]);
    await ref.up();
    const theirs = await http.requestApproval({ ...request, requestedBy: 'Bo', reason: 'strategic logo' });

    await outbox.flush();
    const [conflict] = await outbox.conflicts();
    expect(conflict?.reason).toBe('conflict');
    expect(conflict?.theirs).toMatchObject({ requestedBy: 'Bo', version: theirs.version });
    await outbox.resolveConflict(conflict!.id, 'theirs');
    await outbox.flush();
    const ctx = await http.getAccountContext(account.id);
    expect(ctx?.approval).toMatchObject({ requestedBy: 'Bo', reason: 'strategic logo', version: theirs.version });
    expect(await outbox.pendingCount()).toBe(0);
    outbox.dispose();
  });

  it('keep mine on a pending approval request re-requests over the current version', async () => {
    const account = await http.createAccount(accountDraft({ name: 'Rerequest Co', segment: 'smb', arr: 20000 }));
    const outbox = new Outbox({ target: http, dbName: freshDb(), autoRetry: false });
    await http.requestApproval({ accountId: account.id, requestedBy: 'Bo', reason: 'first ask', tradeOffs: 'none' });
    await outbox.enqueue('requestApproval', [{ accountId: account.id, requestedBy: 'Ana', reason: 'better reason', tradeOffs: 'scope cut' }]);
    await outbox.flush();
    const [conflict] = await outbox.conflicts();
    await outbox.resolveConflict(conflict!.id, 'mine');
    await outbox.flush();
    const ctx = await http.getAccountContext(account.id);
    expect(ctx?.approval).toMatchObject({ requestedBy: 'Ana', reason: 'better reason', status: 'requested', version: 2 });
    outbox.dispose();
  });

  it('a queued write with unstorable text needs attention instead of blocking the queue, and lands once corrected', async () => {
    const account = await http.createAccount(accountDraft({ name: 'Nul Co', segment: 'smb', arr: 20000 }));
    const outbox = new Outbox({ target: http, dbName: freshDb(), autoRetry: false });
    const promise = (text: string) => ({ accountId: account.id, text, kind: 'other', status: 'open', roadmapStatus: 'unknown', createdBy: 'Ana' });
    // Queued by a build that did not check text yet: a NUL byte and a lone surrogate.
    await outbox.enqueue('createCommitment', [promise('broken \u0000 text')]);
    await outbox.enqueue('createCommitment', [promise('half an emoji \ud83d')]);
    await outbox.enqueue('createCommitment', [promise('fine text')]);

    const result = await outbox.flush();
    expect(result).toMatchObject({ sent: 1, conflicted: 2, stoppedBy: null });
    const attention = await outbox.conflicts();
    expect(attention.map((c) => [c.reason, c.error.field])).toEqual([
      ['rejected', 'text'],
      ['rejected', 'text'],
    ]);

    await outbox.resolveConflict(attention[0]!.id, 'mine', { text: 'broken text, fixed' });
    await outbox.resolveConflict(attention[1]!.id, 'theirs');
    await outbox.flush();
    const ctx = await http.getAccountContext(account.id);
    expect(ctx?.commitments.map((c) => c.text).sort()).toEqual(['broken text, fixed', 'fine text']);
    expect(await outbox.conflicts()).toEqual([]);
    outbox.dispose();
  });
});
