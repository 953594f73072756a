/// <reference types="chrome" />
// Figures that only a real browser gives: the content script's weight in the
// CRM page, how fast a single-page navigation reaches the background and the
// open panel, and how fast a change made in one extension page shows in an
// open panel.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, launchWithExtension } from '../e2e/harness/browser';
import { dataCall, openPanelOn, panelFrame, seedDemo, tabIdOf } from '../e2e/harness/extension';
import { startFixtureServer } from '../e2e/harness/fixture-server';
import { clickRecordLink, timeRecordSwitch } from '../e2e/harness/navigation';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import type { AccountContext, ResolveResult } from '../lib/core/model';
import { percentile, row, type BenchRow } from './bench-lib';

// What a CRM page pays for Seamline before anyone opens it.
const CONTENT_SCRIPT_BUDGET_BYTES = 6 * 1024;
const NAV_P95_BUDGET_MS = 100;
const SPA_PANEL_P95_BUDGET_MS = 100;
const CROSS_PAGE_P95_BUDGET_MS = 200;
const SAMPLES = 20;

export async function measureContentScript(): Promise<BenchRow[]> {
  const code = readFileSync(join(DIST, 'content-scripts/content.js'));
  // React's element symbols and its dev-tools hook appear in any bundle that includes it.
  const hasReact = /react\.element|react\.transitional\.element|__REACT_DEVTOOLS_GLOBAL_HOOK__/.test(code.toString());
  return [
    row('content script, gzip', gzipSync(code, { level: 9 }).length, 'bytes', CONTENT_SCRIPT_BUDGET_BYTES),
    row('content script contains React', hasReact ? 1 : 0, 'bool', 0),
  ];
}

export async function measureInBrowser(): Promise<BenchRow[]> {
  const server = await startFixtureServer();
  const browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
  try {
    await seedDemo(browser);
    const sf = FIXTURE_RECORDS.filter((r) => r.platform === 'salesforce' && r.host === 'acme.lightning.force.com' && r.kind === 'account');
    const page = await browser.context.newPage();
    await page.goto(sf[0]!.url);
    await tabIdOf(browser, page);

    // URL change (pushState by the page's own script) → record known to the background.
    const nav: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const target = sf[(i + 1) % sf.length]!;
      nav.push(await timeRecordSwitch(browser, page, target.name, target.recordId));
    }
    nav.sort((a, b) => a - b);

    // A checklist tick made from another extension page (as the popup does) → visible in the open panel.
    await page.goto(sf[0]!.url);
    await openPanelOn(browser, page);
    const frame = await panelFrame(page);
    const ref = { platform: 'salesforce', host: sf[0]!.host, objectType: 'Account', kind: 'account', recordId: sf[0]!.recordId };
    const resolved = await dataCall<ResolveResult>(browser, 'resolveRecord', ref);
    if (resolved.status !== 'linked') throw new Error('the demo account is not linked');
    // The default template's "what success means at 30, 60 and 90 days" item.
    const itemId = 'success-30-60-90';
    const box = frame.getByRole('checkbox', { name: /what success means at 30, 60 and 90 days/i });
    await box.waitFor({ timeout: 15_000 });
    const writer = await browser.context.newPage();
    await writer.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const cross: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const ctx = await dataCall<AccountContext>(browser, 'getAccountContext', resolved.accountId);
      const answer = ctx.handoff.answers[itemId];
      const next = !(answer?.done ?? false);
      // The panel reports when it painted the new state, on its own clock (same machine).
      const seen = box.evaluate(
        (el, want) =>
          // No named inner functions: the bundler's name helpers do not exist in the page.
          new Promise<number>((resolve) => {
            const timer = setInterval(() => {
              if ((el as HTMLInputElement).checked !== want) return;
              clearInterval(timer);
              resolve(Date.now());
            }, 1);
          }),
        next,
      );
      const sentAt = await writer.evaluate(
        async ([accountId, itemId, done, version]) => {
          const t = Date.now();
          await chrome.runtime.sendMessage({
            channel: 'seamline',
            type: 'data',
            method: 'setHandoffAnswer',
            args: [{ accountId, itemId, done, by: 'Bench', expectedVersion: version }],
          });
          return t;
        },
        [resolved.accountId, itemId, next, answer?.version ?? null] as const,
      );
      cross.push((await seen) - sentAt);
    }
    cross.sort((a, b) => a - b);

    // An in-app link to another record, the panel open → the panel shows that
    // record's account (its heading), on the frame's clock (same machine).
    const switched: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const target = sf[(i + 1) % sf.length]!;
      const shown = frame.evaluate(
        (name) =>
          new Promise<number>((resolve) => {
            const timer = setInterval(() => {
              if (![...document.querySelectorAll('h1')].some((h) => h.textContent?.includes(name))) return;
              clearInterval(timer);
              resolve(Date.now());
            }, 1);
          }),
        target.name,
      );
      const clickedAt = await clickRecordLink(page, target.name);
      switched.push((await shown) - clickedAt);
    }
    switched.sort((a, b) => a - b);
    return [
      row('SPA navigation → record known, p50', percentile(nav, 50), 'ms', null),
      row('SPA navigation → record known, p95', percentile(nav, 95), 'ms', NAV_P95_BUDGET_MS),
      row('SPA navigation, panel open → new account shown in the panel, p50', percentile(switched, 50), 'ms', null),
      row('SPA navigation, panel open → new account shown in the panel, p95', percentile(switched, 95), 'ms', SPA_PANEL_P95_BUDGET_MS),
      row('change in one page → shown in open panel, p50', percentile(cross, 50), 'ms', null),
      row('change in one page → shown in open panel, p95', percentile(cross, 95), 'ms', CROSS_PAGE_P95_BUDGET_MS),
    ];
  } finally {
    await browser.close();
    await server.close();
  }
}
