import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { storage } from '#imports';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { LIVE_PAGE_PORT } from '../../lib/core/live';
import type { DataPort } from '../../lib/core/model';
import type { ConnectionReport } from '../../lib/core/sync';
import { createSettingsStore, createTokenItem } from '../../lib/data/settings-store';
import { createTokenStore } from '../../lib/data/token-store';
import { openTestPage, startTestBackground } from '../../test/background-kit';
import { freshStore } from '../../test/factories';
import type { BackendConnector } from './data-source';
import { createLiveFeed, type LiveFeedDeps, type ResumeStore } from './live-feed';

const BACKEND = 'https://seamline.acme-corp.example';
const TOKEN = 'sl_live_7f3a9c2e41b8d6f0a5e3c1b9d7f2e4a6';

/** A backend whose /v1/events streams are driven by the test. */
function fakeFeedServer() {
  const requests: Array<{ url: string; headers: Record<string, string> }> = [];
  const streams: Array<{ send(text: string): void; drop(): void; aborted: boolean }> = [];
  let status = 200;
  const fetch: LiveFeedDeps['fetch'] = async (input, init) => {
    requests.push({ url: String(input), headers: { ...(init?.headers as Record<string, string>) } });
    if (status !== 200) return new Response('{}', { status });
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const stream = {
      aborted: false,
      send: (text: string) => controller.enqueue(new TextEncoder().encode(text)),
      drop: () => controller.close(),
    };
    init?.signal?.addEventListener('abort', () => {
      stream.aborted = true;
      try {
        controller.error(new DOMException('aborted', 'AbortError'));
      } catch {
        // already closed
      }
    });
    streams.push(stream);
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  return {
    fetch,
    requests,
    streams,
    refuse: (s: number) => void (status = s),
    /** The stream the feed is reading now. */
    get open() {
      return streams.filter((s) => !s.aborted);
    },
  };
}

/** setTimeout the test fires by hand: the wait before a reconnect, or the silence limit. */
function manualTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  return {
    setTimeout: (fn: () => void, ms: number) => {
      pending.set(next, { fn, ms });
      return next++;
    },
    clearTimeout: (h: unknown) => void pending.delete(h as number),
    waits: () => [...pending.values()].map((t) => t.ms),
    /** Runs the timers whose delay is at most `ms` (the reconnect waits, not the silence limit). */
    fire(maxMs: number) {
      for (const [h, t] of [...pending]) {
        if (t.ms > maxMs) continue;
        pending.delete(h);
        t.fn();
      }
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await flush();
  expect(ok()).toBe(true);
};

const change = (seq: number, over: Record<string, unknown> = {}) =>
  `event: change\nid: ${seq}\ndata: ${JSON.stringify({ type: 'change', seq, kind: 'commitment', entityId: `c${seq}`, accountId: 'acc-1', at: '2026-03-01T10:00:00.000Z', ...over })}\n\n`;

function feedWith(opts: { target?: () => { url: string; token: string; scope?: string } | null; resumeStore?: ResumeStore } = {}) {
  const server = fakeFeedServer();
  const timers = manualTimers();
  const applied: Array<{ accountIds: string[]; entities: string[] }> = [];
  const feed = createLiveFeed({
    target: opts.target ?? (() => ({ url: BACKEND, token: TOKEN })),
    apply: (c) => applied.push(c),
    fetch: server.fetch,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
    random: () => 0.5,
    ...(opts.resumeStore ? { resumeStore: opts.resumeStore } : {}),
  });
  return { feed, server, timers, applied };
}

/** The sender of a panel frame in tab 3, as the browser gives it for the frame's port. */
const panelFrameInTab3 = () => ({
  id: fakeBrowser.runtime.id,
  url: fakeBrowser.runtime.getURL('/sidepanel.html'),
  tab: { id: 3 } as never,
  frameId: 2,
});

describe('the live feed', () => {
  it('opens no connection while no Seamline page is open', async () => {
    const { feed, server } = feedWith();
    feed.targetChanged();
    await flush();
    expect(server.requests).toEqual([]);
    expect(feed.active).toBe(false);
  });

  it('connects with the token when the first page opens, once for many pages, and closes with the last', async () => {
    const { feed, server } = feedWith();
    const closePopup = feed.pageOpened();
    const closePanel = feed.pageOpened();
    await until(() => server.open.length === 1);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ url: `${BACKEND}/v1/events`, headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(server.requests[0]!.headers['Last-Event-ID']).toBeUndefined();
    closePopup();
    await flush();
    expect(server.open).toHaveLength(1);
    closePanel();
    await until(() => server.open.length === 0);
    expect(feed.active).toBe(false);
  });

  it('stays closed on local data, and follows a switch to and away from the team backend', async () => {
    let target: { url: string; token: string } | null = null;
    const { feed, server } = feedWith({ target: () => target });
    feed.pageOpened();
    await flush();
    expect(server.requests).toEqual([]);
    target = { url: BACKEND, token: TOKEN };
    feed.targetChanged();
    await until(() => server.open.length === 1);
    target = null;
    feed.targetChanged();
    await until(() => server.open.length === 0);
  });

  it('marks stale what each event names, and everything on a reset', async () => {
    const { feed, server, applied } = feedWith();
    feed.pageOpened();
    await until(() => server.open.length === 1);
    server.open[0]!.send(': connected\n\n');
    server.open[0]!.send(change(1) + change(2, { kind: 'handoff', accountId: 'acc-2', entityId: 'acc-2/kickoff' }));
    await until(() => applied.length === 1);
    expect(applied[0]).toEqual({ accountIds: ['acc-1', 'acc-2'], entities: ['commitments', 'handoff'], teamSettings: false });
    // A milestone names its own entity; published team settings are read again, not refetched as data.
    server.open[0]!.send(
      change(3, { kind: 'milestone', accountId: 'acc-3', entityId: 'first-value' }) +
        change(4, { kind: 'settings', accountId: null, entityId: null }),
    );
    await until(() => applied.length === 2);
    expect(applied[1]).toEqual({ accountIds: ['acc-3'], entities: ['milestones'], teamSettings: true });
    server.open[0]!.send(`event: reset\nid: 9\ndata: ${JSON.stringify({ type: 'reset', seq: 9, reason: 'resume-unavailable' })}\n\n`);
    await until(() => applied.length === 3);
    expect(applied[2]).toMatchObject({ entities: ['store'], teamSettings: true });
    // Comments (heartbeats) change nothing.
    server.open[0]!.send(': heartbeat\n\n');
    await flush();
    expect(applied).toHaveLength(3);
  });

  it('reconnects after a drop with Last-Event-ID, backing off from 1 s up to 30 s', async () => {
    const { feed, server, timers, applied } = feedWith();
    feed.pageOpened();
    await until(() => server.open.length === 1);
    server.open[0]!.send(change(41) + change(42));
    await until(() => applied.length === 1);
    server.open[0]!.drop();
    await until(() => timers.waits().some((ms) => ms <= 30_000));
    // Half the ceiling plus jitter (random 0.5): 1 s → 750 ms.
    expect(timers.waits().filter((ms) => ms <= 30_000)).toEqual([750]);
    server.refuse(503);
    timers.fire(30_000);
    await until(() => server.requests.length === 2);
    expect(server.requests[1]!.headers['Last-Event-ID']).toBe('42');
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      await until(() => timers.waits().some((ms) => ms <= 30_000));
      waits.push(...timers.waits().filter((ms) => ms <= 30_000));
      timers.fire(30_000);
      await until(() => server.requests.length === 3 + i);
    }
    expect(waits).toEqual([1500, 3000, 6000, 12000, 22500, 22500]);
    server.refuse(200);
    await until(() => timers.waits().some((ms) => ms <= 30_000));
    timers.fire(30_000);
    await until(() => server.open.length === 1);
    expect(server.requests.at(-1)!.headers['Last-Event-ID']).toBe('42');
    server.open[0]!.send(change(43));
    await until(() => applied.length === 2);
    // Connected again: the next drop starts from 1 s.
    server.open[0]!.drop();
    await until(() => timers.waits().some((ms) => ms <= 30_000));
    expect(timers.waits().filter((ms) => ms <= 30_000)).toEqual([750]);
  });

  it('resumes where a restarted service worker left off, for the same backend and workspace only', async () => {
    const kept = new Map<string, string>();
    const resumeStore: ResumeStore = { get: async (s) => kept.get(s), set: async (s, id) => void kept.set(s, id) };
    const target = { url: BACKEND, token: TOKEN, scope: `${BACKEND} acme` };
    const before = feedWith({ target: () => target, resumeStore });
    before.feed.pageOpened();
    await until(() => before.server.open.length === 1);
    before.server.open[0]!.send(change(17));
    await until(() => kept.get(target.scope) === '17');
    expect(JSON.stringify([...kept])).not.toContain(TOKEN);
    // The worker stopped; a new one starts when a page reconnects its port.
    const after = feedWith({ target: () => target, resumeStore });
    after.feed.pageOpened();
    await until(() => after.server.requests.length === 1);
    expect(after.server.requests[0]!.headers['Last-Event-ID']).toBe('17');
    const other = feedWith({ target: () => ({ ...target, scope: `${BACKEND} globex` }), resumeStore });
    other.feed.pageOpened();
    await until(() => other.server.requests.length === 1);
    expect(other.server.requests[0]!.headers['Last-Event-ID']).toBeUndefined();
  });

  it('treats a connection silent past the heartbeat limit as dropped', async () => {
    const { feed, server, timers } = feedWith();
    feed.pageOpened();
    await until(() => server.open.length === 1);
    timers.fire(Number.POSITIVE_INFINITY);
    await until(() => server.open.length === 0);
    await until(() => timers.waits().some((ms) => ms <= 30_000));
    timers.fire(30_000);
    await until(() => server.open.length === 1);
  });

  it('refetches everything after a drop before any event was seen, since what was missed is unknown', async () => {
    const { feed, server, timers, applied } = feedWith();
    feed.pageOpened();
    await until(() => server.open.length === 1);
    server.open[0]!.drop();
    await until(() => timers.waits().some((ms) => ms <= 30_000));
    timers.fire(30_000);
    await until(() => applied.length === 1);
    expect(applied[0]!.entities).toEqual(['store']);
  });
});

describe('the live feed in the background', () => {
  afterEach(() => vi.restoreAllMocks());

  async function teamBackground(
    tokenItem = createTokenStore({ dbName: `test-credentials-${crypto.randomUUID()}`, legacy: createTokenItem(storage) }),
  ) {
    const backendStore = freshStore();
    const port = new Proxy(backendStore, { get: (t, p) => (p === 'source' ? 'backend' : Reflect.get(t, p, t)) }) as unknown as DataPort;
    const connector: BackendConnector = {
      connect: () => ({ port, outbox: null, dispose: () => undefined }),
      test: async (): Promise<ConnectionReport> => ({
        reachable: true,
        tokenAccepted: true,
        workspace: 'acme',
        role: 'member',
        expiresAt: null,
        contractVersion: '1.0.0',
        compatible: true,
      }),
    };
    const server = fakeFeedServer();
    const timers = manualTimers();
    const bg = startTestBackground({
      connector,
      tokenItem,
      live: { fetch: server.fetch, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout },
    });
    await bg.settings.ready;
    // Switched to the team backend the way the options page does it: token, then settings.
    await tokenItem.setValue(TOKEN);
    await createSettingsStore(storage).save({ ...DEFAULT_SETTINGS, dataSource: { kind: 'backend', url: BACKEND } });
    await until(() => bg.service.source === 'backend');
    const sent: unknown[] = [];
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => void sent.push(m));
    return { bg, server, sent };
  }

  it('opens nothing until a page of ours holds its port, refuses a content script, and closes with the last page', async () => {
    const { bg, server } = await teamBackground();
    expect(bg.service.source).toBe('backend');
    const crm = openTestPage(LIVE_PAGE_PORT, {
      id: fakeBrowser.runtime.id,
      url: 'https://acme.lightning.force.com/lightning/r/Account/1/view',
      tab: { id: 3 } as never,
    });
    await flush();
    expect(crm.open).toBe(false);
    expect(server.requests).toEqual([]);
    const panel = openTestPage(LIVE_PAGE_PORT, panelFrameInTab3());
    await until(() => server.open.length === 1);
    expect(server.requests[0]!.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    panel.close();
    await until(() => server.open.length === 0);
  });

  it('tells each open page whether to keep the worker awake: on local data no, on the team backend yes, and again on a switch', async () => {
    const bg = startTestBackground();
    await bg.settings.ready;
    const panel = openTestPage(LIVE_PAGE_PORT, panelFrameInTab3());
    await until(() => panel.posted.length === 1);
    expect(panel.posted).toEqual([{ type: 'awake', awake: false }]);

    const tokenItem = createTokenStore({ dbName: `test-credentials-${crypto.randomUUID()}`, legacy: createTokenItem(storage) });
    const { bg: team } = await teamBackground(tokenItem);
    const popup = openTestPage(LIVE_PAGE_PORT);
    await until(() => popup.posted.length === 1);
    expect(popup.posted).toEqual([{ type: 'awake', awake: true }]);

    // Back to local data: the page open all along hears it.
    await createSettingsStore(storage).save({ ...DEFAULT_SETTINGS, dataSource: { kind: 'local' } });
    await until(() => team.service.source === 'local');
    await until(() => popup.posted.length === 2);
    expect(popup.posted[1]).toEqual({ type: 'awake', awake: false });
  });

  it("broadcasts a colleague's change to every open page as a change of the team backend's data", async () => {
    const { server, sent } = await teamBackground();
    openTestPage(LIVE_PAGE_PORT);
    await until(() => server.open.length === 1);
    server.open[0]!.send(change(7, { kind: 'flag', accountId: 'acc-9', entityId: 'f1' }));
    await until(() => sent.some((m) => (m as { type?: string }).type === 'changed'));
    expect(sent.find((m) => (m as { type?: string }).type === 'changed')).toMatchObject({
      type: 'changed',
      source: 'backend',
      accountIds: ['acc-9'],
      entities: ['flags'],
    });
  });
});
