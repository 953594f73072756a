import { addBusinessDays, startOfDay } from 'date-fns';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEFAULT_SERVICE_LEVELS, DEFAULT_SETTINGS, toIsoDate, type CrmRecordRef } from '../lib/core/domain';
import type { AccountContext, ResolveResult } from '../lib/core/model';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { dataCall, openPanelOn, panelFrame } from './harness/extension';
import { demoBrowserPerFile } from './harness/suite';

const suite = demoBrowserPerFile();

// Northwind closed a few days ago in the demo, too recently for a plan: the panel offers to make one.
const record = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.websiteDomain === 'northwind.example' && r.kind === 'account')!;

async function context(): Promise<AccountContext> {
  const ref: CrmRecordRef = {
    platform: record.platform,
    host: record.host,
    objectType: record.objectType,
    kind: record.kind,
    recordId: record.recordId,
  };
  const resolved = await dataCall<ResolveResult>(suite.browser, 'resolveRecord', ref);
  if (resolved.status !== 'linked') throw new Error('Northwind is not linked in the demo portfolio');
  return (await dataCall<AccountContext>(suite.browser, 'getAccountContext', resolved.accountId))!;
}

async function openPanel(): Promise<Page> {
  const page = await suite.browser.context.newPage();
  await page.goto(record.url);
  await openPanelOn(suite.browser, page);
  return page;
}

describe('success plans in the panel', () => {
  it('makes the plan of an account closed-won today, the kickoff due on the right business day for its segment', async () => {
    const before = await context();
    expect(before.milestones).toEqual([]);
    const today = startOfDay(new Date());
    await dataCall(suite.browser, 'updateAccount', before.account.id, { closedWonDate: toIsoDate(today) }, before.account.version);

    const page = await openPanel();
    const frame = await panelFrame(page);
    const card = frame.getByRole('region', { name: 'Success plan' });
    await card.getByRole('button', { name: 'Create plan from template' }).click({ timeout: 15_000 });
    await card.getByRole('listitem', { name: /^Milestone: Joint kickoff/ }).waitFor({ timeout: 10_000 });

    const after = await context();
    const kickoff = after.milestones.find((m) => m.id === 'joint-kickoff')!;
    const expected = toIsoDate(addBusinessDays(today, DEFAULT_SERVICE_LEVELS[after.account.segment].kickoffBusinessDays));
    expect(kickoff).toMatchObject({ dueDate: expected, status: 'planned', ownerRole: 'ae' });
    // Never on a weekend, whatever day the test runs.
    expect([0, 6]).not.toContain(new Date(`${expected}T12:00:00`).getDay());
    // The kickoff is what comes next, and the panel leads with it.
    const first = card.getByRole('listitem', { name: /^Milestone: / }).first();
    expect(await first.getAttribute('aria-label')).toMatch(/Joint kickoff/);
    expect(await first.innerText()).toMatch(/^next\b/i);
    await page.close();
  });

  it('offers the stage move once first value is marked achieved, and moves only on confirmation, recording who', async () => {
    const ctx = await context();
    // The account has been moved to activation already (its kickoff was held).
    await dataCall(suite.browser, 'changeStage', {
      accountId: ctx.account.id,
      to: 'activation',
      by: 'Sam Okafor',
      expectedVersion: ctx.account.version,
    });

    const page = await openPanel();
    const frame = await panelFrame(page);
    const card = frame.getByRole('region', { name: 'Success plan' });
    await card.getByText(/To move to Value realisation/).waitFor({ timeout: 15_000 });
    expect(await card.getByRole('button', { name: /^Move to/ }).count()).toBe(0);

    await card.getByLabel('Status of First value achieved').selectOption('done');
    const move = card.getByRole('button', { name: 'Move to Value realisation…' });
    await move.waitFor({ timeout: 10_000 });
    expect((await context()).account.lifecycleStage).toBe('activation');
    await move.click();
    await card.getByRole('group', { name: 'Confirm the stage change' }).getByRole('button', { name: 'Confirm move' }).click();
    await expect.poll(async () => (await context()).account.lifecycleStage, { timeout: 10_000 }).toBe('value-realisation');
    const changes = (await context()).stageChanges;
    expect(changes.at(-1)).toMatchObject({ from: 'activation', to: 'value-realisation', by: DEFAULT_SETTINGS.userName });
    await card.getByText('Stage history').click();
    await card
      .getByRole('list', { name: 'Stage history' })
      .getByText(/Activation → Value realisation/)
      .waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('exports the mutual action plan without internal notes', async () => {
    const ctx = await context();
    const kickoff = ctx.milestones.find((m) => m.id === 'joint-kickoff')!;
    await dataCall(
      suite.browser,
      'updateMilestone',
      ctx.account.id,
      kickoff.id,
      { internalNote: 'INTERNAL-ONLY: champion leaves in Q3', successCriteria: 'Kickoff deck agreed by both teams' },
      kickoff.version,
    );
    await suite.browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await openPanel();
    const frame = await panelFrame(page);
    const card = frame.getByRole('region', { name: 'Success plan' });
    await card.getByRole('button', { name: 'Copy plan (Markdown)' }).click({ timeout: 15_000 });
    await card.getByText(/Plan copied as Markdown/).waitFor({ timeout: 5000 });
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    expect(markdown).toMatch(/^# Mutual action plan: Northwind Logistics\n/);
    expect(markdown).toContain('Kickoff deck agreed by both teams');
    expect(markdown).not.toContain('INTERNAL-ONLY');
    expect(markdown).not.toContain('champion leaves');
    await suite.browser.context.clearPermissions();
    await page.close();
  });
});
