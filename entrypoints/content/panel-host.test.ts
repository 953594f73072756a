import { Window as HappyWindow } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPanelHost } from './panel-host';
import { panelUi, RELEASE_AFTER_MS, type PanelUi } from './panel-ui';

let win: HappyWindow;
afterEach(async () => {
  vi.useRealTimers();
  await win?.happyDOM.close();
});

function setup(saved: Record<string, { open: boolean; width: number }> = {}) {
  vi.useFakeTimers();
  win = new HappyWindow({ url: 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view', width: 1440, height: 800 });
  const doc = win.document as unknown as Document;
  let visibility: DocumentVisibilityState = 'visible';
  Object.defineProperty(doc, 'visibilityState', { get: () => visibility, configurable: true });
  // The real open panel, counted as it mounts frames (the host's shadow root is closed).
  const frames: HTMLIFrameElement[] = [];
  const ui: PanelUi = {
    ...panelUi,
    mountFrame: (options) => {
      const view = panelUi.mountFrame(options);
      frames.push(view.frame);
      return view;
    },
  };
  const host = createPanelHost({
    doc,
    frameUrl: () => 'chrome-extension://x/sidepanel.html#p',
    loadUi: async () => ui,
    savedState: (platform) => saved[platform],
    saveState: () => undefined,
  });
  const live = () => frames.filter((f) => f.isConnected).length;
  const setVisibility = (v: DocumentVisibilityState) => {
    visibility = v;
    doc.dispatchEvent(new win.Event('visibilitychange') as unknown as Event);
  };
  return { host, frames, live, setVisibility };
}

describe('the state a panel was left in', () => {
  it('opens the panel on a record page of a platform where it was left open, at its width', async () => {
    const { host, live } = setup({ salesforce: { open: true, width: 520 } });
    host.show('salesforce');
    await vi.advanceTimersByTimeAsync(0);
    expect(live()).toBe(1);
    // The page's content moves aside by the panel's width.
    expect(win.document.documentElement.style.getPropertyValue('margin-right')).toBe('520px');
  });

  it('leaves it collapsed where it was closed, or never opened', async () => {
    const { host, live } = setup({ hubspot: { open: true, width: 400 } });
    host.show('salesforce');
    await vi.advanceTimersByTimeAsync(0);
    expect(live()).toBe(0);
    expect(win.document.documentElement.style.getPropertyValue('margin-right')).toBe('');
  });
});

describe('a hidden panel’s frame', () => {
  it('is released once the panel has been collapsed for a while, and made again when it opens', async () => {
    const { host, frames, live } = setup();
    host.show('salesforce');
    host.setOpen(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(live()).toBe(1);
    host.setOpen(false);
    await vi.advanceTimersByTimeAsync(RELEASE_AFTER_MS - 1000);
    // Collapsed briefly: the frame is still there to open at once.
    expect(live()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(live()).toBe(0);
    host.setOpen(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(live()).toBe(1);
    expect(frames).toHaveLength(2);
  });

  it('is released while its tab is not shown, and made again when the tab is shown', async () => {
    const { host, frames, live, setVisibility } = setup();
    host.show('salesforce');
    host.setOpen(true);
    await vi.advanceTimersByTimeAsync(0);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(RELEASE_AFTER_MS);
    expect(live()).toBe(0);
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(0);
    expect(live()).toBe(1);
    expect(frames).toHaveLength(2);
  });

  it('is kept when the tab is shown again before the delay is up', async () => {
    const { host, live, setVisibility, frames } = setup();
    host.show('salesforce');
    host.setOpen(true);
    await vi.advanceTimersByTimeAsync(0);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(RELEASE_AFTER_MS / 2);
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(RELEASE_AFTER_MS * 2);
    expect(live()).toBe(1);
    expect(frames).toHaveLength(1);
  });
});
