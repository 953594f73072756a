/**
 * `npm run store:screenshots`: the listing screenshots for the Chrome Web
 * Store and addons.mozilla.org (1280×800 PNG, the size both accept), taken
 * from the real production build in Chromium on the fixture CRM pages with
 * the demo portfolio loaded.
 *
 *   npm run store:screenshots                      builds, then writes .output/store-screenshots/*.png
 *   npm run store:screenshots -- --out DIR --no-build
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { launchWithExtension } from '../e2e/harness/browser';
import { openPanelOn, panelFrame, popupOnAccount, seedDemo } from '../e2e/harness/extension';
import { startFixtureServer } from '../e2e/harness/fixture-server';

const { values } = parseArgs({
  options: {
    out: { type: 'string', default: '.output/store-screenshots' },
    'no-build': { type: 'boolean', default: false },
  },
});
const SIZE = { width: 1280, height: 800 };
const out = resolve(values.out!);

if (!values['no-build']) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const record = (platform: string, kind = 'account') => FIXTURE_RECORDS.find((r) => r.platform === platform && r.kind === kind)!;

const server = await startFixtureServer();
const browser = await launchWithExtension({ hosts: server.hosts, port: server.port, viewport: SIZE });
const written: string[] = [];
try {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await seedDemo(browser);

  /** The panel open on a record page, once its account and health have rendered. */
  async function panelOn(url: string, name: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.setViewportSize(SIZE);
    await page.goto(url);
    // The fixtures carry hostile record names for the tests; a listing has no use for them.
    await page.evaluate(() => document.querySelectorAll('nav li').forEach((li) => /[<>]/.test(li.textContent ?? '') && li.remove()));
    await openPanelOn(browser, page);
    const frame = await panelFrame(page);
    await frame.getByRole('heading', { name: 'Health' }).first().waitFor({ timeout: 20_000 });
    await frame.getByRole('heading', { name }).first().waitFor({ timeout: 20_000 });
    // Fonts and the health sparkline settle after the data arrives.
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300);
    return page;
  }

  const shoot = async (page: Page, file: string) => {
    await page.screenshot({ path: join(out, file) });
    written.push(file);
  };

  const sf = record('salesforce');
  const sfPage = await panelOn(sf.url, sf.name);
  await shoot(sfPage, '1-panel-salesforce.png');

  const hs = record('hubspot');
  const hsPage = await panelOn(hs.url, hs.name);
  await shoot(hsPage, '2-panel-hubspot.png');
  await hsPage.close();

  // The toolbar popup on the same account, shown over the record page.
  const popup = await popupOnAccount(browser, sf.name);
  await popup.waitForTimeout(300);
  const popupPng = await popup.screenshot({ fullPage: true });
  await popup.close();
  const behind = await sfPage.screenshot();
  const compose = await browser.context.newPage();
  await compose.setViewportSize(SIZE);
  await compose.setContent(
    `<body style="margin:0;position:relative;width:${SIZE.width}px;height:${SIZE.height}px;overflow:hidden">
      <img src="data:image/png;base64,${behind.toString('base64')}" style="position:absolute;inset:0;filter:brightness(.85)">
      <img src="data:image/png;base64,${popupPng.toString('base64')}" style="position:absolute;top:8px;right:72px;max-height:${SIZE.height - 16}px;border-radius:8px;box-shadow:0 8px 30px rgba(0,0,0,.35)">
    </body>`,
  );
  await compose.evaluate(() => Promise.all([...document.images].map((i) => i.decode())));
  await shoot(compose, '3-popup.png');
  await compose.close();
  await sfPage.close();

  const options = await browser.context.newPage();
  await options.setViewportSize(SIZE);
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  const icp = options.getByRole('heading', { name: 'Ideal customer profile' }).first();
  await icp.waitFor({ timeout: 20_000 });
  await icp.evaluate((h) => (h.closest('section') ?? h).scrollIntoView());
  await options.waitForTimeout(300);
  await shoot(options, '4-options.png');
  await options.close();

  console.log(`Wrote ${written.length} screenshots (${SIZE.width}×${SIZE.height}) to ${out}:\n  ${written.join('\n  ')}`);
} finally {
  await browser.close();
  await server.close();
}
