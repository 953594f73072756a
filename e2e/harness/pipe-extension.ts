import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { extensionArgs, VIEWPORT, waitFor, type LaunchOptions } from './browser';
import { launchPipeBrowser, type PipeBrowser, type TargetInfo } from './cdp-pipe';
import { ACCOUNT_PAINTED_MARK } from '../../components/panel/first-paint';

/**
 * Chromium with the built extension, driven over the DevTools pipe
 * (cdp-pipe.ts) by attaching only to the service worker, to the CRM tabs and,
 * to read a mark once it must exist, briefly to a panel frame. The bench times
 * the panel with it: Playwright attaches to every new panel frame as it is
 * made, holds it until attached and restyles every panel in the extension's
 * renderer, work a person's browser never does.
 */
export interface PipeExtension {
  browser: PipeBrowser;
  extensionId: string;
  /** The service worker's session, attached until releaseWorker (as Playwright's is for the whole run). */
  worker: string;
  /**
   * Detaches from the service worker: while DevTools is attached, Chromium
   * never stops a worker for being idle, as it does in a person's browser.
   * `worker` is no use afterwards.
   */
  releaseWorker(): Promise<void>;
  /** Whether the extension's service worker is running now. */
  workerRunning(): Promise<boolean>;
  /** A new foreground tab at `url`, loaded. */
  newTab(url: string): Promise<PipeTab>;
  close(): Promise<void>;
}

export interface PipeTab {
  targetId: string;
  /** The tab's page session, attached for the tab's life (its frames are not attached). */
  session: string;
  url: string;
}

/**
 * Starts the browser on a profile the extension was set up in (Playwright's
 * launchWithExtension with the same `userDataDir` and `dist`: the same
 * unpacked directory gives the same extension id and its data). The switches
 * are launchWithExtension's; the window is sized so pages get its viewport.
 */
export async function launchPipeWithExtension(
  opts: Pick<LaunchOptions, 'hosts' | 'port' | 'dist'> & { userDataDir: string },
): Promise<PipeExtension> {
  // As launchWithExtension does for a kept profile: no service worker script cached from an earlier build.
  rmSync(join(opts.userDataDir, 'Default', 'Service Worker'), { recursive: true, force: true });
  const browser = await launchPipeBrowser({ args: [...extensionArgs(opts), ...pipeWindowArgs(opts.userDataDir)] });
  try {
    const worker = await waitFor(
      async () => (await browser.targets()).find((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://')),
      { timeout: 20_000, what: 'the extension’s service worker' },
    );
    const extensionId = new URL(worker.url).host;
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId: worker.targetId, flatten: true });
    await fitWindow(browser);
    // Chromium installs a command-line extension anew on each start, so the
    // first-run page opens again; the person closed it long ago.
    const welcome = `chrome-extension://${extensionId}/welcome.html`;
    // An empty list is no answer yet: the page opens some time after the worker starts.
    const opened = await waitFor(
      async () => {
        const found = (await browser.targets()).filter((t) => t.type === 'page' && t.url === welcome);
        return found.length > 0 ? found : undefined;
      },
      {
        timeout: 10_000,
        what: 'the first-run page',
      },
    ).catch(() => []);
    for (const page of opened) await browser.send('Target.closeTarget', { targetId: page.targetId });
    return {
      browser,
      extensionId,
      worker: sessionId,
      releaseWorker: async () => void (await browser.send('Target.detachFromTarget', { sessionId })),
      workerRunning: async () =>
        (await browser.targets()).some((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`)),
      newTab: (url) => newPipeTab(browser, url),
      close: () => browser.close(),
    };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** The profile and the window every browser driven over the pipe starts with, with or without the extension. */
const pipeWindowArgs = (userDataDir: string) => [
  `--user-data-dir=${userDataDir}`,
  '--headless',
  `--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
  // As Playwright starts a persistent context: one blank tab, not the new-tab page.
  'about:blank',
];

async function newPipeTab(browser: PipeBrowser, url: string): Promise<PipeTab> {
  const { targetId } = await browser.send('Target.createTarget', { url });
  const { sessionId: session } = await browser.send('Target.attachToTarget', { targetId, flatten: true });
  await waitFor(() => browser.evaluate<boolean>(session, `document.readyState === 'complete' && location.href === ${JSON.stringify(url)}`), {
    timeout: 30_000,
    what: `${url} to load`,
  });
  return { targetId, session, url };
}

/**
 * The same browser with no extension, for the baseline of what is measured
 * over the pipe: tabs the person is not looking at are hidden here as there
 * (Playwright's browser shows every tab), which changes what their pages hold.
 */
export async function launchPipeWithoutExtension(
  opts: Pick<LaunchOptions, 'hosts' | 'port'> & { userDataDir: string },
): Promise<{ browser: PipeBrowser; newTab(url: string): Promise<PipeTab> }> {
  const loadsExtension = (arg: string) => arg.startsWith('--load-extension=') || arg.startsWith('--disable-extensions-except=');
  const browser = await launchPipeBrowser({
    args: [...extensionArgs(opts).filter((a) => !loadsExtension(a)), ...pipeWindowArgs(opts.userDataDir)],
  });
  try {
    await fitWindow(browser);
  } catch (e) {
    await browser.close();
    throw e;
  }
  return { browser, newTab: (url) => newPipeTab(browser, url) };
}

/** Sizes the window so a tab's inner size is VIEWPORT (headless Chromium keeps room for a toolbar it does not draw). */
async function fitWindow(browser: PipeBrowser): Promise<void> {
  const { targetId } = await browser.send('Target.createTarget', { url: 'about:blank' });
  try {
    const extra = await browser.withSession(targetId, (s) =>
      browser.evaluate<{ width: number; height: number }>(s, `({ width: outerWidth - innerWidth, height: outerHeight - innerHeight })`),
    );
    const { windowId } = await browser.send('Browser.getWindowForTarget', { targetId });
    await browser.send('Browser.setWindowBounds', {
      windowId,
      bounds: { width: VIEWPORT.width + extra.width, height: VIEWPORT.height + extra.height },
    });
  } finally {
    await browser.send('Target.closeTarget', { targetId });
  }
}

export const bringToFront = (ext: PipeExtension, tab: PipeTab) => ext.browser.send('Page.bringToFront', {}, { sessionId: tab.session });

/** The tab id the background knows for a tab (the content script reported it), as tabIdOf does. */
export function pipeTabId(ext: PipeExtension, tab: PipeTab, timeout = 30_000): Promise<number> {
  return waitFor(
    () =>
      ext.browser.evaluate<number | undefined>(
        ext.worker,
        `chrome.storage.session.get(null).then((all) => Object.values(all).find((t) => t.href === ${JSON.stringify(tab.url)})?.tabId)`,
      ),
    { timeout, what: `the tab for ${tab.url}` },
  );
}

/**
 * Waits until the extension injects its content script into a newly loaded
 * record page (`url`): Chromium installs a command-line extension anew on each
 * start, and a page that starts loading before that is done gets no content
 * script. A probe tab at the address (with a query of its own, so the
 * bench's tabs are still found by theirs) is loaded until it reports, then closed.
 */
export async function waitForContentScripts(ext: PipeExtension, url: string, timeout = 60_000): Promise<void> {
  const probe = new URL(url);
  probe.searchParams.set('seamline-bench-probe', '1');
  const deadline = Date.now() + timeout;
  for (;;) {
    const tab = await ext.newTab(probe.href);
    try {
      await pipeTabId(ext, tab, 5_000);
      return;
    } catch (e) {
      if (Date.now() > deadline) throw e;
    } finally {
      await ext.browser.send('Target.closeTarget', { targetId: tab.targetId });
    }
  }
}

/**
 * Opens the injected panel as openPanelTimed does once the page is ready for
 * it, and gives the moment the command left the service worker on its own
 * clock (epoch ms), taken right before it is sent.
 */
export async function openPanelTimedPipe(ext: PipeExtension, tab: PipeTab): Promise<number> {
  const tabId = await pipeTabId(ext, tab);
  await waitFor(() => ext.browser.evaluate<boolean>(tab.session, `!!document.querySelector('seamline-root')`), {
    timeout: 30_000,
    what: 'the Seamline host element',
  });
  return ext.browser.evaluate<number>(
    ext.worker,
    `(async () => {
      const sent = performance.timeOrigin + performance.now();
      await chrome.tabs.sendMessage(${tabId}, { channel: 'seamline', type: 'open-panel' });
      return sent;
    })()`,
  );
}

/**
 * Marks a tab as shown or not, as switching tabs would (test build only: the
 * panel then counts itself hidden whatever the browser says), and gives the moment it did on the page's
 * clock (epoch ms).
 */
export const setShownPipe = (ext: PipeExtension, tab: PipeTab, shown: boolean) =>
  ext.browser.evaluate<number>(
    tab.session,
    `(() => {
      const at = performance.timeOrigin + performance.now();
      if (${shown}) document.documentElement.removeAttribute('data-seamline-test-hidden');
      else document.documentElement.setAttribute('data-seamline-test-hidden', '');
      document.dispatchEvent(new Event('visibilitychange'));
      return at;
    })()`,
  );

/** The panel frames (an out-of-process `iframe` target each) in the browser, or in one tab. */
export async function panelFrames(ext: PipeExtension, tab?: PipeTab): Promise<TargetInfo[]> {
  const panel = `chrome-extension://${ext.extensionId}/sidepanel.html`;
  return (await ext.browser.targets()).filter((t) => t.type === 'iframe' && t.url.startsWith(panel) && (!tab || t.parentId === tab.targetId));
}

// Longer than any open or return the bench has seen: the frame is first looked at after it.
const FIRST_LOOK_MS = 1_000;
const LOOK_AGAIN_MS = 100;

/**
 * When the panel frame now in `tab` first painted its account's heading and
 * health score, on the frame's own clock (epoch ms), and whether the frame was
 * attached to before it had (then the reading may have been slowed by it).
 *
 * The frame is attached to only to read the mark, FIRST_LOOK_MS after the
 * command, when the paint is long over: an attach after the mark was left
 * cannot change the interval already measured. Until then only the browser
 * process is asked (Target.getTargets), which lists a frame without
 * attaching to it. A frame not painted yet is looked at again every
 * LOOK_AGAIN_MS, detached in between.
 */
export async function accountPaintedAtPipe(ext: PipeExtension, tab: PipeTab, timeout = 15_000): Promise<{ at: number; early: boolean }> {
  await new Promise((r) => setTimeout(r, FIRST_LOOK_MS));
  let early = false;
  const read = `(() => {
    const mark = performance.getEntriesByName(${JSON.stringify(ACCOUNT_PAINTED_MARK)}, 'mark')[0];
    return mark ? performance.timeOrigin + mark.startTime : null;
  })()`;
  const at = await waitFor(
    async () => {
      const [frame] = await panelFrames(ext, tab);
      if (!frame) return undefined;
      const found = await ext.browser.withSession(frame.targetId, (s) => ext.browser.evaluate<number | null>(s, read));
      if (found === null) early = true;
      return found ?? undefined;
    },
    { timeout, interval: LOOK_AGAIN_MS, what: 'the panel to paint its account' },
  );
  return { at, early };
}

/**
 * Brings a hidden tab whose panel kept its frame to the front and gives the
 * time from the tab being shown (its `visibilitychange` event, on the page's
 * clock) to the panel frame's first animation frame rendered after it saw
 * the same (epoch ms on both sides). Both listeners are put in place while the
 * tab is still hidden and read a second after: nothing is attached to the
 * frame meanwhile.
 */
export async function keptReturnPaint(ext: PipeExtension, tab: PipeTab): Promise<number> {
  const [frame] = await panelFrames(ext, tab);
  if (!frame) throw new Error(`the panel in ${tab.url} has no frame to come back to`);
  const KEY = '__seamlineBenchShownPaint';
  const frameState = await ext.browser.withSession(frame.targetId, (s) =>
    ext.browser.evaluate<string>(
      s,
      `(() => {
        globalThis.${KEY} = null;
        const onShown = () => {
          if (document.visibilityState !== 'visible') return;
          document.removeEventListener('visibilitychange', onShown);
          requestAnimationFrame(() => {
            const after = new MessageChannel();
            after.port1.onmessage = () => {
              after.port1.close();
              globalThis.${KEY} = performance.timeOrigin + performance.now();
            };
            after.port2.postMessage(null);
          });
        };
        document.addEventListener('visibilitychange', onShown);
        return document.visibilityState;
      })()`,
    ),
  );
  const pageState = await ext.browser.evaluate<string>(
    tab.session,
    `(() => {
      globalThis.${KEY} = null;
      const onShown = (e) => {
        if (document.visibilityState !== 'visible') return;
        document.removeEventListener('visibilitychange', onShown);
        globalThis.${KEY} = performance.timeOrigin + e.timeStamp;
      };
      document.addEventListener('visibilitychange', onShown);
      return document.visibilityState;
    })()`,
  );
  if (frameState !== 'hidden' || pageState !== 'hidden')
    throw new Error(`the tab ${tab.url} was not hidden (page ${pageState}, panel ${frameState})`);
  await bringToFront(ext, tab);
  await new Promise((r) => setTimeout(r, FIRST_LOOK_MS));
  const read = `globalThis.${KEY}`;
  const shownAt = await ext.browser.evaluate<number | null>(tab.session, read);
  const paintedAt = await ext.browser.withSession(frame.targetId, (s) => ext.browser.evaluate<number | null>(s, read));
  if (shownAt === null || paintedAt === null) throw new Error(`the panel in ${tab.url} was not shown again (page ${shownAt}, panel ${paintedAt})`);
  return paintedAt - shownAt;
}
