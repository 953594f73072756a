/// <reference types="chrome" />
// Ten CRM record tabs in one browser, as people who live in a CRM keep them:
// memory of every browser process and of Seamline's extension processes,
// against the same tabs with no extension in the same run; how fast the
// panel opens cold and paints again on returning to a tab; and what the
// content script adds to each page's main-thread script time.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, launchWithExtension } from '../e2e/harness/browser';
import { openPanelOn, panelFrame, seedDemo } from '../e2e/harness/extension';
import { startFixtureServer } from '../e2e/harness/fixture-server';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { percentile, row, type BenchRow } from './bench-lib';

const TABS = 10;
const EXTENSION_PSS_BUDGET_MB = 60;
const ADDED_PSS_BUDGET_MB = 100;
const OPEN_P95_BUDGET_MS = 100;
const RETURN_P95_BUDGET_MS = 100;
const ADDED_SCRIPT_BUDGET_MS = 2;
const SETTLE_MS = 3_000;

interface Proc {
  pid: number;
  ppid: number;
  cmdline: string;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.push({ pid: Number(d), ppid, cmdline: readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ') });
    } catch {
      // The process ended while being listed.
    }
  }
  return out;
}

function pssKb(pid: number): number {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** PSS of the browser started on `profile` and every process under it, and of its extension processes, in MB. */
function browserMemory(profile: string): { allMb: number; extensionMb: number } {
  const procs = processes();
  const root = procs.find((p) => p.cmdline.includes(`--user-data-dir=${profile}`) && !p.cmdline.includes('--type='));
  if (!root) throw new Error('the browser process was not found');
  const tree = new Set([root.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of procs) if (!tree.has(p.pid) && tree.has(p.ppid)) grew = tree.add(p.pid) !== null;
  }
  const members = procs.filter((p) => tree.has(p.pid));
  const sum = (list: Proc[]) => list.reduce((kb, p) => kb + pssKb(p.pid), 0) / 1024;
  return { allMb: sum(members), extensionMb: sum(members.filter((p) => p.cmdline.includes('--extension-process'))) };
}

/**
 * Loads a page and gives its main-thread script time, from the renderer's own
 * counters (enabled before the navigation, so the load is counted), once the
 * page has been idle for a moment.
 */
async function loadAndTimeScript(context: BrowserContext, page: Page, url: string): Promise<number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(500);
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
}

const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function measureTenTabs(): Promise<BenchRow[]> {
  const server = await startFixtureServer();
  const records = FIXTURE_RECORDS.filter((r) => r.platform === 'salesforce' && r.host === 'acme.lightning.force.com');
  // Each tab at its own address: the harness finds a tab by its address.
  const urls = Array.from({ length: TABS }, (_, i) => `${records[i % records.length]!.url}?tab=${i}`);
  const rules = [...server.hosts.map((h) => `MAP ${h} 127.0.0.1:${server.port}`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1'].join(', ');

  // The same tabs with no extension: the baseline.
  const bare = mkdtempSync(join(tmpdir(), 'seamline-bench-bare-'));
  const baseline = await chromium.launchPersistentContext(bare, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1366, height: 860 },
    args: [`--host-resolver-rules=${rules}`, '--ignore-certificate-errors', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
  const bareScript: number[] = [];
  for (const url of urls) {
    bareScript.push(await loadAndTimeScript(baseline, await baseline.newPage(), url));
  }
  await settle();
  const bareMemory = browserMemory(bare);
  await baseline.close();
  rmSync(bare, { recursive: true, force: true });

  const profile = mkdtempSync(join(tmpdir(), 'seamline-bench-tabs-'));
  const browser = await launchWithExtension({ hosts: server.hosts, port: server.port, userDataDir: profile });
  const open: number[] = [];
  const back: number[] = [];
  const withScript: number[] = [];
  let memory: { allMb: number; extensionMb: number };
  try {
    await seedDemo(browser);
    const pages: Page[] = [];
    for (const url of urls) {
      const page = await browser.context.newPage();
      // Collapsed: only detection and the edge tab have run.
      withScript.push(await loadAndTimeScript(browser.context, page, url));
      pages.push(page);
    }
    for (const page of pages) {
      await page.bringToFront();
      const t0 = performance.now();
      const frame = await openPanelOn(browser, page);
      await frame.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible', timeout: 15_000 });
      open.push(performance.now() - t0);
    }
    await settle();
    memory = browserMemory(profile);
    for (const page of pages) {
      const t0 = performance.now();
      await page.bringToFront();
      const frame = await panelFrame(page);
      await frame.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible', timeout: 15_000 });
      back.push(performance.now() - t0);
    }
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
    await server.close();
  }
  open.sort((a, b) => a - b);
  back.sort((a, b) => a - b);
  return [
    row(`${TABS} tabs, no extension: all browser processes (PSS)`, bareMemory.allMb, 'MB', null),
    row(`${TABS} tabs with the panel open: all browser processes (PSS)`, memory.allMb, 'MB', null),
    row(`${TABS} tabs with the panel open: added over no extension (PSS)`, memory.allMb - bareMemory.allMb, 'MB', ADDED_PSS_BUDGET_MB),
    row(`${TABS} tabs with the panel open: Seamline's extension processes (PSS)`, memory.extensionMb, 'MB', EXTENSION_PSS_BUDGET_MB),
    row('open panel → account heading painted, cold, median', percentile(open, 50), 'ms', null),
    row('open panel → account heading painted, cold, p95', percentile(open, 95), 'ms', OPEN_P95_BUDGET_MS),
    row('return to a tab → panel painted, p95', percentile(back, 95), 'ms', RETURN_P95_BUDGET_MS),
    row('page main-thread script added per load, panel collapsed (mean)', mean(withScript) - mean(bareScript), 'ms', ADDED_SCRIPT_BUDGET_MS),
  ];
}
