// @vitest-environment node
import { randomBytes } from 'node:crypto';
import { createParser } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../lib/core/domain/defaults';
import { HEADERS, paths } from '../lib/core/http-contract';
import { LiveEventSchema, type LiveEvent } from '../lib/core/live';
import {
  PG_SKIP_MESSAGE,
  accountDraft,
  client,
  commitmentDraft,
  hasPostgres,
  makeToken,
  startServer,
  testDatabases,
  type Client,
} from '../test/server';
import type { RunningServer } from './app';
import { openPostgres, type Db } from './base/db';
import { issueToken } from './store';

// The live feed as a client reads it: fetch streaming, parsed as SSE, each
// event's data held to the contract's schema.

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('same live feed suite on PostgreSQL, with two servers on one database', () => {}));

interface Feed {
  events: Array<LiveEvent & { id: string }>;
  comments: string[];
  status: number;
  /** Set once the server ended the stream. */
  ended: boolean;
  /** Resolves with the events once `n` have arrived (rejects after a while, naming what came). */
  next(n: number): Promise<Array<LiveEvent & { id: string }>>;
  comment(): Promise<string>;
  close(): void;
}

async function openFeed(baseUrl: string, token: string | null, lastEventId?: string): Promise<Feed> {
  const abort = new AbortController();
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (lastEventId !== undefined) headers[HEADERS.lastEventId] = lastEventId;
  const res = await fetch(`${baseUrl}${paths.events()}`, { headers, signal: abort.signal });
  const feed: Feed = {
    events: [],
    comments: [],
    status: res.status,
    ended: false,
    next: (n) =>
      waitUntil(
        () => (feed.events.length >= n ? feed.events.slice(0, n) : null),
        () => JSON.stringify(feed.events),
      ),
    comment: () =>
      waitUntil(
        () => feed.comments.find((c) => c.includes('heartbeat')) ?? null,
        () => JSON.stringify(feed.comments),
      ),
    close: () => abort.abort(),
  };
  if (!res.ok || !res.body) return feed;
  const parser = createParser({
    onEvent: (e) => feed.events.push({ ...LiveEventSchema.parse(JSON.parse(e.data)), id: e.id ?? '' }),
    onComment: (c) => feed.comments.push(c),
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
      feed.ended = true;
    } catch {
      // aborted by close()
    }
  })();
  // Connected once the server's first line arrived.
  await waitUntil(
    () => (feed.comments.length || feed.events.length ? true : null),
    () => 'nothing',
  );
  return feed;
}

async function waitUntil<T>(probe: () => T | null, seen: () => string, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error(`timed out; got ${seen()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(testDatabases())('the live feed on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  const feeds: Feed[] = [];
  const open = async (...args: Parameters<typeof openFeed>) => {
    const f = await openFeed(...args);
    feeds.push(f);
    return f;
  };
  const workspace = async (role: 'member' | 'admin' = 'member') => {
    const name = `live-${randomBytes(4).toString('hex')}`;
    const token = await makeToken(db, name, role);
    return { name, token, api: client(server.url, token) };
  };

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY, liveHeartbeatMs: 100 });
  }, 60_000);
  afterAll(async () => {
    for (const f of feeds) f.close();
    await server?.close();
    await dispose?.();
  });

  it('answers only a valid token of the workspace, any role', async () => {
    expect((await openFeed(server.url, null)).status).toBe(401);
    expect((await openFeed(server.url, 'sl_not-a-token')).status).toBe(401);
    const readOnly = await open(server.url, await makeToken(db, `live-ro-${randomBytes(3).toString('hex')}`, 'read-only'));
    expect(readOnly.status).toBe(200);
  });

  it("delivers each committed change of the workspace, naming it without its contents, and nothing of another's", async () => {
    const a = await workspace();
    const b = await workspace();
    const feedA = await open(server.url, a.token);
    const feedB = await open(server.url, b.token);
    const account = (await a.api.post(paths.accounts(), accountDraft({ name: 'Secret Corp' }))).body;
    const commitment = (await a.api.post(paths.commitments(), commitmentDraft(account.id, { text: 'secret promise' }))).body;
    await a.api.put(paths.handoffItem(account.id, 'kickoff'), { done: true, by: 'Ana' });
    const [acc, com, hand] = await feedA.next(3);
    expect(acc).toMatchObject({ type: 'change', kind: 'account', entityId: account.id, accountId: account.id, seq: 1, id: '1' });
    expect(com).toMatchObject({ type: 'change', kind: 'commitment', entityId: commitment.id, accountId: account.id, seq: 2 });
    expect(hand).toMatchObject({ type: 'change', kind: 'handoff', entityId: `${account.id}/kickoff`, accountId: account.id, seq: 3 });
    expect(JSON.stringify(feedA.events)).not.toContain('secret');
    // B's own write arrives on B's feed; none of A's ever did.
    await b.api.post(paths.accounts(), accountDraft());
    const [own] = await feedB.next(1);
    expect(own).toMatchObject({ kind: 'account', seq: 1 });
    expect(feedB.events).toHaveLength(1);
  });

  it('names success-plan writes, stage moves and published team settings', async () => {
    const a = await workspace('admin');
    const feed = await open(server.url, a.token);
    const account = (await a.api.post(paths.accounts(), accountDraft())).body;
    const milestone = (await a.api.post(paths.milestones(account.id), { title: 'Joint kickoff', ownerRole: 'csm', status: 'planned' })).body;
    expect((await a.api.patch(paths.milestone(account.id, milestone.id), { status: 'in-progress' }, { ifMatch: 1 })).status).toBe(200);
    expect((await a.api.post(paths.stage(account.id), { to: 'activation', by: 'Ana' }, { ifMatch: account.version })).status).toBe(201);
    const team = {
      icpProfile: DEFAULT_SETTINGS.icpProfile,
      handoffTemplate: DEFAULT_SETTINGS.handoffTemplate,
      healthWeights: DEFAULT_SETTINGS.healthWeights,
    };
    expect((await a.api.put(paths.teamSettings(), team)).status).toBe(200);
    const events = await feed.next(5);
    expect(events.map((e) => e.type === 'change' && [e.kind, e.entityId, e.accountId])).toEqual([
      ['account', account.id, account.id],
      ['milestone', milestone.id, account.id],
      ['milestone', milestone.id, account.id],
      ['account', account.id, account.id],
      ['settings', null, null],
    ]);
  });

  it('publishes nothing for a write that failed', async () => {
    const a = await workspace();
    const feed = await open(server.url, a.token);
    const account = (await a.api.post(paths.accounts(), accountDraft())).body;
    expect((await a.api.patch(paths.account(account.id), { arr: 1 }, { ifMatch: 99 })).status).toBe(412);
    await a.api.post(paths.flags(), { accountId: account.id, category: 'overpromise', severity: 'high', createdBy: 'A', resolved: false });
    const events = await feed.next(2);
    expect(events.map((e) => e.type === 'change' && e.kind)).toEqual(['account', 'flag']);
  });

  it('resumes after Last-Event-ID with exactly the changes missed, and says "refetch" when it cannot', async () => {
    const a = await workspace();
    const first = await open(server.url, a.token);
    const account = (await a.api.post(paths.accounts(), accountDraft())).body;
    const [seen] = await first.next(1);
    first.close();
    // Made while the client was away.
    await a.api.post(paths.commitments(), commitmentDraft(account.id));
    await a.api.post(paths.accountSnapshots(account.id), { date: '2026-01-05', adoptionPct: 10 });
    const resumed = await open(server.url, a.token, seen!.id);
    const missed = await resumed.next(2);
    expect(missed.map((e) => e.type === 'change' && [e.kind, e.seq])).toEqual([
      ['commitment', 2],
      ['snapshot', 3],
    ]);
    // And it follows on live.
    await a.api.post(paths.approval(account.id), { requestedBy: 'A', reason: 'r', tradeOffs: 't' });
    expect((await resumed.next(3))[2]).toMatchObject({ kind: 'approval', seq: 4 });

    for (const unusable of ['99', 'not-a-number']) {
      const reset = await open(server.url, a.token, unusable);
      const [first] = await reset.next(1);
      expect(first).toMatchObject({ type: 'reset', seq: 4, reason: 'resume-unavailable', id: '4' });
    }
    // Up to date: nothing to replay, no reset.
    const current = await open(server.url, a.token, '4');
    await a.api.post(paths.flags(), { accountId: null, category: 'overpromise', severity: 'low', createdBy: 'A', resolved: false });
    expect((await current.next(1))[0]).toMatchObject({ type: 'change', kind: 'flag', seq: 5, accountId: null });
  });

  it('replays a dozen missed changes in order, each once, past the point where their numbers gain a digit', async () => {
    const a = await workspace();
    const account = (await a.api.post(paths.accounts(), accountDraft())).body;
    for (let i = 0; i < 11; i++)
      await a.api.post(paths.accountSnapshots(account.id), { date: `2026-01-${String(i + 1).padStart(2, '0')}`, adoptionPct: i });
    const resumed = await open(server.url, a.token, '1');
    const missed = await resumed.next(11);
    expect(missed.map((e) => e.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    await a.api.post(paths.flags(), { accountId: null, category: 'overpromise', severity: 'low', createdBy: 'A', resolved: false });
    expect((await resumed.next(12))[11]).toMatchObject({ kind: 'flag', seq: 13 });
    expect(resumed.events).toHaveLength(12);
  });

  it('resets a client whose missed changes were pruned', async () => {
    const a = await workspace();
    const account = (await a.api.post(paths.accounts(), accountDraft())).body;
    await a.api.post(paths.commitments(), commitmentDraft(account.id));
    await db.query('DELETE FROM change_events WHERE workspace_id = $1 AND seq = 2', [a.name]);
    const feed = await open(server.url, a.token, '1');
    expect((await feed.next(1))[0]).toMatchObject({ type: 'reset', seq: 2 });
  });

  it('lets the extension resume across origins: a preflight allows Last-Event-ID', async () => {
    const res = await fetch(`${server.url}${paths.events()}`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'chrome-extension://abcdefghijklmnop',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,last-event-id',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('last-event-id');
  });

  it('ends the stream of a token revoked or expired while it was open, before it hears another change', async () => {
    const a = await workspace('admin');
    const issued = async (expiresAt: string | null) => {
      const { token, secret } = await issueToken(db, a.name, `feed ${randomBytes(3).toString('hex')}`, 'member', expiresAt);
      return { id: token.id, feed: await open(server.url, secret) };
    };
    const revoked = await issued(null);
    const expiring = await issued(new Date(Date.now() + 1_500).toISOString());
    const kept = await issued(null);
    expect((await a.api.delete(paths.token(revoked.id))).status).toBe(200);
    await waitUntil(
      () => (revoked.feed.ended ? true : null),
      () => "the revoked token's stream still open",
    );
    await waitUntil(
      () => (expiring.feed.ended ? true : null),
      () => "the expired token's stream still open",
    );
    await a.api.post(paths.accounts(), accountDraft({ name: 'After the revocation' }));
    expect((await kept.feed.next(1))[0]).toMatchObject({ kind: 'account' });
    expect(revoked.feed.events).toEqual([]);
    expect(expiring.feed.events).toEqual([]);
    expect(kept.feed.ended).toBe(false);
  }, 20_000);

  it('sends a heartbeat comment while nothing changes', async () => {
    const a = await workspace();
    const feed = await open(server.url, a.token);
    expect(await feed.comment()).toContain('heartbeat');
    expect(feed.events).toEqual([]);
  });

  it('one import is one event', async () => {
    const a = await workspace('admin');
    const feed = await open(server.url, a.token);
    const bundle = (await a.api.get(paths.export())).body;
    expect((await a.api.post(paths.import('merge'), bundle)).status).toBe(200);
    expect((await feed.next(1))[0]).toMatchObject({ kind: 'import', entityId: null, accountId: null });
  });

  it('a write through one server reaches a client of another server on the same database', async () => {
    // On PostgreSQL a second process would have its own pool and listening
    // connection: so does this second server. PGlite has one process.
    let other: Db = db;
    if (db.driver === 'postgres') {
      const schema = (await db.query<{ s: string }>('SELECT current_schema() AS s')).rows[0]!.s;
      other = await openPostgres({ connectionString: process.env.TEST_DATABASE_URL!, schema });
    }
    const second = await startServer(other, { migrate: false, rateLimitPerMinute: Number.POSITIVE_INFINITY });
    try {
      const a = await workspace();
      const viaB = await open(second.url, a.token);
      const writer: Client = client(server.url, a.token);
      const account = (await writer.post(paths.accounts(), accountDraft())).body;
      expect((await viaB.next(1))[0]).toMatchObject({ kind: 'account', entityId: account.id });
      viaB.close();
    } finally {
      await second.close();
      if (other !== db) await other.close();
    }
  });
});
