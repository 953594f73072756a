import { describe, expect, it, vi } from 'vitest';
import { DataError } from '../core/errors';
import type { OutboxMethod } from '../core/sync';
import { Outbox, newTempId, type OutboxStatus, type OutboxTarget } from './outbox';

let dbCounter = 0;
const freshDb = () => `outbox-test-${Date.now()}-${dbCounter++}`;

interface Applied {
  key: string;
  method: OutboxMethod;
  args: unknown[];
}

// An in-memory backend that honours idempotency keys and versions, and can be
// switched off or told to fail a given call.
class FakeBackend implements OutboxTarget {
  up = true;
  applied: Applied[] = [];
  responses = new Map<string, unknown>();
  versions = new Map<string, number>();
  failNext: DataError[] = [];
  // Applies the write, then "loses" the response, as when the connection drops after the commit.
  loseResponseAt: number | null = null;
  nextId = 1;

  async send(method: OutboxMethod, args: unknown[], key: string): Promise<unknown> {
    if (!this.up) throw new DataError({ kind: 'network', message: 'connection refused' });
    const forced = this.failNext.shift();
    if (forced) throw forced;
    const seen = this.responses.get(key);
    if (seen !== undefined) return seen;
    let response: unknown;
    if (method === 'updateCommitment') {
      const [id, patch, expected] = args as [string, object, number];
      const current = this.versions.get(id) ?? 1;
      if (current !== expected) {
        throw new DataError({ kind: 'conflict', message: 'version moved on', status: 412, current: { id, version: current, text: 'theirs' } });
      }
      this.versions.set(id, current + 1);
      response = { id, ...patch, version: current + 1 };
    } else {
      response = { id: `srv-${this.nextId++}`, version: 1 };
    }
    this.applied.push({ key, method, args });
    this.responses.set(key, response);
    if (this.loseResponseAt !== null && this.applied.length === this.loseResponseAt) {
      this.loseResponseAt = null;
      throw new DataError({ kind: 'network', message: 'socket hang up' });
    }
    return response;
  }
}

const draft = (n: number) => ({
  accountId: 'acc-1',
  text: `promise ${n}`,
  kind: 'feature',
  status: 'open',
  roadmapStatus: 'unknown',
  createdBy: 'Ana',
});

describe('Outbox', () => {
  it('queues writes while the backend is down and replays them in order exactly once', async () => {
    const backend = new FakeBackend();
    backend.up = false;
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: false });
    for (let i = 0; i < 50; i++) await outbox.enqueue('createCommitment', [draft(i)]);
    expect(await outbox.pendingCount()).toBe(50);

    const down = await outbox.flush();
    expect(down.sent).toBe(0);
    expect(down.stoppedBy?.kind).toBe('network');
    const head = (await outbox.entries())[0]!;
    expect(head.attempts).toBe(1);
    expect(head.lastError?.kind).toBe('network');

    backend.up = true;
    const result = await outbox.flush();
    expect(result).toEqual({ sent: 50, conflicted: 0, stoppedBy: null });
    expect(backend.applied.map((a) => (a.args[0] as { text: string }).text)).toEqual(Array.from({ length: 50 }, (_, i) => `promise ${i}`));
    expect(await outbox.pendingCount()).toBe(0);
    outbox.dispose();
  });

  it('survives a restart: a new Outbox over the same database sees and replays the queue', async () => {
    const dbName = freshDb();
    const backend = new FakeBackend();
    const first = new Outbox({ target: backend, dbName, autoRetry: false });
    const queued = [];
    for (let i = 0; i < 5; i++) queued.push(await first.enqueue('createCommitment', [draft(i)]));
    first.dispose();

    const second = new Outbox({ target: backend, dbName, autoRetry: false });
    const entries = await second.entries();
    expect(entries.map((e) => e.idempotencyKey)).toEqual(queued.map((q) => q.idempotencyKey));
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));
    await second.flush();
    expect(backend.applied.map((a) => a.key)).toEqual(queued.map((q) => q.idempotencyKey));
    second.dispose();
  });

  it('keeps a separate queue per backend scope', async () => {
    const backend = new FakeBackend();
    const scope = `https://a.example/${freshDb()}`;
    const a = new Outbox({ target: backend, scope, autoRetry: false });
    await a.enqueue('createCommitment', [draft(1)]);
    const b = new Outbox({ target: backend, scope: `${scope}-other`, autoRetry: false });
    expect(await b.pendingCount()).toBe(0);
    const aAgain = new Outbox({ target: backend, scope, autoRetry: false });
    expect(await aAgain.pendingCount()).toBe(1);
    for (const o of [a, b, aAgain]) o.dispose();
  });

  it('resumes an interrupted replay without applying anything twice', async () => {
    const dbName = freshDb();
    const backend = new FakeBackend();
    backend.up = false;
    const outbox = new Outbox({ target: backend, dbName, autoRetry: false });
    for (let i = 0; i < 20; i++) await outbox.enqueue('createCommitment', [draft(i)]);
    backend.up = true;
    // The 8th write lands on the server but its answer never arrives.
    backend.loseResponseAt = 8;
    const partial = await outbox.flush();
    expect(partial.sent).toBe(7);
    expect(partial.stoppedBy?.kind).toBe('network');
    outbox.dispose();

    const restarted = new Outbox({ target: backend, dbName, autoRetry: false });
    const rest = await restarted.flush();
    expect(rest.sent).toBe(13);
    const texts = backend.applied.map((a) => (a.args[0] as { text: string }).text);
    expect(texts).toEqual(Array.from({ length: 20 }, (_, i) => `promise ${i}`));
    expect(new Set(backend.applied.map((a) => a.key)).size).toBe(20);
    restarted.dispose();
  });

  it('keeps both versions when a replayed update conflicts, and resolves either way', async () => {
    const backend = new FakeBackend();
    backend.versions.set('c-1', 5);
    backend.versions.set('c-2', 2);
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: false });
    await outbox.enqueue('updateCommitment', ['c-1', { text: 'mine' }, 4]);
    await outbox.enqueue('createCommitment', [draft(1)]);
    await outbox.enqueue('updateCommitment', ['c-2', { text: 'mine too' }, 1]);

    const result = await outbox.flush();
    expect(result).toMatchObject({ sent: 1, conflicted: 2, stoppedBy: null });
    const conflicts = await outbox.conflicts();
    expect(conflicts).toHaveLength(2);
    const c1 = conflicts.find((c) => c.mine[0] === 'c-1')!;
    expect(c1.reason).toBe('conflict');
    expect(c1.mine).toEqual(['c-1', { text: 'mine' }, 4]);
    expect(c1.theirs).toEqual({ id: 'c-1', version: 5, text: 'theirs' });
    expect((await outbox.status()).conflicts).toBe(2);

    await outbox.resolveConflict(c1.id, 'mine');
    await outbox.flush();
    expect(backend.versions.get('c-1')).toBe(6);
    const resent = backend.applied.at(-1)!;
    expect(resent.args).toEqual(['c-1', { text: 'mine' }, 5]);

    const c2 = (await outbox.conflicts()).find((c) => c.mine[0] === 'c-2')!;
    await outbox.resolveConflict(c2.id, 'theirs');
    await outbox.flush();
    expect(backend.versions.get('c-2')).toBe(2);
    expect(await outbox.conflicts()).toEqual([]);
    expect(await outbox.pendingCount()).toBe(0);
    outbox.dispose();
  });

  it('holds back later changes to a record whose earlier change is in conflict', async () => {
    const backend = new FakeBackend();
    // Someone else moved c-1 from 1 to 2; our queued edits expected 1 and then 2.
    backend.versions.set('c-1', 2);
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: false });
    await outbox.enqueue('updateCommitment', ['c-1', { text: 'first' }, 1]);
    await outbox.enqueue('updateCommitment', ['c-1', { text: 'second' }, 2]);
    const result = await outbox.flush();
    expect(result.conflicted).toBe(2);
    // The second edit would have matched version 2 by accident and overwritten the other person's change.
    expect(backend.applied).toEqual([]);
    expect((await outbox.conflicts()).map((c) => (c.mine[1] as { text: string }).text)).toEqual(['first', 'second']);
    outbox.dispose();
  });

  it('holds later changes to the conflicted record even when the replay stops before reaching them', async () => {
    const backend = new FakeBackend();
    backend.versions.set('c-1', 2);
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: false });
    await outbox.enqueue('updateCommitment', ['c-1', { text: 'first' }, 1]);
    await outbox.enqueue('createCommitment', [draft(1)]);
    await outbox.enqueue('updateCommitment', ['c-1', { text: 'second' }, 2]);
    // The first edit conflicts, then the connection drops on the create.
    backend.failNext.push(new DataError({ kind: 'conflict', message: 'moved on', status: 412, current: { id: 'c-1', version: 2 } }));
    backend.failNext.push(new DataError({ kind: 'network', message: 'offline again' }));
    const stopped = await outbox.flush();
    expect(stopped.stoppedBy?.kind).toBe('network');
    expect((await outbox.entries()).map((e) => e.method)).toEqual(['createCommitment']);

    const first = (await outbox.conflicts()).find((c) => (c.mine[1] as { text: string }).text === 'first')!;
    await outbox.resolveConflict(first.id, 'mine');
    await outbox.flush();
    // Only the create and the re-sent first edit went out; the second edit waits for its own decision.
    expect(backend.applied.map((a) => [a.method, a.args[1]])).toEqual([
      ['createCommitment', undefined],
      ['updateCommitment', { text: 'first' }],
    ]);
    expect((await outbox.conflicts()).map((c) => (c.mine[1] as { text: string }).text)).toEqual(['second']);
    outbox.dispose();
  });

  it('surfaces a rejected write instead of dropping it, and pauses on auth errors', async () => {
    const backend = new FakeBackend();
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: false });
    await outbox.enqueue('createCommitment', [draft(1)]);
    await outbox.enqueue('createCommitment', [draft(2)]);
    await outbox.enqueue('createCommitment', [draft(3)]);
    backend.failNext.push(new DataError({ kind: 'validation', message: 'text: too long', field: 'text', status: 422 }));
    backend.failNext.push(new DataError({ kind: 'auth', message: 'token revoked', status: 401 }));
    const result = await outbox.flush();
    expect(result.stoppedBy?.kind).toBe('auth');
    expect((await outbox.status()).paused?.kind).toBe('auth');
    const [rejected] = await outbox.conflicts();
    expect(rejected?.reason).toBe('rejected');
    expect(rejected?.error.field).toBe('text');
    expect(await outbox.pendingCount()).toBe(2);

    const after = await outbox.flush();
    expect(after.sent).toBe(2);
    expect((await outbox.status()).paused).toBeNull();
    outbox.dispose();
  });

  it('swaps provisional ids for server ids in later entries', async () => {
    const backend = new FakeBackend();
    backend.up = false;
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: false });
    const tempId = newTempId();
    await outbox.enqueue('createCommitment', [draft(1)], { tempId });
    await outbox.enqueue('updateCommitment', [tempId, { status: 'delivered' }, 1]);
    backend.up = true;
    await outbox.flush();
    const created = backend.responses.get(backend.applied[0]!.key) as { id: string };
    expect(backend.applied[1]!.args[0]).toBe(created.id);
    expect(await outbox.realId(tempId)).toBe(created.id);
    outbox.dispose();
  });

  it('reports count changes to listeners and retries by itself with backoff', async () => {
    const backend = new FakeBackend();
    backend.up = false;
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: true, retryBaseMs: 20, retryMaxMs: 40 });
    const seen: OutboxStatus[] = [];
    outbox.onChange((s) => seen.push(s));
    await outbox.enqueue('createCommitment', [draft(1)]);
    await outbox.enqueue('createCommitment', [draft(2)]);
    expect(seen.map((s) => s.pending)).toContain(2);
    await outbox.flush();
    expect((await outbox.status()).nextRetryAt).not.toBeNull();
    backend.up = true;
    await vi.waitFor(async () => expect(await outbox.pendingCount()).toBe(0), { timeout: 2000 });
    expect(seen.at(-1)?.pending).toBe(0);
    expect(backend.applied).toHaveLength(2);
    outbox.dispose();
  });

  it('moves a permanently refused write to needs attention and keeps sending the writes behind it', async () => {
    const backend = new FakeBackend();
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: false });
    await outbox.enqueue('createCommitment', [{ ...draft(1), text: 'bad \u0000 text' }]);
    await outbox.enqueue('createCommitment', [draft(2)]);
    await outbox.enqueue('updateCommitment', ['c-9', { text: 'edit' }, 1]);
    backend.failNext.push(
      new DataError({ kind: 'validation', message: 'text: contains a character that cannot be stored', field: 'text', status: 400 }),
    );
    const result = await outbox.flush();
    expect(result).toMatchObject({ sent: 2, conflicted: 1, stoppedBy: null });
    const [attention] = await outbox.conflicts();
    expect(attention).toMatchObject({ reason: 'rejected', error: { field: 'text', status: 400 } });
    expect((attention!.mine[0] as { text: string }).text).toBe('bad \u0000 text');
    expect(await outbox.pendingCount()).toBe(0);
    outbox.dispose();
  });

  it('treats a forbidden write (403) as needing attention, not as a paused token', async () => {
    const backend = new FakeBackend();
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: false });
    await outbox.enqueue('createCommitment', [draft(1)]);
    await outbox.enqueue('createCommitment', [draft(2)]);
    backend.failNext.push(new DataError({ kind: 'auth', message: 'read-only tokens cannot write', status: 403 }));
    const result = await outbox.flush();
    expect(result.sent).toBe(1);
    expect((await outbox.status()).paused).toBeNull();
    expect((await outbox.conflicts()).map((c) => c.reason)).toEqual(['rejected']);
    outbox.dispose();
  });

  it('re-sends a refused write with the text corrected, and refuses a correction that still cannot be stored', async () => {
    const backend = new FakeBackend();
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: false });
    await outbox.enqueue('createCommitment', [{ ...draft(1), text: 'bad \u0000 text' }]);
    backend.failNext.push(new DataError({ kind: 'validation', message: 'text: cannot be stored', field: 'text', status: 400 }));
    await outbox.flush();
    const [attention] = await outbox.conflicts();

    await expect(outbox.resolveConflict(attention!.id, 'mine', { text: 'still \u0000 bad' })).rejects.toMatchObject({ info: { field: 'text' } });
    expect(await outbox.conflicts()).toHaveLength(1);

    await outbox.resolveConflict(attention!.id, 'mine', { text: 'good text' });
    await vi.waitFor(() => expect(backend.applied).toHaveLength(1));
    expect((backend.applied[0]!.args[0] as { text: string }).text).toBe('good text');
    expect(await outbox.conflicts()).toEqual([]);
    outbox.dispose();
  });

  it('retries a 5xx for one record with backoff while other records keep flowing, in order within the record', async () => {
    const backend = new FakeBackend();
    const outbox = new Outbox({ target: backend, dbName: freshDb(), autoRetry: false });
    const tempId = newTempId();
    await outbox.enqueue('createCommitment', [draft(1)], { tempId });
    await outbox.enqueue('updateCommitment', [tempId, { text: 'after create' }, 1]);
    await outbox.enqueue('createCommitment', [draft(2)]);
    await outbox.enqueue('updateCommitment', ['c-5', { text: 'other record' }, 1]);
    backend.failNext.push(new DataError({ kind: 'server', message: 'internal', status: 500 }));
    const first = await outbox.flush();
    expect(first.stoppedBy?.kind).toBe('server');
    // The create's own update waits for it; the other two went out.
    expect(backend.applied.map((a) => (a.args[0] as { text?: string }).text ?? a.args[0])).toEqual(['promise 2', 'c-5']);
    expect((await outbox.entries()).map((e) => e.method)).toEqual(['createCommitment', 'updateCommitment']);
    expect((await outbox.entries())[0]!.attempts).toBe(1);

    const second = await outbox.flush();
    expect(second).toMatchObject({ sent: 2, stoppedBy: null });
    expect(backend.applied.slice(2).map((a) => a.method)).toEqual(['createCommitment', 'updateCommitment']);
    outbox.dispose();
  });

  it('schedules a retry with growing delays while a record keeps failing with 5xx', async () => {
    const backend = new FakeBackend();
    const now = new Date('2026-03-01T10:00:00Z');
    const outbox = new Outbox({
      target: backend,
      dbName: freshDb(),
      autoRetry: true,
      retryBaseMs: 60_000,
      retryMaxMs: 600_000,
      now: () => now,
      random: () => 1,
    });
    await outbox.enqueue('updateCommitment', ['c-1', { text: 'x' }, 1]);
    backend.failNext.push(new DataError({ kind: 'server', message: 'internal', status: 500 }));
    await outbox.flush();
    const firstDelay = (await outbox.status()).nextRetryAt! - now.getTime();
    backend.failNext.push(new DataError({ kind: 'server', message: 'internal', status: 500 }));
    await outbox.flush();
    const secondDelay = (await outbox.status()).nextRetryAt! - now.getTime();
    expect(firstDelay).toBe(60_000);
    expect(secondDelay).toBe(120_000);
    outbox.dispose();
  });
});
