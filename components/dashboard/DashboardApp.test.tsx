import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { toIsoDate } from '../../lib/core/domain';
import {
  agendaToMarkdown,
  computeDashboard,
  dashboardRows,
  dashboardSettingsOf,
  dashboardView,
  type DashboardData,
  type DashboardFilter,
  type DashboardRowsRequest,
  type EarlierDashboard,
} from '../../lib/core/domain/dashboard';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { generateDemoData } from '../../lib/demo/generate';
import { fakeClient, HOSTILE_NAME, NOW, renderWithProviders } from '../../test/render';
import { DashboardApp } from './DashboardApp';
import { firstDashboardFilter } from '../../lib/core/domain/dashboard/periods';
import { tableToCsv } from './csv';
import { formatMoney } from '../ui';

const settings = dashboardSettingsOf(DEFAULT_SETTINGS);

function portfolio(accounts = 60): DashboardData {
  const { bundle, arrChanges } = generateDemoData({ seed: 5, accounts, now: NOW });
  // A name from a CRM page is text, never markup.
  bundle.accounts[0] = { ...bundle.accounts[0]!, name: HOSTILE_NAME };
  return { ...bundle, arrChanges };
}

function setup(
  copyText = vi.fn(async () => undefined),
  accounts = 60,
  {
    earlier = vi.fn(async () => null),
    current = async () => undefined,
    print = vi.fn(),
    edit = (data: DashboardData) => data,
  }: {
    earlier?: (filter: DashboardFilter) => Promise<EarlierDashboard | null>;
    current?: () => Promise<void>;
    print?: () => void;
    // The portfolio as a case needs it.
    edit?: (data: DashboardData) => DashboardData;
  } = {},
) {
  const data = edit(portfolio(accounts));
  const client = fakeClient();
  const getDashboard = vi.fn(async (filter: DashboardFilter) => {
    await current();
    return dashboardView(computeDashboard(data, settings, filter, NOW));
  });
  // The first account behind the funnel's first step has a CRM address.
  const getDashboardRows = vi.fn(async (request: DashboardRowsRequest) => {
    const d = computeDashboard(data, settings, request.filter, NOW);
    const first = d.alignment.funnel[0]!.accountIds[0];
    const page = dashboardRows(d, data.accounts, request)!;
    if (page.kind !== 'accounts') return page;
    return {
      ...page,
      rows: page.rows.map((r) => ({ ...r, crmUrl: r.accountId === first ? 'https://acme.lightning.force.com/lightning/r/Account/001/view' : null })),
    };
  });
  const getDashboardAgenda = vi.fn(async (filter: DashboardFilter) => computeDashboard(data, settings, filter, NOW).agenda);
  client.getDashboard = getDashboard;
  client.getDashboardRows = getDashboardRows;
  client.getDashboardAgenda = getDashboardAgenda;
  client.getEarlierDashboard = vi.fn(earlier);
  const r = renderWithProviders(<DashboardApp copyText={copyText} print={print} />, { client });
  return { ...r, data, getDashboard, getDashboardRows, getDashboardAgenda, copyText };
}

// `count` flags raised on the day on no account yet: the agenda lists them as not counted, with why.
const withUnassignedFlags =
  (count: number) =>
  (d: DashboardData): DashboardData => ({
    ...d,
    flags: [
      ...d.flags,
      ...Array.from({ length: count }, (_, n) => ({ ...d.flags[0]!, id: `flg_unassigned_${n}`, accountId: null, createdAt: NOW.toISOString() })),
    ],
  });

const rowNames = (region: HTMLElement) =>
  within(region)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]!.textContent);

const figure = (metric: string) => {
  const el = document.querySelector(`[data-metric="${metric}"]`);
  if (!el) throw new Error(`no figure ${metric}`);
  return el as HTMLElement;
};

/** The files the page offers for download (CSV exports), caught instead of handed to the browser. */
function captureDownloads(): { blobs: Blob[]; restore: () => void } {
  const blobs: Blob[] = [];
  const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    blobs.push(b as Blob);
    return 'blob:csv';
  });
  const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  return {
    blobs,
    restore: () => {
      create.mockRestore();
      revoke.mockRestore();
    },
  };
}

describe('DashboardApp', () => {
  it('shows the four alignment numbers and the funnel as computed, with the call-out', async () => {
    const { data, getDashboard } = setup();
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const filter = getDashboard.mock.calls[0]![0];
    expect(filter).toEqual({ from: toIsoDate(new Date(NOW.getTime() - 364 * 86_400_000)), to: toIsoDate(NOW) });
    const expected = computeDashboard(data, settings, filter, NOW).alignment;
    expect(within(figure('newClientsMisaligned')).getByRole('button').textContent).toBe(`${expected.newClients.misalignedPercent}%`);
    for (const [i, step] of expected.funnel.entries()) {
      expect(within(figure(step.step)).getByRole('button').textContent, `funnel step ${i}`).toBe(String(step.count));
    }
    // Each number is described by its definition, reachable by hover and by keyboard focus.
    const describedBy = within(figure('arrAtRisk')).getByRole('button').getAttribute('aria-describedby')!;
    expect(document.getElementById(describedBy)?.textContent).toMatch(/ARR of live \(not churned\) accounts/);
  });

  it('shows the figures kept earlier, marked as such, until the current ones arrive', async () => {
    // Earlier figures: before two of the accounts sold outside the ICP were added.
    const now = portfolio();
    const opensOn = firstDashboardFilter(NOW);
    const added = new Set(computeDashboard(now, settings, opensOn, NOW).alignment.funnel[0]!.accountIds.slice(0, 2));
    expect(added.size).toBe(2);
    const older = { ...now, accounts: now.accounts.filter((a) => !added.has(a.id)) };
    const soldOutside = () => within(figure('sold-outside-icp')).getByRole('button').textContent;
    const figures = () => document.querySelector('[data-figures]')?.getAttribute('data-figures');
    let arrive!: () => void;
    const arrived = new Promise<void>((r) => (arrive = r));
    const said = {
      writes: /figures from before the latest changes/,
      update: /figures the previous version of Seamline computed/,
      day: new RegExp(`figures of ${toIsoDate(NOW)}, an earlier day`),
    };
    for (const behind of ['writes', 'update', 'day'] as const) {
      const earlier = vi.fn(async (filter: DashboardFilter) => ({ view: dashboardView(computeDashboard(older, settings, filter, NOW)), behind }));
      const { getDashboard, unmount } = setup(undefined, 60, { earlier, current: () => arrived });
      await screen.findByText(said[behind]);
      expect(getDashboard).toHaveBeenCalledWith(opensOn);
      expect(earlier).toHaveBeenCalledWith(opensOn);
      const was = computeDashboard(older, settings, opensOn, NOW).alignment.funnel[0]!.count;
      expect(soldOutside()).toBe(String(was));
      expect(figures()).toBe('earlier');
      if (behind !== 'day') {
        unmount();
        continue;
      }
      arrive();
      await waitFor(() => expect(figures()).toBe('current'));
      expect(soldOutside()).toBe(String(was + 2));
      expect(screen.queryByText(/are being computed/)).toBeNull();
    }
  });

  it('drills down from a number to exactly the accounts behind it, as text', async () => {
    const { data, getDashboard } = setup();
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const expected = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW).alignment.funnel[0]!;
    expect(expected.accountIds.length).toBeGreaterThan(0);
    await userEvent.click(within(figure('sold-outside-icp')).getByRole('button'));
    const region = screen.getByRole('region', { name: /Accounts behind/ });
    expect(document.activeElement).toBe(within(region).getByRole('heading'));
    const byId = new Map(data.accounts.map((a) => [a.id, a.name]));
    await waitFor(() => expect(rowNames(region)).toEqual(expected.accountIds.map((id) => byId.get(id))));
    expect(document.querySelector('img')).toBeNull();
  });

  it('writes each drilled-down account’s ARR as the page writes money, and says when one sold outside the ICP was approved', async () => {
    // A fringe account whose exception leadership approved: it counts as sold outside the ICP, needing nothing more.
    const approve = (data: DashboardData): DashboardData => {
      const fringe = data.approvals.find((a) => a.status === 'requested')!;
      return {
        ...data,
        approvals: data.approvals.map((a) =>
          a === fringe ? { ...a, status: 'approved' as const, decidedBy: 'Alex Morgan, VP Customer Success', decidedAt: a.requestedAt } : a,
        ),
      };
    };
    const { data, getDashboard, getDashboardRows } = setup(undefined, 60, { edit: approve });
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    await userEvent.click(within(figure('sold-outside-icp')).getByRole('button'));
    const region = screen.getByRole('region', { name: /Accounts behind/ });
    await waitFor(() => expect(rowNames(region).length).toBeGreaterThan(0));
    const d = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW);
    const page = dashboardRows(d, data.accounts, getDashboardRows.mock.calls[0]![0])!;
    const accounts = page.kind === 'accounts' ? page.rows.map((r) => r.account!) : [];
    const approved = accounts.filter((a) => a.icpBand !== 'fit' && !a.needsApproval);
    expect(approved.length).toBeGreaterThan(0);
    const shown = within(region)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell'));
    expect(shown.map((cells) => cells[1]!.textContent)).toEqual(accounts.map((a) => formatMoney(a.arr, a.currency)));
    // The ICP band in the words the panel shows it in.
    const band = { fit: 'Fit', fringe: 'Fringe', outside: 'Outside ICP' };
    expect(shown.map((cells) => cells[4]!.textContent)).toEqual(accounts.map((a) => band[a.icpBand]));
    expect(shown.map((cells) => cells[6]!.textContent!.includes('ICP exception approved'))).toEqual(
      accounts.map((a) => a.icpBand !== 'fit' && !a.needsApproval),
    );
  });

  it('drills down by keyboard and gives the focus back to the number when the list closes', async () => {
    setup();
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const number = within(figure('sold-outside-icp')).getByRole('button');
    number.focus();
    await userEvent.keyboard('{Enter}');
    const region = screen.getByRole('region', { name: /Accounts behind/ });
    expect(document.activeElement).toBe(within(region).getByRole('heading'));
    // Escape closes it from anywhere inside it.
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: /Accounts behind/ })).toBeNull();
    expect(document.activeElement).toBe(number);
    // And so does its Close button, pressed from the keyboard.
    await userEvent.keyboard('{Enter}');
    const again = screen.getByRole('region', { name: /Accounts behind/ });
    within(again).getByRole('button', { name: 'Close' }).focus();
    await userEvent.keyboard('{Enter}');
    expect(screen.queryByRole('region', { name: /Accounts behind/ })).toBeNull();
    expect(document.activeElement).toBe(number);
  });

  it('keeps an open drill-down to the chosen filter: its heading counts the accounts its table lists', async () => {
    const { data, getDashboard } = setup();
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const soldOutside = (filter: DashboardFilter) => computeDashboard(data, settings, filter, NOW).alignment.funnel[0]!.accountIds;
    const all = soldOutside(getDashboard.mock.calls[0]![0]);
    await userEvent.click(within(figure('sold-outside-icp')).getByRole('button'));
    const region = screen.getByRole('region', { name: /Accounts behind/ });
    await waitFor(() => expect(rowNames(region)).toHaveLength(all.length));
    expect(within(region).getByRole('heading').textContent).toContain(`(${all.length})`);
    // An AE with some but not all of those accounts.
    const byId = new Map(data.accounts.map((a) => [a.id, a]));
    const ae = [...new Set(all.map((id) => byId.get(id)!.ownerAe))].find((x) => x !== null)!;
    await userEvent.selectOptions(screen.getByLabelText('Owner AE'), ae);
    await waitFor(() => expect(getDashboard).toHaveBeenLastCalledWith(expect.objectContaining({ ownerAe: ae })));
    const theirs = soldOutside(getDashboard.mock.lastCall![0]);
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs.length).toBeLessThan(all.length);
    await waitFor(() => expect(rowNames(region)).toEqual(theirs.map((id) => byId.get(id)!.name)));
    expect(within(region).getByRole('heading').textContent).toContain(`(${theirs.length})`);
  });

  it('draws each chart from the figures of the table or cards beside it', async () => {
    const { data, getDashboard } = setup();
    await screen.findByRole('heading', { name: 'Capacity' });
    const d = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW);
    const charts = [...document.querySelectorAll('svg[data-chart="bars"]')];
    const chartWith = (label: string) => {
      const chart = charts.find((c) => [...c.querySelectorAll('text')].some((t) => t.textContent === label));
      if (!chart) throw new Error(`no chart labelled ${label}`);
      return chart;
    };
    // Bar lengths on one chart's scale, by label.
    const lengths = (chart: Element) => {
      const labels = [...chart.querySelectorAll('g > text:first-child')].map((t) => t.textContent);
      return new Map([...chart.querySelectorAll('rect')].map((r, n) => [labels[n], Number(r.getAttribute('width'))]));
    };
    const funnel = lengths(chartWith(d.alignment.funnel[0]!.label));
    const [sold, ...later] = d.alignment.funnel;
    expect(sold!.count).toBeGreaterThan(0);
    for (const step of later) expect(funnel.get(step.label)! / funnel.get(sold!.label)!).toBeCloseTo(step.count / sold!.count);
    const retention = d.retention.byCurrency;
    expect(retention.length).toBeGreaterThan(1);
    const nrr = chartWith(`NRR ${retention[0]!.currency}`);
    expect(nrr.querySelectorAll('rect')).toHaveLength(retention.length * 2);
    for (const c of retention) expect(nrr.textContent).toContain(c.nrrPercent === null ? '—' : `${c.nrrPercent}%`);
    const kickoff = d.kickoff.bySegment.filter((row) => row.attainmentPercent !== null);
    expect(kickoff.length).toBeGreaterThan(1);
    // The other chart with a 100% line.
    const attainment = charts.find((c) => c !== nrr && [...c.querySelectorAll('text')].some((t) => t.textContent === '100%'))!;
    expect(attainment.querySelectorAll('rect')).toHaveLength(d.kickoff.bySegment.length);
    for (const row of kickoff) expect(attainment.textContent).toContain(`${row.attainmentPercent}%`);
    const byCsm = d.capacity.onboarding.byCsm;
    const capacity = lengths(chartWith(byCsm[0]!.csm));
    expect(capacity.size).toBe(byCsm.length);
    // Promise outcomes per AE: one stacked bar per AE, each outcome's segment on one scale.
    const byAe = d.promises.byAe;
    expect(byAe.length).toBeGreaterThan(1);
    const stacked = document.querySelector('svg[data-chart="stacked"]')!;
    const segments = [...stacked.querySelectorAll('rect[data-series]')];
    const widthOf = (row: number, outcome: string) =>
      Number(
        segments.find((r) => r.getAttribute('data-row') === String(row) && r.getAttribute('data-series') === outcome)?.getAttribute('width') ?? 0,
      );
    const unit = widthOf(0, 'delivered') / byAe[0]!.byOutcome.delivered;
    expect(unit).toBeGreaterThan(0);
    byAe.forEach((row, n) => {
      for (const [outcome, count] of Object.entries(row.byOutcome)) expect(widthOf(n, outcome)).toBeCloseTo(count * unit);
    });
  });

  it('opens an account with a CRM address in a new tab from the drill-down, and any other in the panel’s account view', async () => {
    const { data, getDashboard } = setup();
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const ids = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW).alignment.funnel[0]!.accountIds;
    expect(ids.length).toBeGreaterThan(1);
    await userEvent.click(within(figure('sold-outside-icp')).getByRole('button'));
    const region = screen.getByRole('region', { name: /Accounts behind/ });
    await waitFor(() => expect(within(region).getAllByRole('link')).toHaveLength(ids.length));
    const links = within(region).getAllByRole('link');
    const byId = new Map(data.accounts.map((a) => [a.id, a.name]));
    expect(links.map((l) => l.textContent)).toEqual(ids.map((id) => byId.get(id)));
    // The first has a CRM address; the others open the panel's page for their account.
    expect(links.map((l) => l.getAttribute('href'))).toEqual([
      'https://acme.lightning.force.com/lightning/r/Account/001/view',
      ...ids.slice(1).map((id) => `sidepanel.html?account=${encodeURIComponent(id)}`),
    ]);
    expect(links[0]!.getAttribute('aria-label')).toMatch(/opens the CRM record in a new tab$/);
    expect(links[1]!.getAttribute('aria-label')).toMatch(/opens the account in Seamline’s panel in a new tab$/);
    for (const l of links) {
      expect(l.getAttribute('target')).toBe('_blank');
      expect(l.getAttribute('rel')).toContain('noopener');
    }
  });

  it('names the segments a person can choose as the options page does', async () => {
    setup();
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const options = within(screen.getByRole('combobox', { name: /^Segment/ })).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['All segments', 'Enterprise', 'Mid-market', 'SMB']);
  });

  it('recomputes for the chosen owner AE', async () => {
    const { data, getDashboard } = setup();
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const ae = data.accounts.find((a) => a.ownerAe)!.ownerAe!;
    await userEvent.selectOptions(screen.getByLabelText('Owner AE'), ae);
    await waitFor(() => expect(getDashboard).toHaveBeenLastCalledWith(expect.objectContaining({ ownerAe: ae })));
    const expected = computeDashboard(data, settings, getDashboard.mock.lastCall![0], NOW).alignment;
    await waitFor(() => expect(within(figure('sold-outside-icp')).getByRole('button').textContent).toBe(String(expected.funnel[0]!.count)));
    // The other AEs stay choosable.
    expect(within(screen.getByLabelText('Owner AE')).getAllByRole('option').length).toBeGreaterThan(2);
  });

  it('says when the figures of a new filter take a while, showing meanwhile those of the filters chosen before', async () => {
    let calls = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const { data, getDashboard } = setup(undefined, 60, { current: () => (++calls > 1 ? held : Promise.resolve()) });
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const soldOutside = () => within(figure('sold-outside-icp')).getByRole('button').textContent;
    const before = soldOutside();
    const figures = () => document.querySelector('[data-figures]')!;
    const ae = data.accounts.find((a) => a.ownerAe)!.ownerAe!;
    await userEvent.selectOptions(screen.getByLabelText('Owner AE'), ae);
    await waitFor(() => expect(figures().getAttribute('data-figures')).toBe('previous'));
    expect(screen.queryByText(/Computing the figures for the filters chosen/)).toBeNull();
    expect(await screen.findByText(/Those below are still for the filters chosen before/)).toBeTruthy();
    expect(soldOutside()).toBe(before);

    expect(getDashboard).toHaveBeenLastCalledWith(expect.objectContaining({ ownerAe: ae }));
    const expected = computeDashboard(data, settings, getDashboard.mock.lastCall![0], NOW).alignment.funnel[0]!.count;
    expect(String(expected)).not.toBe(before);
    release();
    await waitFor(() => expect(figures().getAttribute('data-figures')).toBe('current'));
    expect(soldOutside()).toBe(String(expected));
    expect(screen.queryByText(/Computing the figures for the filters chosen/)).toBeNull();
  });

  it('copies the review agenda as Markdown and says so', async () => {
    const { data, getDashboard, copyText } = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Copy agenda as Markdown' }));
    const agenda = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW).agenda;
    expect(copyText).toHaveBeenCalledWith(agendaToMarkdown(agenda));
    expect(await screen.findByText('Agenda copied as Markdown.')).toBeTruthy();
  });

  it('writes the agenda on the page in the words of its Markdown copy', async () => {
    const { copyText } = setup();
    await userEvent.click(await screen.findByRole('button', { name: 'Copy agenda as Markdown' }));
    const markdown = (copyText.mock.calls[0] as unknown as [string])[0];
    // Each section's items as the copy writes them: what follows the account's (or category's) bold name.
    const copied = new Map<string, { name: string; details: string }[]>();
    let section = '';
    for (const line of markdown.split('\n')) {
      if (line.startsWith('## ')) copied.set((section = line.slice(3).replace(/ \(\d+\)$/, '')), []);
      const item = /^(?:\d+\.|-) \*\*(.+?)\*\*: (.*)$/.exec(line);
      if (item) copied.get(section)!.push({ name: item[1]!, details: item[2]! });
    }
    const shown = (list: string) =>
      [...document.querySelectorAll(`[data-agenda="${list}"] > li`)].map((li) => {
        const text = li.textContent!;
        const at = text.indexOf(' — ');
        return { name: text.slice(0, at), details: text.slice(at + 3) };
      });
    const process = shown('process');
    expect(process.length).toBeGreaterThan(1);
    expect(process).toEqual(copied.get('4. Process issues'));
    // Names of people and checklist items are as typed on the page and escaped in the copy; none here needs escaping.
    const handoffs = shown('handoffs');
    expect(handoffs.length).toBeGreaterThan(0);
    expect(handoffs.map((h) => h.details)).toEqual(
      copied
        .get('3. Handoffs')!
        .slice(0, handoffs.length)
        .map((h) => h.details),
    );
    // Amounts are written in the page's money format on screen and with the currency's code in the copy: the rest
    // of each at-risk line, what moved the score and who reaches out next, reads the same.
    const atRisk = shown('at-risk');
    expect(atRisk.length).toBeGreaterThan(1);
    const after = (details: string) => details.split('; ').slice(2);
    expect(atRisk.map((a) => after(a.details))).toEqual(
      copied
        .get('1. At-risk accounts')!
        .slice(0, atRisk.length)
        .map((a) => after(a.details)),
    );
  });

  it('pages through a long list of accounts and exports every one of them as CSV', async () => {
    const { data, getDashboard, getDashboardRows } = setup(undefined, 240);
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const d = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW);
    const ids = d.alignment.funnel[0]!.accountIds;
    expect(ids.length).toBeGreaterThan(50);
    const byId = new Map(data.accounts.map((a) => [a.id, a.name]));
    await userEvent.click(within(figure('sold-outside-icp')).getByRole('button'));
    const region = screen.getByRole('region', { name: /Accounts behind/ });
    await waitFor(() => expect(rowNames(region)).toEqual(ids.slice(0, 50).map((id) => byId.get(id))));
    expect(within(region).getByText(`1–50 of ${ids.length}`)).toBeTruthy();
    await userEvent.click(within(region).getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(rowNames(region)).toEqual(ids.slice(50, 100).map((id) => byId.get(id))));

    const { blobs, restore } = captureDownloads();
    await userEvent.click(within(region).getByRole('button', { name: /^Export CSV/ }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const lines = (await blobs[0]!.text()).trim().split('\r\n');
    expect(lines).toHaveLength(ids.length + 1);
    expect(getDashboardRows).toHaveBeenCalledWith(expect.objectContaining({ offset: 0, limit: 1000 }));
    restore();
  });

  it('prints the whole agenda: Print asks for the rest first and prints once it is on the page', async () => {
    const atRisk = () => document.querySelectorAll('[data-agenda="at-risk"] > li').length;
    // What the page shows when the browser's print dialog opens.
    const shownAtPrint: number[] = [];
    const print = vi.fn(() => void shownAtPrint.push(atRisk()));
    const { data, getDashboard, getDashboardAgenda } = setup(undefined, 240, { print });
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const agenda = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW).agenda;
    expect(agenda.atRisk.length).toBeGreaterThan(10);
    expect(await screen.findByText(`At-risk accounts (${agenda.atRisk.length})`)).toBeTruthy();
    // The browser's own Print prints the page as it stands: the paper says it holds only the first items.
    expect(screen.getByText('Showing the first items of each section.').closest('.print\\:hidden')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Print' }));
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    expect(getDashboardAgenda).toHaveBeenCalled();
    expect(shownAtPrint).toEqual([agenda.atRisk.length]);
    expect(screen.queryByText('Showing the first items of each section.')).toBeNull();
    // Once whole, Print prints at once, asking for nothing.
    const asked = getDashboardAgenda.mock.calls.length;
    await userEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(2);
    expect(getDashboardAgenda).toHaveBeenCalledTimes(asked);
  });

  it('prints the agenda with every record it could not count and why, not a bare count', async () => {
    const agendaCard = () => screen.getByRole('heading', { name: 'Bi-weekly alignment review' }).closest('section')!;
    // What the agenda's list of records not counted shows when the browser's print dialog opens.
    const reasonsAt: string[][] = [];
    const print = vi.fn(() => void reasonsAt.push([...agendaCard().querySelectorAll('details[open] li')].map((li) => li.textContent!)));
    const { data, getDashboard, getDashboardRows } = setup(undefined, 240, { print, edit: withUnassignedFlags(5) });
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const { notCounted } = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW).agenda;
    // More than the view carries, so printing must fetch the rest.
    expect(notCounted.length).toBeGreaterThan(3);
    await screen.findByRole('heading', { name: 'Bi-weekly alignment review' });
    expect(within(agendaCard()).getByText(`Not counted, because… (${notCounted.length})`)).toBeTruthy();
    expect(agendaCard().querySelector('details[open]')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Print' }));
    await waitFor(() => expect(print).toHaveBeenCalledTimes(1));
    expect(getDashboardRows).toHaveBeenCalledWith(expect.objectContaining({ list: 'agenda.notCounted' }));
    expect(reasonsAt[0]).toHaveLength(notCounted.length);
    notCounted.forEach((n, i) => {
      expect(reasonsAt[0]![i]).toContain(n.name);
      expect(reasonsAt[0]![i]).toContain(n.because);
    });
    // Printed again, nothing is asked for twice.
    const asked = getDashboardRows.mock.calls.length;
    await userEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalledTimes(2);
    expect(getDashboardRows).toHaveBeenCalledTimes(asked);
  });

  it('does not print the agenda without the records it could not count when they cannot be had, and says why', async () => {
    const print = vi.fn();
    const { getDashboardRows } = setup(undefined, 240, { print, edit: withUnassignedFlags(4) });
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    getDashboardRows.mockRejectedValue(new Error('the background stopped'));
    await userEvent.click(await screen.findByRole('button', { name: 'Print' }));
    expect(await screen.findByText(/the background stopped/)).toBeTruthy();
    expect(print).not.toHaveBeenCalled();
  });

  it('does not print a part of the agenda when the rest cannot be had, and says why', async () => {
    const print = vi.fn();
    const { getDashboardAgenda } = setup(undefined, 240, { print });
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    getDashboardAgenda.mockRejectedValue(new Error('the background stopped'));
    await userEvent.click(await screen.findByRole('button', { name: 'Print' }));
    expect(await screen.findByText(/the background stopped/)).toBeTruthy();
    expect(print).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Print' })).toBeTruthy();
  });

  it('shows the first items of the agenda and the whole agenda on request', async () => {
    const { data, getDashboard, getDashboardAgenda } = setup(undefined, 240);
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const agenda = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW).agenda;
    expect(agenda.atRisk.length).toBeGreaterThan(10);
    const atRisk = () => document.querySelectorAll('[data-agenda="at-risk"] > li').length;
    // The agenda renders after the alignment numbers (a deferred render).
    expect(await screen.findByText(`At-risk accounts (${agenda.atRisk.length})`)).toBeTruthy();
    expect(atRisk()).toBe(10);
    expect(getDashboardAgenda).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Show the whole agenda' }));
    await waitFor(() => expect(atRisk()).toBe(agenda.atRisk.length));
  });

  it('shows the first roadmap gaps with the figures, every one on request, and every one in the CSV', async () => {
    const { data, getDashboard, getDashboardRows } = setup(undefined, 240);
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const gaps = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW).promises.roadmapGaps.items;
    expect(gaps.length).toBeGreaterThan(10);
    const table = await screen.findByRole('table', { name: /Roadmap-gap promises/ });
    const texts = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map((r) => r.querySelector('td')!.textContent);
    expect(texts()).toEqual(gaps.slice(0, 10).map((g) => g.text));
    expect(getDashboardRows).not.toHaveBeenCalled();
    // On paper the table still says it holds only its first rows; only the button is left off.
    const printedOff = (el: Element) => el.closest('.print\\:hidden') !== null;
    expect(printedOff(screen.getByText(`Showing the first 10 of ${gaps.length}.`))).toBe(false);
    expect(printedOff(screen.getByRole('button', { name: /^Show all \d+ rows of Roadmap-gap promises/ }))).toBe(true);

    const { blobs, restore } = captureDownloads();
    // The table is named by its caption, and its Export says which table it exports.
    const caption = document.getElementById(table.getAttribute('aria-labelledby')!)!.textContent;
    await userEvent.click(screen.getByRole('button', { name: `Export CSV of ${caption}` }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    expect((await blobs[0]!.text()).trim().split('\r\n')).toHaveLength(gaps.length + 1);
    restore();

    await userEvent.click(screen.getByRole('button', { name: `Show all ${gaps.length} rows of ${caption}` }));
    await waitFor(() => expect(texts()).toEqual(gaps.map((g) => g.text)));
    expect(getDashboardRows).toHaveBeenCalledWith(expect.objectContaining({ list: 'promises.roadmapGaps.items', offset: 0 }));
  });

  it('fetches what a section could not count when the list is opened, and lists every record with why', async () => {
    const { data, getDashboard, getDashboardRows } = setup(undefined, 240);
    await screen.findByText('This is not a CS problem — it’s a business alignment problem.');
    const d = computeDashboard(data, settings, getDashboard.mock.calls[0]![0], NOW);
    const kpis = (await screen.findByRole('heading', { name: 'Shared KPIs' })).closest('section')!;
    const notCounted = [...d.retention.notCounted, ...d.earlyChurn.notCounted, ...d.timeToValue.notCounted, ...d.kickoff.notCounted];
    expect(notCounted.length).toBeGreaterThan(3);
    const summary = within(kpis).getByText(`Not counted, because… (${notCounted.length})`);
    expect(getDashboardRows).not.toHaveBeenCalled();
    await userEvent.click(summary);
    await waitFor(() => expect(kpis.querySelectorAll('details li')).toHaveLength(notCounted.length));
    expect(getDashboardRows).toHaveBeenCalledWith(expect.objectContaining({ list: 'timeToValue.notCounted' }));
    const first = notCounted[0]!;
    expect(within(kpis).getAllByText(first.name).length).toBeGreaterThan(0);
    expect(kpis.textContent).toContain(first.because);
  });

  it('says when the agenda could not be copied', async () => {
    setup(vi.fn(async () => Promise.reject(new Error('no clipboard'))));
    await userEvent.click(await screen.findByRole('button', { name: 'Copy agenda as Markdown' }));
    expect(await screen.findByText(/could not be copied \(no clipboard\)/)).toBeTruthy();
  });
});

describe('tableToCsv', () => {
  it('quotes what a spreadsheet would run as a formula', () => {
    expect(
      tableToCsv(
        ['Account', 'ARR'],
        [
          ['=HYPERLINK("x")', 5],
          ['Acme, Inc.', null],
        ],
      ),
    ).toBe('Account,ARR\r\n"\'=HYPERLINK(""x"")",5\r\n"Acme, Inc.",');
  });
});
