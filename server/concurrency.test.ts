// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from 'date-fns';
import { toIsoDate } from '../lib/core/domain/dates';
import { paths } from '../lib/core/http-contract';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import {
  PG_SKIP_MESSAGE,
  accountDraft,
  client,
  commitmentDraft,
  hasPostgres,
  makeToken,
  readingsMarkedOtherwise,
  startServer,
  testDatabases,
  type Client,
} from '../test/server';

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('same concurrency suite on PostgreSQL', () => {}));

describe.each(testDatabases())('concurrent writers on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY });
    alice = client(server.url, await makeToken(db, 'team', 'member', 'Alice'));
    bob = client(server.url, await makeToken(db, 'team', 'member', 'Bob'));
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it('readings logged at once on one account leave every reading marked for the dashboard as the rule gives', async () => {
    const acc = (await alice.post(paths.accounts(), accountDraft({ name: 'Busy Readings' }))).body;
    const today = new Date();
    const reading = (n: number) => ({ date: toIsoDate(addDays(today, -n)), adoptionPct: 40 + n, nps: n, escalations: n % 3 });
    for (let n = 20; n < 24; n++) expect((await alice.post(paths.accountSnapshots(acc.id), reading(n))).status).toBe(201);
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, n) => (n % 2 === 0 ? alice : bob).post(paths.accountSnapshots(acc.id), reading(n))),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(await readingsMarkedOtherwise(db, 'team', toIsoDate(today))).toEqual([]);
  });

  it('two edits of one checklist item with the same If-Match: one 200, one 412, no lost write', async () => {
    const acc = (await alice.post(paths.accounts(), accountDraft())).body;
    for (let round = 0; round < 5; round++) {
      const item = `item-${round}`;
      await alice.put(paths.handoffItem(acc.id, item), { done: false, by: 'Alice' });
      const [x, y] = await Promise.all([
        alice.put(paths.handoffItem(acc.id, item), { done: true, by: 'Alice', note: 'from Alice' }, { ifMatch: 1 }),
        bob.put(paths.handoffItem(acc.id, item), { done: true, by: 'Bob', note: 'from Bob' }, { ifMatch: 1 }),
      ]);
      expect([x.status, y.status].sort()).toEqual([200, 412]);
      const winner = x.status === 200 ? x : y;
      const loser = x.status === 200 ? y : x;
      // The loser is told what won, and what is stored is exactly the winner's write.
      expect(loser.body.error.current.answers[item]).toEqual(winner.body.answers[item]);
      const stored = (await alice.get(paths.accountContext(acc.id))).body.handoff.answers[item];
      expect(stored).toEqual(winner.body.answers[item]);
      expect(stored.version).toBe(2);
    }
    const trail = (await alice.get(paths.audit({ entity: 'handoff', id: `${acc.id}/item-0` }))).body;
    expect(trail.total).toBe(2);
  });

  it('two creates of one item without If-Match: one wins, the other is told to send a version', async () => {
    const acc = (await alice.post(paths.accounts(), accountDraft())).body;
    const [x, y] = await Promise.all([
      alice.put(paths.handoffItem(acc.id, 'fresh'), { done: true, by: 'Alice' }),
      bob.put(paths.handoffItem(acc.id, 'fresh'), { done: false, by: 'Bob' }),
    ]);
    const statuses = [x.status, y.status];
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect([412, 428]).toContain(statuses.find((s) => s !== 200));
    const stored = (await alice.get(paths.accountContext(acc.id))).body.handoff.answers.fresh;
    expect(stored).toEqual((x.status === 200 ? x : y).body.answers.fresh);
  });

  it('200 parallel clients answering different items all land', async () => {
    const acc = (await alice.post(paths.accounts(), accountDraft())).body;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? bob : alice).put(paths.handoffItem(acc.id, `parallel-${i}`), { done: true, by: i % 2 ? 'Bob' : 'Alice' }),
      ),
    );
    expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    const answers = (await alice.get(paths.accountContext(acc.id))).body.handoff.answers;
    expect(Object.keys(answers)).toHaveLength(200);
    for (let i = 0; i < 200; i++) expect(answers[`parallel-${i}`]).toMatchObject({ done: true, version: 1 });
  }, 60_000);

  it('parallel patches of one commitment with one version: exactly one applies', async () => {
    const acc = (await alice.post(paths.accounts(), accountDraft())).body;
    const c = (await alice.post(paths.commitments(), commitmentDraft(acc.id))).body;
    const statuses = ['open', 'in-progress', 'delivered', 'pushed-back', 'broken', 'delivered'];
    const results = await Promise.all(statuses.map((status, i) => (i % 2 ? bob : alice).patch(paths.commitment(c.id), { status }, { ifMatch: 1 })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(statuses.length - 1);
    const after = (await alice.get(paths.accountCommitments(acc.id))).body.items[0];
    expect(after.version).toBe(2);
    expect(after.status).toBe(results.find((r) => r.status === 200)!.body.status);
  });

  it('the same Idempotency-Key sent in parallel applies once', async () => {
    const acc = (await alice.post(paths.accounts(), accountDraft())).body;
    const key = `parallel-key-${Date.now()}`;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => alice.post(paths.commitments(), commitmentDraft(acc.id), { idempotencyKey: key })),
    );
    for (const r of results) expect([201, 409]).toContain(r.status);
    const created = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(created.size).toBe(1);
    expect((await alice.get(paths.accountCommitments(acc.id))).body.total).toBe(1);
  });
});
