import { createParser } from 'eventsource-parser';
import { safeParseOf } from '../../lib/core/parse';
import type { Runtime } from 'webextension-polyfill';
import { HEADERS, paths } from '../../lib/core/http-contract';
import {
  LIVE_PAGE_PORT,
  LIVE_SILENCE_MS,
  LiveEventSchema,
  liveBackoffMs,
  type LiveEvent,
  type LiveKind,
  type PageHoldMessage,
} from '../../lib/core/live';
import { senderRole } from '../../lib/core/messages/sender';
import type { DataEntity } from '../../lib/core/sync';

// Follows the team backend's live feed while a Seamline page is open, so a
// colleague's change shows without a reload. Visiting a CRM page opens no
// connection: only our own pages (panel, popup, dashboard, options) hold the
// port that keeps the feed open. EventSource can send no Authorization header
// and does not exist in a service worker, hence fetch streaming.

export interface LiveTarget {
  url: string;
  token: string;
  /** Names the backend and workspace without the token: the key the resume point is kept under. */
  scope?: string;
}

/** Where the last event id is kept across service-worker restarts (storage.session: gone with the browser session). */
export interface ResumeStore {
  get(scope: string): Promise<string | undefined>;
  set(scope: string, id: string): Promise<void>;
}

export interface LiveFeedDeps {
  /** The team backend in use and its token; null on local data. */
  target(): LiveTarget | null;
  /** Marks what changed elsewhere as stale, in the background and every open page. */
  apply(change: { accountIds: string[]; entities: DataEntity[]; teamSettings: boolean }): void;
  fetch: typeof fetch;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  random?: () => number;
  /** Silence (not even a heartbeat) after which the connection counts as dropped. */
  silenceMs?: number;
  resumeStore?: ResumeStore;
}

export interface LiveFeed {
  /** A page opened; call the result when it closes. */
  pageOpened(): () => void;
  /** The data source or token changed: reconnect to the new one, or close. */
  targetChanged(): void;
  /** Whether a connection is open or being opened (for tests and status). */
  readonly active: boolean;
}

// What a change of each kind makes stale in a client's cache. Team settings
// are not data: a change to them is read again into the settings store.
const STALE: Record<LiveKind, DataEntity[]> = {
  account: ['accounts'],
  commitment: ['commitments'],
  flag: ['flags'],
  handoff: ['handoff'],
  approval: ['approvals'],
  snapshot: ['snapshots'],
  // A record can be taken over from another account, which the event does not name.
  link: ['accounts', 'reassigned'],
  import: ['store'],
  settings: [],
  milestone: ['milestones'],
};

/** The accounts and entities a batch of live events makes stale, as the pages' "changed" broadcast names them. */
export function staleFromLive(events: readonly LiveEvent[]): { accountIds: string[]; entities: DataEntity[]; teamSettings: boolean } {
  const accountIds = new Set<string>();
  const entities = new Set<DataEntity>();
  let teamSettings = false;
  for (const e of events) {
    if (e.type === 'reset') {
      entities.add('store');
      teamSettings = true;
      continue;
    }
    if (e.accountId) accountIds.add(e.accountId);
    for (const entity of STALE[e.kind]) entities.add(entity);
    if (e.kind === 'settings') teamSettings = true;
  }
  return { accountIds: [...accountIds], entities: [...entities], teamSettings };
}

class Dropped extends Error {}

export function createLiveFeed(deps: LiveFeedDeps): LiveFeed {
  const random = deps.random ?? Math.random;
  const silenceMs = deps.silenceMs ?? LIVE_SILENCE_MS;
  let pages = 0;
  // One run per connection target; a new target or the last page closing ends it.
  let run: { target: LiveTarget; abort: AbortController; wakeUp: () => void } | null = null;
  // The last event seen, per backend and token: a reconnect resumes after it.
  const lastIds = new Map<string, string>();

  const keyOf = (t: LiveTarget) => `${t.url}\n${t.token}`;

  function reconcile(): void {
    const target = pages > 0 ? deps.target() : null;
    if (run && (!target || keyOf(target) !== keyOf(run.target))) {
      run.abort.abort();
      run.wakeUp();
      run = null;
    }
    if (target && !run) {
      const current = { target, abort: new AbortController(), wakeUp: () => undefined };
      run = current;
      void follow(current);
    }
  }

  async function follow(current: NonNullable<typeof run>): Promise<void> {
    const { target, abort } = current;
    const key = keyOf(target);
    let attempt = 0;
    let connectedBefore = false;
    // A restarted service worker resumes where the one before it stopped.
    if (!lastIds.has(key) && target.scope && deps.resumeStore) {
      const saved = await deps.resumeStore.get(target.scope).catch(() => undefined);
      if (saved !== undefined && !lastIds.has(key)) lastIds.set(key, saved);
    }
    while (!abort.signal.aborted) {
      try {
        await connect(target, abort.signal, key, connectedBefore, () => {
          connectedBefore = true;
          attempt = 0;
        });
      } catch {
        // Dropped, refused or unreachable: wait, then try again.
      }
      if (abort.signal.aborted) return;
      const wait = liveBackoffMs(attempt++, random());
      await new Promise<void>((resolve) => {
        const handle = deps.setTimeout(resolve, wait);
        current.wakeUp = () => {
          deps.clearTimeout(handle);
          resolve();
        };
      });
    }
  }

  async function connect(target: LiveTarget, stop: AbortSignal, key: string, reconnect: boolean, connected: () => void): Promise<void> {
    const abort = new AbortController();
    const onStop = () => abort.abort();
    stop.addEventListener('abort', onStop);
    let silence: unknown;
    const quiet = () => {
      deps.clearTimeout(silence);
      silence = deps.setTimeout(() => abort.abort(new Dropped('no heartbeat')), silenceMs);
    };
    try {
      const headers: Record<string, string> = { [HEADERS.authorization]: `Bearer ${target.token}`, accept: 'text/event-stream' };
      const resumeFrom = lastIds.get(key);
      if (resumeFrom !== undefined) headers[HEADERS.lastEventId] = resumeFrom;
      quiet();
      const res = await deps.fetch(`${target.url.replace(/\/+$/, '')}${paths.events()}`, { headers, signal: abort.signal, cache: 'no-store' });
      if (!res.ok || !res.body) throw new Dropped(`the live feed answered ${res.status}`);
      connected();
      // Away without having seen any event: what changed meanwhile is unknown, so everything is stale.
      if (reconnect && resumeFrom === undefined) deps.apply(staleFromLive([{ type: 'reset', seq: 0, reason: 'resume-unavailable' }]));
      let batch: LiveEvent[] = [];
      const parser = createParser({
        onEvent: (e) => {
          let data: unknown;
          try {
            data = JSON.parse(e.data);
          } catch {
            data = null;
          }
          const parsed = safeParseOf(LiveEventSchema, data);
          // An event this build cannot read still says something changed.
          batch.push(parsed.success ? parsed.data : { type: 'reset', seq: 0, reason: 'resume-unavailable' });
          if (e.id) {
            lastIds.set(key, e.id);
            if (target.scope) void deps.resumeStore?.set(target.scope, e.id).catch(() => undefined);
          }
        },
      });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        quiet();
        parser.feed(value);
        if (batch.length) {
          const events = batch;
          batch = [];
          deps.apply(staleFromLive(events));
        }
      }
    } finally {
      deps.clearTimeout(silence);
      stop.removeEventListener('abort', onStop);
      abort.abort();
    }
  }

  return {
    pageOpened() {
      pages++;
      reconcile();
      let closed = false;
      return () => {
        if (closed) return;
        closed = true;
        pages--;
        reconcile();
      };
    },
    targetChanged: reconcile,
    get active() {
      return run !== null;
    },
  };
}

export interface PagePortApi {
  runtime: {
    id: string;
    getURL(path: string): string;
    onConnect: { addListener(listener: (port: Runtime.Port) => void): void };
  };
}

/** Whether open pages should keep the service worker awake, and word when that may have changed. */
export interface AwakeNeed {
  wanted(): Promise<boolean>;
  onChange(listener: () => void): void;
}

/**
 * Counts open Seamline pages by the port each holds (components/app/runtime.ts),
 * and tells each whether to keep the service worker awake (its pings): on
 * connect, and again whenever the need may have changed. Only our own pages
 * count, a panel frame included; a content script's port is refused.
 */
export function trackOpenPages(api: PagePortApi, feed: Pick<LiveFeed, 'pageOpened'>, awake: AwakeNeed): void {
  const ports = new Set<Runtime.Port>();
  const tell = (port: Runtime.Port, wanted: boolean) => {
    if (!ports.has(port)) return;
    try {
      port.postMessage({ type: 'awake', awake: wanted } satisfies PageHoldMessage);
    } catch {
      // Gone meanwhile: its disconnect listener forgets it.
    }
  };
  awake.onChange(() => {
    void awake.wanted().then(
      (wanted) => ports.forEach((p) => tell(p, wanted)),
      () => undefined,
    );
  });
  api.runtime.onConnect.addListener((port) => {
    if (port.name !== LIVE_PAGE_PORT) return;
    const role = port.sender ? senderRole(port.sender, api.runtime.id, api.runtime.getURL('/')) : 'unknown';
    if (role !== 'extension-page' && role !== 'panel-frame') {
      port.disconnect();
      return;
    }
    const closed = feed.pageOpened();
    ports.add(port);
    port.onDisconnect.addListener(() => {
      ports.delete(port);
      closed();
    });
    // The pings only keep the worker awake; there is nothing to answer.
    port.onMessage.addListener(() => undefined);
    void awake.wanted().then(
      (wanted) => tell(port, wanted),
      () => undefined,
    );
  });
}
