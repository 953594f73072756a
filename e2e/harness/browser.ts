import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DIST = resolve(process.env.SEAMLINE_DIST ?? '.output/chrome-mv3');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Host names to send to the fixture server; everything else resolves to nothing. */
  hosts: string[];
  port: number;
  headless?: boolean;
  userDataDir?: string;
  viewport?: { width: number; height: number };
  /** Another build of the extension than SEAMLINE_DIST's (the bench loads the test build beside the production one). */
  dist?: string;
}

/** The window's inner size every browser test and the bench use. */
export const VIEWPORT = { width: 1366, height: 860 };

/**
 * Chromium's switches for the built extension beside the fixture CRM sites.
 * Host-resolver rules map the fixture hosts (with their real names) to the
 * local fixture server and keep every other name off the network; loopback
 * stays reachable for test backends. Also used by the bench's own DevTools
 * client (cdp-pipe.ts), so both drive the same browser.
 */
export function extensionArgs(opts: Pick<LaunchOptions, 'hosts' | 'port' | 'dist'>): string[] {
  const rules = [...opts.hosts.map((h) => `MAP ${h} 127.0.0.1:${opts.port}`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1', 'EXCLUDE localhost'];
  return [
    `--disable-extensions-except=${opts.dist ?? DIST}`,
    `--load-extension=${opts.dist ?? DIST}`,
    `--host-resolver-rules=${rules.join(', ')}`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
}

/** Debian Chromium with the built extension loaded (switches: extensionArgs). */
export async function launchWithExtension(opts: LaunchOptions): Promise<ExtensionBrowser> {
  const ownDir = !opts.userDataDir;
  const dir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'seamline-profile-'));
  // A kept profile (npm run demo) would otherwise start the service worker
  // script cached from an earlier build against this build's pages. Only the
  // script cache goes; the extension's data lives elsewhere in the profile.
  if (!ownDir) rmSync(join(dir, 'Default', 'Service Worker'), { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    viewport: opts.viewport ?? VIEWPORT,
    args: extensionArgs(opts),
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    async close() {
      await context.close();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a truthy value; setup in the extension is asynchronous. */
export async function waitFor<T>(check: () => Promise<T> | T, { timeout = 10_000, interval = 50, what = 'condition' } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
