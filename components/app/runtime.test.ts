import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { LIVE_PAGE_PING_MS, LIVE_PAGE_PORT } from '../../lib/core/live';
import { holdPageOpen, sendToBackground } from './runtime';

/** A runtime whose ports the test drives as the background (and the browser stopping its worker) would. */
function fakeRuntime() {
  const ports: Array<{ pings: number; say(message: unknown): void; drop(): void; disconnected: boolean }> = [];
  const heard: Array<(message: unknown, sender: { id?: string }) => void> = [];
  const runtime = {
    id: fakeBrowser.runtime.id,
    connect: ({ name }: { name: string }) => {
      expect(name).toBe(LIVE_PAGE_PORT);
      const onMessage: Array<(m: unknown) => void> = [];
      const onDisconnect: Array<() => void> = [];
      const record = {
        pings: 0,
        disconnected: false,
        say: (m: unknown) => onMessage.forEach((l) => l(m)),
        drop: () => onDisconnect.forEach((l) => l()),
      };
      ports.push(record);
      return {
        postMessage: () => void record.pings++,
        disconnect: () => void (record.disconnected = true),
        onMessage: { addListener: (l: (m: unknown) => void) => void onMessage.push(l) },
        onDisconnect: { addListener: (l: () => void) => void onDisconnect.push(l) },
      };
    },
    onMessage: {
      addListener: (l: (message: unknown, sender: { id?: string }) => void) => void heard.push(l),
      removeListener: (l: (message: unknown, sender: { id?: string }) => void) => void heard.splice(heard.indexOf(l), 1),
    },
  };
  return {
    runtime: runtime as unknown as NonNullable<Parameters<typeof holdPageOpen>[0]>['runtime'],
    ports,
    hear: (m: unknown, id = runtime.id) => heard.forEach((l) => l(m, { id })),
  };
}

describe('a page holding itself open in the background', () => {
  let release: () => void = () => undefined;
  beforeEach(() => {
    vi.useFakeTimers();
    // Requests the tests send reach no background.
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
  });
  afterEach(() => {
    release();
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('on local data stops pinging, and reopens a port the stopped worker dropped only when it next asks the background', async () => {
    const { runtime, ports } = fakeRuntime();
    release = holdPageOpen({ runtime });
    ports[0]!.say({ type: 'awake', awake: false });
    vi.advanceTimersByTime(3 * LIVE_PAGE_PING_MS);
    expect(ports[0]!.pings).toBe(0);
    // Nothing left running in the page.
    expect(vi.getTimerCount()).toBe(0);

    ports[0]!.drop();
    vi.advanceTimersByTime(10 * LIVE_PAGE_PING_MS);
    expect(ports).toHaveLength(1);

    await sendToBackground({ channel: 'seamline', type: 'recent-accounts' });
    expect(ports).toHaveLength(2);
    // Asking again with the port open opens no other.
    await sendToBackground({ channel: 'seamline', type: 'recent-accounts' });
    expect(ports).toHaveLength(2);
  });

  it('on the team backend pings to keep the worker awake, and reopens a dropped port at once', () => {
    const { runtime, ports } = fakeRuntime();
    release = holdPageOpen({ runtime });
    ports[0]!.say({ type: 'awake', awake: true });
    vi.advanceTimersByTime(2 * LIVE_PAGE_PING_MS);
    expect(ports[0]!.pings).toBe(2);

    ports[0]!.drop();
    vi.advanceTimersByTime(1_000);
    expect(ports).toHaveLength(2);
  });

  it('reopens for a broadcast of the background, not for another page’s request, another extension’s message or a malformed word', () => {
    const { runtime, ports, hear } = fakeRuntime();
    release = holdPageOpen({ runtime });
    ports[0]!.say({ type: 'awake', awake: false });
    // Not a boolean: the page keeps what it was last told.
    ports[0]!.say({ type: 'awake', awake: 'yes' });
    vi.advanceTimersByTime(LIVE_PAGE_PING_MS);
    expect(ports[0]!.pings).toBe(0);
    ports[0]!.drop();

    hear({ channel: 'seamline', type: 'recent-accounts' });
    hear({ channel: 'seamline', type: 'tab-record-changed', tabId: 4 }, 'another-extension-id');
    expect(ports).toHaveLength(1);
    hear({ channel: 'seamline', type: 'tab-record-changed', tabId: 4 });
    expect(ports).toHaveLength(2);
  });

  it('kept awake by the page itself (the dashboard) pings and reopens whatever the background says', () => {
    const { runtime, ports } = fakeRuntime();
    release = holdPageOpen({ runtime, keepAwake: true });
    ports[0]!.say({ type: 'awake', awake: false });
    vi.advanceTimersByTime(LIVE_PAGE_PING_MS);
    expect(ports[0]!.pings).toBe(1);
    ports[0]!.drop();
    vi.advanceTimersByTime(1_000);
    expect(ports).toHaveLength(2);
  });

  it('once let go, neither pings nor reopens', async () => {
    const { runtime, ports, hear } = fakeRuntime();
    const stop = holdPageOpen({ runtime, keepAwake: true });
    stop();
    expect(ports[0]!.disconnected).toBe(true);
    vi.advanceTimersByTime(2 * LIVE_PAGE_PING_MS);
    hear({ channel: 'seamline', type: 'tab-record-changed', tabId: 4 });
    await sendToBackground({ channel: 'seamline', type: 'recent-accounts' });
    expect(ports[0]!.pings).toBe(0);
    expect(ports).toHaveLength(1);
  });
});
