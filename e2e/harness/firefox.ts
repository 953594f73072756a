import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from './browser';
import { Marionette } from './marionette';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_DIST = resolve(process.env.SEAMLINE_FIREFOX_DIST ?? '.output/firefox-mv2');
export const ADDON_ID = 'seamline@seamline.app';
// Fixed so the tests know the moz-extension:// origin before the add-on starts.
export const ADDON_UUID = '5ea411e0-7e57-4c0d-9f1e-000000000001';
export const ADDON_ORIGIN = `moz-extension://${ADDON_UUID}`;

export interface FirefoxWithExtension {
  mn: Marionette;
  /** Opens `url` in a new tab and makes it the current one. */
  openTab(url: string): Promise<string>;
  /** Closes the current tab and returns to another one. */
  closeTab(): Promise<void>;
  /** Where files a page downloads are saved, without asking. */
  downloads: string;
  /** Where a page's print is saved as PDF, with no print dialog: a person's printer, on paper the test can read. */
  printed: string;
  close(): Promise<void>;
}

/**
 * Debian's Firefox ESR, headless, with the built add-on installed as a
 * temporary add-on, driven over Marionette.
 *
 * `network.dns.forceResolve` sends every host name to 127.0.0.1 (Firefox has
 * no per-host port mapping), so the fixture server listens on 127.0.0.1:443
 * and the add-on's production match patterns are what the tests exercise.
 * `--remote-allow-system-access` lets the driver open the add-on's own
 * pages (options, popup), as a person can, and read the browser window
 * (sidebar, shortcuts), which WebDriver BiDi does not offer.
 */
export async function launchFirefox(opts: { width?: number; height?: number } = {}): Promise<FirefoxWithExtension> {
  if (!existsSync(FIREFOX)) throw new Error(`Firefox not found at ${FIREFOX} (Debian: apt-get install -y firefox-esr)`);
  if (!existsSync(join(FIREFOX_DIST, 'manifest.json'))) throw new Error(`no Firefox build in ${FIREFOX_DIST}: run npm run build:firefox`);
  const profile = mkdtempSync(join(tmpdir(), 'seamline-firefox-'));
  const downloads = join(profile, 'downloads');
  mkdirSync(downloads);
  const printed = join(profile, 'printed.pdf');
  const prefs: Record<string, string | number | boolean> = {
    'marionette.port': 0,
    'network.dns.forceResolve': '127.0.0.1',
    'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
    // A quiet profile: no first-run pages, updates, telemetry or remote settings.
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.startup.page': 0,
    'browser.aboutwelcome.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'datareporting.healthreport.uploadEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.update.disabledForTesting': true,
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'services.settings.server': 'data:,',
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.update.enabled': false,
    'browser.region.network.url': '',
    'dom.disable_open_during_load': false,
    // A download goes to the profile's own folder, as to a person's Downloads, with no dialog or panel in between.
    'browser.download.folderList': 2,
    'browser.download.dir': downloads,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.alwaysOpenPanel': false,
    // window.print() prints at once, on Firefox's own PDF printer, to a file (the print dialog is not a page a test can reach).
    'print.always_print_silent': true,
    'print.show_print_progress': false,
    print_printer: 'Mozilla Save to PDF',
    'print.printer_Mozilla_Save_to_PDF.print_to_file': true,
    'print.printer_Mozilla_Save_to_PDF.print_to_filename': printed,
  };
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(prefs)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
      .join(''),
  );

  const child: ChildProcess = spawn(FIREFOX, ['--headless', '--marionette', '--remote-allow-system-access', '--no-remote', '--profile', profile], {
    stdio: 'ignore',
    env: { ...process.env, MOZ_HEADLESS_WIDTH: String(opts.width ?? 1366), MOZ_HEADLESS_HEIGHT: String(opts.height ?? 860) },
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const portFile = join(profile, 'MarionetteActivePort');
    const port = await waitFor(() => (existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : 0), {
      timeout: 30_000,
      interval: 100,
      what: 'Firefox to start Marionette',
    });
    const mn = await Marionette.connect(port);
    await mn.send('WebDriver:NewSession', { acceptInsecureCerts: true });
    await mn.send('Addon:Install', { path: FIREFOX_DIST, temporary: true });
    // Tabs opened by openTab, innermost last: closing one brings the one
    // before it to the front, as closing a tab a person just opened does.
    const currentTab = async () => (await mn.send<{ value: string }>('WebDriver:GetWindowHandle')).value;
    const stack = [await currentTab()];
    return {
      mn,
      downloads,
      printed,
      async openTab(url) {
        const { handle } = await mn.send<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' });
        await mn.send('WebDriver:SwitchToWindow', { handle });
        stack.push(handle);
        await mn.send('WebDriver:Navigate', { url });
        return handle;
      },
      async closeTab() {
        const current = await currentTab();
        const left = await mn.send<string[]>('WebDriver:CloseWindow');
        stack.splice(stack.lastIndexOf(current), 1);
        const back = [...stack].reverse().find((h) => left.includes(h)) ?? left[0];
        await mn.send('WebDriver:SwitchToWindow', { handle: back });
      },
      async close() {
        try {
          await mn.send('WebDriver:DeleteSession').catch(() => undefined);
          mn.close();
        } finally {
          await stop();
        }
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** A WebDriver element reference as Marionette returns it. */
export type ElementRef = Record<string, string>;

/** The first element matching an XPath in the current frame, once it exists. */
export function findXPath(mn: Marionette, xpath: string, timeout = 15_000): Promise<ElementRef> {
  return waitFor(async () => (await mn.send<{ value: ElementRef }>('WebDriver:FindElement', { using: 'xpath', value: xpath })).value, {
    timeout,
    interval: 100,
    what: `an element at ${xpath}`,
  });
}

/** A real click on the element (scrolled into view, hit-tested), as a person's. */
export async function clickElement(mn: Marionette, el: ElementRef): Promise<void> {
  await mn.send('WebDriver:ElementClick', { id: Object.values(el)[0] });
}

/** A mouse click at viewport coordinates: for what sits in a closed shadow root. */
export async function clickAt(mn: Marionette, x: number, y: number): Promise<void> {
  await mn.send('WebDriver:PerformActions', {
    actions: [
      {
        type: 'pointer',
        id: 'mouse',
        parameters: { pointerType: 'mouse' },
        actions: [
          { type: 'pointerMove', x: Math.round(x), y: Math.round(y), origin: 'viewport' },
          { type: 'pointerDown', button: 0 },
          { type: 'pointerUp', button: 0 },
        ],
      },
    ],
  });
  await mn.send('WebDriver:ReleaseActions');
}

/** A key pressed and released on the focused element, as a person's (`key`: a character or a WebDriver key code). */
export async function pressKey(mn: Marionette, key: string): Promise<void> {
  await mn.send('WebDriver:PerformActions', {
    actions: [
      {
        type: 'key',
        id: 'keyboard',
        actions: [
          { type: 'keyDown', value: key },
          { type: 'keyUp', value: key },
        ],
      },
    ],
  });
  await mn.send('WebDriver:ReleaseActions');
}

/** WebDriver's codes for the keys that are not characters. */
export const KEYS = { enter: '\uE007', escape: '\uE00C' } as const;

/** Runs `fn` inside the page's Seamline panel frame, then returns to the page. */
export async function inPanelFrame<T>(mn: Marionette, fn: () => Promise<T>): Promise<T> {
  await waitFor(
    async () => {
      await mn.send('WebDriver:SwitchToParentFrame').catch(() => undefined);
      await mn.send('WebDriver:SwitchToFrame', { id: 0 });
      const href = await mn.execute<string>('return location.href');
      if (href.startsWith(`${ADDON_ORIGIN}/sidepanel.html`)) return true;
      await mn.send('WebDriver:SwitchToParentFrame');
      return false;
    },
    { timeout: 15_000, interval: 200, what: 'the Seamline panel frame' },
  );
  try {
    return await fn();
  } finally {
    await mn.send('WebDriver:SwitchToParentFrame');
  }
}

/** Runs `fn` with Marionette in the browser's own (chrome) context, then returns to content. */
export async function inChrome<T>(mn: Marionette, fn: () => Promise<T>): Promise<T> {
  await mn.send('Marionette:SetContext', { value: 'chrome' });
  try {
    return await fn();
  } finally {
    await mn.send('Marionette:SetContext', { value: 'content' });
  }
}
