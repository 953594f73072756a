/**
 * `npm run demo`: builds the extension, serves the fixture CRM pages at their
 * real host names, and opens Chromium with Seamline on the demo Salesforce
 * account. The demo portfolio is loaded on first run only (never over data
 * already in the profile).
 *
 *   npm run demo                                   a window you can use (needs a display)
 *   npm run demo -- --headless --screenshot FILE   writes what a user would see, then exits
 *   npm run demo -- --url https://app.hubspot.com/…   start on another fixture record
 *   npm run demo -- --page dashboard               open the alignment dashboard instead of a CRM record
 *   npm run demo -- --page popup|options           the toolbar popup (on the demo account) or the options page
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { CHROMIUM, launchWithExtension } from '../e2e/harness/browser';
import { openPanelOn, popupOnAccount, seedDemo, waitForPanelText } from '../e2e/harness/extension';
import { startFixtureServer } from '../e2e/harness/fixture-server';

const { values } = parseArgs({
  options: {
    headless: { type: 'boolean', default: false },
    screenshot: { type: 'string' },
    url: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    profile: { type: 'string', default: '.demo-profile' },
    page: { type: 'string', default: 'crm' },
  },
});

const PAGES = ['crm', 'dashboard', 'popup', 'options'] as const;
type DemoPage = (typeof PAGES)[number];
if (!PAGES.includes(values.page as DemoPage)) {
  console.error(`Unknown --page ${JSON.stringify(values.page)}: use ${PAGES.map((p) => `"${p}"`).join(', ')}.`);
  process.exit(2);
}
const shownPage = values.page as DemoPage;
const dashboard = shownPage === 'dashboard';

const headless = values.headless || !!values.screenshot;
if (!headless && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('No display found. Run `npm run demo -- --headless --screenshot demo.png`, or under `xvfb-run npm run demo`.');
  process.exit(2);
}

// Debian's Chromium is the browser that loads an unpacked extension from the
// command line; install it (as root) or say how, before building anything.
if (!existsSync(CHROMIUM)) {
  const deps = spawnSync('bash', ['scripts/ensure-test-deps.sh'], { stdio: 'inherit' });
  if (deps.status !== 0) process.exit(deps.status ?? 1);
}

if (!values['no-build']) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const start = values.url ?? FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!.url;
const server = await startFixtureServer();
const profile = resolve(values.profile!);
mkdirSync(profile, { recursive: true });
const browser = await launchWithExtension({
  hosts: server.hosts,
  port: server.port,
  headless,
  userDataDir: profile,
  viewport: { width: 1440, height: 900 },
});

const seeded = await seedDemo(browser);
console.log(seeded.loaded ? `Loaded the demo portfolio (${seeded.accounts} accounts).` : 'Kept the data already in this profile.');

let page = browser.context.pages()[0] ?? (await browser.context.newPage());
let ready: () => Promise<unknown>;
let shown: string;
if (shownPage === 'popup') {
  const account = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
  page = await popupOnAccount(browser, account.name);
  shown = page.url();
  ready = () =>
    page
      .getByText(/% complete · \d+ of \d+ done/)
      .first()
      .waitFor({ timeout: 20_000 });
} else if (shownPage === 'options') {
  shown = `chrome-extension://${browser.extensionId}/options.html`;
  await page.goto(shown);
  ready = () => page.getByRole('heading', { name: 'General' }).waitFor({ timeout: 20_000 });
} else if (dashboard) {
  shown = `chrome-extension://${browser.extensionId}/dashboard.html`;
  await page.goto(shown);
  ready = () => page.getByText('This is not a CS problem').waitFor({ timeout: 20_000 });
} else {
  shown = start;
  await page.goto(start);
  await openPanelOn(browser, page);
  ready = () => waitForPanelText(page, /Health/i, 20_000);
}

if (values.screenshot) {
  const ok = await ready().then(
    () => true,
    () => false,
  );
  await page.waitForTimeout(500);
  await page.screenshot({ path: values.screenshot, fullPage: dashboard });
  console.log(`${ok ? 'Wrote' : `The ${shownPage === 'crm' ? 'panel' : shownPage} did not finish loading; wrote`} ${values.screenshot}`);
  await browser.close();
  await server.close();
  process.exit(ok ? 0 : 1);
}

console.log(`Seamline is running on ${shown}. Close the browser window to stop.`);
browser.context.on('close', () => void server.close().then(() => process.exit(0)));
