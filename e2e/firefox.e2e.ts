import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { computeHealth, DEFAULT_HEALTH_WEIGHTS, type CrmRecordRef } from '../lib/core/domain';
import { AGENDA_PREVIEW, agendaToMarkdown } from '../lib/core/domain/dashboard';
import { accountCrmUrl } from '../lib/core/domain/crm-url';
import type { AccountContext, ExportBundle, ResolveResult } from '../lib/core/model';
import { FIXTURE_RECORDS, FIXTURE_UNRELATED_URL } from '../lib/demo/fixture-records';
import { waitFor } from './harness/browser';
import {
  ADDON_ORIGIN,
  clickAt,
  clickElement,
  findXPath,
  inChrome,
  inPanelFrame,
  KEYS,
  launchFirefox,
  pressKey,
  type FirefoxWithExtension,
} from './harness/firefox';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';
import { pdfPages, pdfWhole } from './harness/pdf';
import {
  aeWithOwnFunnel,
  ALIGNMENT_NUMBERS,
  CALL_OUT,
  copiedAgenda,
  drillDownCsvOf,
  drillDownCsvShown,
  daysSince,
  expectedDashboard,
  readShownPeriod,
  readTopFigures,
  topFiguresOf,
  topFiguresShown,
  type TopFigures,
} from './harness/dashboard-figures';

// Firefox can only send host names to one address, not to a port, so the
// fixtures must be served on 127.0.0.1:443. Where that port cannot be bound
// (not root, or taken), the suite is skipped and says why.
let server: FixtureServer | null = null;
try {
  server = await startFixtureServer({}, { port: 443 });
} catch (e) {
  console.warn(
    `SKIPPED: the Firefox tests serve the CRM fixtures on 127.0.0.1:443 and could not (${(e as Error).message}); run them as root with that port free`,
  );
}

let ff: FirefoxWithExtension;
const SF = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
const CHECK_LABEL = 'why did the client buy now';
const WAIT = { timeout: 15_000, interval: 200 };

const xpathText = (text: string) =>
  `contains(translate(normalize-space(.), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), ${JSON.stringify(text.toLowerCase())})`;

/** Runs an async script in a tab showing the add-on's options page (extension APIs available, as that page has them). */
async function inOptionsPage<T>(script: string, args: unknown[] = []): Promise<T> {
  await ff.openTab(`${ADDON_ORIGIN}/options.html`);
  try {
    return await ff.mn.executeAsync<T>(script, args);
  } finally {
    await ff.closeTab();
  }
}

/** Asks the background from the add-on's options page, as that page does. */
const fromOptionsPage = <T>(message: unknown) => inOptionsPage<T>('return browser.runtime.sendMessage(args[0])', [message]);

async function dataCall<T>(method: string, ...args: unknown[]): Promise<T> {
  const res = await fromOptionsPage<{ ok: boolean; value?: T; error?: { message: string } }>({ channel: 'seamline', type: 'data', method, args });
  if (!res?.ok) throw new Error(`${method} failed: ${res?.error?.message ?? 'no answer'}`);
  return res.value as T;
}

/** The day and period of the dashboard tab's figures (once it shows the current ones), a day the test ran on. */
async function shownPeriod(since: Date) {
  const shown = await waitFor(() => ff.mn.execute<ReturnType<typeof readShownPeriod>>(`return (${readShownPeriod.toString()})()`), {
    ...WAIT,
    what: 'the dashboard’s current figures',
  });
  expect(daysSince(since)).toContain(shown.asOf);
  return shown;
}

const hasHost = () => ff.mn.execute<boolean>('return !!document.querySelector("seamline-root")');

/** Whether the page sees Seamline's host element at a point: the page cannot look inside its closed shadow root. */
const seamlineAt = (x: number, y: number) =>
  ff.mn.execute<boolean>('return document.elementFromPoint(arguments[0], arguments[1])?.localName === "seamline-root"', [x, y]);

/** Where a person sees the edge tab: centred on the right edge at 40% of the viewport's height. */
const edgeTabPoint = () =>
  ff.mn.execute<[number, number]>('const e = document.documentElement; return [e.clientWidth - 14, Math.round(e.clientHeight * 0.4) + 48];');

/** The panel covers the right side of the page when it is open. */
const panelOpen = async () => seamlineAt(...(await ff.mn.execute<[number, number]>('return [document.documentElement.clientWidth - 150, 100]')));

/** Clicks the edge tab by its on-screen position, as a person would; nothing in the page can reach it. */
async function clickEdgeTab() {
  const [x, y] = await edgeTabPoint();
  expect(await seamlineAt(x, y)).toBe(true);
  await clickAt(ff.mn, x, y);
  await waitFor(panelOpen, { ...WAIT, what: 'the panel to open' });
}

const panelText = () => ff.mn.execute<string>('return document.body.innerText');

async function checklistBox() {
  // The checklist opens on its missing items; "All" shows the item whether it is answered or not.
  return ff.mn.execute<{ checked: boolean; disabled: boolean } | null>(
    `const all = [...document.querySelectorAll('button[aria-pressed]')].find((b) => b.textContent === 'All');
     if (all && all.getAttribute('aria-pressed') === 'false') all.click();
     const label = [...document.querySelectorAll('label')].find((l) => l.textContent.toLowerCase().includes(arguments[0]));
     const box = label && document.getElementById(label.htmlFor);
     return box ? { checked: box.checked, disabled: box.disabled } : null;`,
    [CHECK_LABEL],
  );
}

describe.skipIf(!server)('Seamline in Firefox ESR (temporary add-on, Marionette)', () => {
  beforeAll(async () => {
    ff = await launchFirefox();
    // The demo portfolio, loaded as a person does: Options → Import & export → Load demo portfolio.
    await ff.openTab(`${ADDON_ORIGIN}/options.html`);
    await clickElement(ff.mn, await findXPath(ff.mn, `//button[${xpathText('Load demo portfolio')}]`));
    await waitFor(async () => /Demo portfolio loaded: [1-9]\d* accounts/.test(await ff.mn.execute<string>('return document.body.innerText')), {
      ...WAIT,
      what: 'the demo portfolio to load',
    });
    await ff.closeTab();
  }, 90_000);
  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  it('runs its content script on the Salesforce record fixture, at its real host name', async () => {
    await ff.openTab(SF.url);
    expect(new URL(await ff.mn.execute<string>('return location.href')).hostname).toBe(SF.host);
    await waitFor(hasHost, { ...WAIT, what: 'the Seamline host element' });
    await ff.closeTab();
  });

  it('does not run on an unrelated page', async () => {
    await ff.openTab(FIXTURE_UNRELATED_URL);
    // Give a content script ample time to have run, were it injected.
    await new Promise((r) => setTimeout(r, 1000));
    expect(await hasHost()).toBe(false);
    await ff.closeTab();
  });

  it('opens the panel from the edge tab, showing the linked account’s name and health', async () => {
    const ref: CrmRecordRef = { platform: SF.platform, host: SF.host, objectType: SF.objectType, kind: SF.kind, recordId: SF.recordId };
    const resolved = await dataCall<ResolveResult>('resolveRecord', ref);
    if (resolved.status !== 'linked') throw new Error(`${SF.name} is not linked in the demo portfolio`);
    const ctx = (await dataCall<AccountContext>('getAccountContext', resolved.accountId))!;
    const health = computeHealth(ctx.snapshots, DEFAULT_HEALTH_WEIGHTS, new Date());

    await ff.openTab(SF.url);
    await waitFor(hasHost, { ...WAIT, what: 'the Seamline host element' });
    await clickEdgeTab();
    await inPanelFrame(ff.mn, async () => {
      const heading = await waitFor(() => ff.mn.execute<string>('return document.querySelector("h1")?.textContent ?? ""'), {
        ...WAIT,
        what: 'the account heading',
      });
      expect(heading).toBe(ctx.account.name);
      const text = await waitFor(async () => ((await panelText()).match(/\d+\s*\/\s*100|unknown/i) ? panelText() : ''), { ...WAIT, what: 'health' });
      if (health.status === 'known') expect(text).toMatch(new RegExp(`\\b${health.score}\\s*/\\s*100`));
      else expect(text).toMatch(/unknown/i);
    });
    await ff.closeTab();
  });

  it('keeps a checklist tick across a reload', async () => {
    await ff.openTab(SF.url);
    await waitFor(hasHost, { ...WAIT, what: 'the Seamline host element' });
    await clickEdgeTab();
    const before = await inPanelFrame(ff.mn, async () => {
      const box = await waitFor(checklistBox, { ...WAIT, what: 'the checklist item' });
      const label = await findXPath(ff.mn, `//label[${xpathText(CHECK_LABEL)}]`);
      await clickElement(ff.mn, label);
      await waitFor(
        async () => {
          const now = await checklistBox();
          return now && now.checked !== box.checked && !now.disabled;
        },
        { ...WAIT, what: 'the tick to be saved' },
      );
      return box.checked;
    });
    await ff.mn.send('WebDriver:Refresh');
    await waitFor(hasHost, { ...WAIT, what: 'the Seamline host element after the reload' });
    // The panel remembers, per platform, that it was open.
    await waitFor(panelOpen, { ...WAIT, what: 'the panel to come back open after the reload' });
    const after = await inPanelFrame(ff.mn, () => waitFor(checklistBox, { ...WAIT, what: 'the checklist item after the reload' }));
    expect(after.checked).toBe(!before);
    await ff.closeTab();
  });

  it('shows the alignment dashboard’s figures as computed from the exported data, and recomputes them for a chosen owner AE', async () => {
    const bundle = await dataCall<ExportBundle>('exportAll');
    const shown = () => ff.mn.execute<TopFigures>(`return (${readTopFigures.toString()})(arguments[0])`, [ALIGNMENT_NUMBERS]);
    // Computed here for the day the page's figures are for, as the page keeps the day it opened on.
    const figuresFor =
      (filter: { ownerAe?: string } = {}) =>
      (day: string) =>
        topFiguresOf(expectedDashboard(bundle, day, filter));

    const openedAt = new Date();
    await ff.openTab(`${ADDON_ORIGIN}/dashboard.html`);
    const all = await topFiguresShown(shown, figuresFor());
    expect(daysSince(openedAt)).toContain(all.seen.asOf);
    expect(all.seen).toEqual(all.wanted);
    expect(all.wanted.funnel[0]).not.toBe('0');
    expect(Object.keys(all.wanted.nrr).length).toBeGreaterThan(0);
    const ae = aeWithOwnFunnel(bundle, all.seen.asOf!);
    // Chosen as a person does, from the list under "Owner AE".
    const option = `//label[span[normalize-space(.)='Owner AE']]//option[normalize-space(.)=${JSON.stringify(ae)}]`;
    await clickElement(ff.mn, await findXPath(ff.mn, option));
    const mine = await topFiguresShown(shown, figuresFor({ ownerAe: ae }));
    expect(mine.seen).toEqual(mine.wanted);
    await ff.closeTab();
  });

  it('drills down from the funnel to exactly its accounts, exports them as CSV and copies the review agenda as Markdown', async () => {
    const bundle = await dataCall<ExportBundle>('exportAll');
    const accounts = new Map(bundle.accounts.map((acc) => [acc.id, acc]));

    const openedAt = new Date();
    await ff.openTab(`${ADDON_ORIGIN}/dashboard.html`);
    const { asOf, from, to } = await shownPeriod(openedAt);
    const step = expectedDashboard(bundle, asOf).alignment.funnel[0]!;
    expect(step.accountIds.length).toBeGreaterThan(0);
    await clickElement(ff.mn, await findXPath(ff.mn, `//*[@data-funnel-step='sold-outside-icp']//button`));
    const region = `//section[@aria-labelledby='drill-heading']`;
    const names = () =>
      ff.mn.execute<string[]>(
        `return [...document.querySelectorAll('section[aria-labelledby="drill-heading"] tbody tr td:first-child')].map((c) => c.textContent)`,
      );
    // The number's accounts arrive in one reply (fewer than a page of them).
    await waitFor(async () => (await names()).length > 0, { ...WAIT, what: 'the accounts behind the number' });
    expect(await names()).toEqual(step.accountIds.map((id) => accounts.get(id)!.name));

    await clickElement(ff.mn, await findXPath(ff.mn, `${region}//button[starts-with(normalize-space(.), 'Export CSV')]`));
    const csv = await waitFor(() => readdirSync(ff.downloads).find((f) => f.endsWith('.csv') && statSync(join(ff.downloads, f)).size > 0) ?? null, {
      ...WAIT,
      what: 'the CSV in the downloads folder',
    });
    expect(drillDownCsvShown(readFileSync(join(ff.downloads, csv), 'utf8'))).toEqual(drillDownCsvOf(bundle, step.accountIds));
    await clickElement(ff.mn, await findXPath(ff.mn, `${region}//button[normalize-space(.)='Close']`));

    const copiedAt = new Date();
    await clickElement(ff.mn, await findXPath(ff.mn, `//button[normalize-space(.)='Copy agenda as Markdown']`));
    await findXPath(ff.mn, `//*[normalize-space(.)='Agenda copied as Markdown.']`);
    // Read as a person's paste would: from the system clipboard, by the browser itself.
    const markdown = await inChrome(ff.mn, () => ff.mn.executeAsync<string>('return await navigator.clipboard.readText()'));
    // The agenda of the figures computed here: its at-risk accounts, in order, among the rest. The copy is computed as
    // it is asked for: the page's period, on the background's day.
    const agenda = copiedAgenda(bundle, copiedAt, { from, to }, markdown);
    expect(agenda.atRisk.length).toBeGreaterThan(1);
    expect(markdown).toBe(agendaToMarkdown(agenda));
    await ff.closeTab();
  });

  it('is operable by keyboard, and opens an account without a CRM link in the panel’s account view in a new tab', async () => {
    const bundle = await dataCall<ExportBundle>('exportAll');
    const accounts = new Map(bundle.accounts.map((acc) => [acc.id, acc]));
    const activeId = () => ff.mn.execute<string>('return document.activeElement?.id ?? ""');
    const region = `//section[@aria-labelledby='drill-heading']`;

    const openedAt = new Date();
    const dashboard = await ff.openTab(`${ADDON_ORIGIN}/dashboard.html`);
    const step = expectedDashboard(bundle, (await shownPeriod(openedAt)).asOf).alignment.funnel[0]!;
    const number = await findXPath(ff.mn, `//*[@data-funnel-step='sold-outside-icp']//button`);
    await ff.mn.execute('arguments[0].focus()', [number]);
    await pressKey(ff.mn, KEYS.enter);
    await findXPath(ff.mn, region);
    await waitFor(async () => (await activeId()) === 'drill-heading', { ...WAIT, what: 'the focus on the accounts’ heading' });
    // Every account on the first page links to its CRM record, or else to its account view in the panel's page.
    const links = () =>
      ff.mn.execute<(string | null)[]>(
        `return [...document.querySelectorAll('section[aria-labelledby="drill-heading"] tbody tr td:first-child')].map((c) => c.querySelector('a')?.getAttribute('href') ?? null)`,
      );
    await waitFor(async () => (await links()).length > 0, { ...WAIT, what: 'the accounts behind the number' });
    const shown = step.accountIds.slice(0, (await links()).length);
    expect(await links()).toEqual(shown.map((id) => accountCrmUrl(accounts.get(id)!.crmRefs) ?? `sidepanel.html?account=${encodeURIComponent(id)}`));
    const unlinked = shown.find((id) => accountCrmUrl(accounts.get(id)!.crmRefs) === null);
    expect(unlinked).toBeDefined();

    const before = await ff.mn.send<string[]>('WebDriver:GetWindowHandles');
    await clickElement(
      ff.mn,
      await findXPath(ff.mn, `${region}//a[@href=${JSON.stringify(`sidepanel.html?account=${encodeURIComponent(unlinked!)}`)}]`),
    );
    const opened = await waitFor(async () => (await ff.mn.send<string[]>('WebDriver:GetWindowHandles')).find((h) => !before.includes(h)) ?? null, {
      ...WAIT,
      what: 'the account view’s tab',
    });
    await ff.mn.send('WebDriver:SwitchToWindow', { handle: opened });
    await findXPath(ff.mn, `//h1[contains(normalize-space(.), ${JSON.stringify(accounts.get(unlinked!)!.name)})]`);
    await ff.mn.send('WebDriver:CloseWindow');
    await ff.mn.send('WebDriver:SwitchToWindow', { handle: dashboard });

    // Escape closes the accounts and gives the focus back to the number.
    await ff.mn.execute('document.getElementById("drill-heading").focus()');
    await pressKey(ff.mn, KEYS.escape);
    await waitFor(
      async () => (await ff.mn.execute<number>(`return document.querySelectorAll('section[aria-labelledby="drill-heading"]').length`)) === 0,
      {
        ...WAIT,
        what: 'the accounts to close',
      },
    );
    expect(await ff.mn.execute<boolean>('return document.activeElement === arguments[0]', [number])).toBe(true);
    await ff.closeTab();
  });

  it('prints the whole review agenda on paper, in order, with the figures and without the page’s controls', async () => {
    const bundle = await dataCall<ExportBundle>('exportAll');

    const openedAt = new Date();
    await ff.openTab(`${ADDON_ORIGIN}/dashboard.html`);
    await findXPath(ff.mn, `//*[normalize-space(.)=${JSON.stringify(CALL_OUT)}]`);
    const { agenda } = expectedDashboard(bundle, (await shownPeriod(openedAt)).asOf);
    // More at-risk accounts than the page shows at first: Print has to fetch the rest before the paper is printed.
    expect(agenda.atRisk.length).toBeGreaterThan(AGENDA_PREVIEW);
    await clickElement(ff.mn, await findXPath(ff.mn, `//button[normalize-space(.)='Print']`));
    // Firefox's own print (silent, to its PDF printer: launchFirefox), read back off the paper.
    await waitFor(() => existsSync(ff.printed) && pdfWhole(readFileSync(ff.printed)), { ...WAIT, what: 'the whole printed PDF' });
    const pages = await pdfPages(ff.printed);
    const paper = pages.join('\n').replace(/\s+/g, ' ');

    expect(paper).toContain('Bi-weekly alignment review');
    expect(paper).toContain(CALL_OUT);
    const from = paper.indexOf(`At-risk accounts (${agenda.atRisk.length})`);
    const to = paper.indexOf(`Expansion signals (${agenda.expansionSignals.length})`);
    expect(from).toBeGreaterThanOrEqual(0);
    expect(to).toBeGreaterThan(from);
    const atRisk = paper.slice(from, to);
    const places = agenda.atRisk.map((a, i) => atRisk.indexOf(`${i + 1}. ${a.name} — health ${a.score}`));
    expect(places.filter((at) => at < 0)).toEqual([]);
    expect([...places].sort((x, y) => x - y)).toEqual(places);
    expect(paper).toContain(`Handoffs (${agenda.handoffs.length})`);
    expect(paper).toContain(`Process issues (${agenda.processIssues.length})`);
    // The shared KPIs and the agenda each start a sheet: the first sheet is the alignment numbers and the funnel, and the
    // meeting's paper can be handed round without the figures.
    const sheetsStarting = (heading: string) => pages.filter((page) => page.replace(/\s+/g, ' ').trimStart().startsWith(heading)).length;
    expect(sheetsStarting('Shared KPIs')).toBe(1);
    expect(sheetsStarting('Bi-weekly alignment review')).toBe(1);
    expect(pages[0]).toContain(CALL_OUT);
    // Nothing on paper a person can only use on screen.
    for (const control of [
      'All segments',
      'All AEs',
      'All CSMs',
      'Copy agenda as Markdown',
      'Export CSV',
      'Show the whole agenda',
      'Showing the first items',
    ]) {
      expect(paper).not.toContain(control);
    }
    await ff.closeTab();
  });

  // Once in a full CI run the sidebar did not show the CRM tab's account after
  // the driver switched back to that tab (it passes alone, every time); until
  // the cause is found, a failing attempt is retried rather than hidden.
  describe('in sidebar mode', { retry: 2 }, () => {
    beforeAll(async () => {
      // Options → General → Panel: "Browser's side panel", as a person sets it.
      await ff.openTab(`${ADDON_ORIGIN}/options.html`);
      await clickElement(ff.mn, await findXPath(ff.mn, `//label[${xpathText('Panel')}]/following::select[1]`));
      await clickElement(ff.mn, await findXPath(ff.mn, `//option[@value="native"]`));
      await clickElement(ff.mn, await findXPath(ff.mn, `//button[${xpathText('Save general settings')}]`));
      await waitFor(async () => (await ff.mn.execute<string>('return document.body.innerText')).includes('Saved.'), {
        ...WAIT,
        what: 'the settings to save',
      });
      await ff.closeTab();
    });

    /** Whether Firefox's sidebar is open and showing Seamline's panel page. */
    const sidebarShowing = () =>
      inChrome(ff.mn, () =>
        ff.mn.execute<boolean>(
          `const s = window.SidebarController;
           const inner = s?.isOpen && s.browser?.contentDocument?.querySelector('browser');
           return inner?.currentURI?.spec === arguments[0];`,
          [`${ADDON_ORIGIN}/sidepanel.html`],
        ),
      );
    /**
     * The headings the sidebar shows, read from the browser's accessibility
     * tree (the sidebar's page is out of reach of WebDriver, as it is of
     * other pages; assistive technology reads it this way).
     */
    const sidebarHeadings = () =>
      inChrome(ff.mn, () =>
        ff.mn.execute<string[]>(
          `const svc = Cc['@mozilla.org/accessibilityService;1'].getService(Ci.nsIAccessibilityService);
           const inner = window.SidebarController.browser?.contentDocument?.querySelector('browser');
           const out = [];
           const walk = (a, depth) => {
             if (!a || depth > 40) return;
             if (a.role === Ci.nsIAccessibleRole.ROLE_HEADING) out.push(a.name);
             for (let c = a.firstChild; c; c = c.nextSibling) walk(c, depth + 1);
           };
           walk(inner && svc.getAccessibleFor(inner), 0);
           return out;`,
        ),
      );
    const closeSidebar = () => inChrome(ff.mn, () => ff.mn.execute('window.SidebarController.hide()'));
    // Each test starts with the sidebar closed, whatever the one before it left.
    afterEach(closeSidebar);

    it('shows no edge tab on the page', async () => {
      await ff.openTab(SF.url);
      // Give the content script ample time to have shown one, were it going to.
      await new Promise((r) => setTimeout(r, 1000));
      expect(await seamlineAt(...(await edgeTabPoint()))).toBe(false);
      await ff.closeTab();
    });

    it('opens the sidebar from the toolbar popup’s “Open panel”', async () => {
      await ff.openTab(SF.url);
      // The content script's report says which tab shows the page (tab URLs need a permission Seamline does not ask for).
      const tabId = await waitFor(
        () =>
          inOptionsPage<number | undefined>(
            `const all = await browser.storage.session.get(null);
             return Object.values(all).find((t) => t && t.href === args[0])?.tabId;`,
            [SF.url],
          ),
        { ...WAIT, what: 'the CRM tab’s id' },
      );
      expect(await sidebarShowing()).toBe(false);
      // The popup, in a tab of its own and pointed at the CRM tab.
      await ff.openTab(`${ADDON_ORIGIN}/popup.html?tab=${tabId}`);
      await clickElement(ff.mn, await findXPath(ff.mn, `//button[${xpathText('Open panel')}]`));
      await waitFor(sidebarShowing, { ...WAIT, what: 'the Firefox sidebar to show Seamline' });
      await ff.closeTab();
      // The sidebar follows the active tab: the CRM record again.
      await waitFor(async () => (await sidebarHeadings()).includes(SF.name), { ...WAIT, what: `the sidebar to show ${SF.name}` });
      await ff.closeTab();
    });

    it('opens the sidebar with the Alt+Shift+S shortcut', async () => {
      await ff.openTab(SF.url);
      expect(await sidebarShowing()).toBe(false);
      // Neither Marionette's key actions nor xdotool on a virtual display
      // reach Firefox's add-on shortcuts (both were tried; the page does
      // receive the keys). So the binding is read from the browser window and
      // the shortcut's own command, what the key press fires, is run.
      await inChrome(ff.mn, async () => {
        const binding = await ff.mn.execute<string>(
          `const key = document.querySelector('keyset[id^="ext-keyset-id-seamline"] key');
           key.doCommand();
           return key.getAttribute('modifiers') + '+' + key.getAttribute('key');`,
        );
        expect(binding).toBe('alt,shift+S');
      });
      await waitFor(sidebarShowing, { ...WAIT, what: 'the Firefox sidebar to show Seamline' });
      await waitFor(async () => (await sidebarHeadings()).includes(SF.name), { ...WAIT, what: `the sidebar to show ${SF.name}` });
      await ff.closeTab();
    });
  });
});
