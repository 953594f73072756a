// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECORDING_BACKEND_TOKEN, startRecordingBackend, type RecordingBackend } from '../../test/servers/recording-backend';
import { HttpBackend } from './http';
import { Outbox } from './outbox';

let dbCounter = 0;
const freshDb = () => `outbox-http-${Date.now()}-${dbCounter++}`;
const draft = (n: number) =>
  ({ accountId: 'acc-1', text: `promise ${n}`, kind: 'feature', status: 'open', roadmapStatus: 'unknown', createdBy: 'Ana' }) as const;

let server: RecordingBackend;
let http: HttpBackend;

beforeEach(async () => {
  server = await startRecordingBackend();
  http = new HttpBackend({ baseUrl: server.url, token: RECORDING_BACKEND_TOKEN, timeoutMs: 10_000, retries: 0 });
});
afterEach(async () => {
  await server.close();
});

describe('Outbox against a real HTTP backend', () => {
  it('1,000 writes made while the server is down all land once, in order, when it returns', { timeout: 60_000 }, async () => {
    await server.down();
    const outbox = new Outbox({ target: http, dbName: freshDb(), autoRetry: false });
    const N = 1000;
    for (let i = 0; i < N; i++) {
      // What the composed port does: try the backend, queue on a network failure.
      const d = draft(i);
      if (i % 250 === 0) {
        await expect(http.createCommitment(d)).rejects.toMatchObject({ info: { kind: 'network' } });
      }
      await outbox.enqueue('createCommitment', [d]);
    }
    expect(await outbox.pendingCount()).toBe(N);
    expect((await outbox.flush()).stoppedBy?.kind).toBe('network');

    await server.up();
    const started = performance.now();
    const result = await outbox.flush();
    const ms = performance.now() - started;
    console.info(`replayed ${N} queued writes over HTTP in ${ms.toFixed(0)} ms`);

    expect(result).toEqual({ sent: N, conflicted: 0, stoppedBy: null });
    expect(server.applied.map((a) => a.text)).toEqual(Array.from({ length: N }, (_, i) => `promise ${i}`));
    expect(new Set(server.applied.map((a) => a.key)).size).toBe(N);
    expect(server.commitments.size).toBe(N);
    expect(await outbox.pendingCount()).toBe(0);
    outbox.dispose();
  });

  it('a replay cut off mid-way (answer lost after the commit) resumes after a restart with no duplicates', { timeout: 60_000 }, async () => {
    const dbName = freshDb();
    await server.down();
    const outbox = new Outbox({ target: http, dbName, autoRetry: false });
    for (let i = 0; i < 300; i++) await outbox.enqueue('createCommitment', [draft(i)]);
    await server.up();
    server.loseResponseAt(137);
    const first = await outbox.flush();
    expect(first.sent).toBe(136);
    expect(first.stoppedBy?.kind).toBe('network');
    expect(server.applied).toHaveLength(137);
    outbox.dispose();

    // The service worker died; a new one opens the same queue.
    const revived = new Outbox({ target: http, dbName, autoRetry: false });
    expect(await revived.pendingCount()).toBe(164);
    const second = await revived.flush();
    expect(second).toEqual({ sent: 164, conflicted: 0, stoppedBy: null });
    expect(server.applied.map((a) => a.text)).toEqual(Array.from({ length: 300 }, (_, i) => `promise ${i}`));
    expect(server.commitments.size).toBe(300);
    revived.dispose();
  });

  it('a replayed edit that meets a newer server version surfaces with both versions', async () => {
    const created = await http.createCommitment(draft(1));
    const outbox = new Outbox({ target: http, dbName: freshDb(), autoRetry: false });
    await server.down();
    await outbox.enqueue('updateCommitment', [created.id, { text: 'mine, offline' }, created.version]);
    await server.up();
    // Meanwhile a teammate edits the same commitment.
    const theirs = await http.updateCommitment(created.id, { text: 'theirs, online' }, created.version);

    const result = await outbox.flush();
    expect(result.conflicted).toBe(1);
    const [conflict] = await outbox.conflicts();
    expect(conflict?.mine).toEqual([created.id, { text: 'mine, offline' }, created.version]);
    expect(conflict?.theirs).toMatchObject({ id: created.id, text: 'theirs, online', version: theirs.version });
    expect(conflict?.error.status).toBe(412);

    await outbox.resolveConflict(conflict!.id, 'mine');
    await outbox.flush();
    expect(server.commitments.get(created.id)).toMatchObject({ text: 'mine, offline', version: theirs.version + 1 });
    expect(await outbox.conflicts()).toEqual([]);
    outbox.dispose();
  });
});
