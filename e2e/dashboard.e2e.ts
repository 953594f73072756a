/// <reference types="chrome" />
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { accountCrmUrl } from '../lib/core/domain/crm-url';
import { agendaToMarkdown, escapeMarkdownText, type Dashboard, type DashboardFilter } from '../lib/core/domain/dashboard';
import type { ExportBundle } from '../lib/core/model';
import { ACCOUNTS_PAGE_SIZE } from '../components/dashboard/AccountsTable';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';
import { dataCall, openPanelOn, seedDemo } from './harness/extension';
import { startFixtureServer, type FixtureServer } from './harness/fixture-server';
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
} from './harness/dashboard-figures';

// Every figure the page shows is checked against the same figures computed
// here, in the test, from the store's own export: the page must show what the
// data says, through the background's computation, the data RPC and React.

let server: FixtureServer;
let browser: ExtensionBrowser;
let page: Page;
let bundle: ExportBundle;

let openedAt: Date;

const shownFigures = () => page.evaluate(readTopFigures, ALIGNMENT_NUMBERS);

/** The day and period of the page's figures: the page keeps the day it opened on, which must be a day the suite ran on. */
const shownPeriod = async () => {
  const shown = await (await page.waitForFunction(readShownPeriod, undefined, { timeout: 15_000 })).jsonValue();
  expect(daysSince(openedAt)).toContain(shown!.asOf);
  return shown!;
};

const expected = async (filter: Partial<DashboardFilter> = {}): Promise<Dashboard> => expectedDashboard(bundle, (await shownPeriod()).asOf, filter);

/** Waits for the page to show the figures computed here for `filter`, on the day the page's figures are for. */
const figuresShown = async (filter: Partial<DashboardFilter> = {}) => {
  const { seen, wanted } = await topFiguresShown(shownFigures, (day) => topFiguresOf(expectedDashboard(bundle, day, filter)));
  expect(daysSince(openedAt)).toContain(seen.asOf);
  expect(seen).toEqual(wanted);
};

beforeAll(async () => {
  server = await startFixtureServer();
  browser = await launchWithExtension({ hosts: server.hosts, port: server.port });
  const seeded = await seedDemo(browser);
  expect(seeded.accounts).toBeGreaterThan(0);
  bundle = await dataCall<ExportBundle>(browser, 'exportAll');
  // The demo's 18 months of ARR history went into the store with the portfolio.
  expect(bundle.arrChanges?.length ?? 0).toBeGreaterThan(bundle.accounts.length);
  const origin = `chrome-extension://${browser.extensionId}`;
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1024, height: 800 });
  openedAt = new Date();
  await page.goto(`${origin}/dashboard.html`);
  await page.getByText(CALL_OUT).waitFor({ timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('alignment dashboard on the demo portfolio', () => {
  it('shows the four alignment numbers, the funnel and NRR as computed from the exported data', async () => {
    const d = await expected();
    expect(d.alignment.newClients.count).toBeGreaterThan(0);
    expect(d.alignment.funnel[0]!.count).toBeGreaterThan(0);
    expect(d.retention.byCurrency.length).toBeGreaterThan(0);
    await figuresShown();
    // Usable at 1024 px: nothing runs off the side of the page.
    const overflowing = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 80)),
    );
    expect(overflowing).toEqual([]);
  });

  it('is usable at 1024 px: every table fits its column, and in a narrower window a table scrolls sideways without taking its Export out of sight', async () => {
    // The sections below the alignment numbers render after them; the last one is the capacity section.
    await page.getByRole('table', { name: 'Deals closed in the last week of the quarter' }).waitFor();
    const tablesScrolling = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('table')]
          .filter((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth + 1)
          .map((t) => document.getElementById(t.getAttribute('aria-labelledby') ?? '')?.textContent ?? t.className),
      );
    // Every button and link shown, whose box a scrolling box around it cuts (a person sees only part of it, or none).
    const controlsCut = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('button, a[href]')].flatMap((el) => {
          const box = el.getBoundingClientRect();
          if (box.width === 0) return [];
          for (let around = el.parentElement; around; around = around.parentElement) {
            if (getComputedStyle(around).overflowX === 'visible') continue;
            const seen = around.getBoundingClientRect();
            if (box.left < seen.left - 1 || box.right > seen.right + 1) return [el.textContent ?? ''];
          }
          return [];
        }),
      );
    expect(await tablesScrolling()).toEqual([]);
    expect(await controlsCut()).toEqual([]);
    try {
      await page.setViewportSize({ width: 420, height: 800 });
      // At this width tables are wider than their columns, so the check below has a scrolled table to catch.
      expect((await tablesScrolling()).length).toBeGreaterThan(0);
      expect((await controlsCut()).filter((text) => text.startsWith('Export CSV'))).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1024, height: 800 });
    }
  });

  it('draws the funnel and the promise outcomes per AE as coloured bars in proportion to the figures', async () => {
    const d = await expected();
    const drawn = await page.evaluate((firstStep) => {
      const box = (el: Element) => el.getBoundingClientRect();
      const funnel = [...document.querySelectorAll('svg[data-chart="bars"]')].find((svg) =>
        [...svg.querySelectorAll('text')].some((t) => t.textContent === firstStep),
      );
      const stacked = document.querySelector('svg[data-chart="stacked"]');
      return {
        funnel: [...(funnel?.querySelectorAll('rect') ?? [])].map((r) => ({ width: box(r).width, fill: getComputedStyle(r).fill })),
        segments: [...(stacked?.querySelectorAll('rect[data-series]') ?? [])].map((r) => ({
          row: Number(r.getAttribute('data-row')),
          outcome: r.getAttribute('data-series')!,
          width: box(r).width,
          fill: getComputedStyle(r).fill,
        })),
      };
    }, d.alignment.funnel[0]!.label);
    // Laid out by the browser: each step's bar against the first step's, as the counts stand.
    const steps = d.alignment.funnel;
    expect(drawn.funnel).toHaveLength(steps.length);
    const perAccount = drawn.funnel[0]!.width / steps[0]!.count;
    expect(perAccount).toBeGreaterThan(0);
    steps.forEach((step, n) => expect(Math.abs(drawn.funnel[n]!.width - step.count * perAccount)).toBeLessThan(1));
    // The Tailwind fills reached the stylesheet: no bar falls back to SVG's default black.
    expect(drawn.funnel.every((b) => b.fill !== 'rgb(0, 0, 0)' && b.fill !== 'none')).toBe(true);
    const byAe = d.promises.byAe;
    expect(byAe.length).toBeGreaterThan(1);
    const segment = (row: number, outcome: string) => drawn.segments.find((s) => s.row === row && s.outcome === outcome);
    const unit = Math.max(...byAe.map((r, n) => Object.keys(r.byOutcome).reduce((w, o) => w + (segment(n, o)?.width ?? 0), 0) / r.total));
    byAe.forEach((row, n) => {
      for (const [outcome, count] of Object.entries(row.byOutcome)) {
        expect(Math.abs((segment(n, outcome)?.width ?? 0) - count * unit), `${row.ae}, ${outcome}`).toBeLessThan(1);
      }
    });
    // One colour per outcome, none of them the default.
    const fills = new Map(drawn.segments.map((s) => [s.outcome, s.fill]));
    expect(fills.size).toBe(5);
    expect(new Set(fills.values()).size).toBe(5);
    expect([...fills.values()]).not.toContain('rgb(0, 0, 0)');
  });

  it('lists every chunk the page’s code needs in its HTML, so none waits for the entry to run', async () => {
    const fresh = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(fresh);
    const chunks: { path: string; initiator: string }[] = [];
    cdp.on('Network.requestWillBeSent', (e) => {
      const url = new URL(e.request.url);
      if (url.pathname.startsWith('/chunks/')) chunks.push({ path: url.pathname, initiator: e.initiator.type });
    });
    await cdp.send('Network.enable');
    await fresh.goto(`chrome-extension://${browser.extensionId}/dashboard.html`);
    await fresh.getByText(CALL_OUT).waitFor({ timeout: 20_000 });
    await fresh.close();
    // The page module among them: the whole of what the first paint runs.
    expect(chunks.some((c) => c.path.startsWith('/chunks/page-'))).toBe(true);
    // Found by the HTML parser, not requested by a script's import once the entry ran.
    expect(chunks.filter((c) => c.initiator !== 'parser')).toEqual([]);
  });

  it('drills down from a number to exactly the accounts behind it', async () => {
    const step = (await expected()).alignment.funnel[0]!;
    await page.locator('[data-funnel-step="sold-outside-icp"] button').first().click();
    const region = page.getByRole('region', { name: /Accounts behind/ });
    await region.waitFor();
    const firstCells = region.locator('tbody tr td:first-child');
    await firstCells.first().waitFor();
    // The table shows a page at a time: every page, in order, is the number's list.
    const names: string[] = [];
    const hrefs: (string | null)[] = [];
    const pages = Math.ceil(step.accountIds.length / ACCOUNTS_PAGE_SIZE);
    for (let p = 0; p < pages; p++) {
      if (p > 0) {
        await region.getByRole('button', { name: 'Next' }).click();
        const range = `${p * ACCOUNTS_PAGE_SIZE + 1}–${Math.min(step.accountIds.length, (p + 1) * ACCOUNTS_PAGE_SIZE)} of ${step.accountIds.length}`;
        await region.getByText(range).waitFor();
        await waitFor(async () => (await firstCells.first().textContent()) !== names.at(-ACCOUNTS_PAGE_SIZE), { what: `page ${p + 1}` });
      }
      names.push(...(await firstCells.allTextContents()));
      hrefs.push(...(await firstCells.evaluateAll((cells) => cells.map((c) => c.querySelector('a')?.getAttribute('href') ?? null))));
    }
    if (pages > 1) expect(await region.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    const byId = new Map(bundle.accounts.map((acc) => [acc.id, acc.name]));
    expect(names).toEqual(step.accountIds.map((id) => byId.get(id)));
    // Accounts linked to a CRM record open it in a new tab; the others open their account view in the panel's page.
    const accounts = new Map(bundle.accounts.map((acc) => [acc.id, acc]));
    expect(hrefs).toEqual(
      step.accountIds.map((id) => accountCrmUrl(accounts.get(id)!.crmRefs) ?? `sidepanel.html?account=${encodeURIComponent(id)}`),
    );
    const unlinked = step.accountIds.find((id) => accountCrmUrl(accounts.get(id)!.crmRefs) === null);
    expect(unlinked).toBeDefined();
    const opened = browser.context.waitForEvent('page');
    await region.getByRole('link', { name: `${accounts.get(unlinked!)!.name}, opens the account in Seamline’s panel in a new tab` }).click();
    const view = await opened;
    await view.getByRole('heading', { level: 1, name: accounts.get(unlinked!)!.name }).waitFor({ timeout: 15_000 });
    await view.close();
    // Its CSV, downloaded as a person saves it: the same accounts, in the same order, with the account's own fields.
    const download = page.waitForEvent('download');
    await region.getByRole('button', { name: /^Export CSV/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    expect(drillDownCsvShown(await readFile((await file.path())!, 'utf8'))).toEqual(drillDownCsvOf(bundle, step.accountIds));
    await region.getByRole('button', { name: 'Close' }).click();
  });

  it('is operable by keyboard: Enter on a number lists its accounts, Escape closes them and the focus goes back to the number', async () => {
    const step = page.locator('[data-funnel-step="sold-outside-icp"] button').first();
    await step.focus();
    await page.keyboard.press('Enter');
    const region = page.getByRole('region', { name: /Accounts behind/ });
    await region.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('drill-heading');
    await page.keyboard.press('Escape');
    await region.waitFor({ state: 'detached' });
    expect(await step.evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('recomputes the numbers for a chosen owner AE', async () => {
    const ae = aeWithOwnFunnel(bundle, (await shownPeriod()).asOf);
    await page.getByRole('combobox', { name: /^Owner AE/ }).selectOption(ae);
    await figuresShown({ ownerAe: ae });
    await page.getByRole('combobox', { name: /^Owner AE/ }).selectOption('');
    await figuresShown();
  });

  it('copies the review agenda as Markdown with the at-risk accounts in order', async () => {
    const { from, to } = await shownPeriod();
    const copiedAt = new Date();
    await page.getByRole('button', { name: 'Copy agenda as Markdown' }).click();
    await page.getByText('Agenda copied as Markdown.').waitFor();
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    // The copy is computed as it is asked for: the page's period, on the background's day.
    const agenda = copiedAgenda(bundle, copiedAt, { from, to }, markdown);
    expect(agenda.atRisk.length).toBeGreaterThan(1);
    const atRiskSection = markdown.split('\n## ')[1]!;
    const positions = agenda.atRisk.map((a) => atRiskSection.indexOf(`**${escapeMarkdownText(a.name)}**`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((x, y) => x - y)).toEqual(positions);
    expect(markdown).toBe(agendaToMarkdown(agenda));
  });

  it('prints the whole agenda with what it could not count, without the page’s controls', async () => {
    const agenda = (await expected()).agenda;
    // The print dialog stands in for a person's printer: it records what the page holds when it opens (the at-risk
    // accounts, and the agenda's records not counted listed with why).
    await page.evaluate(() => {
      const at = globalThis as unknown as { printed?: number[] };
      at.printed = [];
      window.print = () => {
        const card = document.querySelector('[data-agenda="at-risk"]')!.closest('section')!;
        at.printed!.push(document.querySelectorAll('[data-agenda="at-risk"] > li').length, card.querySelectorAll('details[open] li').length);
      };
    });
    await page.getByRole('button', { name: 'Print', exact: true }).click();
    await waitFor(async () => (await page.evaluate(() => (globalThis as unknown as { printed: number[] }).printed.length)) > 0, {
      what: 'the print dialog',
    });
    expect(await page.evaluate(() => (globalThis as unknown as { printed: number[] }).printed)).toEqual([
      agenda.atRisk.length,
      agenda.notCounted.length,
    ]);
    // On paper: the agenda and the figures, not the filters and buttons (on screen, both).
    const filters = page.getByRole('form', { name: 'Filters' });
    expect(await filters.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await filters.isVisible()).toBe(false);
      expect(await page.getByRole('button', { name: 'Copy agenda as Markdown' }).isVisible()).toBe(false);
      expect(await page.getByText(`At-risk accounts (${agenda.atRisk.length})`).isVisible()).toBe(true);
      expect(await page.getByText(CALL_OUT).isVisible()).toBe(true);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('opens from the panel header’s link in a new tab', async () => {
    const record = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
    const crm = await browser.context.newPage();
    await crm.goto(record.url);
    const frame = await openPanelOn(browser, crm);
    const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/dashboard.html') });
    await frame.getByRole('link', { name: /Alignment dashboard/ }).click({ timeout: 15_000 });
    const tab = await opened;
    await tab.getByText(CALL_OUT).waitFor({ timeout: 20_000 });
    await tab.close();
    await crm.close();
  });

  it('opens from the popup’s Dashboard button in a new tab', async () => {
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/dashboard.html') });
    await popup.getByRole('button', { name: 'Dashboard', exact: true }).click({ timeout: 15_000 });
    const tab = await opened;
    await tab.getByText(CALL_OUT).waitFor({ timeout: 20_000 });
    await tab.close();
    // The popup closes itself once the tab is open, as a toolbar popup does.
    if (!popup.isClosed()) await popup.close();
  });

  it('opens from the toolbar button’s context menu', async () => {
    const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url().endsWith('/dashboard.html') });
    const result = await browser.worker.evaluate(() =>
      (globalThis as unknown as { seamlineMenuClick: (info: unknown, tab?: unknown) => Promise<unknown> }).seamlineMenuClick({
        menuItemId: 'seamline-dashboard',
      }),
    );
    expect(result).toEqual({ saved: null, opened: 'dashboard' });
    const tab = await opened;
    await tab.getByText(CALL_OUT).waitFor({ timeout: 20_000 });
    await tab.close();
  });
});
